// Losses used outside their domain are refused before training, not trained on: categorical
// cross-entropy reads its outputs as probabilities that sum to 1 per row (a Softmax layer) and
// its targets as one-hot or probability rows; the fused softmax gradient (p - y) / n is the
// gradient of the loss only when each target row sums to 1.

import { ConfigError, DataError } from "../errors.js";
import type { Layer } from "../layers/layer.js";
import { binaryCrossEntropy, crossEntropy } from "../losses/builtins.js";
import type { Loss } from "../losses/loss.js";

/** How far a target row's sum may be from 1 (probabilities computed in floating point). */
const SUM_TOLERANCE = 1e-6;

/** Built-in layer types whose output is not a probability distribution over a row. */
const NOT_PROBABILITIES = new Set(["dense", "dropout", "batchNorm"]);

/**
 * Throws unless `loss` fits the network's output layer and the targets `t` (`[rows x cols]`
 * packed, named `y` in messages). @internal
 */
export function checkLossDomain(layers: readonly Layer[], loss: Loss, t: Float64Array, rows: number, cols: number, y = "y"): void {
  if (loss === binaryCrossEntropy) return checkBinaryDomain(layers, t, rows, cols, y);
  if (loss !== crossEntropy) return;
  const last = layers[layers.length - 1]!;
  if (NOT_PROBABILITIES.has(last.type)) {
    const activation = activationOf(last);
    const what = typeof activation === "string" ? `a ${last.type} layer with activation "${activation}"` : `a ${last.type} layer`;
    const instead = activation === "sigmoid" ? `for independent yes/no outputs in (0, 1) (binary or multi-label) use "binaryCrossEntropy"` : `for independent outputs in (0, 1) use "binaryCrossEntropy", "mse" or "sse"`;
    throw new ConfigError(`loss "crossEntropy" needs probabilities that sum to 1 in each row, from a Softmax output (outputActivation: "softmax"), but the output is ${what}; ${instead}`);
  }
  if (cols < 2) {
    throw new ConfigError(`loss "crossEntropy" needs at least 2 outputs (classes): a softmax over 1 output is always 1, got ${cols} output`);
  }
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const v = t[i * cols + j]!;
      if (!(v >= 0 && v <= 1)) throw new DataError(`${y}[${i}][${j}] must be in [0, 1] for loss "crossEntropy" (one-hot or probability rows), got ${v}`);
      sum += v;
    }
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
      throw new DataError(
        `${y}[${i}] must sum to 1 for loss "crossEntropy" (one-hot or probability rows; multi-label targets need independent outputs and "mse"), got a sum of ${sum}`,
      );
    }
  }
}

/** The name of a layer's activation (a Dense layer's), or undefined. */
function activationOf(layer: Layer): unknown {
  return (layer as { activation?: { name?: unknown } }).activation?.name;
}

/** Built-in activations whose outputs leave (0, 1): binary cross-entropy's logarithms would read them as probabilities. */
const NOT_IN_UNIT_INTERVAL = new Set(["identity", "relu", "leakyRelu", "tanh"]);

/** binaryCrossEntropy: outputs in (0, 1) (a sigmoid, a softmax or an activation of yours) and targets in [0, 1]. */
function checkBinaryDomain(layers: readonly Layer[], t: Float64Array, rows: number, cols: number, y: string): void {
  const last = layers[layers.length - 1]!;
  const activation = activationOf(last);
  if (last.type === "dropout" || last.type === "batchNorm" || (last.type === "dense" && typeof activation === "string" && NOT_IN_UNIT_INTERVAL.has(activation))) {
    const what = typeof activation === "string" ? `a ${last.type} layer with activation "${activation}"` : `a ${last.type} layer`;
    throw new ConfigError(`loss "binaryCrossEntropy" needs outputs in (0, 1), from a sigmoid output layer (activation or outputActivation: "sigmoid"), but the output is ${what}`);
  }
  for (let i = 0; i < rows * cols; i++) {
    const v = t[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new DataError(`${y}[${Math.floor(i / cols)}][${i % cols}] must be in [0, 1] for loss "binaryCrossEntropy" (0/1 labels or probabilities), got ${v}`);
    }
  }
}
