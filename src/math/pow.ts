// x^y, the same double in every JavaScript engine: fdlibm's e_pow.c as V8's src/base/ieee754.cc
// has it (legacy::pow, what Node 20's Math.pow and `**` return), with IEEE + - * /, comparisons
// and the words of the doubles (words.ts), which fdlibm reads and writes to split values exactly.
//
//   x = 2^n (1 + f):  log2 x = n + dp_h + z_h + z_l, as t1 + t2 with t1's last 32 bits 0, from
//     ss = (x - bp) / (x + bp), bp = 1 or 1.5, and a Remez polynomial in ss^2 (L1 ... L6)
//   y log2 x = p_h + p_l, y = y1 + y2 split as t1 is (y1 t1 is exact)
//   x^y = 2^m 2^(p_h + p_l - m),  m = round(p_h + p_l); 2^r = e^(r ln2) as in exp.ts (P1 ... P5)
//
// Chromium 156's Math.pow is not this one: on 0.9^t, 0.999^t, ... (Adam's bias corrections, the
// decaying schedules) it returns another double for 6% of t <= 20000, e.g. 0.9^4 = 0.6561 where Node 20
// gives 0.6561000000000001 (docs/runtimes.md, "The same bits in every engine").

import { POW2 } from "./pow2.js";
import { fromHighWord, highWord, lowWord, withHighWord, withoutLowWord } from "./words.js";

/** The coefficients of log2's polynomial in ss^2 (0x3FE33333 33333303). */
export const L1 = 0.5999999999999946;
/** 0x3FDB6DB6 DB6FABFF */
export const L2 = 0.4285714285785502;
/** 0x3FD55555 518F264D */
export const L3 = 0.33333332981837743;
/** 0x3FD17460 A91D4101 */
export const L4 = 0.272728123808534;
/** 0x3FCD864A 93C9DB65 */
export const L5 = 0.23066074577556175;
/** 0x3FCA7E28 4A454EEF */
export const L6 = 0.20697501780033842;
/** log2(1.5)'s leading bits (0x3FE2B803 40000000), dp_h[1]. */
export const DP_H = 0.5849624872207642;
/** log2(1.5) - DP_H (0x3E4CFDEB 43CFD006), dp_l[1]. */
export const DP_L = 1.350039202129749e-8;
/** ln 2 (0x3FE62E42 FEFA39EF). */
export const LG2 = 0.6931471805599453;
/** ln 2's leading bits (0x3FE62E43 00000000). */
export const LG2_H = 0.6931471824645996;
/** ln 2 - LG2_H (0xBE205C61 0CA86C39). */
export const LG2_L = -1.904654299957768e-9;
/** -(1024 - log2(the largest double + 1/2 ulp)) (0x3C971547 652B82FE): the overflow test's slack. */
export const OVT = 8.008566259537294e-17;
/** 2 / (3 ln 2) (0x3FEEC709 DC3A03FD). */
export const CP = 0.9617966939259756;
/** CP's leading bits (0x3FEEC709 E0000000). */
export const CP_H = 0.9617967009544373;
/** CP - CP_H (0xBE3E2FE0 145B01F5). */
export const CP_L = -7.028461650952758e-9;
/** 1 / ln 2 (0x3FF71547 652B82FE). */
export const IVLN2 = 1.4426950408889634;
/** 1 / ln 2's leading 24 bits (0x3FF71547 60000000). */
export const IVLN2_H = 1.4426950216293335;
/** 1 / ln 2 - IVLN2_H (0x3E54AE0B F85DDF44). */
export const IVLN2_L = 1.9259629911266175e-8;

/** Where {@link pow} passes x and y to powRange and reads x^y back (see exp.ts's comment on expRange). */
const BASE = new Float64Array(1);
const EXPONENT = new Float64Array(1);

/**
 * x to the power y, bit for bit what Node 20's `Math.pow` (and `x ** y`) returns (fdlibm's
 * algorithm), in every JavaScript engine.
 *
 * ```text
 * pow(x, y) = x^y = 2^(y log2 x)      log2 x to 24 extra bits, error < 1 ulp; exact where x^y is a double and x, y integers
 * pow(x, ±0) = 1, pow(x, NaN) = NaN, pow(NaN, y ≠ 0) = NaN, pow(±1, ±Infinity) = NaN,
 * pow(x < 0, y not an integer) = NaN, pow(-0, y) and pow(-Infinity, y) as ECMAScript's Number::exponentiate
 * ```
 *
 * @example
 * pow(0.9, 4);      // => 0.6561000000000001
 * pow(2, -1074);    // => 5e-324
 * pow(-8, 1 / 3);   // => NaN
 */
export function pow(x: number, y: number): number {
  BASE[0] = x;
  EXPONENT[0] = y;
  powRange(BASE, EXPONENT, 0, 1);
  return BASE[0]!;
}

/**
 * {@link pow} of each pair `x[i]`, `y[i]` from index `from` up to `to` (excluded), into `x`: for
 * callers that keep their bases and exponents in arrays (Adam's bias corrections), where no double
 * crosses a call.
 *
 * ```text
 * x[i] = pow(x[i], y[i])      from <= i < to
 * ```
 *
 * @example
 * const x = new Float64Array([0.9, 0.999]);
 * powRange(x, new Float64Array([4, 2]), 0, 2); // x is [0.6561000000000001, 0.998001]
 * @internal
 */
export function powRange(x: Float64Array, y: Float64Array, from: number, to: number): void {
  // fdlibm's constants are written out in this loop (each is the constant of that value above, or
  // in exp.ts), as in expRange; fdlibm's huge * huge is Infinity and tiny * tiny is 0
  const p2 = POW2;
  for (let i = from; i < to; i++) {
    const a = x[i]!;
    const b = y[i]!;
    const hx = highWord(a);
    const lx = lowWord(a);
    const hy = highWord(b);
    const ly = lowWord(b);
    let ix = hx & 0x7fffffff;
    const iy = hy & 0x7fffffff;
    // x^±0 = 1 (NaN^0 too)
    if ((iy | ly) === 0) {
      x[i] = 1;
      continue;
    }
    if (a !== a || b !== b) {
      x[i] = a + b;
      continue;
    }
    // for x < 0 (its sign bit set): 0 if y is not an integer, 1 if an odd one, 2 if an even one
    // (fdlibm reads it from y's bits; |y| >= 2^53 is even, |y| < 1 is no integer)
    let yisint = 0;
    if (hx < 0) {
      const ay = b < 0 ? -b : b;
      if (ay >= 9007199254740992) yisint = 2;
      else if (ay >= 1 && Math.floor(ay) === ay) yisint = ay % 2 === 1 ? 1 : 2;
    }
    // special values of y
    if (ly === 0) {
      if (iy === 0x7ff00000) {
        // y = ±Infinity: NaN for |x| = 1, else Infinity or +0
        x[i] = ((ix - 0x3ff00000) | lx) === 0 ? b - b : ix >= 0x3ff00000 ? (hy >= 0 ? b : 0) : hy < 0 ? -b : 0;
        continue;
      }
      if (iy === 0x3ff00000) {
        x[i] = hy < 0 ? 1 / a : a;
        continue;
      }
      if (hy === 0x40000000) {
        x[i] = a * a;
        continue;
      }
      if (hy === 0x3fe00000 && hx >= 0) {
        x[i] = Math.sqrt(a);
        continue;
      }
    }
    // |x| (Math.abs, exact: -0 too)
    let ax = Math.abs(a);
    // special values of x: ±0, ±Infinity, ±1
    if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
      let z = ax;
      if (hy < 0) z = 1 / z;
      if (hx < 0) {
        if (((ix - 0x3ff00000) | yisint) === 0) z = Number.NaN;
        else if (yisint === 1) z = -z;
      }
      x[i] = z;
      continue;
    }
    // n is 0 for x < 0: (x < 0)^(not an integer) is NaN; s is the sign of the result
    let n = (hx >> 31) + 1;
    if ((n | yisint) === 0) {
      x[i] = Number.NaN;
      continue;
    }
    const s = (n | (yisint - 1)) === 0 ? -1 : 1;
    let t1: number;
    let t2: number;
    if (iy > 0x41e00000) {
      // |y| > 2^31: x^y over- or underflows unless x is within 2^-20 of 1
      if (iy > 0x43f00000) {
        if (ix <= 0x3fefffff) {
          x[i] = hy < 0 ? Infinity : 0;
          continue;
        }
        if (ix >= 0x3ff00000) {
          x[i] = hy > 0 ? Infinity : 0;
          continue;
        }
      }
      if (ix < 0x3fefffff) {
        x[i] = hy < 0 ? s * Infinity : s * 0;
        continue;
      }
      if (ix > 0x3ff00000) {
        x[i] = hy > 0 ? s * Infinity : s * 0;
        continue;
      }
      // log2 x from x - x^2/2 + x^3/3 - x^4/4 (t has 20 trailing zeros)
      const t = ax - 1;
      const w = t * t * (0.5 - t * (0.3333333333333333 - t * 0.25));
      const u = 1.4426950216293335 * t;
      const v = t * 1.9259629911266175e-8 - w * 1.4426950408889634;
      t1 = withoutLowWord(u + v);
      t2 = v - (t1 - u);
    } else {
      n = 0;
      // a subnormal x is scaled by 2^53 first
      if (ix < 0x00100000) {
        ax *= 9007199254740992;
        n -= 53;
        ix = highWord(ax);
      }
      n += (ix >> 20) - 0x3ff;
      const j = ix & 0x000fffff;
      // ax into [1, 2), k = 1 from sqrt(3/2) on (there bp = 1.5), x / 2 from sqrt(3) on
      ix = j | 0x3ff00000;
      let k = 0;
      if (j <= 0x3988e) k = 0;
      else if (j < 0xbb67a) k = 1;
      else {
        n += 1;
        ix -= 0x00100000;
      }
      ax = withHighWord(ax, ix);
      const bp = k === 0 ? 1 : 1.5;
      // ss = s_h + s_l = (ax - bp) / (ax + bp)
      let u = ax - bp;
      let v = 1 / (ax + bp);
      const ss = u * v;
      const sH = withoutLowWord(ss);
      // t_h = ax + bp, its high part
      let tH = fromHighWord(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18));
      let tL = ax - (tH - bp);
      const sL = v * (u - sH * tH - sH * tL);
      // log2(ax)
      let s2 = ss * ss;
      let r = s2 * s2 * (0.5999999999999946 + s2 * (0.4285714285785502 + s2 * (0.33333332981837743 + s2 * (0.272728123808534 + s2 * (0.23066074577556175 + s2 * 0.20697501780033842)))));
      r += sL * (sH + ss);
      s2 = sH * sH;
      tH = withoutLowWord(3 + s2 + r);
      tL = r - (tH - 3 - s2);
      // u + v = ss (1 + ...)
      u = sH * tH;
      v = sL * tH + tL * ss;
      // 2 / (3 ln2) (ss + ...)
      const pH = withoutLowWord(u + v);
      const pL = v - (pH - u);
      const zH = 0.9617967009544373 * pH;
      const zL = -7.028461650952758e-9 * pH + pL * 0.9617966939259756 + (k === 0 ? 0 : 1.350039202129749e-8);
      // log2(ax) = (ss + ...) 2 / (3 ln2) = n + dp_h + z_h + z_l
      const dpH = k === 0 ? 0 : 0.5849624872207642;
      t1 = withoutLowWord(zH + zL + dpH + n);
      t2 = zL - (t1 - n - dpH - zH);
    }
    // (y1 + y2) (t1 + t2), y1 = y with its last 32 bits 0
    const y1 = withoutLowWord(b);
    const pL = (b - y1) * t1 + b * t2;
    let pH = y1 * t1;
    let z = pL + pH;
    let j = highWord(z);
    const lz = lowWord(z);
    if (j >= 0x40900000) {
      // z >= 1024: overflow (at exactly 1024, when the rounded-off part says so)
      if (((j - 0x40900000) | lz) !== 0 || pL + 8.008566259537294e-17 > z - pH) {
        x[i] = s * Infinity;
        continue;
      }
    } else if ((j & 0x7fffffff) >= 0x4090cc00) {
      // z <= -1075: underflow
      if (((j - (0xc090cc00 | 0)) | lz) !== 0 || pL <= z - pH) {
        x[i] = s * 0;
        continue;
      }
    }
    // 2^(p_h + p_l) = 2^m 2^(z - m), m = round(z) for |z| > 1/2
    const iz = j & 0x7fffffff;
    let k = (iz >> 20) - 0x3ff;
    let m = 0;
    if (iz > 0x3fe00000) {
      m = j + (0x00100000 >> (k + 1));
      k = ((m & 0x7fffffff) >> 20) - 0x3ff;
      const t = fromHighWord(m & ~(0x000fffff >> k));
      m = ((m & 0x000fffff) | 0x00100000) >> (20 - k);
      if (j < 0) m = -m;
      pH -= t;
    }
    const t = withoutLowWord(pL + pH);
    const u = t * 0.6931471824645996;
    const v = (pL - (t - pH)) * 0.6931471805599453 + t * -1.904654299957768e-9;
    z = u + v;
    const w = v - (z - u);
    const tt = z * z;
    const c = z - tt * (0.16666666666666602 + tt * (-0.0027777777777015593 + tt * (0.00006613756321437934 + tt * (-0.0000016533902205465252 + tt * 4.1381367970572385e-8))));
    const r = (z * c) / (c - 2 - (w + z * w));
    z = 1 - (r - z);
    j = (highWord(z) + (m << 20)) | 0;
    // z 2^m: the exponent field moved by m, or (a subnormal result) rounded once as scalbn does:
    // z 2^(m + 64) is exact, and the product with 2^-64 rounds
    if (j >> 20 <= 0) z = z * p2[m + 64 + 1074]! * 5.421010862427522e-20;
    else z = withHighWord(z, j);
    x[i] = s * z;
  }
}
