// Matrices drawn as grids of coloured cells, side by side, with a colour legend: the layout the weight
// heat map and the direction counts share.

import { el, escapeXml, short, text } from "./svg.js";

/** One matrix to draw, with an optional row (a bias) below it. */
export interface GridPanel {
  /** Shown above the grid, e.g. "W0". */
  readonly label: string;
  /** `rows[i][j]`, drawn with row i from the top, column j from the left. */
  readonly rows: readonly (readonly number[])[];
  /** A row drawn under the grid, e.g. the layer's bias. */
  readonly below?: { readonly label: string; readonly values: readonly number[] };
}

/** How the grids are coloured and labelled. */
export interface GridStyle {
  /** The cell colour of a value. */
  readonly color: (v: number) => string;
  /** Text inside a cell when cells are large enough, or undefined for none. */
  readonly cellText?: (v: number) => string;
  /** Colour of the text in a cell of value v. */
  readonly textColor: (v: number) => string;
  /** The legend: its low and high ends and the value's name. */
  readonly legend: { readonly lo: number; readonly hi: number; readonly label: string };
}

/** Pixels: margins, gaps, label rows. */
const MARGIN = 12;
const GAP = 28;
const LABEL = 18;
const LEGEND = 44;

/**
 * The markup (elements, no `<svg>` root) of panels laid out left to right in `width x height`,
 * under `top` pixels left for a title, with square cells as large as fit (at most 48 pixels).
 * Every cell is a `<rect class="cell">` with a `<title>` naming it and its value.
 */
export function gridsMarkup(panels: readonly GridPanel[], style: GridStyle, width: number, height: number, top: number): string[] {
  const out: string[] = [];
  const totalCols = panels.reduce((s, p) => s + Math.max(1, p.rows[0]?.length ?? 0), 0);
  const maxRows = Math.max(1, ...panels.map((p) => p.rows.length));
  const anyBelow = panels.some((p) => p.below !== undefined);
  const availW = width - 2 * MARGIN - GAP * Math.max(0, panels.length - 1);
  // rows of cells stacked: the grid, then a gap of a third of a cell and the row below
  const availH = height - top - LABEL - LEGEND - MARGIN - (anyBelow ? LABEL : 0);
  const cell = Math.max(2, Math.min(48, availW / totalCols, availH / (maxRows + (anyBelow ? 1.33 : 0))));
  const used = totalCols * cell + GAP * Math.max(0, panels.length - 1);
  let x0 = (width - used) / 2;
  // the block of grids centred vertically between the title and the legend
  const blockH = maxRows * cell + (anyBelow ? cell * 1.33 + LABEL : 0);
  const y0 = top + LABEL + Math.max(0, (height - top - LABEL - LEGEND - MARGIN - blockH) / 2);
  const fontSize = Math.min(11, cell / 3);
  const cellMarkup = (x: number, y: number, v: number, name: string): string => {
    const label = `<title>${escapeXml(`${name} = ${Number.isFinite(v) ? String(v) : "not a number"}`)}</title>`;
    let s = el("rect", { class: "cell", x, y, width: cell, height: cell, fill: style.color(v), stroke: "white", "stroke-width": cell >= 8 ? 1 : 0 }, label);
    if (style.cellText !== undefined && cell >= 22) {
      s += text(x + cell / 2, y + cell / 2 + fontSize * 0.35, style.cellText(v), { "text-anchor": "middle", "font-size": fontSize, fill: style.textColor(v) });
    }
    return s;
  };
  for (const p of panels) {
    const cols = Math.max(1, p.rows[0]?.length ?? 0);
    const w = cols * cell;
    out.push(text(x0 + w / 2, y0 - 6, `${p.label} (${p.rows.length}×${p.rows[0]?.length ?? 0})`, { "text-anchor": "middle", "font-weight": "bold" }));
    out.push(`<g aria-label="${escapeXml(p.label)}">`);
    p.rows.forEach((row, i) => {
      row.forEach((v, j) => out.push(cellMarkup(x0 + j * cell, y0 + i * cell, v, `${p.label}[${i}][${j}]`)));
    });
    // an outline, so that cells near the palette's white stay visible
    out.push(el("rect", { x: x0, y: y0, width: w, height: p.rows.length * cell, fill: "none", stroke: "#bbb", "stroke-width": 0.75 }));
    out.push("</g>");
    if (p.below !== undefined) {
      const by = y0 + p.rows.length * cell + cell / 3;
      out.push(`<g aria-label="${escapeXml(p.below.label)}">`);
      p.below.values.forEach((v, j) => out.push(cellMarkup(x0 + j * cell, by, v, `${p.below!.label}[${j}]`)));
      out.push(el("rect", { x: x0, y: by, width: p.below.values.length * cell, height: cell, fill: "none", stroke: "#bbb", "stroke-width": 0.75 }));
      out.push("</g>");
      out.push(text(x0 + w / 2, by + cell + 13, p.below.label, { "text-anchor": "middle", "font-size": 11, fill: "#333" }));
    }
    x0 += w + GAP;
  }
  out.push(...legendMarkup(style, width, height));
  return out;
}

/** A horizontal colour bar at the bottom: low end, middle and high end labelled. */
function legendMarkup(style: GridStyle, width: number, height: number): string[] {
  const { lo, hi, label } = style.legend;
  const barW = Math.min(240, width - 2 * MARGIN - 80);
  const bx = (width - barW) / 2;
  const by = height - MARGIN - 26;
  const steps = 24;
  const out: string[] = [`<g class="legend" shape-rendering="crispEdges">`];
  for (let k = 0; k < steps; k++) {
    const v = lo + ((k + 0.5) / steps) * (hi - lo);
    out.push(el("rect", { x: bx + (k * barW) / steps, y: by, width: barW / steps + 0.5, height: 10, fill: style.color(v) }));
  }
  out.push(el("rect", { x: bx, y: by, width: barW, height: 10, fill: "none", stroke: "#333", "stroke-width": 0.5 }));
  out.push("</g>");
  out.push(text(bx - 6, by + 9, label, { "text-anchor": "end", "font-size": 11 }));
  for (const [t, anchor] of [[0, "start"], [0.5, "middle"], [1, "end"]] as const) {
    out.push(el("line", { x1: bx + t * barW, y1: by + 10, x2: bx + t * barW, y2: by + 14, stroke: "#333" }));
    out.push(text(bx + t * barW, by + 25, short(lo + t * (hi - lo)), { "text-anchor": anchor, "font-size": 10 }));
  }
  return out;
}

