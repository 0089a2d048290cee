// The per-iteration record of a training run: the running sums of an iteration, and the history
// they end up in.
//
// Speed: the history is kept in one Float64Array, [loss, Σ |output - y|] per iteration, which a
// full-batch training step writes into directly, and turned into the `number[]` arrays of
// `TrainingHistory` only when a caller first reads them. On the blog's network (60,000 iterations
// of ~400 ns) filling and returning two 60,000-entry `number[]` arrays cost ~4 ms a run, 15% of
// the training; a caller that never reads the history (most of `sweep`, the benchmark) never pays
// for the conversion.

import type { TrainingHistory } from "./options.js";

/** Index in the accumulator of the last batch's loss. @internal */
export const BATCH_LOSS = 0;
/** Index of Σ loss · rows over the iteration's batches. @internal */
export const LOSS_SUM = 1;
/** Index of Σ |output - y| over the iteration. @internal */
export const ABS_SUM = 2;
/** Length of the accumulator. @internal */
export const ACC_SIZE = 3;

const NO_VALUES = new Float64Array(0);

/** Bytes the history takes per iteration (two float64s; a run's history is checked against the memory budget). @internal */
export const HISTORY_BYTES = 16;

/** Iterations allocated before training starts (16 MB at most); longer runs grow as they go. */
const INITIAL_CAPACITY = 1 << 20;

/**
 * The loss and the sum of |output - y| of every iteration so far, interleaved in one
 * Float64Array that a full-batch training step writes straight into; the mean absolute error is
 * that sum divided by the `cells` (samples x outputs) when it is read. @internal
 */
export class HistoryRecorder {
  /** [loss_0, Σ|o - y|_0, loss_1, Σ|o - y|_1, ...] */
  values: Float64Array;
  private cells: number;

  /**
   * @param iterations - the iterations the run asks for (at most 2^20 are allocated up front)
   * @param cells - samples x outputs, the count the mean absolute error divides by
   */
  constructor(iterations: number, cells: number) {
    this.values = new Float64Array(2 * Math.max(1, Math.min(iterations, INITIAL_CAPACITY)));
    this.cells = cells;
  }

  /**
   * Starts another run's record in a new buffer (the last one belongs to the history handed out
   * by {@link HistoryRecorder.toHistory}).
   */
  begin(iterations: number, cells: number): void {
    this.values = new Float64Array(2 * Math.max(1, Math.min(iterations, INITIAL_CAPACITY)));
    this.cells = cells;
  }

  /** Lets go of the last run's buffer (its history has its own copy or took it). */
  end(): void {
    this.values = NO_VALUES;
  }

  /** Makes room for iterations 0 .. `iterations` - 1 (`values` may be replaced: read it after this). */
  reserve(iterations: number): void {
    if (2 * iterations <= this.values.length) return;
    const bigger = new Float64Array(Math.max(2 * iterations, 2 * this.values.length));
    bigger.set(this.values);
    this.values = bigger;
  }

  /** Stores iteration `iteration`'s loss and Σ |output - y|. */
  record(iteration: number, loss: number, absSum: number): void {
    if (2 * iteration >= this.values.length) this.reserve(iteration + 1);
    this.values[2 * iteration] = loss;
    this.values[2 * iteration + 1] = absSum;
  }

  /** The loss recorded for `iteration`. */
  lossAt(iteration: number): number {
    return this.values[2 * iteration]!;
  }

  /** The mean absolute error recorded for `iteration`. */
  meanAbsoluteErrorAt(iteration: number): number {
    return this.values[2 * iteration + 1]! / this.cells;
  }

  /**
   * The first `count` iterations as a {@link TrainingHistory}: each array is made on first read
   * (an own enumerable getter, so spreading and `JSON.stringify` see plain arrays), which then
   * replaces itself with a plain writable property.
   */
  toHistory(count: number): TrainingHistory {
    // only the iterations run: a run stopped early does not keep the rest of the buffer alive
    let values: Float64Array | undefined = 2 * count === this.values.length ? this.values : this.values.slice(0, 2 * count);
    const cells = this.cells;
    const history = {} as TrainingHistory;
    let made = 0;
    // On first read each getter replaces itself with a plain, writable data property (so the
    // history then behaves like any object of arrays); once both exist, the buffer is let go.
    const define = (key: "loss" | "meanAbsoluteError", offset: number, divisor: number): void => {
      Object.defineProperty(history, key, {
        enumerable: true,
        configurable: true,
        get: () => {
          // plain loop: `Array.from` on a typed array is ~5x slower in V8
          const out = new Array<number>(count);
          for (let i = 0; i < count; i++) out[i] = values![2 * i + offset]! / divisor;
          Object.defineProperty(history, key, { value: out, enumerable: true, configurable: true, writable: true });
          if (++made === 2) values = undefined;
          return out;
        },
        set: (value: number[]) => {
          Object.defineProperty(history, key, { value, enumerable: true, configurable: true, writable: true });
        },
      });
    };
    define("loss", 0, 1);
    define("meanAbsoluteError", 1, cells);
    // Node's console.log / util.inspect show the arrays, not `[Getter]` (not enumerable: JSON and
    // spreading do not see it; browsers ignore it)
    Object.defineProperty(history, Symbol.for("nodejs.util.inspect.custom"), {
      value: () => ({ loss: history.loss, meanAbsoluteError: history.meanAbsoluteError }),
    });
    return history;
  }
}

/**
 * Records one iteration from its accumulator: with the full batch the loss of the one batch; with
 * mini-batches their losses weighted by size. @internal
 */
export function recordIteration(acc: Float64Array, batched: boolean, n: number, iteration: number, history: HistoryRecorder): void {
  history.record(iteration, batched ? acc[LOSS_SUM]! / n : acc[BATCH_LOSS]!, acc[ABS_SUM]!);
}
