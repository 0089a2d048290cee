import type { Parameter } from "../layers/parameter.js";
import type { ScheduleJSON } from "./schedule.js";

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
   * @param step - the 0-based number of updates the network has made before this one, over all its
   *   `train` calls (saved in its training state, see {@link NetworkJSON}): what schedules read
   */
  step(parameters: readonly Parameter[], step: number): void;
  /** Optional: the optimizer's hyperparameters and per-parameter state, so training can resume (see {@link optimizerFromJSON}). */
  toJSON?(): OptimizerJSON;
}

/**
 * An optimizer saved with its state: restore it with {@link optimizerFromJSON} and training
 * continues exactly where it stopped (same moments, same update count t).
 *
 * @example
 * const json: OptimizerJSON = new Adam({ alpha: 0.01 }).toJSON();
 * json.type;    // => "adam"
 * json.updates; // => 0
 */
export interface OptimizerJSON {
  /** The optimizer's `name`, e.g. `"adam"`. */
  readonly type: string;
  /** The learning rate: a number, a built-in schedule's JSON, or `null` for your own schedule function. */
  readonly alpha: number | ScheduleJSON | null;
  /** The other hyperparameters, by option name. */
  readonly hyperparameters: Readonly<Record<string, number | boolean>>;
  /** Updates made so far (the t of bias corrections and schedules). */
  readonly updates: number;
  /** Per-parameter state by parameter name (`W0`, `b0`, ...) and slot name (`m`, `v`, ...), flattened row by row. */
  readonly state: Readonly<Record<string, Readonly<Record<string, number[]>>>>;
}
