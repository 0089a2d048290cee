import { TrainingError } from "../errors.js";
import type { Optimizer } from "../optimizers/optimizer.js";

/**
 * The error thrown when training produces NaN or Infinity: what, when, and where the network was
 * put back to (`restored`: after how many updates of the run, the iteration of the last, and whether
 * it is a checkpoint because a replay was abandoned, or the starting weights because the first update's
 * loss was not finite; see
 * `Run.recover`), with a hint. @internal
 */
export function diverged(
  what: string,
  iteration: number,
  optimizer: Optimizer,
  restored?: { updates: number; iteration: number; checkpoint?: boolean; start?: boolean },
): TrainingError {
  const alpha = (optimizer as { alpha?: unknown }).alpha;
  const hint =
    restored?.start === true
      ? "check the scale of X and y, the loss, and your own layers and activations"
      : typeof alpha === "number"
        ? `try a smaller alpha than ${alpha}`
        : "try a smaller learning rate";
  if (restored === undefined) return new TrainingError(`Training diverged at iteration ${iteration}: ${what}; ${hint}`, iteration);
  const where =
    restored.updates === 0
      ? "the network is back to its state before this training (with its optimizer and layer state)"
      : `the network is back to its state after ${restored.updates} update${restored.updates === 1 ? "" : "s"} (the last in iteration ${restored.iteration}), ` +
        (restored.checkpoint === true
          ? "a checkpoint: replaying the updates after it gave other losses than the run did (an optimizer, layer or random source of yours keeps state tinynn cannot copy)"
          : "the last whose loss and predictions are finite (with its optimizer and layer state)");
  return new TrainingError(`Training diverged at iteration ${iteration}: ${what}; ${where}; ${hint}`, iteration);
}
