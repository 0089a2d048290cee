// The per-iteration record both training paths keep (network.ts's runIteration and the fused
// dense-chain): the running sums of an iteration, and the history arrays they end up in.

/** Index in the accumulator of the last batch's loss. @internal */
export const BATCH_LOSS = 0;
/** Index of Σ loss · rows over the iteration's batches. @internal */
export const LOSS_SUM = 1;
/** Index of Σ |output - y| over the iteration. @internal */
export const ABS_SUM = 2;
/** Length of the accumulator. @internal */
export const ACC_SIZE = 3;

/** History entries allocated before training starts (2 x 8 MB at most); longer runs grow by push. */
const HISTORY_PREALLOCATED = 1 << 20;

/** A history array sized once, so that recording an iteration allocates nothing (push would grow it). @internal */
export function newHistory(iterations: number): number[] {
  return new Array<number>(Math.min(iterations, HISTORY_PREALLOCATED)).fill(Number.NaN);
}

/**
 * Records one iteration from its accumulator: with the full batch the loss of the one batch; with
 * mini-batches their losses weighted by size. The mean absolute error is over all n x outputs. @internal
 */
export function recordIteration(
  acc: Float64Array,
  batched: boolean,
  n: number,
  outputs: number,
  iteration: number,
  lossHistory: number[],
  maeHistory: number[],
): void {
  const loss = batched ? acc[LOSS_SUM]! / n : acc[BATCH_LOSS]!;
  const mae = acc[ABS_SUM]! / (n * outputs);
  if (iteration < lossHistory.length) {
    lossHistory[iteration] = loss;
    maeHistory[iteration] = mae;
  } else {
    lossHistory.push(loss);
    maeHistory.push(mae);
  }
}
