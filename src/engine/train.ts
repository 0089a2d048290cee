// Training: one loop for every configuration. A run takes the network's plan for its batch size,
// the loss head for its loss, and runs
//
//   for every iteration (one pass over X), for every batch:
//     forward (plan) -> loss, Σ|o - y| and the first gradient (head) -> backward (plan)
//     -> regularization gradient -> clipping -> monitors.beforeUpdate
//     -> optimizer.step(parameters) -> monitors.afterUpdate
//
// each optional stage skipped when its option is absent. Progress callbacks and early stopping run
// between iterations; without them a run is one call of `iterations`, which V8 optimises as one loop.

import { ConfigError, describe, ShapeError } from "../errors.js";
import { checkMemory } from "../limits.js";
import type { Layer } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import { allFinite } from "../matrix/elementwise.js";
import { gatherRows, packedInput, packedView, toMatrix, type Matrix, type MatrixInput, type PackedMatrix } from "../matrix/matrix.js";
import type { StepInfo } from "../monitors/monitor.js";
import { clipByNormAt, clipByValueAt } from "../optimizers/clipping.js";
import { addPenaltyGradient, addPenaltyInto } from "../optimizers/regularization.js";
import { shuffleInPlace, type Random } from "../random.js";
import { diverged } from "./diverged.js";
import { EarlyStopper } from "./early-stopping.js";
import { checkLossDomain } from "./loss-domain.js";
import { makeHead, type Head } from "./head.js";
import { ABS_SUM, ACC_SIZE, BATCH_LOSS, HISTORY_BYTES, HistoryRecorder, LOSS_SUM, recordIteration } from "./history.js";
import { Views } from "./layer-adapter.js";
import { checkTrainOptions, type CheckedOptions, type EarlyStopping, type TrainingSummary, type TrainOptions } from "./options.js";
import { Plan, type Plans } from "./plan.js";
import { predictPacked } from "./predict.js";

/** What the engine needs of a network. @internal */
export interface Model {
  readonly layers: readonly Layer[];
  readonly parameters: readonly Parameter[];
  readonly random: Random;
  readonly plans: Plans;
  readonly inputSize: number;
  readonly outputSize: number;
  /** The run state of the last training plan, kept with it (see {@link Run}). */
  run: Run | undefined;
}

/** X and y validated against the model's sizes, as packed copies. @internal */
export function checkData(model: Model, X: MatrixInput, y: MatrixInput, names = { X: "X", y: "y" }): [PackedMatrix, PackedMatrix] {
  const x = toMatrix(X, names.X, { count: model.inputSize, what: "the network's input size" });
  const t = toMatrix(y, names.y, { count: model.outputSize, what: "the network's output size" });
  if (x.shape[0] !== t.shape[0]) {
    throw new ShapeError(`${names.X} and ${names.y} must have the same number of rows (samples), got ${x.shape[0]} and ${t.shape[0]}`);
  }
  return [x, t];
}

/**
 * A training plan's run state: the loss head, the batch buffers and the stages the options ask
 * for. `step` is one update; `iterations` runs whole passes over the data.
 *
 * It lives as long as its plan, and each `train` call configures it again: V8's optimised code for
 * the training loop refers to the layouts (maps) of the objects it reads, and throws that code away
 * when every object of such a layout has been collected, so run state made afresh per call would
 * make every call warm up again (seen with --trace-deopt, "weak objects", after every GC). The data
 * of the last call are let go when it returns. @internal
 */
export class Run {
  head: Head;
  /** updates made in this run */
  steps = 0;
  /** between begin() and end(): a train or trace called from inside this run (onProgress, a monitor) gets a run of its own */
  active = false;
  /** the iteration and batch being run (for monitors and errors) */
  iteration = 0;
  batch = 0;
  readonly history = new HistoryRecorder(1, 1);
  private readonly params: readonly Parameter[];
  private readonly random: Random;
  private n = 0;
  private batched = false;
  private order = new Int32Array(0);
  /** the shuffle's draws */
  private draws = new Float64Array(0);
  /** mini-batches: the batch's rows of X and y, gathered (made on the first batched run) */
  private xb: Float64Array = EMPTY;
  private tb: Float64Array = EMPTY;
  /** [loss, Σ |output - y|] of the last mini-batch */
  private readonly errors = new Float64Array(2);
  /** [loss of the last batch, Σ loss·count, Σ |output - y|] of the current iteration */
  private readonly acc = new Float64Array(ACC_SIZE);
  /** [clipValue, clipNorm, the last norm]: in memory, as the clipping stages read them */
  private readonly limits = new Float64Array(3);
  private readonly info: { -readonly [K in keyof StepInfo]: StepInfo[K] };
  private readonly outputs: Views;
  private x: PackedMatrix = NO_DATA;
  private t: PackedMatrix = NO_DATA;
  private o: CheckedOptions;

  constructor(
    model: Model,
    readonly plan: Plan,
    o: CheckedOptions,
  ) {
    this.params = model.parameters;
    this.random = model.random;
    this.o = o;
    this.head = makeHead(plan, o.loss);
    this.outputs = new Views(model.outputSize);
    this.info = { iteration: 0, batch: 0, step: 0, loss: 0, output: NO_DATA, parameters: this.params };
  }

  /** Sets up a run on x and t with options o: from update 0, samples in order, a new history. */
  begin(x: PackedMatrix, t: PackedMatrix, o: CheckedOptions): void {
    if (o.loss !== this.o.loss) this.head = makeHead(this.plan, o.loss);
    this.o = o;
    this.x = x;
    this.t = t;
    this.n = x.shape[0];
    this.batched = o.batchSize < this.n;
    if (this.batched && this.xb.length === 0) {
      this.xb = new Float64Array(this.plan.mode.rows * x.shape[1]);
      this.tb = new Float64Array(this.plan.mode.rows * t.shape[1]);
    }
    if (this.order.length !== this.n) {
      this.order = new Int32Array(this.n);
      this.draws = new Float64Array(this.n);
    }
    for (let i = 0; i < this.n; i++) this.order[i] = i;
    this.steps = 0;
    this.limits[0] = o.clipValue ?? 0;
    this.limits[1] = o.clipNorm ?? 0;
    this.history.begin(o.iterations, this.n * t.shape[1]);
    this.active = true;
  }

  /**
   * Lets go of the run's data, history buffer and callbacks: the network keeps the run state, not
   * what it ran on. The last optimizer stays referenced until the next run: when the
   * `GradientDescent` made for `alpha` was let go, its layout died with it at the next GC and the
   * training loop warmed up again on every call (W1: 1.29x to 1.40x of the reference).
   */
  end(): void {
    this.active = false;
    this.x = this.t = NO_DATA;
    this.info.output = NO_DATA;
    this.o = { ...this.o, onProgress: undefined, monitors: [], earlyStopping: undefined };
    this.history.end();
    this.plan.release();
    // sized by the data: made again by the next run
    this.order = new Int32Array(0);
    this.draws = EMPTY;
  }

  /**
   * One update on the first `rows` rows of packed x and t: writes the loss and Σ |output - y| to
   * out[at] and out[at + 1]; returns false, before any update, when the loss is NaN or infinite.
   */
  step(x: Float64Array, t: Float64Array, rows: number, out: Float64Array, at: number): boolean {
    const o = this.o;
    const params = this.params;
    const output = this.plan.forward(x, rows);
    this.head.evaluate(output, t, rows, out, at);
    const regularization = o.regularization;
    if (regularization !== undefined) addPenaltyInto(out, at, params, regularization);
    if (!Number.isFinite(out[at]!)) return false;
    this.head.backward(rows);
    if (regularization !== undefined) addPenaltyGradient(params, regularization);
    if (o.clipValue !== undefined) clipByValueAt(params, this.limits);
    if (o.clipNorm !== undefined) clipByNormAt(params, this.limits);
    const monitors = o.monitors.length > 0;
    const info = this.info;
    if (monitors) {
      info.iteration = this.iteration;
      info.batch = this.batch;
      info.step = this.steps;
      info.loss = out[at]!;
      info.output = this.outputs.of(output, rows);
      for (const m of o.monitors) m.beforeUpdate?.(info);
    }
    o.optimizer.step(params, this.steps);
    this.steps++;
    if (monitors) for (const m of o.monitors) m.afterUpdate?.(info);
    return true;
  }

  /** Iterations `from` to `to - 1`, each recorded in the history. */
  iterations(from: number, to: number): void {
    if (this.batched) {
      for (let iteration = from; iteration < to; iteration++) this.batchedIteration(iteration);
      return;
    }
    // the full batch: one update per iteration, whose loss is the iteration's, written by the step
    // straight into the history
    const history = this.history;
    history.reserve(to);
    const values = history.values;
    const x = this.x.data;
    const t = this.t.data;
    const n = this.n;
    for (let iteration = from; iteration < to; iteration++) {
      this.iteration = iteration;
      if (!this.step(x, t, n, values, 2 * iteration)) throw diverged(`the loss became ${values[2 * iteration]}`, iteration, this.o.optimizer);
    }
  }

  /** One pass over the data in mini-batches (shuffled first, when asked), recorded in the history. */
  private batchedIteration(iteration: number): void {
    const n = this.n;
    const bs = this.o.batchSize;
    const acc = this.acc;
    const errors = this.errors;
    const inputs = this.x.shape[1];
    const outputs = this.t.shape[1];
    this.iteration = iteration;
    acc[LOSS_SUM] = 0;
    acc[ABS_SUM] = 0;
    if (this.o.shuffle) shuffleInPlace(this.order, this.random, this.draws);
    for (let start = 0, batch = 0; start < n; start += bs, batch++) {
      const count = Math.min(bs, n - start);
      gatherRows(this.xb, this.x.data, inputs, this.order, start, count);
      gatherRows(this.tb, this.t.data, outputs, this.order, start, count);
      this.batch = batch;
      if (!this.step(this.xb, this.tb, count, errors, 0)) throw diverged(`the loss became ${errors[0]}`, iteration, this.o.optimizer);
      acc[BATCH_LOSS] = errors[0]!;
      acc[LOSS_SUM]! += errors[0]! * count;
      acc[ABS_SUM]! += errors[1]!;
    }
    recordIteration(acc, true, n, iteration, this.history);
  }
}

/**
 * Trains `model` on X and y: see {@link Network.train}. @internal
 */
export function train(model: Model, X: MatrixInput, y: MatrixInput, options: TrainOptions = {}): TrainingSummary {
  const [x, t] = checkData(model, X, y);
  const o = checkTrainOptions(options, x.shape[0]);
  checkMemory(HISTORY_BYTES * o.iterations, model.plans.budget, `the history of ${o.iterations} iterations`);
  const stopper = o.earlyStopping === undefined ? undefined : earlyStopper(model, o.earlyStopping, o);
  const run = beginRun(model, x, t, o);
  try {
    return runAndSummarize(model, run, o, stopper);
  } finally {
    run.end();
  }
}

/**
 * The network's run state for batches of `o.batchSize` rows, begun on x and t: its plan and run
 * kept from the last call when the batch size is the same. Call `end()` when done. @internal
 */
export function beginRun(model: Model, x: PackedMatrix, t: PackedMatrix, o: CheckedOptions): Run {
  checkLossDomain(model.layers, o.loss, t.data, t.shape[0], t.shape[1]);
  if (model.run !== undefined && model.run.active) {
    // called from inside this network's own training (onProgress, a monitor): a plan and run of
    // its own, not kept, so that the outer run's buffers and state stay as they are
    const nested = new Run(model, new Plan(model.layers, { rows: o.batchSize, training: true, backward: true }, model.plans.budget), o);
    nested.begin(x, t, o);
    return nested;
  }
  const plan = model.plans.training(o.batchSize);
  if (model.run === undefined || model.run.plan !== plan) model.run = new Run(model, plan, o);
  model.run.begin(x, t, o);
  return model.run;
}

/** The loop of `train` and its summary. */
function runAndSummarize(model: Model, run: Run, o: CheckedOptions, stopper: EarlyStopper | undefined): TrainingSummary {
  const history = run.history;
  let iteration = 0;
  let stopReason: TrainingSummary["stopReason"];
  while (iteration < o.iterations) {
    // run up to the next iteration after which something is called: a progress report or an
    // early-stopping check (every iteration); without either, all of them in one call
    let to = o.iterations;
    if (stopper !== undefined) to = iteration + 1;
    else if (o.onProgress !== undefined) to = Math.min(to, Math.ceil(iteration / o.progressEvery) * o.progressEvery + 1);
    run.iterations(iteration, to);
    iteration = to;
    const last = iteration - 1;
    if (o.onProgress !== undefined && last % o.progressEvery === 0) {
      if (o.onProgress({ iteration: last, loss: history.lossAt(last), meanAbsoluteError: history.meanAbsoluteErrorAt(last) }) === false) {
        stopReason = "onProgress";
        break;
      }
    }
    if (stopper !== undefined) {
      const reason = stopper.check(last, history.lossAt(last));
      if (reason !== undefined) {
        stopReason = reason;
        break;
      }
    }
  }
  const restored = stopper?.restore() ?? false;
  for (const p of model.parameters) {
    if (!allFinite(p.value.data)) throw diverged(`parameter ${p.name} became NaN or Infinity`, iteration - 1, o.optimizer);
  }
  const summary: { -readonly [K in keyof TrainingSummary]: TrainingSummary[K] } = {
    iterations: iteration,
    steps: run.steps,
    loss: iteration > 0 ? history.lossAt(iteration - 1) : Number.NaN,
    meanAbsoluteError: iteration > 0 ? history.meanAbsoluteErrorAt(iteration - 1) : Number.NaN,
    stoppedEarly: stopReason !== undefined,
    history: history.toHistory(iteration),
  };
  if (stopReason !== undefined) summary.stopReason = stopReason;
  if (stopper !== undefined && o.earlyStopping?.validation !== undefined) {
    summary.history = { ...summary.history, validationLoss: stopper.validationLoss };
    if (stopper.bestIteration >= 0) {
      summary.best = { iteration: stopper.bestIteration, validationLoss: stopper.bestLoss, restored };
    }
  }
  return summary;
}

function earlyStopper(model: Model, options: EarlyStopping, o: CheckedOptions): EarlyStopper {
  let validation: { output: () => Matrix; y: Matrix } | undefined;
  if (options.validation !== undefined) {
    const v: unknown = options.validation;
    if (typeof v !== "object" || v === null) throw new ConfigError(`earlyStopping.validation must be an object { X, y }, got ${describe(v)}`);
    // copies, as X and y are: the caller's arrays may change while training runs
    const [x, y] = checkData(model, options.validation.X, options.validation.y, { X: "earlyStopping.validation.X", y: "earlyStopping.validation.y" });
    checkLossDomain(model.layers, o.loss, y.data, y.shape[0], y.shape[1], "earlyStopping.validation.y");
    const input = packedInput(x);
    validation = { output: () => packedView(predictPacked(model.plans, input, model.outputSize), x.shape[0], model.outputSize), y };
  }
  return new EarlyStopper(options, validation, model.layers, model.parameters, o.loss);
}

/** The data of a run between runs: none. */
const EMPTY = new Float64Array(0);
const NO_DATA = packedView(EMPTY, 0, 0);

