// tinynn's limits, in one place (docs/errors.md): the memory budget that every buffer tinynn
// allocates for a network is checked against before it is allocated, and the ceilings of plots and
// surfaces, past which a call would hang or build a page no viewer opens.

import { checkPositive, ConfigError, LimitError } from "./errors.js";

/**
 * Bytes a network may allocate by default: its parameters with their gradients and optimizer
 * state, the buffers of a training plan or a prediction, and a training run's history (1 GiB).
 * `memoryBudget` in the options that allocate raises or lowers it. @internal
 */
export const DEFAULT_MEMORY_BUDGET = 2 ** 30;

/** The largest budget that can be asked for: 2^53 bytes (any larger number is not a byte count). @internal */
const MAX_MEMORY_BUDGET = Number.MAX_SAFE_INTEGER;

/** Widest or tallest plot, in pixels (or terminal columns and rows). @internal */
export const MAX_PLOT_SIZE = 10_000;
/** Most contour levels of a surface plot. @internal */
export const MAX_CONTOURS = 1_000;
/** Most runs of a sweep (the product of its grid's lengths, each a whole training: 10 options of 10 values would be 10^10). @internal */
export const MAX_SWEEP_RUNS = 10_000;
/** Most points of an error surface (steps per axis, squared), each a forward pass over the data. @internal */
export const MAX_SURFACE_POINTS = 1_000_000;

/** A `memoryBudget` option checked: a number of bytes > 0, or the default when undefined. @internal */
export function memoryBudgetOption(value: unknown, argName = "memoryBudget"): number {
  if (value === undefined) return DEFAULT_MEMORY_BUDGET;
  const bytes = checkPositive(argName, value);
  if (bytes > MAX_MEMORY_BUDGET) throw new ConfigError(`${argName} must be a number of bytes up to 2^53, got ${bytes}`);
  return bytes;
}

/**
 * Throws a LimitError when `bytes` is past `budget`, before anything is allocated.
 *
 * @param what - what would be allocated, for the message: "layers [3, 1e9, 1]"
 * @param raise - the option that raises the budget, for the message (none: it cannot be raised)
 */
export function checkMemory(bytes: number, budget: number, what: string, raise: string | null = "memoryBudget"): void {
  if (!(bytes <= budget)) {
    const how = raise === null ? "" : `; raise it with ${raise} if this is meant`;
    throw new LimitError(`${what} would need ${formatBytes(bytes)}, past the memory budget of ${formatBytes(budget)}${how}`);
  }
}

/**
 * Throws a LimitError unless `value` is at most `max`.
 *
 * @param argName - the argument, for the message
 */
export function checkCeiling(argName: string, value: number, max: number): void {
  if (!(value <= max)) throw new LimitError(`${argName} must be at most ${max}, got ${value}`);
}

/** `bytes` as a short human number: "1 GiB", "24 GB"... @internal */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : Number(v.toPrecision(3))} ${units[u]}`;
}
