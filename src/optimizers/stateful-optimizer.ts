import { checkKnownKeys, ConfigError, describe, quote, SerializationError, ShapeError } from "../errors.js";
import { fieldPath, ownField } from "../layers/json-fields.js";
import type { Parameter } from "../layers/parameter.js";
import type { Optimizer, OptimizerJSON } from "./optimizer.js";
import { checkMemory, DEFAULT_MEMORY_BUDGET } from "../limits.js";
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
  /**
   * The slots that can only hold numbers >= 0 (sums and averages of squares, e.g. Adam's `v`):
   * {@link StatefulOptimizer.loadState} refuses a negative one, whose square root would be NaN.
   */
  protected readonly nonNegativeSlots: readonly string[] = [];
  /** α of the current update, in memory (see {@link StatefulOptimizer.nextUpdate}). */
  protected readonly rate = new Float64Array(1);
  private readonly slots = new Map<Parameter, Float64Array[]>();
  /** State loaded by {@link StatefulOptimizer.loadState} and not yet picked up: parameter name -> slots in `slotNames` order (copies). */
  private pending = new Map<string, Float64Array[]>();
  /** State was loaded and the next update has not yet picked it up. */
  private loaded = false;

  /**
   * @param alpha - the learning rate: a finite number > 0 or a schedule (whose α_0 is > 0 and
   *   whose later rates are finite numbers >= 0)
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
    const t = this.nextUpdate(parameters);
    for (const p of parameters) this.update(p.value.data, p.grad.data, this.slotsFor(p), this.rate[0]!, t);
    this.updates = t;
  }

  /**
   * Starts an update: writes its α to `this.rate[0]` and returns its 1-based number t (assign it
   * to `updates` when the update is done). For subclasses that override `step` to update every
   * parameter in one loop: the built-in ones do, because a double passed to a call V8 does not
   * inline (`update` per parameter, when a process uses several optimizers) is boxed.
   *
   * @param parameters - the parameters this update will change: after {@link StatefulOptimizer.loadState},
   *   each picks its saved state up here, before any is changed, so that a saved state that does
   *   not fit them is refused with every parameter as it was
   */
  protected nextUpdate(parameters?: readonly Parameter[]): number {
    if (parameters !== undefined && !Array.isArray(parameters)) {
      throw new ConfigError(`${this.name}.step needs an array of Parameters, like net.parameters(), got ${describe(parameters)}`);
    }
    const t = this.updates + 1;
    rateInto(this.rate, this.alpha, t - 1);
    if (this.loaded && parameters !== undefined) this.pickUp(parameters);
    return t;
  }

  /** After loadState: every parameter takes its saved state; a saved state that fits none of them is refused. */
  private pickUp(parameters: readonly Parameter[]): void {
    for (let k = 0; k < parameters.length; k++) this.slotsFor(parameters[k]!);
    this.loaded = false;
    if (this.pending.size === 0) return;
    const names = [...this.pending.keys()];
    this.pending.clear();
    const listed = names.slice(0, 5).map((n) => quote(n)).join(", ") + (names.length > 5 ? ", ..." : "");
    throw new SerializationError(
      `optimizer state for ${names.length === 1 ? "parameter" : "parameters"} ${listed} matches no parameter of this network (its parameters: ${parameters.map((p) => p.name).join(", ")})`,
    );
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
    this.pending.clear();
    this.loaded = false;
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
    const names = new Set<string>(this.pending.keys());
    for (const p of this.slots.keys()) {
      if (names.has(p.name)) {
        throw new ConfigError(
          `this ${this.name} optimizer holds state for two parameters named ${quote(p.name)}: it trained more than one network, and its state cannot be saved under one name each; use one optimizer per network`,
        );
      }
      names.add(p.name);
    }
    const state: [string, Record<string, number[]>][] = [];
    for (const [name, slots] of this.pending) state.push([name, Object.fromEntries(this.slotNames.map((slot, k) => [slot, Array.from(slots[k]!)]))]);
    for (const p of this.slots.keys()) state.push([p.name, this.stateOf(p)!]);
    // fromEntries: a parameter named "__proto__" is an own key like any other (an assignment would set the prototype)
    return {
      type: this.name,
      alpha: learningRateJSON(this.alpha),
      hyperparameters: this.hyperparameters(),
      updates: this.updates,
      state: Object.fromEntries(state),
    };
  }

  /**
   * Loads the update count and state saved by {@link StatefulOptimizer.toJSON}; each parameter picks
   * its state up by name at its next update. Everything is checked before anything changes:
   * `updates` an integer >= 0, `state` an object whose every entry has exactly this optimizer's
   * slots, each an array of finite numbers (>= 0 for sums of squares), all of one length. The
   * arrays are copied: changing `json` later changes nothing here.
   *
   * @param json - the saved optimizer (its `type` must be this optimizer's name)
   * @throws {@link SerializationError} If the type differs or a field is malformed.
   *
   * @example
   * const adam = new Adam();
   * adam.loadState({ type: "adam", alpha: 0.001, hyperparameters: {}, updates: 3, state: { W0: { m: [0.1], v: [-1] } } });
   * // throws SerializationError: optimizer json.state.W0.v[0] must be a finite number >= 0, got -1
   */
  loadState(json: OptimizerJSON): void {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new SerializationError(`optimizer json must be an object from optimizer.toJSON(), got ${describe(json)}`);
    }
    const type = ownField(json, "type");
    if (type !== this.name) throw new SerializationError(`optimizer json.type must be ${JSON.stringify(this.name)}, got ${describe(type)}`);
    const updates = ownField(json, "updates");
    if (typeof updates !== "number" || !Number.isSafeInteger(updates) || updates < 0) {
      throw new SerializationError(`optimizer json.updates must be an integer >= 0, got ${describe(updates)}`);
    }
    const state = ownField(json, "state");
    if (typeof state !== "object" || state === null || Array.isArray(state)) {
      throw new SerializationError(`optimizer json.state must be an object of slots by parameter name, got ${describe(state)}`);
    }
    const pending = new Map<string, Float64Array[]>();
    for (const [name, slots] of Object.entries(state)) pending.set(name, this.readSlots(slots, fieldPath("optimizer json.state", name)));
    this.slots.clear();
    this.updates = updates;
    this.pending = pending;
    this.loaded = pending.size > 0;
  }

  /** One parameter's saved slots, checked and copied, in `slotNames` order. */
  private readSlots(slots: unknown, where: string): Float64Array[] {
    const names = this.slotNames;
    if (typeof slots !== "object" || slots === null || Array.isArray(slots)) {
      throw new SerializationError(`${where} must be an object { ${names.join(", ")} } of arrays of numbers, got ${describe(slots)}`);
    }
    for (const key of Object.keys(slots)) {
      if (!names.includes(key)) throw new SerializationError(`${where} has an unknown slot ${quote(key)}; ${this.name} has: ${names.join(", ")}`);
    }
    let length = -1;
    return names.map((slot) => {
      const at = `${where}.${slot}`;
      const arr = ownField(slots, slot);
      if (!Array.isArray(arr)) throw new SerializationError(`${at} must be an array of finite numbers, got ${describe(arr)}`);
      if (length >= 0 && arr.length !== length) {
        throw new SerializationError(`${at} must have as many numbers as ${where}.${names[0]} (${length}), got ${arr.length}`);
      }
      length = arr.length;
      const min = this.nonNegativeSlots.includes(slot) ? 0 : -Infinity;
      // a sparse array can claim any length: its first value is checked before anything is allocated
      if (arr.length > 0) {
        const first: unknown = arr[0];
        if (typeof first !== "number" || !Number.isFinite(first) || first < min) {
          throw new SerializationError(`${at}[0] must be a finite number${min === 0 ? " >= 0" : ""}, got ${describe(first)}`);
        }
      }
      checkMemory(8 * arr.length, DEFAULT_MEMORY_BUDGET, `${at} (${arr.length} numbers)`, null);
      // read by index: no method of the array is called, a hole reads as a missing number
      const copy = new Float64Array(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const x: unknown = arr[i];
        if (typeof x !== "number" || !Number.isFinite(x) || x < min) {
          throw new SerializationError(`${at}[${i}] must be a finite number${min === 0 ? " >= 0" : ""}, got ${describe(x)}`);
        }
        copy[i] = x;
      }
      return copy;
    });
  }

  /**
   * Every state array of `parameters`, parameter by parameter in `slotNames` order: what training
   * saves at its checkpoints and puts back when it diverges (with {@link StatefulOptimizer.updates}). @internal
   */
  stateBuffers(parameters: readonly Parameter[]): Float64Array[] {
    if (this.loaded) this.pickUp(parameters);
    const out: Float64Array[] = [];
    for (const p of parameters) for (const slot of this.slotsFor(p)) out.push(slot);
    return out;
  }

  /** The state arrays of `p`, in `slotNames` order (made, or restored from loaded state, on first use). */
  protected slotsFor(p: Parameter): Float64Array[] {
    // nothing here captures a variable: a closure in this function would make V8 allocate its
    // context on every call, and this runs for every parameter at every update
    if (p.grad.data.length !== p.value.data.length) throw mismatched(this.name, p);
    const s = this.slots.get(p);
    return s !== undefined ? s : this.newSlots(p);
  }

  private newSlots(p: Parameter): Float64Array[] {
    const size = p.value.data.length;
    const saved = this.pending.get(p.name);
    const s = this.slotNames.map((name, k) => {
      const from = saved?.[k];
      if (from === undefined) return new Float64Array(size);
      if (from.length !== size) {
        throw new SerializationError(`optimizer state ${p.name}.${name} has ${from.length} numbers but ${p.name} has ${size}`);
      }
      return from;
    });
    this.pending.delete(p.name);
    this.slots.set(p, s);
    return s;
  }
}

/** The error for a parameter whose gradient does not have its value's size (an update would write NaN). @internal */
export function mismatched(optimizer: string, p: Parameter): ShapeError {
  return new ShapeError(`${optimizer}.step: ${p.name}'s grad has ${p.grad.data.length} values but its value has ${p.value.data.length}`);
}

/** `value`, or `fallback` when it is undefined (only then: a null is a value, refused by the check that follows). @internal */
export function optionOr(value: unknown, fallback: unknown): unknown {
  return value === undefined ? fallback : value;
}

/** Throws a ConfigError unless `value` is a finite number in [0, 1). @internal */
export function checkDecay(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new ConfigError(`${name} must be a finite number in [0, 1), got ${describe(value)}`);
  }
  return value;
}

/**
 * Throws a ConfigError unless `options` is an object whose keys are all in `known` (a misspelled
 * option would otherwise be ignored). @internal
 */
export function checkOptionsObject(what: string, options: unknown, shape: string, known: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ConfigError(`${what} options must be an object ${shape}, got ${describe(options)}`);
  }
  checkKnownKeys(options, what, known);
}
