import { checkKnownKeys, ConfigError, DataError, describe } from "../errors.js";
import type { TrainingHistory, TrainingSummary } from "../engine/options.js";
import { checkCeiling, MAX_PLOT_SIZE } from "../limits.js";
import { decimate, drawAxes, makeScale, type Frame } from "./axes.js";
import { PALETTE, SvgWriter } from "./svg.js";

/**
 * Which series of a {@link TrainingHistory} to draw.
 *
 * @example
 * const metric: HistoryMetric = "meanAbsoluteError";
 */
export type HistoryMetric = "loss" | "meanAbsoluteError";

/**
 * Options of {@link trainingCurveSvg}.
 *
 * @example
 * const options: TrainingCurveOptions = { log: true, title: "XOR, alpha 10" };
 */
export interface TrainingCurveOptions {
  /** Image width in pixels; default 640. */
  width?: number;
  /** Image height in pixels; default 400. */
  height?: number;
  /** Logarithmic error axis; default `false`. */
  log?: boolean;
  /** Logarithmic iteration axis (iteration + 1); default `false`. */
  logIterations?: boolean;
  /** Series to draw; default both, `["loss", "meanAbsoluteError"]`. */
  series?: readonly HistoryMetric[];
  /** Title above the plot. */
  title?: string;
}

/** Display names of the history's series. @internal */
export const METRIC_LABELS: Readonly<Record<HistoryMetric, string>> = { loss: "loss", meanAbsoluteError: "mean |error|" };

/**
 * Validates a history or summary argument: two arrays of numbers (NaN and Infinity are drawn as
 * gaps; anything else, holes included, is refused). @internal
 */
export function historyOf(value: unknown, name: string): TrainingHistory {
  const h = (typeof value === "object" && value !== null && "history" in value ? (value as TrainingSummary).history : value) as TrainingHistory;
  if (typeof h !== "object" || h === null || !Array.isArray(h.loss) || !Array.isArray(h.meanAbsoluteError)) {
    throw new ConfigError(`${name} must be a TrainingSummary or TrainingHistory ({ loss: number[], meanAbsoluteError: number[] }), got ${describe(value)}`);
  }
  for (const key of ["loss", "meanAbsoluteError"] as const) {
    const series: readonly unknown[] = h[key];
    for (let i = 0; i < series.length; i++) {
      if (typeof series[i] !== "number") throw new DataError(`${name}'s ${key}[${i}] must be a number, got ${describe(series[i])}`);
    }
  }
  return h;
}

/** Validates a pixel size: a number >= 50 and at most {@link MAX_PLOT_SIZE}. @internal */
export function pixels(value: number | undefined, name: string, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 50) throw new ConfigError(`${name} must be a number of pixels >= 50, got ${describe(v)}`);
  checkCeiling(name, v, MAX_PLOT_SIZE);
  return v;
}

/** The smallest plot area, in pixels, a plot is drawn into. */
const MIN_FRAME = 20;

/**
 * Throws unless `size` leaves at least {@link MIN_FRAME} pixels once `taken` (axes, labels, legend,
 * title) are set aside: a smaller image would draw boxes of negative size. @internal
 */
export function roomFor(name: string, size: number, taken: number, what: string): void {
  if (size - taken < MIN_FRAME) {
    throw new ConfigError(`${name} must be at least ${Math.ceil(taken + MIN_FRAME)} pixels (${what} take ${Math.ceil(taken)}), got ${size}`);
  }
}

/** Validates an optional boolean option. @internal */
export function flag(value: unknown, name: string): boolean {
  if (value !== undefined && typeof value !== "boolean") throw new ConfigError(`${name} must be true or false, got ${describe(value)}`);
  return value === true;
}

/** Validates an optional title. @internal */
export function titleOf(value: unknown): string | undefined {
  if (value !== undefined && typeof value !== "string") throw new ConfigError(`title must be a string, got ${describe(value)}`);
  return value;
}

/** Min and max of the positive (log) or finite values of several series. @internal */
export function extent(series: readonly (readonly number[])[], log: boolean): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (const v of s) {
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return log ? [1e-3, 1] : [0, 1];
  return log ? [lo, hi] : [Math.min(0, lo), hi];
}

/**
 * A training curve as an SVG document: loss and mean absolute error over the iterations.
 *
 * ```text
 * x = iteration (linear, or log10(iteration + 1)),   y = history value (linear or log10)
 * long histories are reduced to each pixel column's min and max, so oscillations stay visible
 * ```
 *
 * @param history - what {@link Network.train} returned, or its `history`
 * @param options - size, log scales, series, title
 * @returns a standalone SVG string (write it to a `.svg` file, or inline it in HTML)
 * @throws {@link ConfigError} If history is not a training history, or an option is unknown or invalid
 *   (width and height: numbers of pixels from 50 up to 10,000 that leave room for the axes).
 * @throws {@link DataError} If a history value is not a number (NaN and Infinity are drawn as gaps).
 * @throws {@link LimitError} If width or height is past 10,000 pixels.
 *
 * @example
 * const summary = net.train(X, y, { iterations: 60000 });
 * const svg = trainingCurveSvg(summary, { log: true, title: "XOR 3-4-1" });
 * svg.startsWith("<svg"); // => true
 */
export function trainingCurveSvg(history: TrainingHistory | TrainingSummary, options: TrainingCurveOptions = {}): string {
  const h = historyOf(history, "history");
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`trainingCurveSvg options must be an object like { log: true }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "trainingCurveSvg", TRAINING_CURVE_KEYS);
  const width = pixels(options.width, "width", 640);
  const height = pixels(options.height, "height", 400);
  const series: unknown = options.series ?? ["loss", "meanAbsoluteError"];
  if (!Array.isArray(series) || series.length === 0) {
    throw new ConfigError(`series must be a non-empty array of "loss" and "meanAbsoluteError", got ${describe(series)}`);
  }
  for (const s of series) if (s !== "loss" && s !== "meanAbsoluteError") throw new ConfigError(`series must contain "loss" or "meanAbsoluteError", got ${describe(s)}`);
  const metrics = series as HistoryMetric[];
  const log = flag(options.log, "log");
  const logIterations = flag(options.logIterations, "logIterations");
  const title = titleOf(options.title);
  const top = title ? 34 : 16;
  roomFor("width", width, 90, "the axes");
  roomFor("height", height, top + 50, title ? "the axes and title" : "the axes");
  const svg = new SvgWriter(width, height);
  const frame: Frame = { left: 70, top, width: width - 90, height: height - top - 50 };
  drawCurves(svg, frame, metrics.map((s) => ({ values: h[s], label: METRIC_LABELS[s] })), {
    log,
    logIterations,
    yLabel: metrics.length === 1 ? METRIC_LABELS[metrics[0]!] : log ? "value (log)" : "value",
    ...(title === undefined ? {} : { title }),
  });
  return svg.toString();
}

/** Every key of {@link TrainingCurveOptions}. */
const TRAINING_CURVE_KEYS = ["width", "height", "log", "logIterations", "series", "title"] as const satisfies readonly (keyof TrainingCurveOptions)[];

/** Draws curves with axes and a legend into a frame. @internal */
export function drawCurves(
  svg: SvgWriter,
  frame: Frame,
  curves: readonly { values: readonly number[]; label: string; color?: string }[],
  o: { log: boolean; logIterations: boolean; yLabel: string; title?: string; domain?: [number, number]; legend?: boolean | "outside"; iterations?: number },
): void {
  const n = o.iterations ?? Math.max(1, ...curves.map((c) => c.values.length));
  const xDomain: [number, number] = o.logIterations ? [1, Math.max(n, 10)] : [0, Math.max(n - 1, 1)];
  const x = makeScale(xDomain, [frame.left, frame.left + frame.width], o.logIterations, Math.max(2, Math.floor(frame.width / 90)));
  const y = makeScale(o.domain ?? extent(curves.map((c) => c.values), o.log), [frame.top + frame.height, frame.top], o.log, Math.max(2, Math.floor(frame.height / 50)));
  drawAxes(svg, frame, x, y, { x: o.logIterations ? "iteration + 1" : "iteration", y: o.yLabel, ...(o.title === undefined ? {} : { title: o.title }) });
  svg.open("g");
  curves.forEach((c, i) => {
    const pts = decimate(c.values, Math.ceil(frame.width), o.logIterations).map(([it, v]): [number, number] => [
      x(o.logIterations ? it + 1 : it),
      o.log && v <= 0 ? Number.NaN : Math.min(Math.max(y(v), frame.top), frame.top + frame.height),
    ]);
    svg.polyline(pts, { stroke: c.color ?? PALETTE[i % PALETTE.length]!, "stroke-width": 1.5, "stroke-linejoin": "round" });
  });
  svg.close("g");
  if (o.legend ?? true) {
    const lx0 = o.legend === "outside" ? frame.left + frame.width + 8 : frame.left + frame.width - 136;
    if (o.legend !== "outside") svg.rect(lx0, frame.top + 4, 130, curves.length * 16 + 6, { fill: "white", "fill-opacity": 0.85, stroke: "#ccc" });
    curves.forEach((c, i) => {
      const ly = frame.top + 14 + i * 16;
      const lx = lx0 + 6;
      svg.line(lx, ly - 4, lx + 20, ly - 4, { stroke: c.color ?? PALETTE[i % PALETTE.length]!, "stroke-width": 2 });
      svg.text(lx + 26, ly, c.label, { "font-size": 11 });
    });
  }
}
