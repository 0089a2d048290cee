import { checkInteger, checkKnownKeys, checkPositive, ConfigError, describe, SerializationError } from "../errors.js";
import { pow, powRange } from "../math/pow.js";

/**
 * A learning-rate schedule: the rate α_t to use for update number t (0-based).
 *
 * ```text
 * α_t = schedule(t)      a finite number: > 0 at t = 0, >= 0 after (a rate that decays to 0 ends the updates, not the run)
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
  // called by you (training evaluates the built-in schedules from their JSON): the step is checked
  const checked = (t: number): number => {
    if (!(Number.isSafeInteger(t) && t >= 0)) throw new ConfigError(`a ${json.type} schedule's step must be an integer >= 0 (the update count), got ${describe(t)}`);
    return fn(t);
  };
  const schedule = Object.assign(checked, { json: Object.freeze(json) });
  BUILT_IN.add(schedule);
  return schedule;
}

/** Throws a ConfigError unless `options` is an object with only the schedule's keys. */
function checkScheduleOptions(what: string, options: unknown, known: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ConfigError(`${what} options must be an object { ${known.join(", ")} }, got ${describe(options)}`);
  }
  checkKnownKeys(options, what, known);
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
 * α_t = alpha · drop^floor(t / every)      (the power is exactMath.pow: Node 20's `**`, in every engine)
 * ```
 *
 * @param options - `alpha` > 0, `drop` in (0, 1], `every` an integer >= 1
 * @throws {@link ConfigError} If an option is unknown or out of range.
 *
 * @example
 * const s = stepDecay({ alpha: 1, drop: 0.5, every: 10 });
 * s(9);  // => 1
 * s(10); // => 0.5
 */
export function stepDecay(options: { alpha: number; drop: number; every: number }): Schedule {
  checkScheduleOptions("stepDecay", options, ["alpha", "drop", "every"]);
  const alpha = checkPositive("alpha", options.alpha);
  const drop = checkFactor("drop", options.drop, false);
  const every = checkInteger("every", options.every, 1);
  return withJSON((t) => alpha * pow(drop, Math.floor(t / every)), { type: "step", alpha, drop, every });
}

/**
 * Exponential decay: multiply the rate by `rate` at every update. The rate reaches 0 when it
 * underflows (after about 1,075 updates at `rate: 0.5`): the updates then stop changing the
 * weights, and training goes on.
 *
 * ```text
 * α_t = alpha · rate^t      (the power is exactMath.pow: Node 20's `**`, in every engine)
 * ```
 *
 * @param options - `alpha` > 0, `rate` in (0, 1]
 * @throws {@link ConfigError} If an option is unknown or out of range.
 *
 * @example
 * exponentialDecay({ alpha: 0.1, rate: 0.5 })(2);    // => 0.025
 * exponentialDecay({ alpha: 0.1, rate: 0.5 })(1100); // => 0
 */
export function exponentialDecay(options: { alpha: number; rate: number }): Schedule {
  checkScheduleOptions("exponentialDecay", options, ["alpha", "rate"]);
  const alpha = checkPositive("alpha", options.alpha);
  const rate = checkFactor("rate", options.rate, false);
  return withJSON((t) => alpha * pow(rate, t), { type: "exponential", alpha, rate });
}

/**
 * Inverse-time decay.
 *
 * ```text
 * α_t = alpha / (1 + decay · t)
 * ```
 *
 * @param options - `alpha` > 0, `decay` >= 0
 * @throws {@link ConfigError} If an option is unknown or out of range.
 *
 * @example
 * inverseTimeDecay({ alpha: 1, decay: 0.5 })(2); // => 0.5
 */
export function inverseTimeDecay(options: { alpha: number; decay: number }): Schedule {
  checkScheduleOptions("inverseTimeDecay", options, ["alpha", "decay"]);
  const alpha = checkPositive("alpha", options.alpha);
  const decay = checkPositive("decay", options.decay, true);
  return withJSON((t) => alpha / (1 + decay * t), { type: "inverseTime", alpha, decay });
}

/** Each built-in schedule's JSON type, its function and its fields. */
const SCHEDULE_TYPES = {
  step: { make: stepDecay, fields: ["alpha", "drop", "every"] },
  exponential: { make: exponentialDecay, fields: ["alpha", "rate"] },
  inverseTime: { make: inverseTimeDecay, fields: ["alpha", "decay"] },
} as const satisfies Record<ScheduleJSON["type"], { make: (options: never) => Schedule; fields: readonly string[] }>;

/**
 * Restores a built-in schedule from its `json`: the type and exactly its fields, each in range.
 *
 * @param json - a {@link ScheduleJSON}
 * @param where - the path of `json`, for messages; default `"schedule JSON"`
 * @throws {@link SerializationError} If the type is unknown, a field is missing or unknown, or a value is out of range.
 *
 * @example
 * scheduleFromJSON({ type: "exponential", alpha: 0.1, rate: 0.5 })(1); // => 0.05
 * scheduleFromJSON({ type: "exponential", alpha: 0.1, rate: 2 });
 * // throws SerializationError: schedule JSON: rate must be a finite number in (0, 1], got 2
 */
export function scheduleFromJSON(json: unknown, where = "schedule JSON"): Schedule {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SerializationError(`${where} must be an object { type, alpha, ... } from a built-in schedule's json, got ${describe(json)}`);
  }
  const type = Object.hasOwn(json, "type") ? (json as { type: unknown }).type : undefined;
  if (typeof type !== "string" || !Object.hasOwn(SCHEDULE_TYPES, type)) {
    throw new SerializationError(`${where}.type must be "step", "exponential" or "inverseTime", got ${describe(type)}`);
  }
  const { make, fields } = SCHEDULE_TYPES[type as ScheduleJSON["type"]];
  const j = json as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(j)) {
    if (key !== "type" && !(fields as readonly string[]).includes(key)) {
      throw new SerializationError(`${where} has an unknown field ${describe(key)}; the ${type} schedule has: type, ${fields.join(", ")}`);
    }
  }
  for (const field of fields) options[field] = Object.hasOwn(j, field) ? j[field] : undefined;
  try {
    return (make as (options: unknown) => Schedule)(options);
  } catch (e) {
    if (e instanceof ConfigError) throw new SerializationError(`${where}: ${e.message}`);
    throw e;
  }
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

/**
 * α_t of a schedule, checked: a finite number > 0 at t = 0 (a schedule that starts at 0 would
 * train nothing: a mistake), a finite number >= 0 after (a rate may decay to 0). @internal
 */
export function rateAt(schedule: Schedule, t: number, name = "alpha"): number {
  const a = schedule(t);
  if (typeof a !== "number" || !Number.isFinite(a) || a < 0 || (t === 0 && a === 0)) {
    throw new ConfigError(`${name} schedule must return a finite number ${t === 0 ? "> 0" : ">= 0"}, got ${describe(a)} at step ${t}`);
  }
  return a;
}

/**
 * out[0] <- the learning rate for update number `t`: the number itself, a built-in schedule's
 * formula (the same operations as the schedule function, without calling it: a double returned
 * from a call V8 does not inline is boxed, 16 bytes per update), or your schedule's value, checked.
 * Kept this small so that V8 inlines it where a constant rate is read (a double field passed to a
 * call it does not inline is boxed too); the schedules are scheduleRateInto's.
 * @internal
 */
export function rateInto(out: Float64Array, rate: LearningRate, t: number): void {
  if (typeof rate === "number") out[0] = rate;
  else scheduleRateInto(out, rate, t);
}

/** The exponent of scheduleRateInto's power, passed to powRange in memory. */
const EXPONENT = new Float64Array(1);

/** {@link rateInto} for a schedule: a built-in's formula (its power is powRange's, from memory) or your function's value. */
function scheduleRateInto(out: Float64Array, rate: Schedule, t: number): void {
  const j = rate.json;
  if (j !== undefined && BUILT_IN.has(rate)) {
    if (j.type === "inverseTime") out[0] = j.alpha / (1 + j.decay! * t);
    else {
      // drop^floor(t / every) or rate^t with tinynn's pow: Node 20's `**` bit for bit, in every engine
      out[0] = j.type === "step" ? j.drop! : j.rate!;
      EXPONENT[0] = j.type === "step" ? Math.floor(t / j.every!) : t;
      powRange(out, EXPONENT, 0, 1);
      out[0] = j.alpha * out[0]!;
    }
    // checked as rateAt checks a schedule's value (an underflow to 0 after many updates is fine)
    if (!(out[0]! >= 0) || out[0] === Infinity || (t === 0 && out[0] === 0)) rateAt(rate, t);
    return;
  }
  out[0] = rateAt(rate, t);
}

/** The JSON of a learning rate: the number, a built-in schedule's json, or null for your own function. @internal */
export function learningRateJSON(rate: LearningRate): number | ScheduleJSON | null {
  return typeof rate === "number" ? rate : (rate.json ?? null);
}
