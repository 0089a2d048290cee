import { checkInteger, checkKnownKeys, checkPositive, ConfigError, describe, quote } from "../errors.js";
import { losses as builtinLosses, type LossName } from "../losses/builtins.js";
import { resolveLoss, type Loss } from "../losses/loss.js";
import type { Matrix, MatrixInput } from "../matrix/matrix.js";
import type { TrainingMonitor } from "../monitors/monitor.js";
import { GradientDescent } from "../optimizers/gradient-descent.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { checkRegularization, type CheckedRegularization, type Regularization } from "../optimizers/regularization.js";
import type { LearningRate } from "../optimizers/schedule.js";

/**
 * Held-out data for {@link EarlyStopping}.
 *
 * @example
 * const validation: ValidationData = { X: [[0, 1]], y: [[1]] };
 */
export interface ValidationData {
  /** `[samples x inputSize]`. */
  X: MatrixInput;
  /** `[samples x outputSize]`. */
  y: MatrixInput;
}

/**
 * The best validation check of an early-stopped run.
 *
 * @example
 * // the blog's network b, validated on its training data: it improves to the end
 * const summary = net.train(X, y, { iterations: 5000, earlyStopping: { validation: { X, y }, patience: 20, restoreBest: true } });
 * summary.best; // => { iteration: 4999, validationLoss: 0.00034694961040569847, restored: true }
 */
export interface BestCheck {
  /** The 0-based iteration after which it was measured. */
  readonly iteration: number;
  /** Its validation loss. */
  readonly validationLoss: number;
  /** Whether its parameters were put back (`restoreBest`). */
  readonly restored: boolean;
}

/**
 * When to stop training before `iterations`: at a training-loss threshold, or when the loss on
 * validation data has not improved for `patience` checks.
 *
 * ```text
 * lossBelow:   stop after the first iteration whose training loss < lossBelow
 * validation:  every `every` iterations, v = loss(predict(validation.X), validation.y);
 *              improved when v < best - minDelta; stop after `patience` checks without improvement
 * restoreBest: on stopping (or at the end), put back the parameters (and layer state) of the best check
 * ```
 *
 * @example
 * net.train(X, y, { iterations: 5000, earlyStopping: { validation: { X: Xv, y: yv }, patience: 20, restoreBest: true } });
 */
export interface EarlyStopping {
  /** Stop once the training loss of an iteration is below this finite number. */
  lossBelow?: number;
  /** Data to measure the validation loss on (with the training loss function, without regularization). */
  validation?: ValidationData;
  /** Checks without improvement before stopping, an integer >= 1; default 10. */
  patience?: number;
  /** Iterations between validation checks, an integer >= 1; default 1. */
  every?: number;
  /** The least decrease that counts as an improvement, >= 0; default 0. */
  minDelta?: number;
  /** Restore the parameters of the best validation check when training ends; default false. */
  restoreBest?: boolean;
}

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
 * A measure of the network's outputs against the targets, recorded in the history beside the
 * loss (see {@link TrainOptions.metrics}): a built-in name, an object with a name and `value`, or a
 * named function `(output, target) => number`. The value is a mean over the rows, so that the
 * values of a run's mini-batches, weighted by their rows, give the iteration's.
 *
 * ```text
 * "accuracy"           softmax output or crossEntropy: the share of rows whose largest output is the target's largest;
 *                      otherwise (sigmoid, binary or multi-label): the share of outputs with o >= 0.5 exactly when y >= 0.5
 * "meanAbsoluteError"  mean |o - y| over every output
 * ```
 *
 * @example
 * const metric: Metric = { name: "maxError", value: (o, t) => Math.max(...o.data.map((v, i) => Math.abs(v - t.data[i]!))) };
 * net.train(X, y, { metrics: ["accuracy", metric] });
 */
export type Metric = MetricName | NamedMetric | ((output: Matrix, target: Matrix) => number);

/**
 * A metric of yours as an object: its name in the history and its value on a batch.
 *
 * @example
 * const worst: NamedMetric = { name: "worst", value: (o, t) => Math.max(...o.data.map((v, i) => Math.abs(v - t.data[i]!))) };
 */
export interface NamedMetric {
  /** The key of its values in `history.metrics` (not `"loss"`, and not another metric's). */
  readonly name: string;
  /** The metric of `output` against `target` (`[rows x outputs]` each), a mean over the rows. */
  value(output: Matrix, target: Matrix): number;
}

/**
 * The built-in metrics' names (see {@link Metric}).
 *
 * @example
 * const name: MetricName = "accuracy";
 */
export type MetricName = "accuracy" | "meanAbsoluteError";

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
  /** Learning rate of plain gradient descent, a number > 0 or a {@link Schedule} (shorthand for `optimizer: new GradientDescent({ alpha })`); default 1. */
  alpha?: LearningRate;
  /** Any {@link Optimizer}; give either this or `alpha`. */
  optimizer?: Optimizer;
  /** A built-in {@link LossName} (`"sse"`, the blog's and the default; `"mse"`; `"crossEntropy"`; ...) or your own {@link Loss}. */
  loss?: LossName | Loss;
  /** Samples per update, an integer >= 1; default all of them (full batch). */
  batchSize?: number;
  /**
   * When `batchSize` is smaller than the data: visit the samples in a new random order every iteration
   * (a permutation of 0 .. n-1 drawn from the network's random source, as `np.random.permutation(n)`;
   * the stream continues across `train` calls); default true. `false`: in order.
   */
  shuffle?: boolean;
  /** Called every `progressEvery` iterations, starting with iteration 0; return `false` to stop training. */
  onProgress?: (progress: Progress) => void | boolean;
  /** Iterations between `onProgress` calls, an integer >= 1; default 1. */
  progressEvery?: number;
  /** Watchers called around every update, e.g. {@link DirectionChanges}. */
  monitors?: readonly TrainingMonitor[];
  /** L1 / L2 penalties on the weights (biases only with `bias: true`), added to the loss (and so to `history.loss`) and to its gradient. */
  regularization?: Regularization;
  /** Clip every gradient element into [-clipValue, clipValue] before the update (after regularization). */
  clipValue?: number;
  /** Rescale the gradients when their global L2 norm exceeds clipNorm (after clipValue). */
  clipNorm?: number;
  /** Stop at a loss threshold or when a validation loss stops improving. */
  earlyStopping?: EarlyStopping;
  /**
   * Measures to record every `progressEvery` iterations (from iteration 0, and the last one) in
   * `history.metrics.training`, measured during that iteration's forward passes as the loss is; on
   * validation data too, with `validation` or `validationSplit`. See {@link Metric}.
   */
  metrics?: readonly Metric[];
  /**
   * Held-out data: its loss (the training loss function, without regularization) and `metrics`
   * recorded in `history.metrics.validation` every `progressEvery` iterations, after that
   * iteration's updates. Not trained on.
   */
  validation?: ValidationData;
  /**
   * Hold out the last fraction of X and y (0 < validationSplit < 1; rows `floor(n (1 - f))` on) as
   * `validation`, as Keras does: training uses only the rows before them.
   */
  validationSplit?: number;
}

/**
 * The metrics of a run, recorded every `progressEvery` iterations (from iteration 0, and the last
 * one): see {@link TrainOptions.metrics}.
 *
 * @example
 * // the blog's network b
 * const summary = net.train(X, y, { iterations: 1000, alpha: 2, loss: "binaryCrossEntropy", progressEvery: 100, metrics: ["accuracy"], validation: { X, y } });
 * summary.history.metrics?.iterations;          // => [0, 100, 200, ..., 999]
 * summary.history.metrics?.training.accuracy;   // => [0.5, 0.75, ...]
 * summary.history.metrics?.validation?.loss;    // => [0.68..., 0.45..., ...]
 */
export interface MetricHistory {
  /** The 0-based iteration of each record. */
  readonly iterations: number[];
  /** Each metric by name, measured during the iteration's forward passes (before its updates, as `loss`). */
  readonly training: Readonly<Record<string, number[]>>;
  /** With validation data: `loss` and each metric by name on it, after the iteration's updates. */
  readonly validation?: Readonly<Record<string, number[]>>;
}

/**
 * Loss and mean absolute error of every iteration, each measured during that iteration's forward
 * pass(es), before the update.
 *
 * Training stores them in a Float64Array; each plain array is made when it is first read, and the
 * property then becomes an ordinary data property. So a caller that never reads the history (a
 * sweep, a benchmark) does not pay for it, and spreading, `JSON.stringify` and `structuredClone`
 * see plain arrays, as does Node's `console.log`.
 *
 * @example
 * summary.history.meanAbsoluteError[0]; // => 0.49641003190272537  (the blog prints Error:0.496410031903)
 */
export interface TrainingHistory {
  /** The loss: with the full batch exactly the loss; with mini-batches the batches' losses averaged, weighted by their size. */
  readonly loss: number[];
  /** mean |y - output| over all samples and outputs. */
  readonly meanAbsoluteError: number[];
  /** With `earlyStopping.validation`: the validation loss of each check, after that iteration's updates. */
  readonly validationLoss?: number[];
  /** With `metrics`, `validation` or `validationSplit`: the recorded metrics. */
  readonly metrics?: MetricHistory;
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
  /** True when `onProgress` or early stopping stopped training. */
  readonly stoppedEarly: boolean;
  /** Why training stopped before `iterations`: `"onProgress"`, `"lossBelow"` or `"patience"`; absent when it ran to the end. */
  readonly stopReason?: "onProgress" | "lossBelow" | "patience";
  /** With `earlyStopping.validation`: the best validation loss and the 0-based iteration it was measured after. */
  readonly best?: BestCheck;
  /** Every iteration's values. */
  readonly history: TrainingHistory;
}

const DEFAULT_ITERATIONS = 10000;

/** The options of one `train` call, validated, with defaults. @internal */
export interface CheckedOptions {
  regularization: CheckedRegularization | undefined;
  clipValue: number | undefined;
  clipNorm: number | undefined;
  earlyStopping: EarlyStopping | undefined;
  iterations: number;
  optimizer: Optimizer;
  loss: Loss;
  batchSize: number;
  shuffle: boolean;
  onProgress: TrainOptions["onProgress"];
  progressEvery: number;
  monitors: NonNullable<TrainOptions["monitors"]>;
  /** checked in the engine against the network (accuracy depends on its output) */
  metrics: unknown;
  validation: ValidationData | undefined;
}

/** Every key of {@link TrainOptions}: anything else is a misspelling. @internal */
export const TRAIN_OPTION_KEYS = [
  "iterations", "alpha", "optimizer", "loss", "batchSize", "shuffle", "onProgress", "progressEvery",
  "monitors", "regularization", "clipValue", "clipNorm", "earlyStopping", "metrics", "validation", "validationSplit",
] as const satisfies readonly (keyof TrainOptions)[];

export function checkTrainOptions(options: TrainOptions, n: number): CheckedOptions {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`train options must be an object like { iterations: 1000, alpha: 1 }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "train", TRAIN_OPTION_KEYS);
  const iterations = checkInteger("iterations", options.iterations ?? DEFAULT_ITERATIONS, 1);
  if (options.alpha !== undefined && options.optimizer !== undefined) {
    throw new ConfigError("Pass either alpha (plain gradient descent) or optimizer, not both");
  }
  let optimizer: Optimizer;
  if (options.optimizer !== undefined) {
    const opt: unknown = options.optimizer;
    if (typeof opt !== "object" || opt === null || typeof (opt as Optimizer).step !== "function") {
      throw new ConfigError(`optimizer must be an object with a step(parameters, step) method, got ${describe(opt)}`);
    }
    optimizer = opt as Optimizer;
  } else {
    // a number or a schedule; GradientDescent validates both
    optimizer = new GradientDescent({ alpha: options.alpha ?? 1 });
  }
  const batchSize = Math.min(checkInteger("batchSize", options.batchSize ?? n, 1), n);
  if (options.shuffle !== undefined && typeof options.shuffle !== "boolean") {
    throw new ConfigError(`shuffle must be true or false, got ${describe(options.shuffle)}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new ConfigError(`onProgress must be a function, got ${describe(options.onProgress)}`);
  }
  const monitors: unknown = options.monitors ?? [];
  if (!Array.isArray(monitors)) throw new ConfigError(`monitors must be an array of TrainingMonitor objects, got ${describe(monitors)}`);
  for (let k = 0; k < monitors.length; k++) {
    // an index loop: some() skips the holes of a sparse array
    const m: unknown = monitors[k];
    if (typeof m !== "object" || m === null) throw new ConfigError(`monitors[${k}] must be a TrainingMonitor object { beforeUpdate?, afterUpdate? }, got ${describe(m)}`);
  }
  for (let k = 0; k < monitors.length; k++) {
    const m = monitors[k] as Record<string, unknown>;
    for (const method of ["beforeUpdate", "afterUpdate"]) {
      if (m[method] !== undefined && typeof m[method] !== "function") {
        throw new ConfigError(`monitors[${k}].${method} must be a function (info) => void when present, got ${describe(m[method])}`);
      }
    }
  }
  const es: unknown = options.earlyStopping;
  if (es !== undefined) {
    if (typeof es !== "object" || es === null) throw new ConfigError(`earlyStopping must be an object, got ${describe(es)}`);
    checkKnownKeys(es, "earlyStopping", ["lossBelow", "validation", "patience", "every", "minDelta", "restoreBest"]);
    const below = (es as EarlyStopping).lossBelow;
    if (below !== undefined && (typeof below !== "number" || !Number.isFinite(below))) {
      throw new ConfigError(`earlyStopping.lossBelow must be a finite number, got ${describe(below)}`);
    }
  }
  const loss = resolveLoss(options.loss ?? "sse", "loss", builtinLosses);
  if ((loss.fusedLayer !== undefined || loss.fusedActivation !== undefined) && typeof loss.fusedGradient !== "function") {
    throw new ConfigError(`loss ${quote(String(loss.name))} declares ${loss.fusedLayer !== undefined ? "fusedLayer" : "fusedActivation"} but has no fusedGradient method`);
  }
  return {
    regularization: checkRegularization(options.regularization),
    clipValue: options.clipValue === undefined ? undefined : checkPositive("clipValue", options.clipValue),
    clipNorm: options.clipNorm === undefined ? undefined : checkPositive("clipNorm", options.clipNorm),
    earlyStopping: es as EarlyStopping | undefined,
    iterations,
    optimizer,
    loss,
    batchSize,
    shuffle: options.shuffle ?? true,
    onProgress: options.onProgress,
    progressEvery: checkInteger("progressEvery", options.progressEvery ?? 1, 1),
    monitors: monitors as NonNullable<TrainOptions["monitors"]>,
    metrics: options.metrics,
    validation: checkValidation(options.validation, "validation"),
  };
}

/** Throws unless `value` is undefined or an object { X, y } (their contents are checked against the network later). @internal */
export function checkValidation(value: unknown, name: string): ValidationData | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError(`${name} must be an object { X, y }, got ${describe(value)}`);
  checkKnownKeys(value, name, ["X", "y"]);
  return value as ValidationData;
}

/**
 * The `validationSplit` option: undefined, or a number in (0, 1) that leaves at least one row on
 * each side of `n` rows; returns the rows kept for training. @internal
 */
export function checkValidationSplit(options: TrainOptions, n: number): number | undefined {
  const f: unknown = options?.validationSplit;
  if (f === undefined) return undefined;
  if (typeof f !== "number" || !(f > 0 && f < 1)) throw new ConfigError(`validationSplit must be a number between 0 and 1 (the share of rows held out), got ${describe(f)}`);
  if (options.validation !== undefined) throw new ConfigError("Pass either validation or validationSplit, not both");
  const kept = Math.floor(n * (1 - f));
  if (kept < 1 || kept >= n) throw new ConfigError(`validationSplit ${f} of ${n} rows leaves ${kept} for training and ${n - kept} for validation: each needs at least one`);
  return kept;
}
