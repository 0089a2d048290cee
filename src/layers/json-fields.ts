import { ConfigError, describe, quote, SerializationError } from "../errors.js";

// Readers for serialized fields: each names the field, what was expected and what came. A file is
// hostile until read: only own fields count (an inherited `__proto__` or `constructor` reads as
// missing), arrays are read by index (no method of theirs is called, so an own `constructor` key or
// a replaced prototype changes nothing, and a hole reads as a missing number), and every length is
// checked against the size the file claims before anything of that size is allocated.

/** `obj[field]` if `obj` has it as its own field, else undefined. @internal */
export function ownField(obj: object, field: string): unknown {
  return Object.hasOwn(obj, field) ? (obj as Record<string, unknown>)[field] : undefined;
}

/** `where` with `.key`, or `["key"]` (cut to a readable length) when the key is not a plain name. @internal */
export function fieldPath(where: string, key: string): string {
  return /^[A-Za-z_$][\w$]{0,59}$/.test(key) ? `${where}.${key}` : `${where}[${quote(key)}]`;
}

/** Throws a SerializationError unless `value` is a plain object (not null, not an array). @internal */
export function readObject(value: unknown, where: string, what = "an object"): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SerializationError(`${where} must be ${what}, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** An integer field in [min, 2^53 - 1]. @internal */
export function readInteger(obj: Record<string, unknown>, field: string, where: string, min = 1): number {
  const v = ownField(obj, field);
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) {
    throw new SerializationError(`${where}.${field} must be an integer >= ${min}, got ${describe(v)}`);
  }
  return v;
}

/** A string field. @internal */
export function readString(obj: Record<string, unknown>, field: string, where: string): string {
  const v = ownField(obj, field);
  if (typeof v !== "string") throw new SerializationError(`${where}.${field} must be a string, got ${describe(v)}`);
  return v;
}

/**
 * A number field present in the file, for a constructor to range-check: a missing field is an
 * error, never the constructor's default. @internal
 */
export function readPresent(obj: Record<string, unknown>, field: string, where: string, expected: string): unknown {
  if (!Object.hasOwn(obj, field)) throw new SerializationError(`${where}.${field} is missing (${expected})`);
  return obj[field];
}

/** Reads a `[rows x cols]` array of finite numbers, checking its lengths before reading on. @internal */
export function readMatrixRows(value: unknown, where: string, rows: number, cols: number): number[][] {
  if (!Array.isArray(value) || value.length !== rows) {
    throw new SerializationError(`${where} must be an array of ${rows} rows, got ${describe(value)}`);
  }
  const out: number[][] = new Array<number[]>(rows);
  for (let i = 0; i < rows; i++) out[i] = readVector(value[i], `${where}[${i}]`, cols);
  return out;
}

/** Reads an array of `length` finite numbers, each >= `min` when given. @internal */
export function readVector(value: unknown, where: string, length: number, min?: number): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new SerializationError(`${where} must be an array of ${length} numbers, got ${describe(value)}`);
  }
  for (let j = 0; j < length; j++) {
    const x: unknown = value[j];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new SerializationError(`${where}[${j}] must be a finite number, got ${describe(x)}`);
    }
    if (min !== undefined && x < min) throw new SerializationError(`${where}[${j}] must be a finite number >= ${min}, got ${x}`);
  }
  return value as number[];
}

/** Runs a constructor and reports its ConfigError as a SerializationError at `where`. @internal */
export function wrapConfig<T>(where: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof ConfigError) throw new SerializationError(`${where}: ${e.message}`);
    throw e;
  }
}
