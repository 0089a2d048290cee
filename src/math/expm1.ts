// e^x - 1, the same double in every JavaScript engine: fdlibm's s_expm1.c as V8's
// src/base/ieee754.cc has it (what Node 20's Math.expm1 returns), with IEEE + - * / and comparisons.
//
//   x = k ln2 + r (+ c, the rounding error of r = hi - lo), |r| <= 0.5 ln2
//   R1(z) = 1 + z (Q1 + z (Q2 + ... + z Q5)),  z = r^2 / 2    (Qn scaled by 2^n; Remez, error < 2^-61)
//   expm1(r) = r - E, E from R1; then 2^k (expm1(r) + 1) - 1 in the form that rounds least for that k
//
// As in exp.ts, fdlibm's tests of the high word of |x| are comparisons of |x| with the smallest
// double of that high word, and its k = ±1 reduction is the general one (the same operations).

import { POW2 } from "./pow2.js";

/** R1's coefficients, scaled by 2^n (0xBFA11111 111110F4). */
export const Q1 = -0.03333333333333313;
/** 0x3F5A01A0 19FE5585 */
export const Q2 = 0.0015873015872548146;
/** 0xBF14CE19 9EAADBB7 */
export const Q3 = -0.0000793650757867488;
/** 0x3ED0CFCA 86E65239 */
export const Q4 = 0.000004008217827329362;
/** 0xBE8AFDB7 6E09C32D */
export const Q5 = -2.0109921818362437e-7;
/** |x| >= this (high word 0x4043687A, 56 ln2): e^x - 1 is -1 for x below -this. */
export const SATURATION_HW = 38.81622314453125;
/** |x| < this (2^-54, high word 0x3C900000): e^x - 1 = x. */
export const TWO_M54 = 5.551115123125783e-17;

/** Where {@link expm1} passes x to expm1Range and reads e^x - 1 back (see exp.ts's comment on expRange). */
const SLOT = new Float64Array(1);

/**
 * e^x - 1, bit for bit what Node 20's `Math.expm1` returns (fdlibm's algorithm), in every
 * JavaScript engine: accurate where e^x is close to 1, which `exp(x) - 1` is not.
 *
 * ```text
 * expm1(x) = e^x - 1      error < 1 ulp
 * expm1(NaN) = NaN, expm1(Infinity) = Infinity, expm1(-Infinity) = -1, expm1(±0) = ±0
 * ```
 *
 * @example
 * expm1(1e-10);   // => 1.00000000005e-10
 * expm1(1);       // => 1.718281828459045
 * expm1(-40);     // => -1
 */
export function expm1(x: number): number {
  SLOT[0] = x;
  expm1Range(SLOT, 0, 1);
  return SLOT[0]!;
}

/**
 * {@link expm1} of each value of `v` from index `from` up to `to` (excluded), in place (for tanh),
 * where no double crosses a call.
 *
 * ```text
 * v[i] = expm1(v[i])      from <= i < to
 * ```
 *
 * @example
 * const v = new Float64Array([1, 1e-10]);
 * expm1Range(v, 0, 2); // v is [1.718281828459045, 1.00000000005e-10]
 * @internal
 */
export function expm1Range(v: Float64Array, from: number, to: number): void {
  // fdlibm's constants are written out in this loop (each is the constant of that value above, or
  // in exp.ts): V8 reads a module's constant from memory at every use, which here cost a quarter of
  // the time of exp
  const p2 = POW2;
  for (let i = from; i < to; i++) {
    const x = v[i]!;
    const ax = x < 0 ? -x : x;
    if (!(ax < 38.81622314453125)) {
      if (x !== x) continue; // NaN stays
      if (x > 709.782712893384) {
        v[i] = Infinity;
        continue;
      }
      if (x < 0) {
        v[i] = -1;
        continue;
      }
    }
    let k = 0;
    let r = x;
    let c = 0;
    if (!(ax < 0.3465735912322998)) {
      // C's (int) truncates toward zero, as | 0 does
      k = (1.4426950408889634 * x + (x < 0 ? -0.5 : 0.5)) | 0;
      const hi = x - k * 0.6931471803691238;
      const lo = k * 1.9082149292705877e-10;
      r = hi - lo;
      c = hi - r - lo;
    } else if (ax < 5.551115123125783e-17) {
      continue; // expm1(x) = x, ±0 included
    }
    const hfx = 0.5 * r;
    const hxs = r * hfx;
    const r1 = 1 + hxs * (-0.03333333333333313 + hxs * (0.0015873015872548146 + hxs * (-0.0000793650757867488 + hxs * (0.000004008217827329362 + hxs * -2.0109921818362437e-7))));
    const t = 3 - r1 * hfx;
    let e = hxs * ((r1 - t) / (6 - r * t));
    if (k === 0) {
      v[i] = r - (r * e - hxs);
      continue;
    }
    e = r * (e - c) - c - hxs;
    if (k === -1) v[i] = 0.5 * (r - e) - 0.5;
    else if (k === 1) v[i] = r < -0.25 ? -2 * (e - (r + 0.5)) : 1 + 2 * (r - e);
    else if (k <= -2 || k > 56) {
      const y = 1 - (e - r);
      v[i] = (k === 1024 ? y * 2 * 8.98846567431158e307 : y * p2[k + 1074]!) - 1;
    }
    // 1 - 2^-k and 2^-k are exact (fdlibm writes their bits)
    else if (k < 20) v[i] = (1 - p2[1074 - k]! - (e - r)) * p2[k + 1074]!;
    else v[i] = (r - (e + p2[1074 - k]!) + 1) * p2[k + 1074]!;
  }
}
