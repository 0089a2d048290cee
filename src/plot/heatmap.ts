import { checkKnownKeys, ConfigError, DataError, describe, LimitError } from "../errors.js";
import type { ErrorSurface, SurfacePoint } from "../lab/error-surface.js";
import { checkCeiling, MAX_CONTOURS, MAX_SURFACE_POINTS } from "../limits.js";
import { drawAxes, makeScale, type Frame } from "./axes.js";
import { contourSegments } from "./contours.js";
import { num, SvgWriter } from "./svg.js";
import { flag, pixels, roomFor, titleOf } from "./training-curve.js";

/**
 * Options of {@link errorSurfaceSvg}.
 *
 * @example
 * const options: HeatmapOptions = { contours: 10, log: false, title: "Error plane" };
 */
export interface HeatmapOptions {
  /** Image width in pixels; default 560. */
  width?: number;
  /** Image height in pixels; default 480. */
  height?: number;
  /** Number of evenly spaced contour levels, or the levels themselves; default 8. `0` draws none. */
  contours?: number | readonly number[];
  /** Colour (and space contour levels) by log10 of the value; default `false`. */
  log?: boolean;
  /** Mark the grid's minimum (white cross) and the network's current point (black dot); default `true`. */
  markers?: boolean;
  /** Title above the plot. */
  title?: string;
  /** A path to draw over the map, e.g. the two weights during training: `[[x0, y0], [x1, y1], ...]`. */
  path?: readonly (readonly [number, number])[];
}

const VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];

/** Viridis colour for t in [0, 1]. @internal */
export function viridis(t: number): string {
  const u = Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(u), VIRIDIS.length - 2);
  const f = u - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  const ch = (k: number): number => Math.round(parseInt(a.slice(k, k + 2), 16) * (1 - f) + parseInt(b.slice(k, k + 2), 16) * f);
  return `#${[ch(1), ch(3), ch(5)].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The error surface as an SVG heat map with contour lines: the blog's error plane seen from above.
 *
 * ```text
 * cell colour = viridis((v - min) / (max - min))        (or of log10 v with log)
 * contours    = marching squares at each level (see contourSegments)
 * ```
 *
 * @param surface - what {@link errorSurface} returned
 * @param options - size, contour levels, log colour scale, markers, title
 * @returns a standalone SVG string
 * @throws {@link ConfigError} If surface is not an error surface, or an option is unknown or invalid
 *   (sizes: numbers of pixels from 50 up to 10,000 that leave room for the axes and colour bar).
 * @throws {@link DataError} If the surface's axes are not monotonic finite numbers, its values do not fit
 *   them, or it has no finite value to colour (with `log`: none above 0).
 * @throws {@link LimitError} If a size is past 10,000 pixels, contours past 1,000, the grid past
 *   1,000,000 points, or the contour lines past 1,000,000 segments.
 *
 * @example
 * const s = errorSurface(net, X, y, { x: { parameter: "W0", row: 0 }, y: { parameter: "W0", row: 1 } });
 * const svg = errorSurfaceSvg(s, { contours: 10, title: "Error plane" });
 * svg.includes("<path"); // => true (the contour lines)
 */
export function errorSurfaceSvg(surface: ErrorSurface, options: HeatmapOptions = {}): string {
  if (typeof surface !== "object" || surface === null || !Array.isArray(surface.xs) || !Array.isArray(surface.ys) || !Array.isArray(surface.values)) {
    throw new ConfigError(`surface must be an ErrorSurface { xs, ys, values, ... } from errorSurface(), got ${describe(surface)}`);
  }
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`errorSurfaceSvg options must be an object like { contours: 10 }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "errorSurfaceSvg", HEATMAP_KEYS);
  const { xs, ys, values } = checkSurface(surface);
  const width = pixels(options.width, "width", 560);
  const height = pixels(options.height, "height", 480);
  const log = flag(options.log, "log");
  const markers = options.markers === undefined ? true : flag(options.markers, "markers");
  const title = titleOf(options.title);
  const path = options.path === undefined ? undefined : checkPath(options.path);
  const tf = (v: number): number => (log ? Math.log10(v) : v);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const row of values) {
    for (const v of row) {
      const t = tf(v);
      if (!Number.isFinite(t)) continue;
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
  }
  if (!(lo <= hi)) {
    throw new DataError(log ? "surface.values has no value > 0 to colour on a log scale: pass log: false" : "surface.values has no finite value to colour");
  }
  if (!(hi > lo)) hi = lo + 1;
  const levels = contourLevels(options.contours ?? 8, lo, hi, log);

  const top = title ? 34 : 16;
  roomFor("width", width, 64 + 96, "the axes and colour bar");
  roomFor("height", height, top + 50, title ? "the axes and title" : "the axes");
  const svg = new SvgWriter(width, height);
  const frame: Frame = { left: 64, top, width: width - 64 - 96, height: height - top - 50 };
  // axes run low to high whichever way the grid was made (errorSurface's from may be above its to)
  const span = (c: readonly number[]): [number, number] => [Math.min(c[0]!, c[c.length - 1]!), Math.max(c[0]!, c[c.length - 1]!)];
  const x = makeScale(span(xs), [frame.left, frame.left + frame.width], false, 5);
  const y = makeScale(span(ys), [frame.top + frame.height, frame.top], false, 5);
  // cells centred on the grid points, edges half-way between neighbours
  const edges = (c: readonly number[]): number[] => c.map((v, i) => (i === 0 ? v : (c[i - 1]! + v) / 2)).concat([c[c.length - 1]!]);
  const ex = edges(xs);
  const ey = edges(ys);
  svg.open("g", { "shape-rendering": "crispEdges" });
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      const px0 = x(ex[i]!);
      const px1 = x(ex[i + 1]!);
      const py0 = y(ey[j + 1]!);
      const py1 = y(ey[j]!);
      svg.rect(Math.min(px0, px1), Math.min(py0, py1), Math.abs(px1 - px0) + 0.5, Math.abs(py1 - py0) + 0.5, { fill: viridis((tf(values[j]![i]!) - lo) / (hi - lo)) });
    }
  }
  svg.close("g");
  svg.open("g", { fill: "none", stroke: "white", "stroke-width": 1, "stroke-opacity": 0.85 });
  let segments = 0;
  for (const level of levels) {
    const found = contourSegments(values, xs, ys, level);
    // a noisy surface crosses every cell at every level: the page would not open
    segments += found.length;
    if (segments > MAX_CONTOUR_SEGMENTS) {
      throw new LimitError(`the contour lines of ${levels.length} levels would have more than ${MAX_CONTOUR_SEGMENTS} segments; pass fewer contours (or contours: 0)`);
    }
    let d = "";
    for (const [x1, y1, x2, y2] of found) d += `M${num(x(x1))} ${num(y(y1))}L${num(x(x2))} ${num(y(y2))}`;
    if (d !== "") svg.path(d);
  }
  svg.close("g");
  if (path !== undefined) {
    // keep a point only when it moved at least half a pixel: a long training path stays small
    const pts: [number, number][] = [];
    path.forEach(([px, py], k) => {
      const p: [number, number] = [x(px), y(py)];
      const q = pts[pts.length - 1];
      if (q === undefined || k === path.length - 1 || Math.hypot(p[0] - q[0], p[1] - q[1]) >= 0.5) pts.push(p);
    });
    svg.polyline(pts, { stroke: "#e4572e", "stroke-width": 2, "stroke-linejoin": "round" });
  }
  if (markers) {
    const m = surface.min;
    const cx = x(m.x);
    const cy = y(m.y);
    svg.path(`M${num(cx - 6)} ${num(cy - 6)}L${num(cx + 6)} ${num(cy + 6)}M${num(cx - 6)} ${num(cy + 6)}L${num(cx + 6)} ${num(cy - 6)}`, { stroke: "white", "stroke-width": 2.5 });
    const c = surface.current;
    const [x0, x1] = span(xs);
    const [y0, y1] = span(ys);
    if (c.x >= x0 && c.x <= x1 && c.y >= y0 && c.y <= y1) {
      svg.circle(x(c.x), y(c.y), 4.5, { fill: "black", stroke: "white", "stroke-width": 1.5 });
    }
  }
  drawAxes(svg, frame, x, y, { grid: false, x: surface.xLabel, y: surface.yLabel, ...(title === undefined ? {} : { title }) });
  // colour bar
  const bx = frame.left + frame.width + 18;
  const steps = 50;
  for (let k = 0; k < steps; k++) {
    const py = frame.top + frame.height - ((k + 1) * frame.height) / steps;
    svg.rect(bx, py, 14, frame.height / steps + 0.5, { fill: viridis((k + 0.5) / steps), "shape-rendering": "crispEdges" });
  }
  svg.rect(bx, frame.top, 14, frame.height, { fill: "none", stroke: "#333" });
  const bar = makeScale(log ? [10 ** lo, 10 ** hi] : [lo, hi], [frame.top + frame.height, frame.top], log, 5);
  for (const t of bar.ticks) {
    const py = bar(t);
    if (py < frame.top - 0.5 || py > frame.top + frame.height + 0.5) continue;
    svg.line(bx + 14, py, bx + 18, py, { stroke: "#333" });
    svg.text(bx + 21, py + 4, bar.format(t), { "font-size": 10 });
  }
  const metricLabel = surface.metric === "loss" ? "loss" : "mean |error|";
  svg.text(bx, frame.top - 6, metricLabel, { "font-size": 10 });
  return svg.toString();
}

/** Every key of {@link HeatmapOptions}. */
const HEATMAP_KEYS = ["width", "height", "contours", "log", "markers", "title", "path"] as const satisfies readonly (keyof HeatmapOptions)[];

/** Most contour segments drawn, over all levels: one per grid point of the largest surface. */
const MAX_CONTOUR_SEGMENTS = MAX_SURFACE_POINTS;

/** The surface checked: a grid of numbers over two monotonic axes, labels, metric and (for markers) its points. */
function checkSurface(surface: ErrorSurface): { xs: number[]; ys: number[]; values: number[][] } {
  const { xs, ys, values } = surface;
  for (const [name, axis] of [["xs", xs], ["ys", ys]] as const) {
    if (axis.length < 2) throw new DataError(`surface.${name} must have at least 2 values, got ${axis.length}`);
    const up = axis[1]! > axis[0]!;
    for (let i = 0; i < axis.length; i++) {
      const v: unknown = axis[i];
      if (typeof v !== "number" || !Number.isFinite(v)) throw new DataError(`surface.${name}[${i}] must be a finite number, got ${describe(v)}`);
      if (i > 0 && (up ? !(v > axis[i - 1]!) : !(v < axis[i - 1]!))) {
        throw new DataError(`surface.${name} must be strictly increasing or decreasing, but ${name}[${i - 1}] is ${axis[i - 1]} and ${name}[${i}] is ${v}`);
      }
    }
  }
  checkCeiling("surface.xs.length × surface.ys.length", xs.length * ys.length, MAX_SURFACE_POINTS);
  if (values.length !== ys.length) throw new DataError(`surface.values must have ys.length (${ys.length}) rows, got ${values.length}`);
  for (let j = 0; j < values.length; j++) {
    const row: unknown = values[j];
    if (!Array.isArray(row) || row.length !== xs.length) {
      throw new DataError(`surface.values[${j}] must be a row of xs.length (${xs.length}) numbers, got ${describe(row)}`);
    }
    for (let i = 0; i < row.length; i++) {
      if (typeof row[i] !== "number") throw new DataError(`surface.values[${j}][${i}] must be a number, got ${describe(row[i])}`);
    }
  }
  for (const key of ["xLabel", "yLabel"] as const) {
    if (typeof surface[key] !== "string") throw new ConfigError(`surface.${key} must be a string, got ${describe(surface[key])}`);
  }
  if (surface.metric !== "loss" && surface.metric !== "meanAbsoluteError") {
    throw new ConfigError(`surface.metric must be "loss" or "meanAbsoluteError", got ${describe(surface.metric)}`);
  }
  for (const key of ["min", "current"] as const) {
    const p: unknown = surface[key];
    const { x, y } = (typeof p === "object" && p !== null ? p : {}) as Partial<SurfacePoint>;
    if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new DataError(`surface.${key} must be a point { x, y, value } with finite x and y, got ${describe(p)}`);
    }
  }
  return { xs, ys, values };
}

/** A path option checked: an array of [x, y] pairs of finite numbers. */
function checkPath(path: unknown): readonly (readonly [number, number])[] {
  if (!Array.isArray(path)) throw new ConfigError(`path must be an array of [x, y] points, got ${describe(path)}`);
  for (let k = 0; k < path.length; k++) {
    const p: unknown = path[k];
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === "number" && Number.isFinite(v))) {
      throw new ConfigError(`path[${k}] must be an [x, y] pair of finite numbers, got ${describe(p)}`);
    }
  }
  return path as readonly (readonly [number, number])[];
}

function contourLevels(spec: number | readonly number[], lo: number, hi: number, log: boolean): number[] {
  if (Array.isArray(spec)) {
    checkCeiling("contours.length", spec.length, MAX_CONTOURS);
    for (const v of spec) if (typeof v !== "number" || !Number.isFinite(v)) throw new ConfigError(`contours must be a count or an array of finite numbers, got ${describe(v)} in the array`);
    return [...spec];
  }
  const n = spec as number;
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`contours must be an integer >= 0 or an array of levels, got ${describe(spec)}`);
  checkCeiling("contours", n, MAX_CONTOURS);
  return Array.from({ length: n }, (_, k) => {
    const t = lo + ((k + 1) * (hi - lo)) / (n + 1);
    return log ? 10 ** t : t;
  });
}
