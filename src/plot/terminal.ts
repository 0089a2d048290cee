import { checkKnownKeys, ConfigError, DataError, describe } from "../errors.js";
import type { TrainingHistory, TrainingSummary } from "../engine/options.js";
import { checkCeiling, MAX_PLOT_SIZE } from "../limits.js";
import { metricSeriesList, notAName, seriesOptions, type Points } from "./series.js";
import { flag, historyOf, type HistoryMetric } from "./training-curve.js";

const BARS = "▁▂▃▄▅▆▇█";

/** The glyphs of {@link terminalCurve}'s training and validation series. */
const TRAINING_GLYPH = "•";
const VALIDATION_GLYPH = "◦";

function checkWidth(value: number | undefined, name: string, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new ConfigError(`${name} must be an integer >= ${min}, got ${describe(v)}`);
  checkCeiling(name, v, MAX_PLOT_SIZE);
  return v;
}

/** Every key of {@link TerminalPlotOptions} (both plots take the same object). */
const TERMINAL_KEYS = ["width", "height", "log", "metric", "validation", "earlyStoppingEvery"] as const satisfies readonly (keyof TerminalPlotOptions)[];

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
  /**
   * The series of a history to draw ({@link terminalCurve} only); default `"meanAbsoluteError"`. A
   * metric the history recorded (`metrics: ["accuracy"]` in {@link TrainOptions}) is drawn by its name.
   */
  metric?: HistoryMetric | (string & {});
  /**
   * Draw the metric's validation values too, as `◦`, when the history has them ({@link terminalCurve}
   * only); default `true`. `false`: training only. `true` refuses a history without any.
   */
  validation?: boolean;
  /**
   * The run's `earlyStopping.every`, which places `history.validationLoss` ({@link terminalCurve}
   * only); default: inferred from its length (exact when the run's iterations were a multiple of it
   * or patience stopped it).
   */
  earlyStoppingEvery?: number;
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
 * (spanning the bucket's range), an iteration axis; with validation values, a `◦` for them and a
 * legend line.
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
 * The series are found as {@link trainingCurveSvg} finds them: `metric: "loss"` with
 * `history.metrics.validation.loss` (else early stopping's `history.validationLoss`), a recorded
 * metric by its name, and so on.
 *
 * @param history - what {@link Network.train} returned, or its `history`
 * @param options - width, height, log scale, metric, validation
 * @returns the lines joined with `\n` (no trailing newline)
 * @throws {@link ConfigError} If history is not a training history, the metric is not in it (the
 *   message lists what it has), or an option is unknown or invalid.
 * @throws {@link DataError} If a value drawn is not a finite number, or `history.metrics` is malformed.
 * @throws {@link LimitError} If width or height is past 10,000 characters.
 *
 * @example
 * console.log(terminalCurve(net.train(X, y, { iterations: 60000 }), { log: true }));
 *
 * @example
 * // early stopping (every: 2) measured the validation loss after iterations 1, 3 and 5
 * const history = { loss: [0.5, 0.4, 0.3, 0.2, 0.1, 0.08], meanAbsoluteError: [0.6, 0.5, 0.4, 0.3, 0.2, 0.1], validationLoss: [0.45, 0.35, 0.3] };
 * terminalCurve(history, { metric: "loss", width: 6, height: 5 }).split("\n").map((line) => line.trimEnd());
 * // => [" 0.5 ┤•◦",
 * //     "     │ • ◦",
 * //     "     │  •  ◦",
 * //     "     │   •",
 * //     "0.08 ┤    ••",
 * //     "     └──────",
 * //     "      0    5",
 * //     "      • training  ◦ validation"]
 */
export function terminalCurve(history: TrainingHistory | TrainingSummary, options: TerminalPlotOptions = {}): string {
  const h = historyOf(history, "history");
  checkOptions(options, "terminalCurve");
  const metric: unknown = options.metric ?? "meanAbsoluteError";
  if (typeof metric !== "string") throw notAName("metric", metric);
  const width = checkWidth(options.width, "width", 60, 2);
  const height = checkWidth(options.height, "height", 10, 2);
  const log = flag(options.log, "log");
  const [series] = metricSeriesList(h, [metric], "metric", seriesOptions(options));
  const { training, validation } = series!;
  return textCurve(training, validation, width, height, log);
}

/** A series' values, checked finite, with the iteration of each. */
function located(p: Points): { values: readonly number[]; at: (i: number) => number } {
  for (let i = 0; i < p.values.length; i++) {
    if (!Number.isFinite(p.values[i])) throw new DataError(`${p.source}[${i}] must be a finite number, got ${describe(p.values[i])}`);
  }
  const at = p.at;
  return { values: p.values, at: at === undefined ? (i) => i : (i) => at[i]! };
}

/**
 * The lines of {@link terminalCurve}: columns span iterations 0 .. the last one evenly, each shows
 * the range of each series' values in it (so a fast drop stays visible; validation drawn over
 * training), and a legend line follows when there is validation.
 */
function textCurve(training: Points | undefined, validation: Points | undefined, width: number, height: number, log: boolean): string {
  const series = [training, validation].map((p) => (p === undefined ? undefined : located(p)));
  let span = 0;
  for (const s of series) if (s !== undefined && s.values.length > 0) span = Math.max(span, s.at(s.values.length - 1) + 1);
  if (span === 0) return "(empty history)";
  const t = (v: number): number => (log ? (v > 0 ? Math.log10(v) : Number.NaN) : v);
  const columns = Math.min(width, span);
  // column c holds iterations floor(c span / columns) .. floor((c + 1) span / columns) - 1, as the buckets of a plot without validation
  const columnOf = (it: number): number => {
    let c = Math.min(columns - 1, Math.floor((it * columns) / span));
    while (c + 1 < columns && Math.floor(((c + 1) * span) / columns) <= it) c++;
    while (c > 0 && Math.floor((c * span) / columns) > it) c--;
    return c;
  };
  const ranges = series.map((s) => {
    const r: [number, number][] = Array.from({ length: columns }, () => [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    if (s === undefined) return r;
    s.values.forEach((value, i) => {
      const v = t(value);
      if (!Number.isFinite(v)) return;
      const cell = r[columnOf(s.at(i))]!;
      cell[0] = Math.min(cell[0], v);
      cell[1] = Math.max(cell[1], v);
    });
    return r;
  });
  const filled = ranges.flat().filter(([a]) => Number.isFinite(a));
  const lo = filled.length ? Math.min(...filled.map((r) => r[0])) : 0;
  const hi = filled.length ? Math.max(...filled.map((r) => r[1])) : 1;
  const rowOf = (v: number): number => (hi > lo ? Math.round(((hi - v) * (height - 1)) / (hi - lo)) : Math.floor(height / 2));
  const grid = Array.from({ length: height }, () => Array<string>(columns).fill(" "));
  ranges.forEach((r, k) => {
    const glyph = k === 0 ? TRAINING_GLYPH : VALIDATION_GLYPH;
    r.forEach(([a, b], c) => {
      if (!Number.isFinite(a)) return;
      for (let row = rowOf(b); row <= rowOf(a); row++) grid[row]![c] = glyph;
    });
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
  const last = String(span - 1);
  lines.push(`${" ".repeat(pad + 2)}0${last.padStart(Math.max(columns - 1, last.length))}`);
  if (validation !== undefined) {
    lines.push(`${" ".repeat(pad + 2)}${training === undefined ? "" : `${TRAINING_GLYPH} training  `}${VALIDATION_GLYPH} validation`);
  }
  return lines.join("\n");
}
