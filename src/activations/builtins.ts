import { exp } from "../math/exp.js";
import { tanh as exactTanh } from "../math/tanh.js";
import type { Activation } from "./activation.js";

/**
 * Logistic sigmoid: squashes any real number into (0, 1). The blog's `nonlin`.
 *
 * ```text
 * s(x)  = 1 / (1 + e^-x)
 * s'(x) = s(x) (1 - s(x))      computed from the output y = s(x), the blog's x*(1-x)
 * ```
 *
 * e^-x is {@link exactMath}'s `exp`: the same bits in every JavaScript engine.
 *
 * @example
 * sigmoid.apply(0);            // => 0.5
 * sigmoid.derivative(0, 0.5);  // => 0.25
 */
export const sigmoid: Activation = Object.freeze<Activation>({
  name: "sigmoid",
  apply: (x) => 1 / (1 + exp(-x)),
  derivative: (_x, y) => y * (1 - y),
});

/**
 * Hyperbolic tangent: squashes into (-1, 1), centred on 0.
 *
 * ```text
 * tanh(x)  = (e^x - e^-x) / (e^x + e^-x)
 * tanh'(x) = 1 - y^2           with y = tanh(x)
 * ```
 *
 * `apply` is {@link exactMath}'s `tanh`: the same bits in every JavaScript engine.
 *
 * @example
 * tanh.apply(0);          // => 0
 * tanh.derivative(0, 0);  // => 1
 */
export const tanh: Activation = Object.freeze<Activation>({
  name: "tanh",
  apply: exactTanh,
  derivative: (_x, y) => 1 - y * y,
});

/**
 * Rectified linear unit.
 *
 * ```text
 * relu(x)  = max(0, x)
 * relu'(x) = 1 if x > 0, else 0
 * ```
 *
 * @example
 * relu.apply(-2);          // => 0
 * relu.derivative(3, 3);   // => 1
 */
export const relu: Activation = Object.freeze<Activation>({
  name: "relu",
  apply: (x) => (x > 0 ? x : 0),
  derivative: (x) => (x > 0 ? 1 : 0),
});

/**
 * Leaky ReLU with slope 0.01 for negative inputs, so no unit ever stops learning.
 *
 * ```text
 * f(x)  = x if x > 0, else 0.01 x
 * f'(x) = 1 if x > 0, else 0.01
 * ```
 *
 * @example
 * leakyRelu.apply(-2);         // => -0.02
 * leakyRelu.derivative(-2, -0.02); // => 0.01
 */
export const leakyRelu: Activation = Object.freeze<Activation>({
  name: "leakyRelu",
  apply: (x) => (x > 0 ? x : 0.01 * x),
  derivative: (x) => (x > 0 ? 1 : 0.01),
});

/**
 * Identity: no non-linearity, for regression outputs.
 *
 * ```text
 * f(x) = x,  f'(x) = 1
 * ```
 *
 * @example
 * identity.apply(3.5);          // => 3.5
 * identity.derivative(3.5, 3.5); // => 1
 */
export const identity: Activation = Object.freeze<Activation>({
  name: "identity",
  apply: (x) => x,
  derivative: () => 1,
});

/**
 * The built-in activations by name: what the strings `"sigmoid"`, `"tanh"`, ... stand for.
 *
 * @example
 * Object.keys(activations); // => ["sigmoid", "tanh", "relu", "leakyRelu", "identity"]
 */
export const activations = Object.freeze({
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  identity,
}) satisfies Readonly<Record<string, Activation>>;

/**
 * The name of a built-in activation: a key of {@link activations}, so a new built-in joins it by
 * itself. Wherever an activation is an option, its name or your own {@link Activation} object goes.
 *
 * @example
 * const name: ActivationName = "tanh";
 * new Network({ layers: [2, 3, 1], activation: name });
 * // const typo: ActivationName = "sigmod";  // does not compile
 */
export type ActivationName = keyof typeof activations;
