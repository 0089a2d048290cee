import { checkKnownKeys, ConfigError, DataError, describe } from "../errors.js";
import type { TrainingHistory, TrainingSummary } from "../engine/options.js";
import { checkCeiling, MAX_PLOT_SIZE } from "../limits.js";
import { decimate, decimateAt, drawAxes, makeScale, type Frame } from "./axes.js";
import { metricSeriesList, notAName, seriesOptions, type MetricSeries } from "./series.js";
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
  /**
   * Series to draw; default both, `["loss", "meanAbsoluteError"]`. A metric the history recorded
   * (`metrics: ["accuracy"]` in {@link TrainOptions}) is drawn by its name, e.g. `["accuracy"]`.
   */
  series?: readonly (HistoryMetric | (string & {}))[];
  /** Title above the plot. */
  title?: string;
  /**
   * Draw each series' validation values too, dashed, when the history has them; default `true`.
   * `false`: training only. `true` refuses a history without any.
   */
  validation?: boolean;
  /**
   * The run's `earlyStopping.every`, which places `history.validationLoss`; default: inferred from
   * its length (exact when the run's iterations were a multiple of it or patience stopped it).
   */
  earlyStoppingEvery?: number;
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
 * A training curve as an SVG document: loss and mean absolute error over the iterations, and
 * their values on validation data when the history has them.
 *
 * ```text
 * x = iteration (linear, or log10(iteration + 1)),   y = history value (linear or log10)
 * long histories are reduced to each pixel column's min and max, so oscillations stay visible
 *
 * series               training line (solid)              validation line (dashed, another colour)
 * "loss"               history.loss                       history.metrics.validation.loss at history.metrics.iterations,
 *                                                         else early stopping's history.validationLoss after
 *                                                         iterations every-1, 2 every-1, ... (earlyStoppingEvery)
 * "meanAbsoluteError"  history.meanAbsoluteError          history.metrics.validation.meanAbsoluteError
 * a recorded name      history.metrics.training[name]     history.metrics.validation[name]
 *                      at history.metrics.iterations      at history.metrics.iterations
 * values recorded now and then are joined by straight lines, with a marker on each while they are few;
 * the legend names each line ("training", "validation") and sits in the corner that hides least
 * ```
 *
 * @param history - what {@link Network.train} returned, or its `history`
 * @param options - size, log scales, series, title, validation
 * @returns a standalone SVG string (write it to a `.svg` file, or inline it in HTML)
 * @throws {@link ConfigError} If history is not a training history, a series is not in it (the
 *   message lists what it has), or an option is unknown or invalid (width and height: numbers of
 *   pixels from 50 up to 10,000 that leave room for the axes; `validation: true` with no validation
 *   values; an `earlyStoppingEvery` that does not give the history's number of checks).
 * @throws {@link DataError} If a history value is not a number (NaN and Infinity are drawn as gaps),
 *   or `history.metrics` is malformed (iterations not increasing, a series of another length).
 * @throws {@link LimitError} If width or height is past 10,000 pixels.
 *
 * @example
 * const summary = net.train(X, y, { iterations: 60000 });
 * const svg = trainingCurveSvg(summary, { log: true, title: "XOR 3-4-1" });
 * svg.startsWith("<svg"); // => true
 *
 * @example
 * // a metric recorded every 2 iterations, on the training and the validation data (train's
 * // metrics and validation options record these; here they are written by hand)
 * const history = {
 *   loss: [0.7, 0.6, 0.5, 0.45, 0.4],
 *   meanAbsoluteError: [0.5, 0.45, 0.4, 0.35, 0.3],
 *   metrics: { iterations: [0, 2, 4], training: { accuracy: [0.5, 0.75, 1] }, validation: { loss: [0.7, 0.55, 0.5], accuracy: [0.25, 0.5, 0.75] } },
 * };
 * const svg = trainingCurveSvg(history, { series: ["accuracy"], width: 290, height: 166 });
 * // x = 70 + 50 iteration, y = 116 - 100 accuracy: the training line solid, the validation line dashed
 * svg.includes('<path d="M70 66L170 41L270 16" fill="none" stroke="#1f77b4" stroke-width="1.5" stroke-linejoin="round"/>'); // => true
 * svg.includes('<path d="M70 91L170 66L270 41" fill="none" stroke="#d62728" stroke-width="1.5" stroke-linejoin="round" stroke-dasharray="6 3"/>'); // => true
 * svg.includes(">training</text>") && svg.includes(">validation</text>"); // => true
 * trainingCurveSvg(history, { series: ["acuracy"] }); // throws ConfigError: series "acuracy" is not in this history; it has "loss", "meanAbsoluteError", "accuracy"
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
    throw new ConfigError(`series must be a non-empty array of metric names ("loss", "meanAbsoluteError" or ones the history records), got ${describe(series)}`);
  }
  for (const s of series) if (typeof s !== "string") throw notAName("each series", s);
  const names = series as string[];
  const log = flag(options.log, "log");
  const logIterations = flag(options.logIterations, "logIterations");
  const title = titleOf(options.title);
  const list = metricSeriesList(h, names, "series", seriesOptions(options));
  const top = title ? 34 : 16;
  roomFor("width", width, 90, "the axes");
  roomFor("height", height, top + 50, title ? "the axes and title" : "the axes");
  const svg = new SvgWriter(width, height);
  const frame: Frame = { left: 70, top, width: width - 90, height: height - top - 50 };
  const yLabel = names.length === 1 ? labelOf(names[0]!) : log ? "value (log)" : "value";
  const common = { log, logIterations, yLabel, ...(title === undefined ? {} : { title }) };
  if (list.every((s) => s.training !== undefined && s.training.at === undefined && s.validation === undefined)) {
    // every iteration's loss or mean |error|, and no validation: the plot as it always was
    drawCurves(svg, frame, list.map((s) => ({ values: s.training!.values, label: labelOf(s.name) })), common);
  } else {
    const { curves, legendOrder } = seriesCurves(list);
    drawCurves(svg, frame, curves, { ...common, legend: "auto", legendOrder });
  }
  return svg.toString();
}

/** Every key of {@link TrainingCurveOptions}. */
const TRAINING_CURVE_KEYS = [
  "width", "height", "log", "logIterations", "series", "title", "validation", "earlyStoppingEvery",
] as const satisfies readonly (keyof TrainingCurveOptions)[];

/** The dash pattern of validation lines (training lines are solid). @internal */
export const VALIDATION_DASH = "6 3";

/** The display name of a metric: `"mean |error|"` for `"meanAbsoluteError"`, other names as they are. @internal */
export function labelOf(name: string): string {
  return Object.hasOwn(METRIC_LABELS, name) ? METRIC_LABELS[name as HistoryMetric] : name;
}

/**
 * The colours of validation lines, in the order they are taken (those a training line has are
 * skipped): red first, as dark as the first training line's blue, then green, lighter, as the
 * second's orange is, so that the metrics keep their order of darkness in greyscale too.
 */
const VALIDATION_COLORS = [3, 2, 4, 5, 6, 7, 8, 9, 0, 1].map((k) => PALETTE[k]!);

/**
 * The curves of some metrics with their validation series: the training curves first, solid, in
 * the colours a plot without validation gives them, then the validation curves, dashed, in colours
 * of their own, drawn over them; the legend lists each metric's training and validation together.
 */
function seriesCurves(list: readonly MetricSeries[]): { curves: Curve[]; legendOrder: number[] } {
  const anyValidation = list.some((s) => s.validation !== undefined);
  const label = (s: MetricSeries, kind: string): string =>
    !anyValidation ? labelOf(s.name) : list.length === 1 ? kind : `${kind} ${labelOf(s.name)}`;
  const curves: Curve[] = [];
  const training: (number | undefined)[] = list.map((s) => {
    if (s.training === undefined) return undefined;
    const { values, at } = s.training;
    curves.push({ values, label: label(s, "training"), color: PALETTE[curves.length % PALETTE.length]!, ...(at === undefined ? {} : { at, marker: "filled" as const }) });
    return curves.length - 1;
  });
  const colors = VALIDATION_COLORS.filter((c) => !curves.some((t) => t.color === c));
  let next = 0;
  const validation: (number | undefined)[] = list.map((s) => {
    if (s.validation === undefined) return undefined;
    const { values, at } = s.validation;
    const color = colors[next++ % colors.length]!;
    curves.push({ values, at, label: label(s, "validation"), color, dash: VALIDATION_DASH, marker: "hollow" });
    return curves.length - 1;
  });
  const legendOrder = list.flatMap((_, i) => [training[i], validation[i]].filter((k) => k !== undefined));
  return { curves, legendOrder };
}

/**
 * One line of a plot: values at iterations 0, 1, 2, ..., or at the increasing iterations `at`
 * (connected, with a marker on each point while they are few). @internal
 */
export interface Curve {
  readonly values: readonly number[];
  readonly label: string;
  readonly color?: string;
  readonly at?: readonly number[];
  /** An SVG stroke-dasharray; solid without. */
  readonly dash?: string;
  /** Markers on the points of a curve with `at`: filled, or white inside. */
  readonly marker?: "filled" | "hollow";
}

/** Points of the lines, in pixels, that fall inside a box (each segment sampled every 2 pixels). */
function pointsInside(lines: readonly (readonly [number, number])[][], box: { x: number; y: number; w: number; h: number }): number {
  const inside = (px: number, py: number): boolean => px >= box.x && px <= box.x + box.w && py >= box.y && py <= box.y + box.h;
  let count = 0;
  for (const pts of lines) {
    for (let i = 0; i < pts.length; i++) {
      const [x1, y1] = pts[i]!;
      if (!Number.isFinite(x1) || !Number.isFinite(y1)) continue;
      if (inside(x1, y1)) count++;
      const next = pts[i + 1];
      if (next === undefined || !Number.isFinite(next[0]) || !Number.isFinite(next[1])) continue;
      const steps = Math.min(1000, Math.floor(Math.hypot(next[0] - x1, next[1] - y1) / 2));
      for (let k = 1; k < steps; k++) if (inside(x1 + ((next[0] - x1) * k) / steps, y1 + ((next[1] - y1) * k) / steps)) count++;
    }
  }
  return count;
}

/** Draws curves with axes and a legend into a frame. @internal */
export function drawCurves(
  svg: SvgWriter,
  frame: Frame,
  curves: readonly Curve[],
  o: {
    log: boolean;
    logIterations: boolean;
    yLabel: string;
    title?: string;
    domain?: [number, number];
    /**
     * `true` (default): a box in the top right corner; `"outside"`: right of the frame; `"auto"`: a box,
     * as wide as its labels, in the right corner (top or bottom) that hides less of the curves.
     */
    legend?: boolean | "outside" | "auto";
    /** With `legend: "auto"`: the curves' indices in the legend's order; default all, in order. */
    legendOrder?: readonly number[];
    iterations?: number;
  },
): void {
  const n = o.iterations ?? Math.max(1, ...curves.map((c) => (c.at === undefined ? c.values.length : (c.at[c.at.length - 1] ?? -1) + 1)));
  const xDomain: [number, number] = o.logIterations ? [1, Math.max(n, 10)] : [0, Math.max(n - 1, 1)];
  const x = makeScale(xDomain, [frame.left, frame.left + frame.width], o.logIterations, Math.max(2, Math.floor(frame.width / 90)));
  const y = makeScale(o.domain ?? extent(curves.map((c) => c.values), o.log), [frame.top + frame.height, frame.top], o.log, Math.max(2, Math.floor(frame.height / 50)));
  drawAxes(svg, frame, x, y, { x: o.logIterations ? "iteration + 1" : "iteration", y: o.yLabel, ...(o.title === undefined ? {} : { title: o.title }) });
  svg.open("g");
  const px = (it: number): number => x(o.logIterations ? it + 1 : it);
  const drawn: [number, number][][] = [];
  const marked: boolean[] = [];
  curves.forEach((c, i) => {
    const color = c.color ?? PALETTE[i % PALETTE.length]!;
    const kept =
      c.at === undefined
        ? decimate(c.values, Math.ceil(frame.width), o.logIterations)
        : decimateAt(c.at, c.values, (it) => px(it) - frame.left, 2 * Math.ceil(frame.width));
    const pts = kept.map(([it, v]): [number, number] => [
      px(it),
      o.log && v <= 0 ? Number.NaN : Math.min(Math.max(y(v), frame.top), frame.top + frame.height),
    ]);
    svg.polyline(pts, { stroke: color, "stroke-width": 1.5, "stroke-linejoin": "round", "stroke-dasharray": c.dash });
    // a few measured points: mark each, so sparse records do not pass for a smooth curve
    const mark = c.marker !== undefined && c.at !== undefined && kept.length === c.at.length && kept.length <= frame.width / 8;
    if (mark) {
      for (const [cx, cy] of pts) {
        if (Number.isFinite(cx) && Number.isFinite(cy)) svg.circle(cx, cy, 2.5, { fill: c.marker === "hollow" ? "white" : color, stroke: color, "stroke-width": 1.2 });
      }
    }
    drawn.push(pts);
    marked.push(mark);
  });
  svg.close("g");
  if (o.legend === "auto") {
    const order = o.legendOrder ?? curves.map((_, i) => i);
    let longest = 0;
    for (const k of order) longest = Math.max(longest, curves[k]!.label.length);
    const w = Math.max(130, Math.ceil(40 + 6.2 * longest));
    const h = order.length * 16 + 6;
    // the corner that hides the fewest points of the lines: top right, bottom right, top left, bottom left
    const right = frame.left + frame.width - w - 6;
    const bottom = frame.top + frame.height - 4 - h;
    let [lx0, ly0] = [right, frame.top + 4];
    if (bottom > ly0 && right > frame.left + 6) {
      let fewest = Number.POSITIVE_INFINITY;
      for (const [cx, cy] of [[right, frame.top + 4], [right, bottom], [frame.left + 6, frame.top + 4], [frame.left + 6, bottom]] as const) {
        const hidden = pointsInside(drawn, { x: cx, y: cy, w, h });
        if (hidden < fewest) [fewest, lx0, ly0] = [hidden, cx, cy];
      }
    }
    svg.rect(lx0, ly0, w, h, { fill: "white", "fill-opacity": 0.85, stroke: "#ccc" });
    order.forEach((k, row) => {
      const c = curves[k]!;
      const color = c.color ?? PALETTE[k % PALETTE.length]!;
      const ly = ly0 + 10 + row * 16;
      const lx = lx0 + 6;
      svg.line(lx, ly - 4, lx + 20, ly - 4, { stroke: color, "stroke-width": 2, "stroke-dasharray": c.dash });
      if (marked[k]) svg.circle(lx + 10, ly - 4, 2.5, { fill: c.marker === "hollow" ? "white" : color, stroke: color, "stroke-width": 1.2 });
      svg.text(lx + 26, ly, c.label, { "font-size": 11 });
    });
  } else if (o.legend ?? true) {
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
