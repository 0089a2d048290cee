import { TrainingError } from "../errors.js";
import type { Optimizer } from "../optimizers/optimizer.js";

/** The error thrown when training produces NaN or Infinity, with a hint about the learning rate. @internal */
export function diverged(what: string, iteration: number, optimizer: Optimizer): TrainingError {
  const alpha = (optimizer as { alpha?: unknown }).alpha;
  const hint = typeof alpha === "number" ? `try a smaller alpha than ${alpha}` : "try a smaller learning rate";
  return new TrainingError(`Training diverged at iteration ${iteration}: ${what}; ${hint}`, iteration);
}
