import { checkKnownKeys, ConfigError, describe, quote, SerializationError } from "../errors.js";
import { ownField } from "../layers/json-fields.js";
import { Adagrad } from "./adagrad.js";
import { Adam } from "./adam.js";
import { GradientDescent } from "./gradient-descent.js";
import { Momentum } from "./momentum.js";
import type { Optimizer, OptimizerJSON } from "./optimizer.js";
import { RMSprop } from "./rmsprop.js";
import { checkLearningRate, scheduleFromJSON, type LearningRate } from "./schedule.js";
import type { StatefulOptimizer } from "./stateful-optimizer.js";

/** Each built-in optimizer's JSON type, the hyperparameters it saves, and how it is made from them. */
const OPTIMIZER_TYPES: Readonly<Record<string, { hyperparameters: readonly string[]; make: (options: Record<string, unknown>) => Optimizer }>> = {
  gradientDescent: { hyperparameters: [], make: (o) => new GradientDescent(o as never) },
  momentum: { hyperparameters: ["beta", "nesterov"], make: (o) => new Momentum(o as never) },
  adam: { hyperparameters: ["beta1", "beta2", "epsilon"], make: (o) => new Adam(o as never) },
  rmsprop: { hyperparameters: ["rho", "epsilon"], make: (o) => new RMSprop(o as never) },
  adagrad: { hyperparameters: ["epsilon"], make: (o) => new Adagrad(o as never) },
};

/**
 * Restores a built-in optimizer, with its state, from {@link OptimizerJSON}, so training resumes
 * with the same moments and update count.
 *
 * ```text
 * optimizerFromJSON(opt.toJSON()) behaves exactly as opt from then on
 * ```
 *
 * Everything is checked before anything is made: the type, `alpha` (a number > 0, a built-in
 * schedule's JSON, or null for your own schedule function), exactly the type's hyperparameters,
 * each in its range, `updates` an integer >= 0, and `state` (see {@link StatefulOptimizer.loadState}).
 *
 * @param json - from `optimizer.toJSON()` or `net.toJSON({ optimizer }).optimizer`
 * @param options - `alpha`: the learning rate to use instead of the saved one; needed when it was
 *   your own schedule function (saved as null)
 * @throws {@link SerializationError} If the type is unknown or a field is missing, unknown or malformed.
 * @throws {@link ConfigError} If `options` has an unknown key or its `alpha` is not a learning rate.
 *
 * @example
 * const saved = JSON.parse(JSON.stringify(net.toJSON({ optimizer: adam })));
 * const net2 = Network.fromJSON(saved);
 * const adam2 = optimizerFromJSON(saved.optimizer);
 * net2.train(X, y, { optimizer: adam2, iterations: 100 }); // => the same as continuing with adam
 * optimizerFromJSON({ ...saved.optimizer, state: { W0: null } });
 * // throws SerializationError: optimizer json.state.W0 must be an object { m, v } of arrays of numbers, got null
 */
export function optimizerFromJSON(json: unknown, options: { alpha?: LearningRate } = {}): Optimizer {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ConfigError(`optimizerFromJSON options must be an object { alpha? }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "optimizerFromJSON", ["alpha"]);
  const givenAlpha = options.alpha === undefined ? undefined : checkLearningRate("alpha", options.alpha);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SerializationError(`optimizer json must be an object from optimizer.toJSON(), got ${describe(json)}`);
  }
  const j = json as Record<string, unknown>;
  const type = ownField(j, "type");
  const spec = typeof type === "string" && Object.hasOwn(OPTIMIZER_TYPES, type) ? OPTIMIZER_TYPES[type] : undefined;
  if (spec === undefined) {
    throw new SerializationError(`optimizer json.type ${describe(type)} is unknown; known: ${Object.keys(OPTIMIZER_TYPES).join(", ")}`);
  }
  const savedAlpha = readAlpha(j, givenAlpha !== undefined);
  const alpha = givenAlpha ?? savedAlpha!;
  const h = ownField(j, "hyperparameters");
  if (typeof h !== "object" || h === null || Array.isArray(h)) {
    throw new SerializationError(`optimizer json.hyperparameters must be an object { ${spec.hyperparameters.join(", ")} }, got ${describe(h)}`);
  }
  for (const key of Object.keys(h)) {
    if (!spec.hyperparameters.includes(key)) {
      throw new SerializationError(
        `optimizer json.hyperparameters has an unknown key ${quote(key)}; ${String(type)} has: ${spec.hyperparameters.join(", ") || "none"}`,
      );
    }
  }
  const made: Record<string, unknown> = { alpha };
  for (const key of spec.hyperparameters) {
    if (!Object.hasOwn(h, key)) throw new SerializationError(`optimizer json.hyperparameters.${key} is missing`);
    made[key] = (h as Record<string, unknown>)[key];
  }
  let opt: Optimizer;
  try {
    opt = spec.make(made);
  } catch (e) {
    if (e instanceof ConfigError) throw new SerializationError(`optimizer json.hyperparameters: ${e.message}`);
    throw e;
  }
  if (opt instanceof GradientDescent) {
    checkStatelessFields(j);
    return opt;
  }
  (opt as StatefulOptimizer).loadState(j as unknown as OptimizerJSON);
  return opt;
}

/** The saved learning rate, checked; undefined only when it is null and `given` (the caller passes one). */
function readAlpha(j: Record<string, unknown>, given: boolean): LearningRate | undefined {
  if (!Object.hasOwn(j, "alpha")) throw new SerializationError("optimizer json.alpha is missing (a number > 0, a schedule's JSON, or null)");
  const a = j.alpha;
  if (a === null) {
    if (given) return undefined;
    throw new SerializationError("optimizer json.alpha is null (it was your own schedule function): pass it again with optimizerFromJSON(json, { alpha })");
  }
  if (typeof a === "number") {
    if (!Number.isFinite(a) || a <= 0) throw new SerializationError(`optimizer json.alpha must be a finite number > 0, got ${describe(a)}`);
    return a;
  }
  if (typeof a === "object" && !Array.isArray(a)) return scheduleFromJSON(a, "optimizer json.alpha");
  throw new SerializationError(`optimizer json.alpha must be a number > 0, a schedule's JSON or null, got ${describe(a)}`);
}

/** gradientDescent keeps no state: what its toJSON writes (`updates` an integer >= 0, `state` empty) is all a file may hold. */
function checkStatelessFields(j: Record<string, unknown>): void {
  const updates = ownField(j, "updates");
  if (typeof updates !== "number" || !Number.isSafeInteger(updates) || updates < 0) {
    throw new SerializationError(`optimizer json.updates must be an integer >= 0, got ${describe(updates)}`);
  }
  const state = ownField(j, "state");
  if (typeof state !== "object" || state === null || Array.isArray(state) || Object.keys(state).length > 0) {
    throw new SerializationError(`optimizer json.state must be {} (gradientDescent keeps no per-parameter state), got ${describe(state)}`);
  }
}
