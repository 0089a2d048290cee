// The public face of src/math: the seven functions as one object, used like `Math`.

import { cos } from "./cos.js";
import { exp } from "./exp.js";
import { expm1 } from "./expm1.js";
import { log } from "./log.js";
import { log1p } from "./log1p.js";
import { pow } from "./pow.js";
import { tanh } from "./tanh.js";

/**
 * tinynn's own `exp`, `expm1`, `tanh`, `log`, `log1p`, `cos` and `pow`: bit for bit what Node 20's
 * `Math.*` returns, in every JavaScript engine. They are what tinynn's activations, losses, Softmax,
 * normal initializers, Adam and the decaying schedules use.
 *
 * ```text
 * exactMath.exp(x)    = e^x
 * exactMath.expm1(x)  = e^x - 1
 * exactMath.tanh(x)   = (e^x - e^-x) / (e^x + e^-x)
 * exactMath.log(x)    = ln x
 * exactMath.log1p(x)  = ln(1 + x)
 * exactMath.cos(x)    = cos x
 * exactMath.pow(x, y) = x^y            (what `x ** y` is)
 * ```
 *
 * ECMAScript does not specify `Math.exp` and its kin to the last bit, and engines differ: Chromium
 * 156's `Math.exp` returns another double than Node 20's for one argument in ten in [-40, 40] (its
 * `Math.log` for 7% of (0, 1], `Math.cos` for 3.3% of [0, 2π), `Math.pow` for 6% of 0.9^t,
 * 0.999^t, ...), so a network's numbers would depend on where it runs. These are fdlibm's algorithms
 * (the ones V8's `Math` ports) written with IEEE `+ - * /`, comparisons and the bits of the double,
 * which every engine computes the same; each is within 1 ulp of the true value. Use them in your
 * own activations, losses, initializers and schedules to give the built-ins' bits everywhere
 * (docs/runtimes.md, "The same bits in every engine").
 *
 * @example
 * const mySigmoid: Activation = { name: "mySigmoid", apply: (x) => 1 / (1 + exactMath.exp(-x)), derivative: (_x, y) => y * (1 - y) };
 * mySigmoid.apply(2) === sigmoid.apply(2);  // => true, in every engine
 * exactMath.exp(2);                         // => 7.38905609893065
 * exactMath.tanh(0.5);                      // => 0.46211715726000974
 * exactMath.log1p(1e-10);                   // => 9.999999999500001e-11
 * exactMath.cos(2 * Math.PI * 0.3);         // => -0.30901699437494734
 * exactMath.pow(0.9, 4);                    // => 0.6561000000000001  (Node 20's 0.9 ** 4; Chromium 156's is 0.6561)
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
  /** cos x, within 1 ulp, for any finite x (exact reduction by π/2); NaN for ±Infinity. Node 20's `Math.cos`, bit for bit. */
  cos,
  /** x^y, within 1 ulp; exact where x, y and x^y are integers; ECMAScript's special cases. Node 20's `Math.pow` and `**`, bit for bit. */
  pow,
});
