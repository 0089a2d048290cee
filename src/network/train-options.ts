import type { Loss } from "../losses/loss.js";
import type { TrainingMonitor } from "../monitors/monitor.js";
import type { Optimizer } from "../optimizers/optimizer.js";

/**
 * What the `onProgress` callback of {@link Network.train} receives.
 *
 * @example
 * net.train(X, y, { iterations: 60000, progressEvery: 10000, onProgress: (p) => console.log(p.iteration, p.meanAbsoluteError) });
 */
export interface Progress {
  /** 0-based iteration whose values these are. */
  readonly iteration: number;
  /** The loss of this iteration, computed before its update (see {@link TrainingHistory.loss}). */
  readonly loss: number;
  /** mean |y - output| of this iteration, before its update: the blog's printed `Error`. */
  readonly meanAbsoluteError: number;
}

/**
 * Options of {@link Network.train}.
 *
 * One iteration is one pass over all of X: one update with the full batch (the blog), or one
 * update per mini-batch with `batchSize`.
 *
 * @example
 * const options: TrainOptions = { iterations: 60000, alpha: 1, loss: "sse" };
 */
export interface TrainOptions {
  /** Passes over the data, an integer >= 1; default 10000. */
  iterations?: number;
  /** Learning rate of plain gradient descent (shorthand for `optimizer: new GradientDescent({ alpha })`); default 1. */
  alpha?: number;
  /** Any {@link Optimizer}; give either this or `alpha`. */
  optimizer?: Optimizer;
  /** `"sse"` (the blog's, default), `"mse"`, or your own {@link Loss}. */
  loss?: string | Loss;
  /** Samples per update, an integer >= 1; default all of them (full batch). */
  batchSize?: number;
  /** Shuffle the samples before every iteration when `batchSize` is smaller than the data, using the network's random source; default true. */
  shuffle?: boolean;
  /** Called every `progressEvery` iterations, starting with iteration 0; return `false` to stop training. */
  onProgress?: (progress: Progress) => void | boolean;
  /** Iterations between `onProgress` calls, an integer >= 1; default 1. */
  progressEvery?: number;
  /** Watchers called around every update, e.g. {@link DirectionChanges}. */
  monitors?: readonly TrainingMonitor[];
}

/**
 * Loss and mean absolute error of every iteration, each measured during that iteration's forward
 * pass(es), before the update.
 *
 * @example
 * summary.history.meanAbsoluteError[0]; // => 0.4964100319027255  (the blog's first Error)
 */
export interface TrainingHistory {
  /** The loss: with the full batch exactly the loss; with mini-batches the batches' losses averaged, weighted by their size. */
  readonly loss: number[];
  /** mean |y - output| over all samples and outputs. */
  readonly meanAbsoluteError: number[];
}

/**
 * What {@link Network.train} returns.
 *
 * @example
 * const summary = net.train(X, y, { iterations: 100 });
 * summary.iterations; // => 100
 */
export interface TrainingSummary {
  /** Iterations completed (fewer than asked when `onProgress` returned false). */
  readonly iterations: number;
  /** Updates made. */
  readonly steps: number;
  /** The last iteration's loss (before its update). */
  readonly loss: number;
  /** The last iteration's mean absolute error (before its update). */
  readonly meanAbsoluteError: number;
  /** True when `onProgress` stopped training. */
  readonly stoppedEarly: boolean;
  /** Every iteration's values. */
  readonly history: TrainingHistory;
}
