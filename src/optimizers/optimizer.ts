import type { Parameter } from "../layers/parameter.js";

/**
 * Updates parameters from their gradients: the step of gradient-based training.
 *
 * `step` is called once per batch, after the backward pass has filled every `grad`. It updates
 * `value` in place. Per-parameter state (velocities, moments) belongs to the optimizer.
 *
 * @example
 * // plain gradient descent, written by hand
 * const sgd: Optimizer = {
 *   name: "sgd",
 *   step(parameters) {
 *     for (const p of parameters) for (let i = 0; i < p.value.data.length; i++) p.value.data[i]! -= 0.5 * p.grad.data[i]!;
 *   },
 * };
 * net.train(X, y, { optimizer: sgd, iterations: 1000 });
 */
export interface Optimizer {
  /** A short name, e.g. `"gradientDescent"`. */
  readonly name: string;
  /**
   * Applies one update to every parameter.
   *
   * @param parameters - all trainable parameters, in the same order on every call
   * @param step - the 0-based number of updates made before this one
   */
  step(parameters: readonly Parameter[], step: number): void;
}
