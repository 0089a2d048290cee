// ln(1 + x), the same double in every JavaScript engine: fdlibm's s_log1p.c as V8's
// src/base/ieee754.cc has it (what Node 20's Math.log1p returns), with IEEE + - * /, comparisons
// and the high word of the double (words.ts), as fdlibm reads and writes it.
//
//   1 + x = 2^k (1 + f), sqrt(2)/2 < 1 + f < sqrt(2); for k != 0, u = 1 + x rounded and the
//   correction c = ((1 + x) - u) / u
//   ln(1 + x) = k LN2_HI + (f - (hfsq - (s (hfsq + R) + (k LN2_LO + c)))),  s, R, hfsq as in log.ts

import { highWord, withHighWord } from "./words.js";

/** Where {@link log1p} passes x to log1pRange and reads ln(1 + x) back (see exp.ts's comment on expRange). */
const SLOT = new Float64Array(1);

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
  SLOT[0] = x;
  log1pRange(SLOT, 0, 1);
  return SLOT[0]!;
}

/**
 * {@link log1p} of each value of `v` from index `from` up to `to` (excluded), in place (the binary
 * cross-entropy head), where no double crosses a call.
 *
 * ```text
 * v[i] = log1p(v[i])      from <= i < to
 * ```
 *
 * @example
 * const v = new Float64Array([1, -1]);
 * log1pRange(v, 0, 2); // v is [0.6931471805599453, -Infinity]
 * @internal
 */
export function log1pRange(v: Float64Array, from: number, to: number): void {
  // fdlibm's constants are written out in this loop (each is the constant of that value above, or
  // in exp.ts): V8 reads a module's constant from memory at every use, which here cost a quarter of
  // the time of exp
  for (let n = from; n < to; n++) {
    const x = v[n]!;
    const hx = highWord(x);
    const ax = hx & 0x7fffffff;
    let k = 1;
    let f = 0;
    let c = 0;
    let hu = 0;
    if (hx < 0x3fda827a) {
      // 1 + x < sqrt(2), x negative included (its high word is negative)
      if (ax >= 0x3ff00000) {
        v[n] = x === -1 ? -Infinity : Number.NaN;
        continue;
      }
      if (ax < 0x3e200000) {
        // |x| < 2^-29: x itself below 2^-54
        if (!(ax < 0x3c900000)) v[n] = x - x * x * 0.5;
        continue;
      }
      if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
        // sqrt(2)/2 <= 1 + x < sqrt(2): f = x exactly
        k = 0;
        f = x;
        hu = 1;
      }
    }
    if (hx >= 0x7ff00000) continue; // +Infinity and NaN stay
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
      if (f === 0) {
        v[n] = k === 0 ? 0 : k * 0.6931471803691238 + (c + k * 1.9082149292705877e-10);
        continue;
      }
      const R = hfsq * (1 - 0.6666666666666666 * f);
      v[n] = k === 0 ? f - R : k * 0.6931471803691238 - (R - (k * 1.9082149292705877e-10 + c) - f);
      continue;
    }
    const s = f / (2 + f);
    const z = s * s;
    const R = z * (0.6666666666666735 + z * (0.3999999999940942 + z * (0.2857142874366239 + z * (0.22222198432149784 + z * (0.1818357216161805 + z * (0.15313837699209373 + z * 0.14798198605116586))))));
    v[n] = k === 0 ? f - (hfsq - s * (hfsq + R)) : k * 0.6931471803691238 - (hfsq - (s * (hfsq + R) + (k * 1.9082149292705877e-10 + c)) - f);
  }
}
