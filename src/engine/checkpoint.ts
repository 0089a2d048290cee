// What a training run can put back: the parameters, the layers' state (BatchNorm's running
// statistics), the optimizer's state and the random source's, at the start of an iteration. A run
// keeps the last two, taken every CHECKPOINT_EVERY updates, and on divergence restores one and
// replays the updates after it (the same operations on the same values give the same bits), so
// that the network ends up as it was after the last update whose loss was finite, without a copy
// at every step.

import type { Layer } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { stateMemo, type Random, type StateMemo } from "../random.js";

/** Updates between checkpoints when the updates after one can be replayed: a copy of the state every 256 updates costs nothing measurable. */
export const CHECKPOINT_EVERY = 256;

/** An optimizer whose state tinynn can copy: the built-in ones (see StatefulOptimizer.stateBuffers). */
interface StateBuffers {
  stateBuffers(parameters: readonly Parameter[]): Float64Array[];
  updates: number;
}

function hasStateBuffers(o: Optimizer): o is Optimizer & StateBuffers {
  return typeof (o as Partial<StateBuffers>).stateBuffers === "function" && typeof (o as Partial<StateBuffers>).updates === "number";
}

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

  save(s: Saved, steps: number, iteration: number, order: Int32Array): void {
    this.steps = steps;
    this.iteration = iteration;
    copyAll(s.targets, this.values);
    copyAll(s.optimizerBuffers, this.optimizerValues);
    if (s.optimizer !== undefined) this.updates = s.optimizer.updates;
    s.random?.save(this.randomValues);
    this.order.set(order);
  }

  restore(s: Saved, order: Int32Array): void {
    copyAll(this.values, s.targets);
    copyAll(this.optimizerValues, s.optimizerBuffers);
    if (s.optimizer !== undefined) s.optimizer.updates = this.updates;
    s.random?.restore(this.randomValues);
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
   * Whether the updates after a checkpoint can be replayed to the same bits: not when monitors run
   * (they may change the network, and must not see an update twice), nor when the run draws random
   * numbers from a source whose state cannot be saved. Without replay, a checkpoint is taken at
   * every update.
   */
  readonly replayable: boolean;

  constructor(
    readonly parameters: readonly Parameter[],
    layers: readonly Layer[],
    optimizer: Optimizer,
    random: Random,
    draws: boolean,
    monitors: boolean,
  ) {
    this.targets = [...parameters.map((p) => p.value.data), ...layers.flatMap((l) => (l.state ?? []).map((m) => m.data))];
    this.optimizer = hasStateBuffers(optimizer) ? optimizer : undefined;
    this.optimizerBuffers = this.optimizer?.stateBuffers(parameters) ?? [];
    this.random = draws ? stateMemo(random) : undefined;
    this.replayable = !monitors && (!draws || this.random !== undefined);
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
