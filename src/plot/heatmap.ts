import { ConfigError, describe } from "../errors.js";
import type { ErrorSurface } from "../lab/error-surface.js";
import { drawAxes, makeScale, type Frame } from "./axes.js";
import { contourSegments } from "./contours.js";
import { num, SvgWriter } from "./svg.js";
import { pixels } from "./training-curve.js";

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
 * @throws {@link ConfigError} If surface is not an error surface or an option is invalid.
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
  const { xs, ys, values } = surface;
  const width = pixels(options.width, "width", 560);
  const height = pixels(options.height, "height", 480);
  const log = options.log ?? false;
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
  if (!(hi > lo)) hi = lo + 1;
  const levels = contourLevels(options.contours ?? 8, lo, hi, log);

  const svg = new SvgWriter(width, height);
  const top = options.title ? 34 : 16;
  const frame: Frame = { left: 64, top, width: width - 64 - 96, height: height - top - 50 };
  const x = makeScale([xs[0]!, xs[xs.length - 1]!], [frame.left, frame.left + frame.width], false, 5);
  const y = makeScale([ys[0]!, ys[ys.length - 1]!], [frame.top + frame.height, frame.top], false, 5);
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
      svg.rect(px0, py0, px1 - px0 + 0.5, py1 - py0 + 0.5, { fill: viridis((tf(values[j]![i]!) - lo) / (hi - lo)) });
    }
  }
  svg.close("g");
  svg.open("g", { fill: "none", stroke: "white", "stroke-width": 1, "stroke-opacity": 0.85 });
  for (const level of levels) {
    let d = "";
    for (const [x1, y1, x2, y2] of contourSegments(values, xs, ys, level)) d += `M${num(x(x1))} ${num(y(y1))}L${num(x(x2))} ${num(y(y2))}`;
    if (d !== "") svg.path(d);
  }
  svg.close("g");
  if (options.path !== undefined) {
    if (!Array.isArray(options.path)) throw new ConfigError(`path must be an array of [x, y] points, got ${describe(options.path)}`);
    // keep a point only when it moved at least half a pixel: a long training path stays small
    const pts: [number, number][] = [];
    options.path.forEach(([px, py], k) => {
      const p: [number, number] = [x(px), y(py)];
      const q = pts[pts.length - 1];
      if (q === undefined || k === options.path!.length - 1 || Math.hypot(p[0] - q[0], p[1] - q[1]) >= 0.5) pts.push(p);
    });
    svg.polyline(pts, { stroke: "#e4572e", "stroke-width": 2, "stroke-linejoin": "round" });
  }
  if (options.markers ?? true) {
    const m = surface.min;
    const cx = x(m.x);
    const cy = y(m.y);
    svg.path(`M${num(cx - 6)} ${num(cy - 6)}L${num(cx + 6)} ${num(cy + 6)}M${num(cx - 6)} ${num(cy + 6)}L${num(cx + 6)} ${num(cy - 6)}`, { stroke: "white", "stroke-width": 2.5 });
    const c = surface.current;
    if (c.x >= Math.min(xs[0]!, xs[xs.length - 1]!) && c.x <= Math.max(xs[0]!, xs[xs.length - 1]!) && c.y >= Math.min(ys[0]!, ys[ys.length - 1]!) && c.y <= Math.max(ys[0]!, ys[ys.length - 1]!)) {
      svg.circle(x(c.x), y(c.y), 4.5, { fill: "black", stroke: "white", "stroke-width": 1.5 });
    }
  }
  drawAxes(svg, frame, x, y, { grid: false, x: surface.xLabel, y: surface.yLabel, ...(options.title === undefined ? {} : { title: options.title }) });
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

function contourLevels(spec: number | readonly number[], lo: number, hi: number, log: boolean): number[] {
  if (Array.isArray(spec)) {
    for (const v of spec) if (typeof v !== "number" || !Number.isFinite(v)) throw new ConfigError(`contours must be a count or an array of finite numbers, got ${describe(v)} in the array`);
    return [...spec];
  }
  const n = spec as number;
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`contours must be an integer >= 0 or an array of levels, got ${describe(spec)}`);
  return Array.from({ length: n }, (_, k) => {
    const t = lo + ((k + 1) * (hi - lo)) / (n + 1);
    return log ? 10 ** t : t;
  });
}
