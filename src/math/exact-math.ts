// The public face of src/math: the five functions as one object, used like `Math`.

import { exp } from "./exp.js";
import { expm1 } from "./expm1.js";
import { log } from "./log.js";
import { log1p } from "./log1p.js";
import { tanh } from "./tanh.js";

/**
 * tinynn's own `exp`, `expm1`, `tanh`, `log` and `log1p`: bit for bit what Node 20's `Math.*`
 * returns, in every JavaScript engine. They are what tinynn's activations, losses and Softmax use.
 *
 * ```text
 * exactMath.exp(x)   = e^x
 * exactMath.expm1(x) = e^x - 1
 * exactMath.tanh(x)  = (e^x - e^-x) / (e^x + e^-x)
 * exactMath.log(x)   = ln x
 * exactMath.log1p(x) = ln(1 + x)
 * ```
 *
 * ECMAScript does not specify `Math.exp` and its kin to the last bit, and engines differ: Chromium
 * 156's `Math.exp` returns another double than Node 20's for one argument in ten in [-40, 40] (its
 * `Math.log` for 7% of (0, 1]), so a network's numbers would depend on where it runs. These are
 * fdlibm's algorithms (the ones V8's `Math` ports) written with IEEE `+ - * /`, comparisons and the
 * bits of the double, which every engine computes the same; each is within 1 ulp of the true value.
 * Use them in your own activations and losses to give the built-ins' bits everywhere
 * (docs/runtimes.md, "The same bits in every engine").
 *
 * @example
 * const mySigmoid: Activation = { name: "mySigmoid", apply: (x) => 1 / (1 + exactMath.exp(-x)), derivative: (_x, y) => y * (1 - y) };
 * mySigmoid.apply(2) === sigmoid.apply(2);  // => true, in every engine
 * exactMath.exp(2);                         // => 7.38905609893065
 * exactMath.tanh(0.5);                      // => 0.46211715726000974
 * exactMath.log1p(1e-10);                   // => 9.999999999500001e-11
 */
export const exactMath = Object.freeze({
  /** e^x, within 1 ulp; e^-Infinity = 0. Node 20's `Math.exp`, bit for bit. */
  exp,
  /** e^x - 1, within 1 ulp, accurate where e^x is close to 1. Node 20's `Math.expm1`, bit for bit. */
  expm1,
  /** (e^x - e^-x) / (e^x + e^-x), within 1 ulp; ±1 from |x| = 22 on. Node 20's `Math.tanh`, bit for bit. */
  tanh,
  /** ln x, within 1 ulp; ln 0 = -Infinity, ln of a negative number NaN. Node 20's `Math.log`, bit for bit. */
  log,
  /** ln(1 + x), within 1 ulp, accurate where x is small; NaN below -1. Node 20's `Math.log1p`, bit for bit. */
  log1p,
});
