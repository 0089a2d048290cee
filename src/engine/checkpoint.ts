// What a training run can put back: the parameters, the layers' state (BatchNorm's running
// statistics), the optimizer's state and the random source's. A run keeps the state it began with
// and its last two checkpoints, and on divergence restores the latest one before the last good
// update and replays the updates after it (the same operations on the same values give the same
// bits, which the losses the run logged confirm), so that the network ends up as it was after the
// last update whose loss was finite, without a copy at every step. Where a replay could not be run
// (a monitor of yours, a random source whose state tinynn cannot copy), a checkpoint is taken at
// every update instead.

import type { Layer } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import { DirectionChanges } from "../monitors/direction-changes.js";
import { LargestWeight } from "../monitors/largest-weight.js";
import type { TrainingMonitor } from "../monitors/monitor.js";
import { UpdateSizes } from "../monitors/update-sizes.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { stateMemo, type Random, type StateMemo } from "../random.js";

/** Updates between checkpoints when the updates after one can be replayed: a copy of the state every 256 updates costs nothing measurable. */
export const CHECKPOINT_EVERY = 256;

/** How many checkpoints a run keeps: the state it began with, and the last two. */
export const CHECKPOINTS = 3;

/** An optimizer whose state tinynn can copy: the built-in ones (see StatefulOptimizer.stateBuffers). */
interface StateBuffers {
  stateBuffers(parameters: readonly Parameter[]): Float64Array[];
  updates: number;
}

function hasStateBuffers(o: Optimizer): o is Optimizer & StateBuffers {
  return typeof (o as Partial<StateBuffers>).stateBuffers === "function" && typeof (o as Partial<StateBuffers>).updates === "number";
}

/** The built-in monitors only observe: skipping them in a replay changes nothing (they saw those updates already). */
const observes = (m: TrainingMonitor): boolean => m instanceof DirectionChanges || m instanceof LargestWeight || m instanceof UpdateSizes;

/** One saved state of a run. @internal */
export class Checkpoint {
  /** updates made when it was taken; -1: none taken */
  steps = -1;
  iteration = 0;
  /** the shuffled order of the samples when it was taken */
  order = new Int32Array(0);
  updates = 0;
  private values: Float64Array[] = [];
  private optimizerValues: Float64Array[] = [];
  private readonly randomValues: Float64Array;
  /** a random source of yours: what its getState returned */
  private randomState: unknown;

  constructor(readonly randomSize: number) {
    this.randomValues = new Float64Array(randomSize);
  }

  /** Sizes the buffers for what `s` saves (once per run: saving and restoring allocate nothing). */
  prepare(s: Saved, orderLength: number): void {
    this.steps = -1;
    this.values = sized(this.values, s.targets);
    this.optimizerValues = sized(this.optimizerValues, s.optimizerBuffers);
    if (this.order.length !== orderLength) this.order = new Int32Array(orderLength);
  }

  /** Lets go of the buffers (a network keeps its run state between calls, not copies of its weights). */
  release(): void {
    this.steps = -1;
    this.values = [];
    this.optimizerValues = [];
    this.order = new Int32Array(0);
    this.randomState = undefined;
  }

  save(s: Saved, steps: number, iteration: number, order: Int32Array): void {
    this.steps = steps;
    this.iteration = iteration;
    copyAll(s.targets, this.values);
    copyAll(s.optimizerBuffers, this.optimizerValues);
    if (s.optimizer !== undefined) this.updates = s.optimizer.updates;
    if (s.random !== undefined) this.randomState = s.random.save(this.randomValues);
    this.order.set(order);
  }

  restore(s: Saved, order: Int32Array): void {
    copyAll(this.values, s.targets);
    copyAll(this.optimizerValues, s.optimizerBuffers);
    if (s.optimizer !== undefined) s.optimizer.updates = this.updates;
    s.random?.restore(this.randomValues, this.randomState);
    order.set(this.order);
  }
}

/** What a checkpoint saves, for one run: found once per `train` call. @internal */
export class Saved {
  /** the parameters' values and every layer's state */
  readonly targets: Float64Array[];
  readonly optimizer: (Optimizer & StateBuffers) | undefined;
  /** the optimizer's state arrays (made now if the optimizer has not made them yet) */
  readonly optimizerBuffers: readonly Float64Array[];
  readonly random: StateMemo | undefined;
  /**
   * Whether the updates after a checkpoint can be replayed: not when a monitor of yours runs (it may
   * change the network, and must not see an update twice), nor when the run draws random numbers
   * from a source whose state cannot be saved. A replay is checked against the losses the run
   * logged: one that differs (an optimizer or a layer of yours that keeps state tinynn cannot copy)
   * is abandoned for the checkpoint itself.
   */
  readonly replayable: boolean;
  /** bytes of one checkpoint's copies */
  readonly bytes: number;

  constructor(
    readonly parameters: readonly Parameter[],
    layers: readonly Layer[],
    optimizer: Optimizer,
    random: Random,
    draws: boolean,
    monitors: readonly TrainingMonitor[],
  ) {
    this.targets = [...parameters.map((p) => p.value.data), ...layers.flatMap((l) => (l.state ?? []).map((m) => m.data))];
    this.optimizer = hasStateBuffers(optimizer) ? optimizer : undefined;
    this.optimizerBuffers = this.optimizer?.stateBuffers(parameters) ?? [];
    this.random = draws ? stateMemo(random) : undefined;
    this.replayable = monitors.every(observes) && (!draws || this.random !== undefined);
    let values = 0;
    for (const b of this.targets) values += b.length;
    for (const b of this.optimizerBuffers) values += b.length;
    this.bytes = 8 * values;
  }

  /** Whether every parameter and every layer's state is finite. */
  finite(): boolean {
    const targets = this.targets;
    for (let k = 0; k < targets.length; k++) {
      const d = targets[k]!;
      for (let i = 0; i < d.length; i++) if (d[i]! - d[i]! !== 0) return false;
    }
    return true;
  }
}

function sized(buffers: Float64Array[], like: readonly Float64Array[]): Float64Array[] {
  let same = buffers.length === like.length;
  for (let k = 0; same && k < like.length; k++) same = buffers[k]!.length === like[k]!.length;
  return same ? buffers : like.map((b) => new Float64Array(b.length));
}

function copyAll(from: readonly Float64Array[], to: readonly Float64Array[]): void {
  for (let k = 0; k < from.length; k++) to[k]!.set(from[k]!);
}
