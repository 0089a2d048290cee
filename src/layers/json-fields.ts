import { ConfigError, describe, SerializationError } from "../errors.js";

// Readers for serialized fields: each names the field, what was expected and what came.

/** @internal */
export function readInteger(obj: Record<string, unknown>, field: string, where: string, min = 1): number {
  const v = obj[field];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new SerializationError(`${where}.${field} must be an integer >= ${min}, got ${describe(v)}`);
  }
  return v;
}

/** @internal */
export function readString(obj: Record<string, unknown>, field: string, where: string): string {
  const v = obj[field];
  if (typeof v !== "string") throw new SerializationError(`${where}.${field} must be a string, got ${describe(v)}`);
  return v;
}

/** Reads a `[rows x cols]` array of finite numbers. @internal */
export function readMatrixRows(value: unknown, where: string, rows: number, cols: number): number[][] {
  if (!Array.isArray(value) || value.length !== rows) {
    throw new SerializationError(`${where} must be an array of ${rows} rows, got ${describe(value)}`);
  }
  return value.map((row: unknown, i) => readVector(row, `${where}[${i}]`, cols));
}

/** Reads an array of `length` finite numbers. @internal */
export function readVector(value: unknown, where: string, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new SerializationError(`${where} must be an array of ${length} numbers, got ${describe(value)}`);
  }
  for (let j = 0; j < length; j++) {
    const x: unknown = value[j];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new SerializationError(`${where}[${j}] must be a finite number, got ${describe(x)}`);
    }
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
