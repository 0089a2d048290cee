import { num, type SvgWriter } from "./svg.js";

/** A map from data values to pixels, with its ticks. @internal */
export interface Scale {
  (value: number): number;
  readonly ticks: readonly number[];
  readonly format: (value: number) => string;
  readonly log: boolean;
}

/** "Nice" tick values (1, 2, 5 × 10^k steps) covering [min, max]. @internal */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function formatTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1000 && a < 1e7 && v % 1000 === 0) return `${v / 1000}k`;
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace("e+", "e");
  return String(Number(v.toPrecision(6)));
}

/** A linear or base-10 log scale from a data domain to a pixel range. @internal */
export function makeScale(domain: [number, number], range: [number, number], log: boolean, tickCount = 5): Scale {
  let [d0, d1] = domain;
  if (log) {
    d0 = Math.log10(d0);
    d1 = Math.log10(d1);
    // spanning a decade or more: widen to whole decades, so both ends get a label
    if (d1 - d0 >= 1) {
      d0 = Math.floor(d0 + 1e-9);
      d1 = Math.ceil(d1 - 1e-9);
    }
  }
  if (!(d1 > d0)) {
    const pad = d0 === 0 ? 1 : Math.abs(d0) * 0.1;
    d0 -= pad;
    d1 += pad;
  }
  const [r0, r1] = range;
  const f = (v: number): number => r0 + (((log ? Math.log10(v) : v) - d0) / (d1 - d0)) * (r1 - r0);
  let ticks: number[];
  if (log) {
    const lo = Math.ceil(d0 - 1e-9);
    const hi = Math.floor(d1 + 1e-9);
    const stride = Math.max(1, Math.ceil((hi - lo + 1) / 8));
    ticks = [];
    for (let e = lo; e <= hi; e += stride) ticks.push(10 ** e);
    if (ticks.length < 2) ticks = niceTicks(10 ** d0, 10 ** d1, 3).filter((v) => v > 0);
  } else {
    ticks = niceTicks(d0, d1, tickCount);
  }
  return Object.assign(f, { ticks, format: formatTick, log });
}

/** A plot area inside an SVG: its pixel box. @internal */
export interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Draws the frame, grid lines, tick labels and axis titles. @internal */
export function drawAxes(svg: SvgWriter, frame: Frame, x: Scale, y: Scale, labels: { x?: string; y?: string; title?: string; grid?: boolean }): void {
  const { left, top, width, height } = frame;
  const grid = labels.grid ?? true;
  const bottom = top + height;
  for (const t of y.ticks) {
    const py = y(t);
    if (py < top - 0.5 || py > bottom + 0.5) continue;
    if (grid) svg.line(left, py, left + width, py, { stroke: "#e5e5e5" });
    else svg.line(left - 4, py, left, py, { stroke: "#333" });
    svg.text(left - 6, py + 4, y.format(t), { "text-anchor": "end", "font-size": 11, fill: "#333" });
  }
  for (const t of x.ticks) {
    const px = x(t);
    if (px < left - 0.5 || px > left + width + 0.5) continue;
    if (grid) svg.line(px, top, px, bottom, { stroke: "#e5e5e5" });
    else svg.line(px, bottom, px, bottom + 4, { stroke: "#333" });
    svg.text(px, bottom + 16, x.format(t), { "text-anchor": "middle", "font-size": 11, fill: "#333" });
  }
  svg.rect(left, top, width, height, { fill: "none", stroke: "#333" });
  if (labels.x) svg.text(left + width / 2, bottom + 34, labels.x, { "text-anchor": "middle" });
  if (labels.y) {
    svg.text(0, 0, labels.y, { "text-anchor": "middle", transform: `translate(${num(left - 48)} ${num(top + height / 2)}) rotate(-90)` });
  }
  if (labels.title) svg.text(left + width / 2, top - 10, labels.title, { "text-anchor": "middle", "font-size": 14, "font-weight": "bold" });
}

/**
 * Reduces a long series to at most ~2 points per bucket (the min and the max of each bucket, in order),
 * so a 60,000-point history draws as a few hundred points and oscillations stay visible. With `log`, the
 * buckets are evenly spaced in log10(index + 1), matching a log iteration axis. @internal
 */
export function decimate(values: readonly number[], buckets: number, log = false): [number, number][] {
  const n = values.length;
  if (n <= buckets * 2) return values.map((v, i) => [i, v]);
  const edges: number[] = [0];
  for (let b = 1; b <= buckets; b++) {
    const e = log ? Math.round(Math.exp((b / buckets) * Math.log(n + 1))) - 1 : Math.floor((b * n) / buckets);
    if (e > edges[edges.length - 1]!) edges.push(Math.min(e, n));
  }
  if (edges[edges.length - 1] !== n) edges.push(n);
  const out: [number, number][] = [];
  for (let b = 0; b + 1 < edges.length; b++) {
    const start = edges[b]!;
    const end = edges[b + 1]!;
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    const [a, c] = lo <= hi ? [lo, hi] : [hi, lo];
    out.push([a, values[a]!]);
    if (c !== a) out.push([c, values[c]!]);
  }
  if (out[0]![0] !== 0) out.unshift([0, values[0]!]);
  if (out[out.length - 1]![0] !== n - 1) out.push([n - 1, values[n - 1]!]);
  return out;
}

/**
 * Reduces points at iterations `at` (increasing) to at most ~4 per pixel column: the first, the
 * lowest, the highest and the last of each column, in order. A value that is not finite is kept
 * (it breaks the line) and starts a new column. Short series (at most `keep` points) come back whole.
 * @internal
 */
export function decimateAt(at: readonly number[], values: readonly number[], column: (iteration: number) => number, keep: number): [number, number][] {
  if (at.length <= keep) return at.map((it, i) => [it, values[i]!]);
  const out: [number, number][] = [];
  let col = Number.NaN;
  let first = -1;
  let lo = -1;
  let hi = -1;
  let last = -1;
  const flush = (): void => {
    if (first < 0) return;
    const kept = [...new Set([first, lo, hi, last])].sort((a, b) => a - b);
    for (const i of kept) out.push([at[i]!, values[i]!]);
    first = -1;
  };
  for (let i = 0; i < at.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      flush();
      out.push([at[i]!, v]);
      col = Number.NaN;
      continue;
    }
    const c = Math.floor(column(at[i]!));
    if (c !== col || first < 0) {
      flush();
      col = c;
      first = lo = hi = i;
    }
    if (v < values[lo]!) lo = i;
    if (v > values[hi]!) hi = i;
    last = i;
  }
  flush();
  return out;
}
