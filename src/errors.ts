/**
 * Stable machine-readable error codes carried by every {@link TinyNNError}.
 *
 * - `E_SHAPE`: a matrix or layer size does not fit.
 * - `E_DATA`: data that is empty, ragged, not numeric, NaN or Infinity.
 * - `E_CONFIG`: an unknown name or a bad hyperparameter.
 * - `E_JSON`: serialized network JSON that is missing a field, has a wrong version or shapes that do not fit.
 * - `E_DIVERGED`: training produced NaN or Infinity.
 * - `E_LIMIT`: a size past tinynn's limits: the memory budget, or a plot's ceiling (docs/errors.md).
 * - `E_WORKER`: a worker stopped before it answered {@link trainInWorker}.
 *
 * @example
 * try { new Network({ layers: [3] }); } catch (e) { (e as TinyNNError).code; } // => "E_CONFIG"
 */
export type ErrorCode = "E_SHAPE" | "E_DATA" | "E_CONFIG" | "E_JSON" | "E_DIVERGED" | "E_LIMIT" | "E_WORKER";

/**
 * Base class of every error tinynn throws: catch this one to catch them all.
 *
 * `code` is stable across versions; `message` names the argument, what was expected and what came.
 *
 * @example
 * const e = new TinyNNError("E_DATA", "X must not be empty");
 * e instanceof Error; // => true
 * e.code;             // => "E_DATA"
 */
export class TinyNNError extends Error {
  /** Stable machine-readable code, see {@link ErrorCode}. */
  readonly code: ErrorCode;

  /**
   * @param code - the stable error code
   * @param message - what was expected and what came
   */
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A matrix, a row or a layer has the wrong size (`code: "E_SHAPE"`).
 *
 * @example
 * new ShapeError("Expected X with 3 columns, got 2").code; // => "E_SHAPE"
 */
export class ShapeError extends TinyNNError {
  /** @param message - what shape was expected and what came */
  constructor(message: string) {
    super("E_SHAPE", message);
  }
}

/**
 * Data is empty, ragged, not numeric, NaN or Infinity (`code: "E_DATA"`).
 *
 * @example
 * new DataError("X[1][2] is NaN").code; // => "E_DATA"
 */
export class DataError extends TinyNNError {
  /** @param message - which value is bad and why */
  constructor(message: string) {
    super("E_DATA", message);
  }
}

/**
 * An unknown name or a bad hyperparameter (`code: "E_CONFIG"`).
 *
 * @example
 * new ConfigError('Unknown activation "sigmod"').code; // => "E_CONFIG"
 */
export class ConfigError extends TinyNNError {
  /** @param message - the option, what was expected and what came */
  constructor(message: string) {
    super("E_CONFIG", message);
  }
}

/**
 * Serialized network JSON that cannot be restored (`code: "E_JSON"`).
 *
 * @example
 * new SerializationError("json.version must be 1, got 2").code; // => "E_JSON"
 */
export class SerializationError extends TinyNNError {
  /** @param message - the field, what was expected and what came */
  constructor(message: string) {
    super("E_JSON", message);
  }
}

/**
 * Training produced NaN or Infinity (`code: "E_DIVERGED"`); `iteration` says when.
 *
 * @example
 * new TrainingError("Loss became NaN", 12).iteration; // => 12
 */
export class TrainingError extends TinyNNError {
  /** The 0-based training iteration at which the loss stopped being finite. */
  readonly iteration: number;

  /**
   * @param message - what diverged and a suggested fix
   * @param iteration - the 0-based iteration at which it happened
   */
  constructor(message: string, iteration: number) {
    super("E_DIVERGED", message);
    this.iteration = iteration;
  }
}

/**
 * A size past tinynn's limits (`code: "E_LIMIT"`): buffers past a memory budget, or a plot or
 * surface past its ceiling. Checked before anything is allocated; the message says which option
 * raises the limit, when one does.
 *
 * @example
 * new LimitError("layers [3, 1000000000, 1] need 64 GB; memoryBudget is 1 GiB").code; // => "E_LIMIT"
 */
export class LimitError extends TinyNNError {
  /** @param message - what is too large, by how much, and how to raise the limit */
  constructor(message: string) {
    super("E_LIMIT", message);
  }
}

/**
 * A worker that {@link trainInWorker} sent a network to stopped before it answered (`code:
 * "E_WORKER"`): it exited, was terminated, failed to load its script, or threw outside a run. The
 * message says which, with the worker's own message when it gave one.
 *
 * @example
 * new WorkerError("the worker exited (code 1) before it answered").code; // => "E_WORKER"
 */
export class WorkerError extends TinyNNError {
  /** @param message - how the worker stopped */
  constructor(message: string) {
    super("E_WORKER", message);
  }
}

/** Longest value quoted in a message: longer strings are cut (a 10 MB string in a file stays out of the message). */
const QUOTE_LIMIT = 60;

/** Short description of a value for error messages: its type, and the value itself when small. @internal */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return quote(value);
  if (typeof value === "object") return "an object";
  return typeof value;
}

/** Known names for a message: the first 20, each cut as {@link quote} cuts, and how many more. @internal */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => (n.length <= QUOTE_LIMIT ? n : quote(n)));
  return names.length > 20 ? `${shown.join(", ")} and ${names.length - 20} more` : shown.join(", ");
}

/** `value` as a JSON string, cut to {@link QUOTE_LIMIT} characters with its length said. @internal */
export function quote(value: string): string {
  if (value.length <= QUOTE_LIMIT) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, QUOTE_LIMIT))}... (${value.length} characters)`;
}

/** Throws a ConfigError unless `value` is a finite number > 0 (or >= 0 when `allowZero`). @internal */
export function checkPositive(name: string, value: unknown, allowZero = false): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigError(
      `${name} must be a finite number ${allowZero ? ">= 0" : "> 0"}, got ${describe(value)}`,
    );
  }
  return value;
}

/** Throws a ConfigError unless `value` is an integer >= `min`. @internal */
export function checkInteger(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Resolves a plug-in option: a built-in's name, looked up in `known`, or the user's own object,
 * checked for the members the plug-in needs. Unknown names list the known ones. @internal
 *
 * @param kind - what it is, for messages: `{ name: "activation", type: "Activation" }`
 * @param members - the members a user object must have, with their `typeof`
 */
export function resolveNamed<T>(
  value: unknown,
  argName: string,
  kind: { name: string; plural: string; type: string },
  known: Readonly<Record<string, T>>,
  members: Readonly<Record<string, "function" | "string" | "boolean">>,
): T {
  const names = listNames(Object.keys(known));
  if (typeof value === "string") {
    const found = Object.hasOwn(known, value) ? known[value] : undefined;
    if (found === undefined) {
      const article = /^[AEIOU]/.test(kind.type) ? "an" : "a";
      throw new ConfigError(`Unknown ${argName} ${quote(value)}; known ${kind.plural}: ${names} (or pass ${article} ${kind.type} object)`);
    }
    return found;
  }
  if (
    typeof value === "object" &&
    value !== null &&
    Object.entries(members).every(([member, type]) => typeof (value as Record<string, unknown>)[member] === type)
  ) {
    return value as T;
  }
  const article = /^[aeiou]/.test(kind.name) ? "an" : "a";
  throw new ConfigError(
    `${argName} must be ${article} ${kind.name} name (${names}) or an object { ${Object.keys(members).join(", ")} }, got ${describe(value)}`,
  );
}

/**
 * Throws a ConfigError naming the first key of `options` that is not in `known` (a misspelled
 * option would otherwise be ignored without a word). @internal
 */
export function checkKnownKeys(options: object, argName: string, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigError(`Unknown ${argName} option ${quote(key)}; known options: ${listNames(known)}`);
    }
  }
}
