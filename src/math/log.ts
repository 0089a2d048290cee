// ln x, the same double in every JavaScript engine: fdlibm's e_log.c as V8's src/base/ieee754.cc
// has it (what Node 20's Math.log returns), with IEEE + - * /, comparisons and the high word of the
// double (words.ts), which the reduction reads and writes as fdlibm does.
//
//   x = 2^k (1 + f), sqrt(2)/2 < 1 + f < sqrt(2)
//   s = f / (2 + f),  ln(1 + f) = 2s + s R(s^2),  R from Lg1 ... Lg7   (Remez, error < 2^-58.45)
//   ln x = k LN2_HI + (f - (hfsq - (s (hfsq + R) + k LN2_LO))),  hfsq = f^2 / 2

import { highWord, withHighWord } from "./words.js";

/** The coefficients of R(z) (0x3FE55555 55555593); log1p's Lp1 ... Lp7 are the same. */
export const Lg1 = 0.6666666666666735;
/** 0x3FD99999 9997FA04 */
export const Lg2 = 0.3999999999940942;
/** 0x3FD24924 94229359 */
export const Lg3 = 0.2857142874366239;
/** 0x3FCC71C5 1D8E78AF */
export const Lg4 = 0.22222198432149784;
/** 0x3FC74664 96CB03DE */
export const Lg5 = 0.1818357216161805;
/** 0x3FC39A09 D078C69F */
export const Lg6 = 0.15313837699209373;
/** 0x3FC2F112 DF3E5244 */
export const Lg7 = 0.14798198605116586;
/** 2^54: a subnormal x is scaled by it first. */
export const TWO54 = 18014398509481984;
/** The smallest normal double, 2^-1022. */
export const MIN_NORMAL = 2.2250738585072014e-308;

/** Where {@link log} passes x to logRange and reads ln x back (see exp.ts's comment on expRange). */
const SLOT = new Float64Array(1);

/**
 * The natural logarithm, bit for bit what Node 20's `Math.log` returns (fdlibm's algorithm), in
 * every JavaScript engine.
 *
 * ```text
 * log(x) = ln x       x = 2^k (1 + f), ln x = k ln2 + ln(1 + f), error < 1 ulp
 * log(±0) = -Infinity, log(x < 0) = NaN, log(NaN) = NaN, log(Infinity) = Infinity, log(1) = 0
 * ```
 *
 * @example
 * log(10);       // => 2.302585092994046
 * log(0.75);     // => -0.2876820724517809
 * log(-1);       // => NaN
 */
export function log(x: number): number {
  SLOT[0] = x;
  logRange(SLOT, 0, 1);
  return SLOT[0]!;
}

/**
 * {@link log} of each value of `v` from index `from` up to `to` (excluded), in place (the
 * cross-entropy head), where no double crosses a call.
 *
 * ```text
 * v[i] = log(v[i])      from <= i < to
 * ```
 *
 * @example
 * const v = new Float64Array([10, 0]);
 * logRange(v, 0, 2); // v is [2.302585092994046, -Infinity]
 * @internal
 */
export function logRange(v: Float64Array, from: number, to: number): void {
  // fdlibm's constants are written out in this loop (each is the constant of that value above, or
  // in exp.ts): V8 reads a module's constant from memory at every use, which here cost a quarter of
  // the time of exp
  for (let n = from; n < to; n++) {
    let x = v[n]!;
    let k = 0;
    if (!(x >= 2.2250738585072014e-308)) {
      if (x === 0) {
        v[n] = -Infinity;
        continue;
      }
      if (!(x > 0)) {
        v[n] = Number.NaN;
        continue;
      }
      k = -54;
      x *= 18014398509481984;
    } else if (x === Infinity) {
      continue;
    }
    let hx = highWord(x);
    k += (hx >> 20) - 1023;
    hx &= 0xfffff;
    // x or x/2 into [sqrt(2)/2, sqrt(2)): exponent 0 or -1
    const i = (hx + 0x95f64) & 0x100000;
    const f = withHighWord(x, hx | (i ^ 0x3ff00000)) - 1;
    k += i >> 20;
    if ((0xfffff & (2 + hx)) < 3) {
      // -2^-20 <= f < 2^-20
      if (f === 0) {
        v[n] = k === 0 ? 0 : k * 0.6931471803691238 + k * 1.9082149292705877e-10;
        continue;
      }
      const R = f * f * (0.5 - 0.3333333333333333 * f);
      v[n] = k === 0 ? f - R : k * 0.6931471803691238 - (R - k * 1.9082149292705877e-10 - f);
      continue;
    }
    const s = f / (2 + f);
    const z = s * s;
    const w = z * z;
    const t1 = w * (0.3999999999940942 + w * (0.22222198432149784 + w * 0.15313837699209373));
    const t2 = z * (0.6666666666666735 + w * (0.2857142874366239 + w * (0.1818357216161805 + w * 0.14798198605116586)));
    const R = t2 + t1;
    if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
      const hfsq = 0.5 * f * f;
      v[n] = k === 0 ? f - (hfsq - s * (hfsq + R)) : k * 0.6931471803691238 - (hfsq - (s * (hfsq + R) + k * 1.9082149292705877e-10) - f);
    } else {
      v[n] = k === 0 ? f - s * (f - R) : k * 0.6931471803691238 - (s * (f - R) - k * 1.9082149292705877e-10 - f);
    }
  }
}
