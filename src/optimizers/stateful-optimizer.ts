import { ConfigError, describe, SerializationError } from "../errors.js";
import type { Parameter } from "../layers/parameter.js";
import type { Optimizer, OptimizerJSON } from "./optimizer.js";
import { checkLearningRate, learningRateJSON, rateInto, type LearningRate } from "./schedule.js";

/**
 * Base of optimizers that keep per-parameter state (velocities, moments): it validates the
 * learning rate, counts updates, owns the state slots and saves / restores them.
 *
 * ```text
 * step:  t <- t + 1;  α = alpha (or alpha(t - 1) for a schedule);
 *        for each parameter: update(θ, g, slots, α, t)
 * ```
 *
 * A subclass names its slots and implements the single hook `update`, which changes θ and its
 * slots in place. State is keyed by the parameter (and by its name in JSON), and survives
 * across `train` calls, so training can resume.
 *
 * @example
 * class SignSGD extends StatefulOptimizer {
 *   readonly name = "signSGD";
 *   protected readonly slotNames = [] as const;
 *   protected update(v: Float64Array, g: Float64Array, _s: Float64Array[], alpha: number): void {
 *     for (let i = 0; i < v.length; i++) v[i]! -= alpha * Math.sign(g[i]!);
 *   }
 *   protected hyperparameters() { return {}; }
 * }
 * new SignSGD(0.1).updates; // => 0
 */
export abstract class StatefulOptimizer implements Optimizer {
  /** A short name, saved as the JSON `type`. */
  abstract readonly name: string;
  /** The learning rate α, or its {@link Schedule} of the update count. */
  readonly alpha: LearningRate;
  /** Updates made so far by this optimizer, across `train` calls (the t of bias corrections and schedules). */
  updates = 0;
  /** The names of the per-parameter state arrays, e.g. `["m", "v"]`. */
  protected abstract readonly slotNames: readonly string[];
  /** α of the current update, in memory (see {@link StatefulOptimizer.nextUpdate}). */
  protected readonly rate = new Float64Array(1);
  private readonly slots = new Map<Parameter, Float64Array[]>();
  private pending: Readonly<Record<string, Readonly<Record<string, number[]>>>> = {};

  /**
   * @param alpha - the learning rate: a finite number > 0 or a schedule
   * @throws {@link ConfigError} If alpha is not a finite number > 0 or a schedule whose first rate is.
   */
  constructor(alpha: LearningRate) {
    this.alpha = checkLearningRate("alpha", alpha);
  }

  /**
   * Applies one update to every parameter.
   *
   * @param parameters - all trainable parameters, in the same order on every call
   */
  step(parameters: readonly Parameter[], _step?: number): void {
    const t = this.nextUpdate();
    for (const p of parameters) this.update(p.value.data, p.grad.data, this.slotsFor(p), this.rate[0]!, t);
    this.updates = t;
  }

  /**
   * Starts an update: writes its α to `this.rate[0]` and returns its 1-based number t (assign it
   * to `updates` when the update is done). For subclasses that override `step` to update every
   * parameter in one loop: the built-in ones do, because a double passed to a call V8 does not
   * inline (`update` per parameter, when a process uses several optimizers) is boxed.
   */
  protected nextUpdate(): number {
    const t = this.updates + 1;
    rateInto(this.rate, this.alpha, t - 1);
    return t;
  }

  /**
   * The per-parameter hook: update θ (`value`) in place from its gradient and slots.
   *
   * @param value - θ, flattened row by row
   * @param grad - dL/dθ, same layout
   * @param slots - this parameter's state arrays, in `slotNames` order, same layout
   * @param alpha - α for this update
   * @param t - the 1-based number of this update
   */
  protected abstract update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number, t: number): void;

  /** The hyperparameters other than alpha, by option name, for JSON. */
  protected abstract hyperparameters(): Record<string, number | boolean>;

  /** Forgets all state: the next update is t = 1 again with zero slots. */
  reset(): void {
    this.updates = 0;
    this.slots.clear();
    this.pending = {};
  }

  /**
   * The state of one parameter, by slot name (copies), or `undefined` before its first update.
   *
   * @param parameter - a parameter this optimizer has updated
   */
  stateOf(parameter: Parameter): Record<string, number[]> | undefined {
    const s = this.slots.get(parameter);
    if (s === undefined) return undefined;
    return Object.fromEntries(this.slotNames.map((name, k) => [name, Array.from(s[k]!)]));
  }

  /** The optimizer, its hyperparameters, update count and state, as {@link OptimizerJSON}. */
  toJSON(): OptimizerJSON {
    const state: Record<string, Record<string, number[]>> = { ...this.pending };
    for (const p of this.slots.keys()) state[p.name] = this.stateOf(p)!;
    return { type: this.name, alpha: learningRateJSON(this.alpha), hyperparameters: this.hyperparameters(), updates: this.updates, state };
  }

  /**
   * Loads the update count and state saved by {@link StatefulOptimizer.toJSON}; each parameter picks
   * its state up by name at its next update.
   *
   * @param json - the saved optimizer (its `type` must be this optimizer's name)
   * @throws {@link SerializationError} If the type differs or a field is malformed.
   */
  loadState(json: OptimizerJSON): void {
    if (typeof json !== "object" || json === null || json.type !== this.name) {
      throw new SerializationError(`optimizer json.type must be ${JSON.stringify(this.name)}, got ${describe((json as { type?: unknown } | null)?.type)}`);
    }
    if (typeof json.updates !== "number" || !Number.isInteger(json.updates) || json.updates < 0) {
      throw new SerializationError(`optimizer json.updates must be an integer >= 0, got ${describe(json.updates)}`);
    }
    if (typeof json.state !== "object" || json.state === null) {
      throw new SerializationError(`optimizer json.state must be an object, got ${describe(json.state)}`);
    }
    for (const [name, slots] of Object.entries(json.state)) {
      for (const slot of this.slotNames) {
        const arr: unknown = (slots as Record<string, unknown>)[slot];
        if (!Array.isArray(arr) || arr.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
          throw new SerializationError(`optimizer json.state.${name}.${slot} must be an array of finite numbers, got ${describe(arr)}`);
        }
      }
    }
    this.slots.clear();
    this.updates = json.updates;
    this.pending = json.state;
  }

  /** The state arrays of `p`, in `slotNames` order (made, or restored from loaded state, on first use). */
  protected slotsFor(p: Parameter): Float64Array[] {
    // nothing here captures a variable: a closure in this function would make V8 allocate its
    // context on every call, and this runs for every parameter at every update
    const s = this.slots.get(p);
    return s !== undefined ? s : this.newSlots(p);
  }

  private newSlots(p: Parameter): Float64Array[] {
    const size = p.value.data.length;
    const saved = Object.hasOwn(this.pending, p.name) ? this.pending[p.name] : undefined;
    const s = this.slotNames.map((name) => {
      const arr = new Float64Array(size);
      const from = saved?.[name];
      if (from !== undefined) {
        if (from.length !== size) {
          throw new SerializationError(`optimizer state ${p.name}.${name} has ${from.length} numbers but ${p.name} has ${size}`);
        }
        arr.set(from);
      }
      return arr;
    });
    this.slots.set(p, s);
    return s;
  }
}

/** Throws a ConfigError unless `value` is a finite number in [0, 1). @internal */
export function checkDecay(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new ConfigError(`${name} must be a finite number in [0, 1), got ${describe(value)}`);
  }
  return value;
}

/** Throws a ConfigError unless `options` is an object. @internal */
export function checkOptionsObject(what: string, options: unknown, shape: string): void {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`${what} options must be an object ${shape}, got ${describe(options)}`);
  }
}
