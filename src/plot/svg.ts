// A small SVG writer: elements as strings, numbers rounded to 2 decimals, text escaped.
// No DOM, no browser: the output is a standalone SVG 1.1 document.

/** Attribute values of an SVG element. @internal */
export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** Escapes text for XML content and attribute values. @internal */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A number as short SVG text: 2 decimals at most, no "-0". @internal */
export function num(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

function attrText(attrs: Attrs): string {
  let s = "";
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    s += ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v)}"`;
  }
  return s;
}

/** Collects SVG elements and writes the document. @internal */
export class SvgWriter {
  private readonly parts: string[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  /** Any element without children. */
  element(tag: string, attrs: Attrs): this {
    this.parts.push(`<${tag}${attrText(attrs)}/>`);
    return this;
  }

  rect(x: number, y: number, w: number, h: number, attrs: Attrs = {}): this {
    return this.element("rect", { x, y, width: w, height: h, ...attrs });
  }

  line(x1: number, y1: number, x2: number, y2: number, attrs: Attrs = {}): this {
    return this.element("line", { x1, y1, x2, y2, ...attrs });
  }

  /** A polyline through points `[x, y]`; skips non-finite points by breaking the line. */
  polyline(points: readonly (readonly [number, number])[], attrs: Attrs = {}): this {
    let d = "";
    let pen = false;
    for (const [x, y] of points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${num(x)} ${num(y)}`;
      pen = true;
    }
    if (d === "") return this;
    return this.element("path", { d, fill: "none", ...attrs });
  }

  path(d: string, attrs: Attrs = {}): this {
    return this.element("path", { d, ...attrs });
  }

  circle(cx: number, cy: number, r: number, attrs: Attrs = {}): this {
    return this.element("circle", { cx, cy, r, ...attrs });
  }

  text(x: number, y: number, content: string, attrs: Attrs = {}): this {
    this.parts.push(`<text${attrText({ x, y, ...attrs })}>${escapeXml(content)}</text>`);
    return this;
  }

  open(tag: string, attrs: Attrs = {}): this {
    this.parts.push(`<${tag}${attrText(attrs)}>`);
    return this;
  }

  close(tag: string): this {
    this.parts.push(`</${tag}>`);
    return this;
  }

  toString(): string {
    const head =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${num(this.width)}" height="${num(this.height)}" ` +
      `viewBox="0 0 ${num(this.width)} ${num(this.height)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`;
    return `${head}\n<rect width="100%" height="100%" fill="white"/>\n${this.parts.join("\n")}\n</svg>\n`;
  }
}

/** Ten distinguishable line colours (d3's category10). @internal */
export const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
