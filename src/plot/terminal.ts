import { checkKnownKeys, ConfigError, DataError, describe } from "../errors.js";
import type { TrainingHistory, TrainingSummary } from "../engine/options.js";
import { checkCeiling, MAX_PLOT_SIZE } from "../limits.js";
import { flag, historyOf, type HistoryMetric } from "./training-curve.js";

const BARS = "▁▂▃▄▅▆▇█";

function checkWidth(value: number | undefined, name: string, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new ConfigError(`${name} must be an integer >= ${min}, got ${describe(v)}`);
  checkCeiling(name, v, MAX_PLOT_SIZE);
  return v;
}

/** Every key of {@link TerminalPlotOptions} (both plots take the same object). */
const TERMINAL_KEYS = ["width", "height", "log", "metric"] as const satisfies readonly (keyof TerminalPlotOptions)[];

function checkOptions(options: TerminalPlotOptions, what: string): void {
  if (typeof options !== "object" || options === null) throw new ConfigError(`${what} options must be an object like { width: 40 }, got ${describe(options)}`);
  checkKnownKeys(options, what, TERMINAL_KEYS);
}

/** Averages `values` into `n` buckets (fewer when there are fewer values). */
function buckets(values: readonly number[], n: number): number[] {
  const m = Math.min(n, values.length);
  const out: number[] = [];
  for (let b = 0; b < m; b++) {
    const start = Math.floor((b * values.length) / m);
    const end = Math.max(start + 1, Math.floor(((b + 1) * values.length) / m));
    let s = 0;
    for (let i = start; i < end; i++) s += values[i]!;
    out.push(s / (end - start));
  }
  return out;
}

/**
 * Options of {@link sparkline} and {@link terminalCurve}.
 *
 * @example
 * const options: TerminalPlotOptions = { width: 40, log: true };
 */
export interface TerminalPlotOptions {
  /** Characters across; default 60. Longer series are averaged into this many buckets. */
  width?: number;
  /** Rows of the curve ({@link terminalCurve} only); default 10. */
  height?: number;
  /** Log10 scale; default `false`. Values <= 0 show as the lowest level. */
  log?: boolean;
  /** The series of a history to draw ({@link terminalCurve} only); default `"meanAbsoluteError"`. */
  metric?: HistoryMetric;
}

/**
 * A one-line chart of a series with the block characters `▁▂▃▄▅▆▇█`.
 *
 * ```text
 * char(v) = BARS[round(7 (v - min) / (max - min))]          (of log10 v with log)
 * ```
 *
 * @param values - the series, e.g. `summary.history.meanAbsoluteError`
 * @param options - width and log scale
 * @returns the line (at most `width` characters)
 * @throws {@link ConfigError} If values is not an array, width is not an integer >= 1, or an option is unknown or invalid.
 * @throws {@link DataError} If a value is not a finite number.
 * @throws {@link LimitError} If width is past 10,000 characters.
 *
 * @example
 * sparkline([4, 3, 2, 1, 0]); // => "█▆▅▃▁"
 */
export function sparkline(values: readonly number[], options: TerminalPlotOptions = {}): string {
  if (!Array.isArray(values)) throw new ConfigError(`values must be an array of numbers, got ${describe(values)}`);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "number" || !Number.isFinite(values[i])) throw new DataError(`values[${i}] must be a finite number, got ${describe(values[i])}`);
  }
  checkOptions(options, "sparkline");
  const width = checkWidth(options.width, "width", 60, 1);
  const log = flag(options.log, "log");
  const b = buckets(values, width).map((v) => (log ? (v > 0 ? Math.log10(v) : Number.NaN) : v));
  const finite = b.filter(Number.isFinite);
  if (finite.length === 0) return BARS[0]!.repeat(b.length);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return b.map((v) => (Number.isFinite(v) ? BARS[hi > lo ? Math.round((7 * (v - lo)) / (hi - lo)) : 3]! : BARS[0]!)).join("");
}

/**
 * A training curve as lines of text for a terminal: y labels, a column of dots per bucket of iterations
 * (spanning the bucket's range), an iteration axis.
 *
 * ```text
 * 0.496 ┤••
 *       │  ••
 *       │    ••••••••••
 * 0.003 ┤              •••••••••••••
 *       └───────────────────────────
 *        0                     59999
 * ```
 *
 * @param history - what {@link Network.train} returned, or its `history`
 * @param options - width, height, log scale, metric
 * @returns the lines joined with `\n` (no trailing newline)
 * @throws {@link ConfigError} If history is not a training history, or an option is unknown or invalid.
 * @throws {@link DataError} If a history value is not a finite number.
 * @throws {@link LimitError} If width or height is past 10,000 characters.
 *
 * @example
 * console.log(terminalCurve(net.train(X, y, { iterations: 60000 }), { log: true }));
 */
export function terminalCurve(history: TrainingHistory | TrainingSummary, options: TerminalPlotOptions = {}): string {
  const h = historyOf(history, "history");
  checkOptions(options, "terminalCurve");
  const metric = options.metric ?? "meanAbsoluteError";
  if (metric !== "loss" && metric !== "meanAbsoluteError") throw new ConfigError(`metric must be "loss" or "meanAbsoluteError", got ${describe(metric)}`);
  const width = checkWidth(options.width, "width", 60, 2);
  const height = checkWidth(options.height, "height", 10, 2);
  const log = flag(options.log, "log");
  const values = h[metric];
  if (values.length === 0) return "(empty history)";
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new DataError(`history.${metric}[${i}] must be a finite number, got ${describe(values[i])}`);
  }
  // each column shows the range of its bucket, so a fast drop stays visible
  const t = (v: number): number => (log ? (v > 0 ? Math.log10(v) : Number.NaN) : v);
  const columns = Math.min(width, values.length);
  const ranges: [number, number][] = [];
  for (let c = 0; c < columns; c++) {
    const start = Math.floor((c * values.length) / columns);
    const end = Math.max(start + 1, Math.floor(((c + 1) * values.length) / columns));
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = start; i < end; i++) {
      const v = t(values[i]!);
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    ranges.push([lo, hi]);
  }
  const finite = ranges.filter(([lo]) => Number.isFinite(lo));
  const lo = finite.length ? Math.min(...finite.map((r) => r[0])) : 0;
  const hi = finite.length ? Math.max(...finite.map((r) => r[1])) : 1;
  const rowOf = (v: number): number => (hi > lo ? Math.round(((hi - v) * (height - 1)) / (hi - lo)) : Math.floor(height / 2));
  const grid = Array.from({ length: height }, () => Array<string>(columns).fill(" "));
  ranges.forEach(([a, b], c) => {
    if (!Number.isFinite(a)) return;
    for (let r = rowOf(b); r <= rowOf(a); r++) grid[r]![c] = "•";
  });
  const label = (v: number): string => {
    const x = log ? 10 ** v : v;
    return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
  };
  const top = label(hi);
  const bottom = label(lo);
  const pad = Math.max(top.length, bottom.length);
  const lines = grid.map((row, r) => {
    const tag = r === 0 ? top : r === height - 1 ? bottom : "";
    return `${tag.padStart(pad)} ${tag ? "┤" : "│"}${row.join("")}`;
  });
  lines.push(`${" ".repeat(pad)} └${"─".repeat(columns)}`);
  const last = String(values.length - 1);
  lines.push(`${" ".repeat(pad + 2)}0${last.padStart(Math.max(columns - 1, last.length))}`);
  return lines.join("\n");
}
