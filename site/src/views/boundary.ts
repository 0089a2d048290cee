import type { Network } from "tinynn";
import type { DataSet } from "../types.js";
import { CLASS_COLORS, el, mix, short, size, svgDocument, text } from "./svg.js";

/** Options of {@link decisionBoundarySvg}. */
export interface DecisionBoundaryOptions {
  /** Image width in pixels; default 420. */
  width?: number;
  /** Image height in pixels; default 420. */
  height?: number;
  /** Grid points per side, an integer from 2 to 200; default 60 (3,600 predictions in one call). */
  resolution?: number;
  /** Title above the plot; default "Decision boundary". */
  title?: string;
  /** Margin around the data, as a fraction of its extent on each axis; default 0.1. */
  padding?: number;
}

/** Shade steps of a region's colour: cells of equal shade next to each other are merged into one rect. */
const SHADES = 16;

/**
 * The network's decision over the plane of planar data (2 input columns): a grid of predictions
 * (`net.predict` once, on all grid points) as coloured cells, the data points on top by label.
 *
 * ```text
 * one output    p = output clamped to [0, 1]:  colour = class 0's colour (p = 0) .. white (0.5) .. class 1's (p = 1)
 * k outputs     class = argmax;  colour = the class's colour, stronger as its output nears 1 (softmax)
 * cells         resolution x resolution, centred on grid points over the data's extent + padding;
 *               shades quantized to 16 steps per class, runs of equal shade in a row merged
 * ```
 *
 * Data that is not planar (X without exactly 2 columns, or a network without 2 inputs) draws a note
 * instead of the plane.
 *
 * @param net - the network, with 2 inputs
 * @param data - the data set: X's two columns are the axes, labels colour the points
 * @param options - size, resolution, title, padding
 * @returns a standalone SVG string with `role="img"`, an `aria-label` (points, classes, accuracy) and a `<title>`
 * @throws {RangeError} If a size, the resolution or the padding is out of range.
 *
 * @example
 * decisionBoundarySvg(net, data, { resolution: 60 });
 * // => '<svg ... aria-label="Decision boundary over the plane of x1 and x2: 200 points of 2 classes, 97% classified right" ...'
 */
export function decisionBoundarySvg(net: Network, data: Pick<DataSet, "X" | "labels">, options: DecisionBoundaryOptions = {}): string {
  const width = size(options.width, "width", 420, 100);
  const height = size(options.height, "height", 420, 100);
  const title = options.title ?? "Decision boundary";
  const resolution = options.resolution ?? 60;
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 200) throw new RangeError(`resolution must be an integer from 2 to 200, got ${String(resolution)}`);
  const padding = options.padding ?? 0.1;
  if (!Number.isFinite(padding) || padding < 0 || padding > 10) throw new RangeError(`padding must be a number from 0 to 10, got ${String(padding)}`);
  const { X, labels } = data;
  const heading = text(width / 2, 20, title, { "text-anchor": "middle", "font-size": 14, "font-weight": "bold" });
  if (net.inputSize !== 2 || X.length === 0 || X.some((r) => r.length !== 2)) {
    const why = net.inputSize !== 2 ? `the network has ${net.inputSize} inputs` : X.length === 0 ? "there is no data" : `the data has ${X[0]?.length ?? 0} columns`;
    return svgDocument(width, height, title, `No decision boundary: it needs 2 input columns, and ${why}`, [
      heading,
      text(width / 2, height / 2, `The decision boundary needs 2 input columns; ${why}.`, { "text-anchor": "middle", fill: "#666" }),
    ]);
  }
  const frame = { left: 40, top: 32, width: width - 52, height: height - 66 };
  const extent = (c: 0 | 1): [number, number] => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const r of X) if (Number.isFinite(r[c]!)) [lo, hi] = [Math.min(lo, r[c]!), Math.max(hi, r[c]!)];
    if (!(lo <= hi)) [lo, hi] = [-1, 1];
    const pad = hi > lo ? (hi - lo) * padding : 1;
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = extent(0);
  const [y0, y1] = extent(1);
  const px = (v: number): number => frame.left + ((v - x0) / (x1 - x0)) * frame.width;
  const py = (v: number): number => frame.top + frame.height - ((v - y0) / (y1 - y0)) * frame.height;
  // grid points at the centres of resolution x resolution cells, row 0 at the top
  const grid: number[][] = [];
  for (let j = 0; j < resolution; j++) {
    const gy = y1 - ((j + 0.5) / resolution) * (y1 - y0);
    for (let i = 0; i < resolution; i++) grid.push([x0 + ((i + 0.5) / resolution) * (x1 - x0), gy]);
  }
  const out = net.predict(grid);
  const k = net.outputSize;
  const shadeOf = (row: readonly number[]): string => {
    if (k === 1) {
      const p = Math.min(1, Math.max(0, Number.isFinite(row[0]!) ? row[0]! : 0.5));
      const q = Math.round(((p - 0.5) * 2) * SHADES) / SHADES; // -1 .. 1
      return q < 0 ? mix("#ffffff", CLASS_COLORS[0]!, -q * 0.6) : mix("#ffffff", CLASS_COLORS[1]!, q * 0.6);
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (row[c]! > row[best]!) best = c;
    // confidence from 1/k (a tie) to 1
    const conf = Math.min(1, Math.max(0, (row[best]! - 1 / k) / (1 - 1 / k)));
    return mix("#ffffff", CLASS_COLORS[best % CLASS_COLORS.length]!, 0.15 + (Math.round(conf * SHADES) / SHADES) * 0.45);
  };
  const cw = frame.width / resolution;
  const ch = frame.height / resolution;
  const body: string[] = [heading, `<g class="cells" shape-rendering="crispEdges">`];
  for (let j = 0; j < resolution; j++) {
    let start = 0;
    let fill = shadeOf(out[j * resolution]!);
    for (let i = 1; i <= resolution; i++) {
      const next = i < resolution ? shadeOf(out[j * resolution + i]!) : "";
      if (next === fill) continue;
      body.push(el("rect", { class: "cell", x: frame.left + start * cw, y: frame.top + j * ch, width: (i - start) * cw + 0.5, height: ch + 0.5, fill }));
      start = i;
      fill = next;
    }
  }
  body.push("</g>");
  body.push(el("rect", { x: frame.left, y: frame.top, width: frame.width, height: frame.height, fill: "none", stroke: "#333" }));
  // the data on top: each class in its colour, white rims to separate overlapping points
  const r = Math.max(2, Math.min(5, Math.sqrt((frame.width * frame.height) / Math.max(1, X.length)) / 4));
  const classes = new Set<number>();
  let right = 0;
  body.push(`<g class="points" stroke="white" stroke-width="${Math.min(1, r / 3)}">`);
  X.forEach((row, n) => {
    const label = labels[n] ?? 0;
    classes.add(label);
    body.push(el("circle", { cx: px(row[0]!), cy: py(row[1]!), r, fill: CLASS_COLORS[label % CLASS_COLORS.length]! }));
  });
  body.push("</g>");
  const predicted = net.predict(X);
  predicted.forEach((p, n) => {
    let c = 0;
    if (k === 1) c = p[0]! >= 0.5 ? 1 : 0;
    else for (let m = 1; m < k; m++) if (p[m]! > p[c]!) c = m;
    if (c === labels[n]) right++;
  });
  // axis ends
  const axis = { "font-size": 10, fill: "#333" };
  body.push(text(frame.left, frame.top + frame.height + 14, short(x0), { ...axis, "text-anchor": "start" }));
  body.push(text(frame.left + frame.width, frame.top + frame.height + 14, short(x1), { ...axis, "text-anchor": "end" }));
  body.push(text(frame.left + frame.width / 2, frame.top + frame.height + 26, "x1", { "text-anchor": "middle", "font-size": 11 }));
  body.push(text(frame.left - 4, frame.top + frame.height, short(y0), { ...axis, "text-anchor": "end" }));
  body.push(text(frame.left - 4, frame.top + 9, short(y1), { ...axis, "text-anchor": "end" }));
  body.push(text(frame.left - 8, frame.top + frame.height / 2 + 4, "x2", { "text-anchor": "end", "font-size": 11 }));
  const accuracy = Math.round((100 * right) / X.length);
  const label =
    `Decision boundary over the plane of x1 and x2: ${X.length} point${X.length === 1 ? "" : "s"} of ${classes.size} class${classes.size === 1 ? "" : "es"}, ` +
    `${accuracy}% classified right`;
  return svgDocument(width, height, title, label, body);
}
