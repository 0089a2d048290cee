import { type Network, toRows } from "tinynn";
import { gridsMarkup, type GridPanel } from "./grids.js";
import { diverging, short, size, svgDocument, text } from "./svg.js";

/** Options of {@link weightsHeatmapSvg}. */
export interface WeightsHeatmapOptions {
  /** Image width in pixels; default 560. */
  width?: number;
  /** Image height in pixels; default 320. */
  height?: number;
  /** Title above the grids; default "Weights". */
  title?: string;
  /**
   * The |value| at which colours reach full strength, the legend's ends; default the largest |value|
   * of all weights and biases drawn (pass a fixed one to compare pictures over training).
   */
  scale?: number;
}

/**
 * The network's weights as heat maps: each weight matrix (parameters with `isWeight`, labelled by
 * name: W0, W1, ...) as a grid of cells, its bias (same layer, e.g. b0) as a row below it when the
 * network has one, coloured by sign and magnitude, with a legend of the scale.
 *
 * ```text
 * cell (i, j) of Wk = Wk[i][j]: row i is input unit i, column j is output unit j   ([fanIn x fanOut])
 * colour = diverging(w / scale): blue < 0, near white at 0, red > 0, full strength at |w| >= scale
 * ```
 *
 * Each cell has a `<title>` with its name and value (a tooltip); cells 22 pixels or larger show the value.
 *
 * @param net - the network
 * @param options - size, title, colour scale
 * @returns a standalone SVG string with `role="img"`, an `aria-label` and a `<title>`
 * @throws {RangeError} If a size or the scale is not a finite number in range.
 *
 * @example
 * weightsHeatmapSvg(new Network({ layers: [2, 3, 1], seed: 1 }), { width: 400, height: 240 });
 * // => '<svg ... role="img" aria-label="Heat map of 2 weight matrices (W0 2×3, W1 3×1) with biases ...'
 */
export function weightsHeatmapSvg(net: Network, options: WeightsHeatmapOptions = {}): string {
  const width = size(options.width, "width", 560, 120);
  const height = size(options.height, "height", 320, 120);
  const title = options.title ?? "Weights";
  const params = net.parameters();
  const panels: GridPanel[] = [];
  for (const p of params) {
    if (!p.isWeight) continue;
    // a layer's bias is named like its weights with "b" for "W" (W0 and b0), a single row as wide
    const bias = params.find((q) => !q.isWeight && q.name === `b${p.name.slice(1)}` && q.value.shape[0] === 1 && q.value.shape[1] === p.value.shape[1]);
    panels.push({ label: p.name, rows: toRows(p.value), ...(bias === undefined ? {} : { below: { label: bias.name, values: toRows(bias.value)[0]! } }) });
  }
  let largest = 0;
  for (const p of panels) {
    for (const row of [...p.rows, p.below?.values ?? []]) for (const v of row) if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  }
  const scale = options.scale ?? (largest > 0 ? largest : 1);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a number > 0, got ${String(options.scale)}`);
  const shapes = panels.map((p) => `${p.label} ${p.rows.length}×${p.rows[0]?.length ?? 0}`).join(", ");
  const withBias = panels.some((p) => p.below !== undefined) ? " with biases below" : "";
  const label =
    `Heat map of ${panels.length} weight matri${panels.length === 1 ? "x" : "ces"} (${shapes})${withBias}: ` +
    `blue negative, red positive, full colour at ±${short(scale)}; largest |weight| ${short(largest)}`;
  const body = [
    text(width / 2, 20, title, { "text-anchor": "middle", "font-size": 14, "font-weight": "bold" }),
    ...gridsMarkup(
      panels,
      {
        color: (v) => diverging(v / scale),
        cellText: short,
        textColor: (v) => (Math.abs(v / scale) > 0.55 ? "white" : "#222"),
        legend: { lo: -scale, hi: scale, label: "weight" },
      },
      width,
      height,
      30,
    ),
  ];
  return svgDocument(width, height, title, label, body);
}

