import { checkInteger, checkPositive, ConfigError, describe, SerializationError } from "../errors.js";

/**
 * A learning-rate schedule: the rate α_t to use for update number t (0-based).
 *
 * ```text
 * α_t = schedule(t)      must be a finite number > 0 for every t
 * ```
 *
 * Any function of the update count is a schedule; the built-ins ({@link stepDecay},
 * {@link exponentialDecay}, {@link inverseTimeDecay}) also carry `json`, so an optimizer using them
 * can be saved. Optimizers accept a schedule wherever they accept `alpha`.
 *
 * @example
 * const warmup: Schedule = (t) => Math.min(1, (t + 1) / 100) * 0.1;
 * new Adam({ alpha: warmup });
 * warmup(0); // => 0.001
 */
export interface Schedule {
  /** α_t for update number `step` (0-based). */
  (step: number): number;
  /** Set on the built-in schedules, so an optimizer using one can be saved. */
  readonly json?: ScheduleJSON;
}

/**
 * A learning rate as optimizers accept it: a constant or a {@link Schedule}.
 *
 * @example
 * const constant: LearningRate = 0.1;
 * const decaying: LearningRate = exponentialDecay({ alpha: 0.1, rate: 0.99 });
 */
export type LearningRate = number | Schedule;

/**
 * The serialized form of a built-in schedule.
 *
 * @example
 * exponentialDecay({ alpha: 0.1, rate: 0.5 }).json; // => { type: "exponential", alpha: 0.1, rate: 0.5 }
 */
export interface ScheduleJSON {
  /** Which schedule: `"step"`, `"exponential"` or `"inverseTime"`. */
  readonly type: "step" | "exponential" | "inverseTime";
  /** The initial rate α_0. */
  readonly alpha: number;
  /** Step decay: the factor applied every `every` updates. */
  readonly drop?: number;
  /** Step decay: updates between drops. */
  readonly every?: number;
  /** Exponential decay: the factor applied at every update. */
  readonly rate?: number;
  /** Inverse-time decay: the decay coefficient. */
  readonly decay?: number;
}

/** The schedules this module made: `rateInto` evaluates them from their JSON, without a call. */
const BUILT_IN = new WeakSet<Schedule>();

function withJSON(fn: (t: number) => number, json: ScheduleJSON): Schedule {
  const schedule = Object.assign(fn, { json: Object.freeze(json) });
  BUILT_IN.add(schedule);
  return schedule;
}

function checkFactor(name: string, value: unknown, openUpper: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 1 || (openUpper && value === 1)) {
    throw new ConfigError(`${name} must be a finite number in (0, 1${openUpper ? ")" : "]"}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Step decay: multiply the rate by `drop` every `every` updates.
 *
 * ```text
 * α_t = alpha · drop^floor(t / every)
 * ```
 *
 * @param options - `alpha` > 0, `drop` in (0, 1], `every` an integer >= 1
 * @throws {@link ConfigError} If an option is out of range.
 *
 * @example
 * const s = stepDecay({ alpha: 1, drop: 0.5, every: 10 });
 * s(9);  // => 1
 * s(10); // => 0.5
 */
export function stepDecay(options: { alpha: number; drop: number; every: number }): Schedule {
  const alpha = checkPositive("alpha", options?.alpha);
  const drop = checkFactor("drop", options.drop, false);
  const every = checkInteger("every", options.every, 1);
  return withJSON((t) => alpha * drop ** Math.floor(t / every), { type: "step", alpha, drop, every });
}

/**
 * Exponential decay: multiply the rate by `rate` at every update.
 *
 * ```text
 * α_t = alpha · rate^t
 * ```
 *
 * @param options - `alpha` > 0, `rate` in (0, 1]
 * @throws {@link ConfigError} If an option is out of range.
 *
 * @example
 * exponentialDecay({ alpha: 0.1, rate: 0.5 })(2); // => 0.025
 */
export function exponentialDecay(options: { alpha: number; rate: number }): Schedule {
  const alpha = checkPositive("alpha", options?.alpha);
  const rate = checkFactor("rate", options.rate, false);
  return withJSON((t) => alpha * rate ** t, { type: "exponential", alpha, rate });
}

/**
 * Inverse-time decay.
 *
 * ```text
 * α_t = alpha / (1 + decay · t)
 * ```
 *
 * @param options - `alpha` > 0, `decay` >= 0
 * @throws {@link ConfigError} If an option is out of range.
 *
 * @example
 * inverseTimeDecay({ alpha: 1, decay: 0.5 })(2); // => 0.5
 */
export function inverseTimeDecay(options: { alpha: number; decay: number }): Schedule {
  const alpha = checkPositive("alpha", options?.alpha);
  const decay = checkPositive("decay", options.decay, true);
  return withJSON((t) => alpha / (1 + decay * t), { type: "inverseTime", alpha, decay });
}

/**
 * Restores a built-in schedule from its `json`.
 *
 * @param json - a {@link ScheduleJSON}
 * @throws {@link SerializationError} If the type is unknown or a value is out of range.
 *
 * @example
 * scheduleFromJSON({ type: "exponential", alpha: 0.1, rate: 0.5 })(1); // => 0.05
 */
export function scheduleFromJSON(json: unknown): Schedule {
  try {
    const j = json as ScheduleJSON;
    if (typeof j === "object" && j !== null) {
      if (j.type === "step") return stepDecay(j as { alpha: number; drop: number; every: number });
      if (j.type === "exponential") return exponentialDecay(j as { alpha: number; rate: number });
      if (j.type === "inverseTime") return inverseTimeDecay(j as { alpha: number; decay: number });
    }
  } catch (e) {
    throw new SerializationError(`schedule JSON is invalid: ${(e as Error).message}`);
  }
  throw new SerializationError(`schedule JSON must have type "step", "exponential" or "inverseTime", got ${describe(json)}`);
}

/** Validates a {@link LearningRate} at construction: a number > 0, or a function whose α_0 is > 0. @internal */
export function checkLearningRate(name: string, value: unknown): LearningRate {
  if (typeof value === "function") {
    rateAt(value as Schedule, 0, name);
    return value as Schedule;
  }
  if (typeof value !== "number") {
    throw new ConfigError(`${name} must be a finite number > 0 or a schedule function (step) => rate, got ${describe(value)}`);
  }
  return checkPositive(name, value);
}

/** α_t of a schedule, checked to be finite and > 0. @internal */
export function rateAt(schedule: Schedule, t: number, name = "alpha"): number {
  const a = schedule(t);
  if (typeof a !== "number" || !Number.isFinite(a) || a <= 0) {
    throw new ConfigError(`${name} schedule must return a finite number > 0, got ${describe(a)} at step ${t}`);
  }
  return a;
}

/**
 * out[0] <- the learning rate for update number `t`: the number itself, a built-in schedule's
 * formula (the same operations as the schedule function, without calling it: a double returned
 * from a call V8 does not inline is boxed, 16 bytes per update), or your schedule's value, checked.
 * @internal
 */
export function rateInto(out: Float64Array, rate: LearningRate, t: number): void {
  if (typeof rate === "number") {
    out[0] = rate;
    return;
  }
  const j = rate.json;
  if (j !== undefined && BUILT_IN.has(rate)) {
    if (j.type === "step") out[0] = j.alpha * j.drop! ** Math.floor(t / j.every!);
    else if (j.type === "exponential") out[0] = j.alpha * j.rate! ** t;
    else out[0] = j.alpha / (1 + j.decay! * t);
    // checked as rateAt checks a schedule's value (it can underflow to 0 after many updates)
    if (!(out[0]! > 0) || out[0] === Infinity) rateAt(rate, t);
    return;
  }
  out[0] = rateAt(rate, t);
}

/** The JSON of a learning rate: the number, a built-in schedule's json, or null for your own function. @internal */
export function learningRateJSON(rate: LearningRate): number | ScheduleJSON | null {
  return typeof rate === "number" ? rate : (rate.json ?? null);
}
