// ln(1 + x), the same double in every JavaScript engine: fdlibm's s_log1p.c as V8's
// src/base/ieee754.cc has it (what Node 20's Math.log1p returns), with IEEE + - * /, comparisons
// and the high word of the double (words.ts), as fdlibm reads and writes it.
//
//   1 + x = 2^k (1 + f), sqrt(2)/2 < 1 + f < sqrt(2); for k != 0, u = 1 + x rounded and the
//   correction c = ((1 + x) - u) / u
//   ln(1 + x) = k LN2_HI + (f - (hfsq - (s (hfsq + R) + (k LN2_LO + c)))),  s, R, hfsq as in log.ts

import { LN2_HI, LN2_LO } from "./exp.js";
import { Lg1, Lg2, Lg3, Lg4, Lg5, Lg6, Lg7 } from "./log.js";
import { highWord, withHighWord } from "./words.js";

/**
 * ln(1 + x), bit for bit what Node 20's `Math.log1p` returns (fdlibm's algorithm), in every
 * JavaScript engine: accurate where x is small, which `log(1 + x)` is not.
 *
 * ```text
 * log1p(x) = ln(1 + x)      error < 1 ulp
 * log1p(-1) = -Infinity, log1p(x < -1) = NaN, log1p(NaN) = NaN, log1p(Infinity) = Infinity, log1p(±0) = ±0
 * ```
 *
 * @example
 * log1p(1e-10);   // => 9.999999999500001e-11
 * log1p(1);       // => 0.6931471805599453
 * log1p(-2);      // => NaN
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < sqrt(2), x negative included (its high word is negative)
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : Number.NaN;
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : x - x * x * 0.5; // |x| < 2^-29 (2^-54)
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // sqrt(2)/2 <= 1 + x < sqrt(2): f = x exactly
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = (k > 0 ? 1 - (u - x) : x - (u - 1)) / u;
    } else {
      // x >= 2^53: 1 + x is x
      u = x;
      hu = hx;
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0xfffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000);
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000);
      hu = (0x100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
    const R = hfsq * (1 - 0.6666666666666666 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (Lg1 + z * (Lg2 + z * (Lg3 + z * (Lg4 + z * (Lg5 + z * (Lg6 + z * Lg7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - (hfsq - (s * (hfsq + R) + (k * LN2_LO + c)) - f);
}
