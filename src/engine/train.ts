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

import { ConfigError, DataError, describe, ShapeError } from "../errors.js";
import { checkMemory } from "../limits.js";
import type { Layer } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import { allFinite } from "../matrix/elementwise.js";
import { gatherRows, packedInput, packedView, toMatrix, type Matrix, type MatrixInput, type PackedMatrix } from "../matrix/matrix.js";
import type { StepInfo } from "../monitors/monitor.js";
import { clipByNormAt, clipByValueAt } from "../optimizers/clipping.js";
import { addPenaltyGradient, addPenaltyInto } from "../optimizers/regularization.js";
import { randomPermutation, type Random } from "../random.js";
import { Checkpoint, CHECKPOINT_EVERY, CHECKPOINTS, Saved } from "./checkpoint.js";
import { diverged } from "./diverged.js";
import { EarlyStopper } from "./early-stopping.js";
import { checkLossDomain } from "./loss-domain.js";
import { makeHead, type Head } from "./head.js";
import { ABS_SUM, ACC_SIZE, BATCH_LOSS, HISTORY_BYTES, HistoryRecorder, LOSS_SUM, recordIteration } from "./history.js";
import { Views } from "./layer-adapter.js";
import { checkMetrics, MetricRecorder, type ValidationPass } from "./metrics.js";
import { checkTrainOptions, checkValidationSplit, type CheckedOptions, type EarlyStopping, type TrainingSummary, type TrainOptions } from "./options.js";
import { Plan, type Plans } from "./plan.js";
import { predictedLoss } from "./predict.js";

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
  /** Updates made to the network by every run so far (saved with its training state): the `step` optimizers get. */
  readonly count: { updates: number };
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
  /** trainAsync is waiting between two slices of this run: another train or trace is refused until it ends */
  paused = false;
  /** stop at the end of the iteration being run (trainAsync's signal was aborted) */
  halted = false;
  /** the metrics stage of this run, if any, and whether the iteration being run is measured */
  metrics: MetricRecorder | undefined = undefined;
  measuring = false;
  /** the iteration whose forward passes measure the metrics (-1: none) */
  private measureAt = -1;
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
  /** what a checkpoint saves in this run; the state it began with and the last two checkpoints */
  private saved: Saved | undefined;
  private start = new Checkpoint(0);
  private newest = new Checkpoint(0);
  private previous = new Checkpoint(0);
  /** updates between checkpoints: CHECKPOINT_EVERY when the updates after one can be replayed, else 1 */
  private every = 1;
  /** the updates after a checkpoint are being replayed (see {@link Run.recover}) */
  private replaying = false;
  /** the loss of each of the last LOSS_LOG_MASK + 1 updates, by update number: what a replay must give again */
  private readonly losses = new Float64Array(LOSS_LOG_MASK + 1);
  /** the last recovery restored a checkpoint because a replay from it gave other losses than the run */
  private unfaithful = false;
  private readonly layers: readonly Layer[];
  private readonly plans: Plans;

  /** the network's update count (see {@link Model.count}) */
  private readonly count: { updates: number };

  constructor(
    model: Model,
    readonly plan: Plan,
    o: CheckedOptions,
  ) {
    this.count = model.count;
    this.params = model.parameters;
    this.layers = model.layers;
    this.plans = model.plans;
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
    this.beginCheckpoints(o);
    this.halted = false;
    this.active = true;
  }

  /** Finds what checkpoints save in this run, checks their copies fit the budget, and takes the first ones, at update 0. */
  private beginCheckpoints(o: CheckedOptions): void {
    // the run draws random numbers when it shuffles, or when a layer draws (Dropout, or a layer of
    // yours that was given the random source)
    const draws = (this.batched && o.shuffle) || this.layers.some((l) => l.type === "dropout" || typeof l.setRandom === "function");
    const saved = new Saved(this.params, this.layers, o.optimizer, this.random, draws, o.monitors);
    checkMemory(CHECKPOINTS * saved.bytes, this.plans.budget, `the run's ${CHECKPOINTS} checkpoints (copies of the parameters, layer and optimizer state)`);
    const size = saved.random?.size ?? 0;
    if (this.newest.randomSize !== size) {
      this.start = new Checkpoint(size);
      this.newest = new Checkpoint(size);
      this.previous = new Checkpoint(size);
    }
    this.saved = saved;
    this.every = saved.replayable ? CHECKPOINT_EVERY : 1;
    for (const c of [this.start, this.newest, this.previous]) c.prepare(saved, this.n);
    this.start.save(saved, 0, 0, this.order);
    this.newest.save(saved, 0, 0, this.order);
  }

  /**
   * Takes a checkpoint at the start of an update (of an iteration, before its shuffle, when
   * replayable), keeping the one before. A state that is not finite is not kept: the run stops there
   * as diverged (a NaN or an infinity the losses did not show).
   */
  private checkpoint(iteration: number): void {
    if (!this.saved!.finite()) throw this.divergedAt("a parameter or a layer's state became NaN or Infinity", iteration, true);
    const c = this.previous;
    this.previous = this.newest;
    this.newest = c;
    c.save(this.saved!, this.steps, iteration, this.order);
  }

  /** Puts the network back as it was when the run began (parameters, layer, optimizer and random state). */
  restoreStart(): void {
    this.restoreTo(this.start);
  }

  /** Puts the network back to checkpoint `c`. */
  private restoreTo(c: Checkpoint): void {
    c.restore(this.saved!, this.order);
    this.count.updates += c.steps - this.steps;
    this.steps = c.steps;
    this.iteration = c.iteration;
  }

  /** The latest checkpoint taken at or before update `target`. */
  private checkpointBefore(target: number): Checkpoint {
    let best = this.start;
    for (const c of [this.newest, this.previous]) if (c.steps >= 0 && c.steps <= target && c.steps > best.steps) best = c;
    return best;
  }

  /**
   * After a run went wrong at update `bad` (its loss not finite): puts the network back
   * (parameters, layer state, optimizer state, random source) to the latest state before it whose
   * predictions on the training data, and their loss, are finite: the start of update `bad - 1`
   * (restored from the last checkpoint before it, replaying the updates in between), else a
   * checkpoint before it, else the state the run began with. Returns how many updates that state had.
   */
  private recover(bad: number): number {
    const target = Math.max(0, bad - 1);
    const c = this.checkpointBefore(target);
    this.restoreTo(c);
    this.unfaithful = false;
    if (this.every > 1 && this.replay(c.iteration, target) === UNFAITHFUL) {
      // not the run's numbers: the checkpoint is a state the network really had
      this.unfaithful = true;
      this.restoreTo(c);
    }
    if (this.predictsFinite()) return this.steps;
    // the checkpoints at or before the target, latest first, and at last the state the run began with
    for (const k of [this.newest, this.previous, this.start].sort((p, q) => q.steps - p.steps)) {
      if (k.steps < 0 || k.steps > this.steps) continue;
      this.restoreTo(k);
      if (k === this.start || this.predictsFinite()) return this.steps;
    }
    return this.steps;
  }

  /**
   * After a run whose losses were finite but that left a parameter or a layer's state that is not (a
   * NaN or an infinity the loss did not show): finds the first update that did, from the latest
   * finite checkpoint, and {@link Run.recover}s from it. Returns the updates kept and that update.
   */
  private recoverFinite(): { updates: number; bad: number } {
    const end = this.steps;
    for (const c of [this.newest, this.previous, this.start].sort((a, b) => b.steps - a.steps)) {
      if (c.steps < 0) continue;
      this.restoreTo(c);
      if (!this.saved!.finite()) continue;
      // without replay the checkpoints are one update apart: the next one is the first bad state
      const found = this.every > 1 ? this.replay(c.iteration, end, true) : -1;
      const bad = found >= 0 ? found : found === UNFAITHFUL ? c.steps + 1 : Math.min(end, c.steps + 1);
      return { updates: this.recover(bad), bad };
    }
    this.restoreTo(this.start);
    return { updates: 0, bad: end };
  }

  /** Whether the network's predictions on the run's X, and their loss, are finite (inference behaviour). */
  private predictsFinite(): boolean {
    if (!this.saved!.finite()) return false;
    const rows = this.n;
    const cols = this.t.shape[1];
    try {
      return Number.isFinite(predictedLoss(this.plans, packedInput(this.x), this.o.loss, this.t).value);
    } catch (e) {
      if (e instanceof DataError) return false;
      throw e;
    }
  }

  /**
   * Runs the updates from the start of `iteration` (restored) until `target` have been made. With
   * `watch`, stops at the first update that leaves a parameter or a layer's state not finite and
   * returns the number of updates made with it; also when an update's loss is not finite (-1 when
   * neither happens).
   */
  private replay(iteration: number, target: number, watch = false): number {
    const x = this.x.data;
    const t = this.t.data;
    // the run logged the last LOSS_LOG_MASK + 1 losses: a longer replay is not checked
    const checked = target - this.steps <= LOSS_LOG_MASK;
    this.replaying = true;
    try {
      for (let it = iteration; this.steps < target; it++) {
        this.iteration = it;
        if (!this.batched) {
          const r = this.replayStep(x, t, this.n, checked, watch);
          if (r !== -1) return r;
          continue;
        }
        if (this.o.shuffle) randomPermutation(this.order, this.random, this.draws);
        for (let start = 0; start < this.n && this.steps < target; start += this.o.batchSize) {
          const count = Math.min(this.o.batchSize, this.n - start);
          gatherRows(this.xb, x, this.x.shape[1], this.order, start, count);
          gatherRows(this.tb, t, this.t.shape[1], this.order, start, count);
          const r = this.replayStep(this.xb, this.tb, count, checked, watch);
          if (r !== -1) return r;
        }
      }
    } finally {
      this.replaying = false;
    }
    return -1;
  }

  /** One update of a replay, checked against the run's log: -1 when it goes on, else what `replay` returns. */
  private replayStep(x: Float64Array, t: Float64Array, rows: number, checked: boolean, watch: boolean): number {
    const logged = this.losses[this.steps & LOSS_LOG_MASK]!;
    // every update replayed had a finite loss in the run: one that is not, or another number, is not the run
    if (!this.step(x, t, rows, this.errors, 0)) return checked ? UNFAITHFUL : this.steps;
    if (checked && this.errors[0] !== logged) return UNFAITHFUL;
    if (watch && !this.saved!.finite()) return this.steps;
    return -1;
  }

  /**
   * The TrainingError for a run that went wrong in `iteration`, after putting the network back:
   * the loss of the update being made was not finite, or (`state`) a parameter or a layer's state
   * is not (see {@link Run.recover}).
   */
  divergedAt(what: string, iteration: number, state = false): Error {
    let updates: number;
    let at = iteration;
    if (state) {
      const r = this.recoverFinite();
      updates = r.updates;
      at = this.iterationOf(r.bad - 1);
    } else {
      const failed = this.steps;
      updates = this.recover(failed);
      // the first update's loss: the starting weights give it, no learning rate is to blame
      if (failed === 0) return diverged(`${what} at the starting weights`, at, this.o.optimizer, { updates: 0, iteration: 0, start: true });
    }
    return diverged(what, at, this.o.optimizer, { updates, iteration: this.iterationOf(updates - 1), checkpoint: this.unfaithful });
  }

  /** Whether every parameter and layer state of the network is finite. */
  finite(): boolean {
    return this.saved!.finite();
  }

  /** The rows trained on. */
  get rows(): number {
    return this.n;
  }

  /** The iteration (of this run) in which update `k` (from 0) is made. */
  iterationOf(k: number): number {
    return this.batched ? Math.floor(k / Math.ceil(this.n / this.o.batchSize)) : k;
  }

  /**
   * Lets go of the run's data, history buffer and callbacks: the network keeps the run state, not
   * what it ran on. The last optimizer stays referenced until the next run: when the
   * `GradientDescent` made for `alpha` was let go, its layout died with it at the next GC and the
   * training loop warmed up again on every call (W1: 1.29x to 1.40x of the reference).
   */
  end(): void {
    this.active = false;
    this.paused = false;
    this.x = this.t = NO_DATA;
    this.info.output = NO_DATA;
    this.o = { ...this.o, onProgress: undefined, monitors: [], earlyStopping: undefined };
    this.history.end();
    this.plan.release();
    this.saved = undefined;
    for (const c of [this.start, this.newest, this.previous]) c.release();
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
    if (this.measuring && !this.replaying) this.metrics!.measure(output, t, rows);
    const regularization = o.regularization;
    if (regularization !== undefined) addPenaltyInto(out, at, params, regularization);
    if (!Number.isFinite(out[at]!)) return false;
    // the log a replay is checked against (see Run.replay)
    this.losses[this.steps & LOSS_LOG_MASK] = out[at]!;
    this.head.backward(rows);
    if (regularization !== undefined) addPenaltyGradient(params, regularization);
    if (o.clipValue !== undefined) clipByValueAt(params, this.limits);
    if (o.clipNorm !== undefined) clipByNormAt(params, this.limits);
    const monitors = o.monitors.length > 0 && !this.replaying;
    const info = this.info;
    if (monitors) {
      info.iteration = this.iteration;
      info.batch = this.batch;
      info.step = this.steps;
      info.loss = out[at]!;
      info.output = this.outputs.of(output, rows);
      for (const m of o.monitors) m.beforeUpdate?.(info);
    }
    const count = this.count;
    o.optimizer.step(params, count.updates);
    this.steps++;
    // the network's count, live: a save or a clone during the run (a callback, a pause of
    // trainAsync) and a run inside this one see it, and add to it
    count.updates++;
    if (monitors) for (const m of o.monitors) m.afterUpdate?.(info);
    return true;
  }

  /**
   * Iterations `from` to `to - 1`, each recorded in the history, or until `halted` is set (then the
   * iteration being run is completed). Returns the iterations completed, `to` unless halted.
   * `afterCallback`: a callback ran since the last call (onProgress, early stopping), which may have
   * changed the network: a checkpoint is taken first, so that a replay never runs across one. (A
   * pause of trainAsync takes none, so that its checkpoints are train's; code that changes the
   * network during a pause makes a replay across it unfaithful, which the replay detects.)
   */
  iterations(from: number, to: number, afterCallback = true, measureAt = -1): number {
    if (afterCallback && this.steps > this.newest.steps) this.checkpoint(from);
    let iteration = from;
    this.measureAt = measureAt;
    if (this.batched) {
      for (; iteration < to && !this.halted; iteration++) this.batchedIteration(iteration);
      this.measuring = false;
      return iteration;
    }
    // the full batch: one update per iteration, whose loss is the iteration's, written by the step
    // straight into the history
    const history = this.history;
    history.reserve(to);
    const values = history.values;
    const x = this.x.data;
    const t = this.t.data;
    const n = this.n;
    for (; iteration < to && !this.halted; iteration++) {
      this.iteration = iteration;
      this.measuring = iteration === measureAt;
      if (this.steps - this.newest.steps >= this.every) this.checkpoint(iteration);
      if (!this.step(x, t, n, values, 2 * iteration)) throw this.divergedAt(`the loss became ${values[2 * iteration]}`, iteration);
    }
    this.measuring = false;
    return iteration;
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
    this.measuring = iteration === this.measureAt;
    acc[LOSS_SUM] = 0;
    acc[ABS_SUM] = 0;
    // checkpoints at the start of an iteration are taken before its shuffle: the state after the
    // last update of the one before (and what a replay starts from)
    const replayable = this.every > 1;
    if (this.steps - this.newest.steps >= this.every) this.checkpoint(iteration);
    if (this.o.shuffle) randomPermutation(this.order, this.random, this.draws);
    for (let start = 0, batch = 0; start < n; start += bs, batch++) {
      const count = Math.min(bs, n - start);
      gatherRows(this.xb, this.x.data, inputs, this.order, start, count);
      gatherRows(this.tb, this.t.data, outputs, this.order, start, count);
      this.batch = batch;
      if (!replayable && batch > 0) this.checkpoint(iteration);
      if (!this.step(this.xb, this.tb, count, errors, 0)) throw this.divergedAt(`the loss became ${errors[0]}`, iteration);
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
  const loop = startTraining(model, X, y, options);
  try {
    while (!loop.done) loop.advance(Infinity);
    return loop.summary();
  } finally {
    loop.end();
  }
}

/**
 * Checks X, y and the options and begins a run on them: a {@link TrainingLoop} that `train` runs
 * through at once and `trainAsync` in slices. Call `end()` when done. @internal
 */
export function startTraining(model: Model, X: MatrixInput, y: MatrixInput, options: TrainOptions): TrainingLoop {
  let [x, t] = checkData(model, X, y);
  // validationSplit: the last rows are held out (before the options that depend on the rows trained on)
  const kept = checkValidationSplit(options, x.shape[0]);
  let held: [PackedMatrix, PackedMatrix] | undefined;
  if (kept !== undefined) {
    held = [rowsFrom(x, kept, x.shape[0]), rowsFrom(t, kept, t.shape[0])];
    [x, t] = [rowsFrom(x, 0, kept), rowsFrom(t, 0, kept)];
  }
  const o = checkTrainOptions(options, x.shape[0]);
  checkMemory(HISTORY_BYTES * o.iterations, model.plans.budget, `the history of ${o.iterations} iterations`);
  const stopper = o.earlyStopping === undefined ? undefined : earlyStopper(model, o.earlyStopping, o);
  const metrics = checkMetrics(o.metrics, model.layers, o.loss);
  if (o.validation !== undefined) held = checkData(model, o.validation.X, o.validation.y, { X: "validation.X", y: "validation.y" });
  let recorder: MetricRecorder | undefined;
  if (metrics.length > 0 || held !== undefined) {
    let pass: ValidationPass | undefined;
    if (held !== undefined) {
      const [vx, vy] = held;
      checkLossDomain(model.layers, o.loss, vy.data, vy.shape[0], vy.shape[1], o.validation === undefined ? "y (its validationSplit rows)" : "validation.y");
      const input = packedInput(vx);
      const cols = model.outputSize;
      pass = {
        run: () => {
          const { value, output } = predictedLoss(model.plans, input, o.loss, vy);
          return { loss: value, output: packedView(output, vx.shape[0], cols) };
        },
        y: vy,
      };
    }
    recorder = new MetricRecorder(metrics, model.outputSize, pass);
  }
  return new TrainingLoop(beginRun(model, x, t, o), o, stopper, recorder);
}

/** Rows `from` to `to - 1` of packed `m`, as a packed copy. */
function rowsFrom(m: PackedMatrix, from: number, to: number): PackedMatrix {
  const cols = m.shape[1];
  return packedView(m.data.slice(from * cols, to * cols), to - from, cols);
}

/**
 * The network's run state for batches of `o.batchSize` rows, begun on x and t: its plan and run
 * kept from the last call when the batch size is the same. Call `end()` when done. @internal
 */
export function beginRun(model: Model, x: PackedMatrix, t: PackedMatrix, o: CheckedOptions): Run {
  if (model.run !== undefined && model.run.paused) {
    throw new ConfigError("the network is being trained by trainAsync: await it (or abort it with its signal) before training or tracing it again; predict, evaluate and toJSON may be called meanwhile");
  }
  if (PAUSED_OPTIMIZERS.has(o.optimizer)) {
    throw new ConfigError(`optimizer ${describe(o.optimizer.name)} is in use by a trainAsync run that has not ended: one optimizer updates one network's parameters at a time (make another, or await that run)`);
  }
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

/**
 * The optimizers of trainAsync runs that have not ended: their state (moments, update counts)
 * belongs to that run until it ends. @internal
 */
export const PAUSED_OPTIMIZERS = new WeakSet<object>();

/**
 * The loop of a training run, between its callbacks: `advance` runs iterations up to the next
 * progress report or early-stopping check (or a limit), then calls them; `summary` is what
 * `train` returns. `train` advances until done; `trainAsync` advances in slices of time. The
 * iterations are the same either way: only where the loop pauses differs. @internal
 */
export class TrainingLoop {
  /** iterations completed */
  iteration = 0;
  /** onProgress or early stopping ended the run, or every iteration ran */
  done: boolean;
  private stopReason: TrainingSummary["stopReason"];
  /** a callback ran since the last segment of iterations (see {@link Run.iterations}) */
  private called = false;

  constructor(
    readonly run: Run,
    private readonly o: CheckedOptions,
    private readonly stopper: EarlyStopper | undefined,
    private readonly recorder: MetricRecorder | undefined = undefined,
  ) {
    this.done = o.iterations === 0;
    run.metrics = recorder;
  }

  /** Whether iteration `i` is recorded (metrics): every `progressEvery` from 0, and the last. */
  private recorded(i: number): boolean {
    return this.recorder !== undefined && (i % this.o.progressEvery === 0 || i === this.o.iterations - 1);
  }

  /** The run's optimizer. */
  get optimizer(): object {
    return this.o.optimizer;
  }

  /**
   * Runs iterations until `limit` have been completed, the next callback has been called, the run
   * is done, or `run.halted` was set (then it stops at the end of the iteration being run).
   */
  advance(limit: number): void {
    const o = this.o;
    const run = this.run;
    const history = run.history;
    // up to the next iteration after which something is called: a progress report or an
    // early-stopping check (every iteration); without either, all of them in one call
    let to = o.iterations;
    if (this.stopper !== undefined) to = this.iteration + 1;
    else if (o.onProgress !== undefined || this.recorder !== undefined) to = Math.min(to, Math.ceil(this.iteration / o.progressEvery) * o.progressEvery + 1);
    const end = Math.min(to, limit);
    // the recorded iteration's forward passes measure the metrics (one call of the loop either way:
    // V8 optimises it as one)
    const measureAt = this.recorder !== undefined && end === to && this.recorded(to - 1) ? to - 1 : -1;
    const reached = run.iterations(this.iteration, end, this.called, measureAt);
    this.called = false;
    this.iteration = reached;
    if (reached === o.iterations) this.done = true;
    if (reached < to) return;
    const last = reached - 1;
    this.called = true;
    if (this.recorded(last)) {
      try {
        this.recorder!.record(last, run.rows);
      } catch (e) {
        // the validation data's output is not finite: the last update diverged
        if (e instanceof DataError) throw run.divergedAt(`the validation ${e.message}`, last);
        throw e;
      }
    }
    if (o.onProgress !== undefined && last % o.progressEvery === 0) {
      if (o.onProgress({ iteration: last, loss: history.lossAt(last), meanAbsoluteError: history.meanAbsoluteErrorAt(last) }) === false) {
        this.stop("onProgress");
        return;
      }
    }
    if (this.stopper !== undefined) {
      let reason: ReturnType<EarlyStopper["check"]>;
      try {
        reason = this.stopper.check(last, history.lossAt(last));
      } catch (e) {
        // the validation data's output or loss is not finite: the last update diverged
        if (e instanceof DataError) throw run.divergedAt(`the validation ${e.message}`, last);
        throw e;
      }
      if (reason !== undefined) this.stop(reason);
    }
  }

  private stop(reason: NonNullable<TrainingSummary["stopReason"]>): void {
    this.stopReason = reason;
    this.done = true;
  }

  /** The summary of the run (after the best parameters are put back, when asked). */
  summary(): TrainingSummary {
    const { run, stopper, stopReason } = this;
    const iteration = this.iteration;
    const history = run.history;
    const restored = stopper?.restore() ?? false;
    if (!run.finite()) throw run.divergedAt("a parameter or a layer's state became NaN or Infinity", iteration - 1, true);
    const summary: { -readonly [K in keyof TrainingSummary]: TrainingSummary[K] } = {
      iterations: iteration,
      steps: run.steps,
      loss: iteration > 0 ? history.lossAt(iteration - 1) : Number.NaN,
      meanAbsoluteError: iteration > 0 ? history.meanAbsoluteErrorAt(iteration - 1) : Number.NaN,
      stoppedEarly: stopReason !== undefined,
      history: history.toHistory(iteration),
    };
    if (stopReason !== undefined) summary.stopReason = stopReason;
    // beside the arrays made on first read, without making them
    if (this.recorder !== undefined) Object.defineProperty(summary.history, "metrics", { value: this.recorder.toHistory(), enumerable: true, configurable: true, writable: true });
    if (stopper !== undefined && this.o.earlyStopping?.validation !== undefined) {
      summary.history = { ...summary.history, validationLoss: stopper.validationLoss };
      if (stopper.bestIteration >= 0) {
        summary.best = { iteration: stopper.bestIteration, validationLoss: stopper.bestLoss, restored };
      }
    }
    return summary;
  }

  /** Ends the run: lets go of its data and callbacks (see {@link Run.end}). */
  end(): void {
    this.run.end();
  }
}

function earlyStopper(model: Model, options: EarlyStopping, o: CheckedOptions): EarlyStopper {
  let validation: (() => number) | undefined;
  if (options.validation !== undefined) {
    const v: unknown = options.validation;
    if (typeof v !== "object" || v === null) throw new ConfigError(`earlyStopping.validation must be an object { X, y }, got ${describe(v)}`);
    // copies, as X and y are: the caller's arrays may change while training runs
    const [x, y] = checkData(model, options.validation.X, options.validation.y, { X: "earlyStopping.validation.X", y: "earlyStopping.validation.y" });
    checkLossDomain(model.layers, o.loss, y.data, y.shape[0], y.shape[1], "earlyStopping.validation.y");
    const input = packedInput(x);
    validation = () => predictedLoss(model.plans, input, o.loss, y).value;
  }
  return new EarlyStopper(options, validation, model.layers, model.parameters);
}

/** A replay whose losses differ from the ones the run logged (see Run.replay). */
const UNFAITHFUL = -2;
/** The loss log's size, minus 1: a power of 2 above two checkpoint intervals. */
const LOSS_LOG_MASK = 1023;

/** The data of a run between runs: none. */
const EMPTY = new Float64Array(0);
const NO_DATA = packedView(EMPTY, 0, 0);

