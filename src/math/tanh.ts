// tanh x, the same double in every JavaScript engine: fdlibm's s_tanh.c as V8's
// src/base/ieee754.cc has it (what Node 20's Math.tanh returns), on this folder's expm1.

import { TINY_HW } from "./exp.js";
import { expm1 } from "./expm1.js";

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
  const ax = x < 0 ? -x : x;
  if (!(ax < 22)) {
    if (x !== x) return x;
    return x < 0 ? -1 : 1;
  }
  if (ax < TINY_HW) return x;
  let z: number;
  if (ax >= 1) {
    const t = expm1(2 * ax);
    z = 1 - 2 / (t + 2);
  } else {
    const t = expm1(-2 * ax);
    z = -t / (t + 2);
  }
  return x < 0 ? -z : z;
}
