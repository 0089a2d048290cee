import { checkKnownKeys, ConfigError, describe } from "../errors.js";
import type { TrainingHistory } from "../engine/options.js";
import { checkCeiling, MAX_PLOT_SIZE } from "../limits.js";
import type { Frame } from "./axes.js";
import { PALETTE, SvgWriter } from "./svg.js";
import { drawCurves, extent, flag, historyOf, METRIC_LABELS, pixels, roomFor, titleOf, type HistoryMetric } from "./training-curve.js";

/**
 * One curve of {@link sweepCurvesSvg}: a label and a history; a {@link SweepResult} is one.
 *
 * @example
 * const run: LabelledHistory = { label: "alpha=10", summary: net.train(X, y) };
 */
export interface LabelledHistory {
  /** The legend or panel title, e.g. `"alpha=10"`. */
  readonly label: string;
  /** The run's training summary (its `history` is drawn). */
  readonly summary: {
    /** The history that is drawn. */
    readonly history: TrainingHistory;
  };
}

/**
 * Options of {@link sweepCurvesSvg}.
 *
 * @example
 * const options: SweepCurvesOptions = { layout: "panels", columns: 4, log: true };
 */
export interface SweepCurvesOptions {
  /** `"panels"` (default): one small plot per run, side by side, same axes; `"overlay"`: all runs in one plot. */
  layout?: "panels" | "overlay";
  /** Panels per row; default 4. */
  columns?: number;
  /** The series drawn; default `"meanAbsoluteError"` (the blog's printed error). */
  metric?: HistoryMetric;
  /** Logarithmic error axis; default `false`. */
  log?: boolean;
  /** Logarithmic iteration axis; default `false`. */
  logIterations?: boolean;
  /** Width of the whole image in pixels; default 960 for panels, 640 for overlay. */
  width?: number;
  /** Height of one panel (or of the overlay plot) in pixels; default 240 for panels, 400 for overlay. */
  height?: number;
  /** Title above the plot(s). */
  title?: string;
}

/**
 * Several training curves of a sweep as one SVG document: side by side on shared axes, or overlaid.
 *
 * ```text
 * panels:  one plot per run, row by row, every panel with the same x and y ranges
 * overlay: one plot, one colour per run, with a legend
 * ```
 *
 * @param runs - e.g. what {@link sweep} returned
 * @param options - layout, metric, log scales, sizes, title
 * @returns a standalone SVG string
 * @throws {@link ConfigError} If runs is empty or not a list of labelled histories, or an option is unknown
 *   or invalid (sizes: numbers of pixels from 50 up to 10,000 that leave room for axes and legend).
 * @throws {@link DataError} If a history value is not a number.
 * @throws {@link LimitError} If width, height or the whole image's height is past 10,000 pixels.
 *
 * @example
 * const results = sweep(X, y, { network: { layers: [3, 4, 1], bias: false }, train: { iterations: 60000 }, grid: { alpha: [0.001, 0.01, 0.1, 1, 10, 100, 1000] } });
 * const svg = sweepCurvesSvg(results, { log: true, title: "Error by alpha" });
 * svg.includes("alpha=10"); // => true
 */
export function sweepCurvesSvg(runs: readonly LabelledHistory[], options: SweepCurvesOptions = {}): string {
  if (!Array.isArray(runs) || runs.length === 0) throw new ConfigError(`runs must be a non-empty array of { label, summary }, got ${describe(runs)}`);
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`sweepCurvesSvg options must be an object like { layout: "overlay" }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "sweepCurvesSvg", SWEEP_CURVES_KEYS);
  const histories = runs.map((r, i) => {
    if (typeof r !== "object" || r === null || typeof r.label !== "string") {
      throw new ConfigError(`runs[${i}] must be { label: string, summary }, got ${describe(r)}`);
    }
    return historyOf(r.summary, `runs[${i}].summary`);
  });
  const layout = options.layout ?? "panels";
  if (layout !== "panels" && layout !== "overlay") throw new ConfigError(`layout must be "panels" or "overlay", got ${describe(layout)}`);
  const metric = options.metric ?? "meanAbsoluteError";
  if (metric !== "loss" && metric !== "meanAbsoluteError") throw new ConfigError(`metric must be "loss" or "meanAbsoluteError", got ${describe(metric)}`);
  const log = flag(options.log, "log");
  const logIterations = flag(options.logIterations, "logIterations");
  const title = titleOf(options.title);
  const series = histories.map((h) => h[metric]);
  const domain = extent(series, log);
  let iterations = 1;
  for (const s of series) iterations = Math.max(iterations, s.length);
  const yLabel = METRIC_LABELS[metric] + (log ? " (log)" : "");
  const titleSpace = title ? 30 : 0;

  if (layout === "overlay") {
    const width = pixels(options.width, "width", 640);
    const height = pixels(options.height, "height", 400);
    let longest = 0;
    for (const r of runs) longest = Math.max(longest, r.label.length);
    const legendWidth = 16 + 7 * longest + 26;
    roomFor("width", width, 90 + legendWidth, "the axes and the legend of these labels");
    roomFor("height", height, 66 + titleSpace, title ? "the axes and title" : "the axes");
    const svg = new SvgWriter(width, height);
    const frame: Frame = { left: 70, top: 16 + titleSpace, width: width - 90 - legendWidth, height: height - 66 - titleSpace };
    drawCurves(svg, frame, runs.map((r, i) => ({ values: series[i]!, label: r.label })), {
      log, logIterations, yLabel, domain, iterations, legend: "outside", ...(title === undefined ? {} : { title }),
    });
    return svg.toString();
  }
  const columns = options.columns ?? 4;
  if (!Number.isInteger(columns) || columns < 1) throw new ConfigError(`columns must be an integer >= 1, got ${describe(columns)}`);
  const cols = Math.min(columns, runs.length);
  const rows = Math.ceil(runs.length / cols);
  const width = pixels(options.width, "width", 960);
  const panelHeight = pixels(options.height, "height", 240);
  const panelWidth = width / cols;
  roomFor(`width / ${cols} panels per row`, panelWidth, 76, "each panel's axes");
  roomFor("height", panelHeight, 72, "each panel's axes and title");
  checkCeiling(`the image's height (${rows} rows of panels × height${title ? " + title" : ""})`, rows * panelHeight + titleSpace, MAX_PLOT_SIZE);
  const svg = new SvgWriter(width, rows * panelHeight + titleSpace);
  if (title) svg.text(width / 2, 22, title, { "text-anchor": "middle", "font-size": 15, "font-weight": "bold" });
  runs.forEach((r, i) => {
    const c = i % cols;
    const row = Math.floor(i / cols);
    const frame: Frame = {
      left: c * panelWidth + 62,
      top: titleSpace + row * panelHeight + 28,
      width: panelWidth - 76,
      height: panelHeight - 72,
    };
    drawCurves(svg, frame, [{ values: series[i]!, label: r.label, color: PALETTE[i % PALETTE.length]! }], {
      log, logIterations, yLabel: c === 0 ? yLabel : "", domain, iterations, title: r.label, legend: false,
    });
  });
  return svg.toString();
}

/** Every key of {@link SweepCurvesOptions}. */
const SWEEP_CURVES_KEYS = ["layout", "columns", "metric", "log", "logIterations", "width", "height", "title"] as const satisfies readonly (keyof SweepCurvesOptions)[];
