import type { Parameter } from "../layers/parameter.js";
import type { Matrix } from "../matrix/matrix.js";

/**
 * What a {@link TrainingMonitor} sees at each update.
 *
 * @example
 * const info: StepInfo = { iteration: 0, step: 0, batch: 0, loss: 0.5, output: zeros(4, 1), parameters: net.parameters() };
 */
export interface StepInfo {
  /** 0-based iteration (pass over the data). */
  readonly iteration: number;
  /** 0-based batch within the iteration. */
  readonly batch: number;
  /** 0-based count of updates made before this one, over the whole run. */
  readonly step: number;
  /** The batch's loss, computed before this update. */
  readonly loss: number;
  /** The network's output for this batch, before this update (the blog's last layer, e.g. `l2`). Read, do not write. */
  readonly output: Matrix;
  /** Every trainable parameter: `value` and the `grad` of this batch. Read, do not write. */
  readonly parameters: readonly Parameter[];
}

/**
 * Watches training from inside: called around every optimizer update.
 *
 * ```text
 * forward -> loss -> backward -> beforeUpdate(info) -> optimizer.step -> afterUpdate(info)
 * ```
 *
 * @example
 * const largest: TrainingMonitor = {
 *   afterUpdate: ({ parameters }) => { for (const p of parameters) for (const v of p.value.data) max = Math.max(max, Math.abs(v)); },
 * };
 * net.train(X, y, { iterations: 100, monitors: [largest] });
 */
export interface TrainingMonitor {
  /** Called after the backward pass, when `grad` holds this batch's gradient and `value` is not yet updated. */
  beforeUpdate?(info: StepInfo): void;
  /** Called after the optimizer has updated `value`. */
  afterUpdate?(info: StepInfo): void;
}
