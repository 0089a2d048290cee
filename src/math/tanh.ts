// tanh x, the same double in every JavaScript engine: fdlibm's s_tanh.c as V8's
// src/base/ieee754.cc has it (what Node 20's Math.tanh returns), on this folder's expm1.

import { expm1Range } from "./expm1.js";

/** Where {@link tanh} passes x to tanhRange and reads tanh x back (see exp.ts's comment on expRange). */
const SLOT = new Float64Array(1);

/**
 * The hyperbolic tangent, bit for bit what Node 20's `Math.tanh` returns (fdlibm's algorithm), in
 * every JavaScript engine.
 *
 * ```text
 * tanh(x) = (e^x - e^-x) / (e^x + e^-x), for x >= 0 (tanh(-x) = -tanh(x)):
 *   x < 2^-28       x
 *   x < 1           -t / (t + 2),     t = expm1(-2x)
 *   x < 22          1 - 2 / (t + 2),  t = expm1(2x)
 *   x >= 22         1
 * tanh(NaN) = NaN, tanh(±Infinity) = ±1, tanh(±0) = ±0
 * ```
 *
 * @example
 * tanh(0.5);     // => 0.46211715726000974
 * tanh(-3);      // => -0.9950547536867305
 * tanh(30);      // => 1
 */
export function tanh(x: number): number {
  SLOT[0] = x;
  tanhRange(SLOT, 0, 1);
  return SLOT[0]!;
}

/** The arguments of tanhRange while v holds expm1's, a chunk of them at a time. */
const HELD = new Float64Array(64);

/**
 * {@link tanh} of each value of `v` from index `from` up to `to` (excluded), in place (the tanh
 * kernels), where no double crosses a call: 64 values at a time, the arguments are kept aside, v
 * receives expm1's argument (2|x| or -2|x|), expm1Range runs over it, and each tanh is formed from
 * its x and t.
 *
 * ```text
 * v[i] = tanh(v[i])      from <= i < to
 * ```
 *
 * @example
 * const v = new Float64Array([0.5, -3]);
 * tanhRange(v, 0, 2); // v is [0.46211715726000974, -0.9950547536867305]
 * @internal
 */
export function tanhRange(v: Float64Array, from: number, to: number): void {
  const xs = HELD;
  for (let start = from; start < to; start += 64) {
    const end = to - start < 64 ? to : start + 64;
    for (let i = start; i < end; i++) {
      const x = v[i]!;
      const ax = x < 0 ? -x : x;
      xs[i - start] = x;
      // expm1 of 2|x| from |x| = 1 on, of -2|x| below (0 where the result needs none: |x| below
      // 2^-28 = 3.725290298461914e-9, from 22 on, NaN)
      v[i] = ax < 3.725290298461914e-9 || !(ax < 22) ? 0 : ax >= 1 ? 2 * ax : -2 * ax;
    }
    expm1Range(v, start, end);
    for (let i = start; i < end; i++) {
      const x = xs[i - start]!;
      const ax = x < 0 ? -x : x;
      const t = v[i]!;
      // z = |tanh x| (x itself, NaN, below 2^-28: ax is -0 for -0), one store for every case
      const z = !(ax < 22) ? (x !== x ? x : 1) : ax < 3.725290298461914e-9 ? ax : ax >= 1 ? 1 - 2 / (t + 2) : -t / (t + 2);
      v[i] = x < 0 ? -z : z;
    }
  }
}
