import { ConfigError, describe } from "../errors.js";
import { checkGradients, type GradientCheckOptions, type GradientCheckReport } from "../lab/check-gradients.js";
import type { MatrixInput } from "../matrix/matrix.js";
import { toMatrix } from "../matrix/matrix.js";
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

function tolerance(value: number | undefined, name: string, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new ConfigError(`${name} must be a finite number >= 0, got ${describe(v)}`);
  return v;
}

function asRows(value: unknown, name: string): number[][] {
  if (typeof value === "number") return [[value]];
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return [value as number[]];
  const m = toMatrixLoose(value, name);
  return m;
}

function toMatrixLoose(value: unknown, name: string): number[][] {
  if (Array.isArray(value)) {
    return value.map((row: unknown, i) => {
      if (!Array.isArray(row)) throw new ConfigError(`${name}[${i}] must be an array of numbers, got ${describe(row)}`);
      return row.map((v: unknown, j) => {
        if (typeof v !== "number") throw new ConfigError(`${name}[${i}][${j}] must be a number, got ${describe(v)}`);
        return v;
      });
    });
  }
  const m = toMatrix(value, name);
  const out: number[][] = [];
  for (let i = 0; i < m.shape[0]!; i++) out.push(Array.from(m.data.subarray(i * m.shape[1]!, (i + 1) * m.shape[1]!)));
  return out;
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
 * @returns pass, message, count of mismatches and the worst element
 * @throws `ConfigError` (from `tinynn`) If a tolerance is negative or not finite, or a value is not numeric.
 *
 * @example
 * compareMatrices([[1, 2], [3, 4]], [[1, 2], [3, 4.001]], { absolute: 1e-6 }).message;
 * // => "actual differs from expected at 1 of 4 elements (tolerance 0.000001 + 0 × |expected|); worst at [1][1]: 4 vs 4.001, difference 0.001"
 */
export function compareMatrices(actual: unknown, expected: unknown, options: CloseOptions = {}): MatrixComparison {
  const name = options.name ?? "actual";
  const abs = tolerance(options.absolute, "absolute", 1e-9);
  const rel = tolerance(options.relative, "relative", 0);
  const a = asRows(actual, name);
  const e = asRows(expected, "expected");
  const shape = (m: number[][]): string => `[${m.length} x ${m[0]?.length ?? 0}]`;
  if (a.length !== e.length || a.some((row, i) => row.length !== e[i]!.length)) {
    return { pass: false, message: `${name} has shape ${shape(a)} but expected has shape ${shape(e)}`, mismatches: Number.NaN, worst: undefined };
  }
  let mismatches = 0;
  let total = 0;
  let worst: MatrixComparison["worst"];
  let firstBad: MatrixComparison["worst"];
  a.forEach((row, i) =>
    row.forEach((x, j) => {
      total++;
      const y = e[i]![j]!;
      const difference = Math.abs(x - y);
      const ok = difference <= abs + rel * Math.abs(y) || (x === y);
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
 * @throws {@link TinyNNAssertionError} If they differ.
 * @throws `ConfigError` (from `tinynn`) If a tolerance or value is invalid.
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
 * @throws `DataError` / `ShapeError` (from `tinynn`) As {@link Network.predict}.
 *
 * @example
 * net.train(X, y, { iterations: 60000 });
 * assertFits(net, X, y, { tolerance: 0.01 }); // passes: the worst output is 0.0039 from its target
 */
export function assertFits(network: Network, X: MatrixInput, y: MatrixInput, options: FitOptions = {}): void {
  const tol = tolerance(options.tolerance, "tolerance", 0.1);
  const c = compareMatrices(network.predict(X), toMatrixLoose(y, "y"), { absolute: tol, name: "the network's output" });
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
 * passes when max_i |analytic_i - numeric_i| / max(|analytic_i|, |numeric_i|, floor) <= tolerance
 * ```
 *
 * @param network - the network (with the layer or activation under test)
 * @param X - `[samples x inputSize]`
 * @param y - `[samples x outputSize]`
 * @param options - the tolerance (default 1e-5) and {@link GradientCheckOptions}
 * @returns the report, for further checks
 * @throws {@link TinyNNAssertionError} If the largest relative error is above the tolerance (the message names the weight).
 *
 * @example
 * const net = new Network({ layers: [2, 3, 1], activation: studentTanh, seed: 1 });
 * assertGradients(net, X, y); // returns the report when studentTanh's derivative is right, else throws e.g.
 * // "Gradient of W0[1][0] is wrong: backprop 0.0107808369837, finite differences -0.0487151989303, relative error 1.22e+0 > tolerance 0.00001"
 */
export function assertGradients(network: Network, X: MatrixInput, y: MatrixInput, options: GradientCheckOptions & { tolerance?: number } = {}): GradientCheckReport {
  const tol = tolerance(options.tolerance, "tolerance", 1e-5);
  const { tolerance: _t, ...checkOptions } = options;
  const report = checkGradients(network, X, y, checkOptions);
  if (!(report.maxRelativeError <= tol)) {
    const w = report.worst;
    throw new TinyNNAssertionError(
      `Gradient of ${w.parameter}[${w.row}][${w.col}] is wrong: backprop ${fmt(w.analytic)}, finite differences ${fmt(w.numeric)}, ` +
        `relative error ${w.relativeError.toExponential(2)} > tolerance ${tol}`,
    );
  }
  return report;
}
