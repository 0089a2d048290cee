// The per-iteration record both training paths keep (network.ts's runIteration and the fused
// dense-chain): the running sums of an iteration, and the history they end up in.
//
// Speed: the history is kept in two Float64Arrays and turned into the `number[]` arrays of
// `TrainingHistory` only when a caller first reads them. On the blog's network (60,000 iterations of
// ~400 ns) filling and returning two 60,000-entry `number[]` arrays cost ~4 ms a run, 15% of the
// training; a Float64Array costs a quarter of that, and a caller that never reads the history
// (most of `sweep`, the benchmark) never pays for the conversion.

import type { TrainingHistory } from "./train-options.js";

/** Index in the accumulator of the last batch's loss. @internal */
export const BATCH_LOSS = 0;
/** Index of Σ loss · rows over the iteration's batches. @internal */
export const LOSS_SUM = 1;
/** Index of Σ |output - y| over the iteration. @internal */
export const ABS_SUM = 2;
/** Length of the accumulator. @internal */
export const ACC_SIZE = 3;

/** Entries allocated before training starts (2 x 8 MB at most); longer runs double it as they go. */
const INITIAL_CAPACITY = 1 << 20;

/** The loss and mean absolute error of every iteration so far, in growable Float64Arrays. @internal */
export class HistoryRecorder {
  loss: Float64Array;
  meanAbsoluteError: Float64Array;

  constructor(iterations: number) {
    const capacity = Math.max(1, Math.min(iterations, INITIAL_CAPACITY));
    this.loss = new Float64Array(capacity);
    this.meanAbsoluteError = new Float64Array(capacity);
  }

  /** Stores iteration `iteration`'s values, growing the arrays when it is past their end. */
  record(iteration: number, loss: number, meanAbsoluteError: number): void {
    if (iteration >= this.loss.length) this.grow();
    this.loss[iteration] = loss;
    this.meanAbsoluteError[iteration] = meanAbsoluteError;
  }

  private grow(): void {
    const bigger = (a: Float64Array): Float64Array => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.loss = bigger(this.loss);
    this.meanAbsoluteError = bigger(this.meanAbsoluteError);
  }

  /**
   * The first `count` entries as a {@link TrainingHistory}: its arrays are made on first read
   * (own enumerable getters, so spreading and `JSON.stringify` see plain arrays) and then kept.
   */
  toHistory(count: number): TrainingHistory {
    const loss = this.loss.subarray(0, count);
    const mae = this.meanAbsoluteError.subarray(0, count);
    let lossRows: number[] | undefined;
    let maeRows: number[] | undefined;
    const history = {} as TrainingHistory;
    Object.defineProperties(history, {
      loss: { enumerable: true, get: () => (lossRows ??= toArray(loss)) },
      meanAbsoluteError: { enumerable: true, get: () => (maeRows ??= toArray(mae)) },
    });
    return history;
  }
}

/** A plain array copy (a loop: `Array.from` on a typed array is ~5x slower in V8). */
function toArray(a: Float64Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  return out;
}

/**
 * Records one iteration from its accumulator: with the full batch the loss of the one batch; with
 * mini-batches their losses weighted by size. The mean absolute error is over all n x outputs. @internal
 */
export function recordIteration(acc: Float64Array, batched: boolean, n: number, outputs: number, iteration: number, history: HistoryRecorder): void {
  history.record(iteration, batched ? acc[LOSS_SUM]! / n : acc[BATCH_LOSS]!, acc[ABS_SUM]! / (n * outputs));
}
