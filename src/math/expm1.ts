// e^x - 1, the same double in every JavaScript engine: fdlibm's s_expm1.c as V8's
// src/base/ieee754.cc has it (what Node 20's Math.expm1 returns), with IEEE + - * / and comparisons.
//
//   x = k ln2 + r (+ c, the rounding error of r = hi - lo), |r| <= 0.5 ln2
//   R1(z) = 1 + z (Q1 + z (Q2 + ... + z Q5)),  z = r^2 / 2    (Qn scaled by 2^n; Remez, error < 2^-61)
//   expm1(r) = r - E, E from R1; then 2^k (expm1(r) + 1) - 1 in the form that rounds least for that k
//
// As in exp.ts, fdlibm's tests of the high word of |x| are comparisons of |x| with the smallest
// double of that high word, and its k = ±1 reduction is the general one (the same operations).

import { HALF_LN2_HW, INV_LN2, LN2_HI, LN2_LO, O_THRESHOLD, TWO_1023 } from "./exp.js";
import { POW2_BIAS, powersOfTwo } from "./pow2.js";

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
  const ax = x < 0 ? -x : x;
  if (!(ax < SATURATION_HW)) {
    if (x !== x) return x;
    if (x > O_THRESHOLD) return Infinity;
    if (x < 0) return -1;
  }
  let k = 0;
  let r = x;
  let c = 0;
  if (!(ax < HALF_LN2_HW)) {
    // C's (int) truncates toward zero, as | 0 does
    k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0;
    const hi = x - k * LN2_HI;
    const lo = k * LN2_LO;
    r = hi - lo;
    c = hi - r - lo;
  } else if (ax < TWO_M54) {
    return x;
  }
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  const e = hxs * ((r1 - t) / (6 - r * t));
  if (k === 0) return r - (r * e - hxs);
  return scaleBack(r, r * (e - c) - c - hxs, k);
}

/** 2^k (r - e + 1) - 1 for k != 0, in fdlibm's form for each k. */
function scaleBack(r: number, e: number, k: number): number {
  if (k === -1) return 0.5 * (r - e) - 0.5;
  if (k === 1) return r < -0.25 ? -2 * (e - (r + 0.5)) : 1 + 2 * (r - e);
  const p = powersOfTwo();
  if (k <= -2 || k > 56) {
    const y = 1 - (e - r);
    return (k === 1024 ? y * 2 * TWO_1023 : y * p[k + POW2_BIAS]!) - 1;
  }
  // 1 - 2^-k and 2^-k are exact: fdlibm writes their bits
  if (k < 20) return (1 - p[POW2_BIAS - k]! - (e - r)) * p[k + POW2_BIAS]!;
  return (r - (e + p[POW2_BIAS - k]!) + 1) * p[k + POW2_BIAS]!;
}
