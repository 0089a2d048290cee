// cos x, the same double in every JavaScript engine: fdlibm's s_cos.c with __ieee754_rem_pio2,
// __kernel_cos and __kernel_sin as V8's src/base/ieee754.cc has them (what Node 20's Math.cos
// returns), with IEEE + - * /, comparisons and the high word of the double (words.ts).
//
//   x = n π/2 + (y0 + y1), |y0 + y1| <= π/4, π/2 subtracted in 33-bit pieces (PIO2_1, PIO2_2,
//     PIO2_3 and their tails) as far as cancellation needs; beyond 2^19 π/2, rem-pio2.ts
//   cos x = C, -S, -C, S for n mod 4 = 0, 1, 2, 3, with on [-π/4, π/4]
//     C(y) = 1 - y^2/2 + y^4 (C1 + y^2 C2 + ... + y^10 C6)    (Remez, error < 2^-58)
//     S(y) = y + y^3 (S1 + y^2 S2 + ... + y^10 S6)           (Remez, error < 2^-58)
//   and the tail y1 corrects each: C(y0 + y1) ≈ C(y0) - y0 y1, S(y0 + y1) ≈ S(y0) + (1 - y0^2/2) y1
//
// Chromium 156's Math.cos is not this one: it returns another double for 3.3% of [0, 2π), the
// arguments of the normal initializers' Box-Muller draws (docs/runtimes.md).

import { remPio2Large } from "./rem-pio2.js";
import { fromHighWord, highWord } from "./words.js";

/** C(y)'s coefficients (0x3FA55555 5555554C). */
export const C1 = 0.0416666666666666;
/** 0xBF56C16C 16C15177 */
export const C2 = -0.001388888888887411;
/** 0x3EFA01A0 19CB1590 */
export const C3 = 0.00002480158728947673;
/** 0xBE927E4F 809C52AD */
export const C4 = -2.7557314351390663e-7;
/** 0x3E21EE9E BDB4B1C4 */
export const C5 = 2.087572321298175e-9;
/** 0xBDA8FAE9 BE8838D4 */
export const C6 = -1.1359647557788195e-11;
/** S(y)'s coefficients (0xBFC55555 55555549). */
export const S1 = -0.16666666666666632;
/** 0x3F811111 1110F8A6 */
export const S2 = 0.00833333333332249;
/** 0xBF2A01A0 19C161D5 */
export const S3 = -0.0001984126982985795;
/** 0x3EC71DE3 57B1FE7D */
export const S4 = 0.0000027557313707070068;
/** 0xBE5AE5E6 8A2B9CEB */
export const S5 = -2.5050760253406863e-8;
/** 0x3DE5D93A 5ACFD57C */
export const S6 = 1.58969099521155e-10;
/** 2/π to 53 bits (0x3FE45F30 6DC9C883). */
export const INV_PIO2 = 0.6366197723675814;
/** π/2's first 33 bits (0x3FF921FB 54400000): n PIO2_1 is exact for the n used with it. */
export const PIO2_1 = 1.5707963267341256;
/** π/2 - PIO2_1 (0x3DD0B461 1A626331). */
export const PIO2_1T = 6.077100506506192e-11;
/** π/2's second 33 bits (0x3DD0B461 1A600000). */
export const PIO2_2 = 6.077100506303966e-11;
/** π/2 - (PIO2_1 + PIO2_2) (0x3BA3198A 2E037073). */
export const PIO2_2T = 2.0222662487959506e-21;
/** π/2's third 33 bits (0x3BA3198A 2E000000). */
export const PIO2_3 = 2.0222662487111665e-21;
/** π/2 - (PIO2_1 + PIO2_2 + PIO2_3) (0x397B839A 252049C1). */
export const PIO2_3T = 8.4784276603689e-32;

/** The high words of n π/2 for n = 1 ... 32: near them the first subtraction cancels (fdlibm's npio2_hw). */
const NPIO2_HW = Int32Array.of(
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c,
  0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
);

/** Where {@link cos} passes x to cosRange and reads cos x back (see exp.ts's comment on expRange). */
const SLOT = new Float64Array(1);
/** Where remPio2Large writes y0 and y1. */
const Y = new Float64Array(2);

/**
 * The cosine, bit for bit what Node 20's `Math.cos` returns (fdlibm's algorithm), in every
 * JavaScript engine.
 *
 * ```text
 * cos(x) = cos x      x = n π/2 + y, |y| <= π/4, ± cos y or ± sin y by n mod 4, error < 1 ulp
 * cos(NaN) = NaN, cos(±Infinity) = NaN, cos(±0) = 1
 * ```
 *
 * @example
 * cos(1);          // => 0.5403023058681398
 * cos(Math.PI);    // => -1
 * cos(1e22);       // => 0.523214785395139
 */
export function cos(x: number): number {
  SLOT[0] = x;
  cosRange(SLOT, 0, 1);
  return SLOT[0]!;
}

/**
 * {@link cos} of each value of `v` from index `from` up to `to` (excluded), in place, where no
 * double crosses a call but for arguments beyond 2^19 π/2.
 *
 * ```text
 * v[i] = cos(v[i])      from <= i < to
 * ```
 *
 * @example
 * const v = new Float64Array([0, 1]);
 * cosRange(v, 0, 2); // v is [1, 0.5403023058681398]
 * @internal
 */
export function cosRange(v: Float64Array, from: number, to: number): void {
  // fdlibm's constants are written out in this loop (each is the constant of that value above), as in expRange
  for (let i = from; i < to; i++) {
    const x = v[i]!;
    const hx = highWord(x);
    const ix = hx & 0x7fffffff;
    // __ieee754_rem_pio2: x = n π/2 + y0 + y1
    let n = 0;
    let y0 = x;
    let y1 = 0;
    if (ix <= 0x3fe921fb) {
      // |x| <~ π/4: no reduction (fdlibm's __kernel_cos(x, 0): y1 = 0 is its tail)
    } else if (ix >= 0x7ff00000) {
      v[i] = x - x; // NaN for ±Infinity and NaN
      continue;
    } else if (ix < 0x4002d97c) {
      // |x| < 3π/4: n = ±1; near π/2 with two pieces of π/2
      const z = hx > 0 ? x - 1.5707963267341256 : x + 1.5707963267341256;
      if (ix !== 0x3ff921fb) {
        const tail = hx > 0 ? 6.077100506506192e-11 : -6.077100506506192e-11;
        y0 = z - tail;
        y1 = z - y0 - tail;
      } else {
        const z2 = hx > 0 ? z - 6.077100506303966e-11 : z + 6.077100506303966e-11;
        const tail = hx > 0 ? 2.0222662487959506e-21 : -2.0222662487959506e-21;
        y0 = z2 - tail;
        y1 = z2 - y0 - tail;
      }
      n = hx > 0 ? 1 : -1;
    } else if (ix <= 0x413921fb) {
      // |x| <~ 2^19 π/2: n = round(|x| 2/π); π/2 in one, two or three pieces as the first subtractions cancel
      const t0 = x < 0 ? -x : x;
      n = (t0 * 0.6366197723675814 + 0.5) | 0;
      const fn = n;
      let r = t0 - fn * 1.5707963267341256;
      let w = fn * 6.077100506506192e-11;
      y0 = r - w;
      if (!(n < 32 && ix !== NPIO2_HW[n - 1])) {
        const j = ix >> 20;
        if (j - ((highWord(y0) >> 20) & 0x7ff) > 16) {
          let t = r;
          w = fn * 6.077100506303966e-11;
          r = t - w;
          w = fn * 2.0222662487959506e-21 - (t - r - w);
          y0 = r - w;
          if (j - ((highWord(y0) >> 20) & 0x7ff) > 49) {
            t = r;
            w = fn * 2.0222662487111665e-21;
            r = t - w;
            w = fn * 8.4784276603689e-32 - (t - r - w);
            y0 = r - w;
          }
        }
      }
      y1 = r - y0 - w;
      if (hx < 0) {
        y0 = -y0;
        y1 = -y1;
        n = -n;
      }
    } else {
      n = remPio2Large(x, Y);
      y0 = Y[0]!;
      y1 = Y[1]!;
    }
    // cos x = C(y), -S(y), -C(y), S(y) for n mod 4 = 0, 1, 2, 3 (C's / S's of fdlibm's kernels)
    const iy = highWord(y0) & 0x7fffffff;
    let c: number;
    if ((n & 1) === 0) {
      if (iy < 0x3e400000) {
        c = 1; // |y0| < 2^-27
      } else {
        const z = y0 * y0;
        const r = z * (0.0416666666666666 + z * (-0.001388888888887411 + z * (0.00002480158728947673 + z * (-2.7557314351390663e-7 + z * (2.087572321298175e-9 + z * -1.1359647557788195e-11)))));
        if (iy < 0x3fd33333) {
          c = 1 - (0.5 * z - (z * r - y0 * y1));
        } else {
          // |y0| >= 0.3: qx = |y0| / 4 cut to its high word (0.28125 above 0.78125), 1 - qx exact
          const qx = iy > 0x3fe90000 ? 0.28125 : fromHighWord(iy - 0x00200000);
          c = 1 - qx - (0.5 * z - qx - (z * r - y0 * y1));
        }
      }
    } else if (iy < 0x3e400000) {
      c = y0; // |y0| < 2^-27
    } else {
      const z = y0 * y0;
      const w = z * y0;
      const r = 0.00833333333332249 + z * (-0.0001984126982985795 + z * (0.0000027557313707070068 + z * (-2.5050760253406863e-8 + z * 1.58969099521155e-10)));
      c = y0 - (z * (0.5 * y1 - w * r) - y1 - w * -0.16666666666666632);
    }
    v[i] = ((n + 1) & 2) === 0 ? c : -c;
  }
}
