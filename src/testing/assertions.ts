import { checkData } from "../engine/train.js";
import { ConfigError, DataError, describe, quote } from "../errors.js";
import { checkGradients, type GradientCheckOptions, type GradientCheckReport } from "../lab/check-gradients.js";
import { modelArg, optionsArg } from "../lab/network-arg.js";
import { MAX_ELEMENTS, type MatrixInput } from "../matrix/matrix.js";
import type { Network } from "../network/network.js";

/**
 * Thrown by the `tinynn/testing` assertions when values differ: test runners show its message.
 *
 * @example
 * try { assertClose([[1]], [[2]]); } catch (e) { (e as TinyNNAssertionError).name; } // => "AssertionError"
 */
export class TinyNNAssertionError extends Error {
  /** What was compared, with the worst difference (from {@link compareMatrices}), if any. */
  readonly comparison: MatrixComparison | undefined;

  /**
   * @param message - where and by how much the values differ
   * @param comparison - the comparison behind it
   */
  constructor(message: string, comparison?: MatrixComparison) {
    super(message);
    this.name = "AssertionError";
    this.comparison = comparison;
  }
}

/**
 * Tolerances of {@link compareMatrices} and {@link assertClose}.
 *
 * @example
 * const options: CloseOptions = { absolute: 1e-12, relative: 0, name: "syn0" };
 */
export interface CloseOptions {
  /** Allowed absolute difference; default 1e-9. */
  absolute?: number;
  /** Allowed difference relative to |expected|; default 0. */
  relative?: number;
  /** The name shown in messages; default `"actual"`. */
  name?: string;
}

/**
 * One element of a comparison: where it is, both values and |actual - expected|.
 *
 * @example
 * const d: MatrixDifference = { row: 1, col: 0, actual: 2, expected: 2.5, difference: 0.5 };
 */
export interface MatrixDifference {
  /** Row index. */
  readonly row: number;
  /** Column index. */
  readonly col: number;
  /** The actual value. */
  readonly actual: number;
  /** The expected value. */
  readonly expected: number;
  /** |actual - expected| (Infinity when either is NaN). */
  readonly difference: number;
}

/**
 * What {@link compareMatrices} found.
 *
 * @example
 * compareMatrices([[1, 2]], [[1, 2.5]]).worst; // => { row: 0, col: 1, actual: 2, expected: 2.5, difference: 0.5 }
 */
export interface MatrixComparison {
  /** True when every element is within tolerance and the shapes agree. */
  readonly pass: boolean;
  /** A message saying where and by how much the values differ (or that they agree). */
  readonly message: string;
  /** Elements outside the tolerance. */
  readonly mismatches: number;
  /** The element with the largest |actual - expected|; `undefined` when the shapes differ. */
  readonly worst: MatrixDifference | undefined;
}

function tolerance(value: unknown, name: string, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new ConfigError(`${name} must be a finite number >= 0, got ${describe(v)}`);
  return v;
}

const CLOSE_OPTION_KEYS = ["absolute", "relative", "name"] as const satisfies readonly (keyof CloseOptions)[];

/** A name from the caller for messages, cut like any quoted value when it is long. */
function label(name: unknown, fallback: string): string {
  if (name === undefined) return fallback;
  if (typeof name !== "string") throw new ConfigError(`name must be a string, got ${describe(name)}`);
  return name.length <= 60 ? name : quote(name);
}

/**
 * A number, a row, rows or a 2-D ndarray as rows of numbers. NaN and Infinity are kept (they are
 * what a comparison reports); anything that is not a number, holes and ragged rows are not.
 */
function asRows(value: unknown, name: string): number[][] {
  if (typeof value === "number") return [[value]];
  if (Array.isArray(value)) {
    if (value.length === 0 || !Array.isArray(value[0])) {
      const row: number[] = new Array<number>(value.length);
      for (let j = 0; j < value.length; j++) row[j] = numberAt(value[j], name, `[${j}]`);
      return [row];
    }
    const cols = (value[0] as unknown[]).length;
    return Array.from(value as unknown[], (row, i) => {
      if (!Array.isArray(row)) throw new DataError(`${name}[${i}] must be an array of numbers, got ${describe(row)}`);
      if (row.length !== cols) throw new DataError(`${name} is ragged: ${name}[0] has ${cols} columns but ${name}[${i}] has ${row.length}`);
      const out: number[] = new Array<number>(cols);
      for (let j = 0; j < cols; j++) out[j] = numberAt(row[j], name, `[${i}][${j}]`);
      return out;
    });
  }
  const like = value as { shape?: unknown; get?: unknown };
  if (typeof value !== "object" || value === null || !Array.isArray(like.shape) || typeof like.get !== "function") {
    throw new DataError(`${name} must be a number, number[], number[][] or a 2-D ndarray, got ${describe(value)}`);
  }
  const shape = like.shape as unknown[];
  if (shape.length !== 2 || !shape.every((s) => typeof s === "number" && Number.isInteger(s) && s >= 0)) {
    throw new DataError(`${name}.shape must be two integers >= 0 (a 2-D ndarray), got an array of length ${shape.length}`);
  }
  const [r, c] = shape as [number, number];
  if (r * c > MAX_ELEMENTS) throw new DataError(`${name} has shape [${r}, ${c}], more than the ${MAX_ELEMENTS} values tinynn accepts in one matrix`);
  const get = (like.get as (i: number, j: number) => unknown).bind(value);
  return Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => numberAt(get(i, j), name, `[${i}][${j}]`)));
}

function numberAt(v: unknown, name: string, where: string): number {
  if (typeof v !== "number") throw new DataError(`${name}${where} must be a number, got ${describe(v)}`);
  return v;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(12).replace(/\.?0+(e|$)/, "$1"));

/**
 * Compares two matrices elementwise and says where and by how much they differ.
 *
 * ```text
 * ok(i, j) = |actual_ij - expected_ij| <= absolute + relative |expected_ij|     (NaN is never ok)
 * ```
 *
 * @param actual - a number, a row of numbers, rows of numbers or a 2-D ndarray
 * @param expected - the same
 * @param options - tolerances and the name used in the message
 * @returns pass, message, count of mismatches and the worst element; when the shapes differ, `pass` is
 *   false, `worst` undefined and `mismatches` the larger element count (no element can be paired)
 * @throws `ConfigError` (from `tinynn`) If a tolerance is negative or not finite, or an option is unknown.
 * @throws `DataError` (from `tinynn`) If a value is not a number, a row has holes, or rows are ragged (NaN and Infinity are compared, never equal to a finite value).
 *
 * @example
 * compareMatrices([[1, 2], [3, 4]], [[1, 2], [3, 4.001]], { absolute: 1e-6 }).message;
 * // => "actual differs from expected at 1 of 4 elements (tolerance 0.000001 + 0 × |expected|); worst at [1][1]: 4 vs 4.001, difference 0.001"
 */
export function compareMatrices(actual: unknown, expected: unknown, options: CloseOptions = {}): MatrixComparison {
  const o = optionsArg(options, "compareMatrices", CLOSE_OPTION_KEYS, "{ absolute: 1e-9, name: \"syn0\" }");
  const name = label(o.name, "actual");
  const abs = tolerance(o.absolute, "absolute", 1e-9);
  const rel = tolerance(o.relative, "relative", 0);
  const a = asRows(actual, name);
  const e = asRows(expected, "expected");
  const shape = (m: number[][]): string => `[${m.length} x ${m[0]?.length ?? 0}]`;
  const size = (m: number[][]): number => m.length * (m[0]?.length ?? 0);
  if (a.length !== e.length || a.some((row, i) => row.length !== e[i]!.length)) {
    return { pass: false, message: `${name} has shape ${shape(a)} but expected has shape ${shape(e)}`, mismatches: Math.max(size(a), size(e)), worst: undefined };
  }
  let mismatches = 0;
  let total = 0;
  let worst: MatrixComparison["worst"];
  let firstBad: MatrixComparison["worst"];
  a.forEach((row, i) =>
    row.forEach((x, j) => {
      total++;
      const y = e[i]![j]!;
      // equal values differ by 0, infinities included (Infinity - Infinity is NaN)
      const difference = x === y ? 0 : Math.abs(x - y);
      // an infinite expected value is matched only by itself (its relative tolerance is infinite too)
      const ok = x === y || (Number.isFinite(difference) && difference <= abs + rel * Math.abs(y));
      const entry = { row: i, col: j, actual: x, expected: y, difference: Number.isNaN(difference) ? Number.POSITIVE_INFINITY : difference };
      if (!ok) {
        mismatches++;
        firstBad ??= entry;
      }
      if (worst === undefined || entry.difference > worst.difference) worst = entry;
    }),
  );
  const tol = `tolerance ${abs} + ${rel} × |expected|`;
  if (mismatches === 0) {
    const w = worst === undefined ? "" : `; largest difference ${fmt(worst.difference)} at [${worst.row}][${worst.col}]`;
    return { pass: true, message: `${name} equals expected within ${tol} at all ${total} elements${w}`, mismatches, worst };
  }
  const w = worst!;
  const f = firstBad!;
  let message =
    `${name} differs from expected at ${mismatches} of ${total} elements (${tol}); ` +
    `worst at [${w.row}][${w.col}]: ${fmt(w.actual)} vs ${fmt(w.expected)}, difference ${fmt(w.difference)}`;
  if (f.row !== w.row || f.col !== w.col) message += `; first at [${f.row}][${f.col}]: ${fmt(f.actual)} vs ${fmt(f.expected)}`;
  return { pass: false, message, mismatches, worst };
}

/**
 * Throws unless two matrices are equal within a tolerance; the message shows where and by how much they differ.
 *
 * ```text
 * passes when every |actual_ij - expected_ij| <= absolute + relative |expected_ij|
 * ```
 *
 * @param actual - a number, a row, rows of numbers or a 2-D ndarray
 * @param expected - the same shape
 * @param options - tolerances (default absolute 1e-9) and the name for the message
 * @throws {@link TinyNNAssertionError} If they differ (or their shapes do).
 * @throws `ConfigError` / `DataError` (from `tinynn`) As {@link compareMatrices}.
 *
 * @example
 * assertClose(net.predict(X), [[0], [1], [1], [0]], { absolute: 0.01, name: "predictions" }); // passes, returns undefined
 */
export function assertClose(actual: unknown, expected: unknown, options: CloseOptions = {}): void {
  const c = compareMatrices(actual, expected, options);
  if (!c.pass) throw new TinyNNAssertionError(c.message, c);
}

/**
 * Options of {@link assertFits}.
 *
 * @example
 * const options: FitOptions = { tolerance: 0.05 };
 */
export interface FitOptions {
  /** The largest allowed |output - y| of any sample; default 0.1. */
  tolerance?: number;
}

/**
 * Throws unless the network fits the data set: every output within `tolerance` of its target.
 *
 * ```text
 * passes when max_ij |predict(X)_ij - y_ij| <= tolerance
 * ```
 *
 * @param network - the trained network
 * @param X - `[samples x inputSize]`
 * @param y - `[samples x outputSize]`
 * @param options - the tolerance (default 0.1)
 * @throws {@link TinyNNAssertionError} If an output is further than `tolerance` from its target (the message names the sample).
 * @throws `DataError` / `ShapeError` (from `tinynn`) If X or y are empty, ragged, not finite, or do not fit the network or each other.
 * @throws `ConfigError` (from `tinynn`) If network is not a Network, or the tolerance or an option is invalid.
 *
 * @example
 * net.train(X, y, { iterations: 60000 });
 * assertFits(net, X, y, { tolerance: 0.01 }); // passes: the worst output is 0.0039 from its target
 */
export function assertFits(network: Network, X: MatrixInput, y: MatrixInput, options: FitOptions = {}): void {
  const model = modelArg(network, "assertFits' network");
  const o = optionsArg(options, "assertFits", ["tolerance"], "{ tolerance: 0.1 }");
  const tol = tolerance(o.tolerance, "tolerance", 0.1);
  // X and y checked against the network and each other: a y of the wrong shape is a mistake, not a misfit
  const [x, t] = checkData(model, X, y);
  const c = compareMatrices(network.predict(x), t, { absolute: tol, name: "the network's output" });
  if (!c.pass) {
    const w = c.worst;
    const where = w === undefined ? "" : ` Sample ${w.row} (output ${w.col}) is ${fmt(w.actual)}, target ${fmt(w.expected)}.`;
    throw new TinyNNAssertionError(`The network does not fit the data within ${tol}: ${c.message}.${where}`, c);
  }
}

/**
 * Throws unless backprop's gradients match central finite differences ({@link checkGradients}) for
 * every weight and bias: the test of a student's `backward` or activation derivative.
 *
 * ```text
 * passes when maxRelativeError <= tolerance, where for every smooth entry i
 *   relativeError_i = |analytic_i - numeric_i| / max(|analytic_i|, |numeric_i|, F)
 *   F = max(floor, relativeFloor · scale)    scale = the largest |numeric_i|; defaults floor 1e-8, relativeFloor 0.1
 * ```
 *
 * The defaults (h = 1e-6, F = 0.1 · scale, tolerance 1e-5) pass every one of 100 random correct
 * networks of the built-in layers, activations and losses (largest error 8.9e-8) and fail a
 * derivative off by a factor 1.01 (error 1e-2), 1.0001 (1e-4) or 1.00002 (2e-5) in each of the 99
 * with a non-zero gradient; {@link checkGradients} says why, and what the check cannot see. The
 * former measure, with `floor` alone (`relativeFloor: 0`), failed 49 of those 100 correct networks:
 * a gradient near 1e-6 of the largest is computed by finite differences to about 1e-2 of itself.
 *
 * @param network - the network (with the layer or activation under test)
 * @param X - `[samples x inputSize]`
 * @param y - `[samples x outputSize]`
 * @param options - the tolerance (a number >= 0, default 1e-5) and {@link GradientCheckOptions}
 * @returns the report, for further checks
 * @throws {@link TinyNNAssertionError} If the largest relative error is above the tolerance: the message names the
 *   weight, both gradients and the error (and the floor when the error is relative to it, and the entries left out at a kink).
 * @throws `ConfigError` (from `tinynn`) If the tolerance or an option is invalid; otherwise as {@link checkGradients}.
 *
 * @example
 * const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
 * const y = [[0], [1], [1], [0]];
 * const studentTanh: Activation = { name: "studentTanh", apply: exactMath.tanh, derivative: (_x, out) => 1 - out * out };
 * const net = new Network({ layers: [3, 4, 1], activation: studentTanh, outputActivation: "sigmoid", seed: 1 });
 * assertGradients(net, X, y).maxRelativeError; // => 1.512140626902677e-8
 * const buggyTanh: Activation = { ...studentTanh, derivative: (_x, out) => 1 - out }; // forgot the square
 * assertGradients(new Network({ layers: [3, 4, 1], activation: buggyTanh, outputActivation: "sigmoid", seed: 1 }), X, y);
 * // throws TinyNNAssertionError "Gradient of W0[1][0] is wrong: backprop 0.0107808369837, finite differences -0.0487151989303, relative error 1.22e+0 > tolerance 0.00001"
 */
export function assertGradients(network: Network, X: MatrixInput, y: MatrixInput, options: GradientCheckOptions & { tolerance?: number } = {}): GradientCheckReport {
  const o = optionsArg(options, "assertGradients", ["tolerance", "loss", "epsilon", "floor", "relativeFloor"], "{ tolerance: 1e-5 }");
  const tol = tolerance(o.tolerance, "tolerance", 1e-5);
  const { tolerance: _t, ...checkOptions } = o;
  const report = checkGradients(network, X, y, checkOptions);
  if (!(report.maxRelativeError <= tol)) {
    const w = report.worst;
    let message =
      `Gradient of ${w.parameter}[${w.row}][${w.col}] is wrong: backprop ${fmt(w.analytic)}, finite differences ${fmt(w.numeric)}, ` +
      `relative error ${w.relativeError.toExponential(2)} > tolerance ${tol}`;
    if (report.floor > Math.max(Math.abs(w.analytic), Math.abs(w.numeric))) {
      message += ` (the difference over the floor ${fmt(report.floor)}, as both gradients are smaller)`;
    }
    if (report.skipped > 0) message += `; ${report.skipped} of ${report.entries.length} entries sit at a kink of the loss and were not compared`;
    throw new TinyNNAssertionError(message);
  }
  return report;
}
