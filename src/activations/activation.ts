import { resolveNamed } from "../errors.js";

/**
 * An activation function and its derivative, applied elementwise: `a = f(z)`.
 *
 * The derivative convention, stated once: `derivative(x, y)` receives the input `x = z` and the
 * output `y = f(z)`, and returns `f'(x)`. Use whichever is cheaper; the blog's sigmoid uses the
 * output (`y * (1 - y)`).
 *
 * @example
 * const softsign: Activation = {
 *   name: "softsign",
 *   apply: (x) => x / (1 + Math.abs(x)),
 *   derivative: (x) => 1 / (1 + Math.abs(x)) ** 2,
 * };
 * new Network({ layers: [2, 3, 1], activation: softsign });
 */
export interface Activation {
  /** The name saved in JSON; {@link Network.fromJSON} looks it up among the built-ins and yours. */
  readonly name: string;
  /** f(x). */
  apply(x: number): number;
  /** f'(x), given the input `x` and the output `y = f(x)`. */
  derivative(x: number, y: number): number;
}

/**
 * Validates a user-supplied activation or looks up a built-in by name. @internal
 */
export function resolveActivation(
  value: unknown,
  argName: string,
  known: Readonly<Record<string, Activation>>,
): Activation {
  return resolveNamed(value, argName, { name: "activation", plural: "activations", type: "Activation" }, known, {
    name: "string",
    apply: "function",
    derivative: "function",
  });
}
