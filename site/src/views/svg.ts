// Small helpers shared by the views: SVG text without a DOM, accessible wrappers and colour scales.
// Everything here returns strings; nothing touches the page.

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A number as short SVG text: 2 decimals at most, no "-0". */
export function num(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

/** Attributes of an element; undefined values are left out. */
export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** `<tag a="1" .../>`, or with content (already markup) `<tag ...>content</tag>`. */
export function el(tag: string, attrs: Attrs, content?: string): string {
  let s = `<${tag}`;
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined) s += ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v)}"`;
  }
  return content === undefined ? `${s}/>` : `${s}>${content}</${tag}>`;
}

/** A text element (content escaped). */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return el("text", { x, y, ...attrs }, escapeXml(content));
}

/**
 * A standalone SVG document of `width x height` pixels that scales (viewBox), announced to screen
 * readers as one image: `role="img"`, `aria-label` and a `<title>` first.
 */
export function svgDocument(width: number, height: number, title: string, label: string, body: readonly string[]): string {
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" ` +
    `role="img" aria-label="${escapeXml(label)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`;
  return `${head}\n<title>${escapeXml(title)}</title>\n<rect width="100%" height="100%" fill="white"/>\n${body.join("\n")}\n</svg>\n`;
}

/**
 * Makes a tinynn plot (an `<svg ...>` document) accessible: adds `role="img"` and `aria-label` to
 * its root and a `<title>` as its first child.
 */
export function accessible(svg: string, title: string, label: string): string {
  const end = svg.indexOf(">");
  if (!svg.startsWith("<svg") || end < 0) throw new Error(`expected an <svg> document, got ${svg.slice(0, 40)}`);
  return `${svg.slice(0, end)} role="img" aria-label="${escapeXml(label)}">\n<title>${escapeXml(title)}</title>${svg.slice(end + 1)}`;
}

/** A pixel size option: a finite number >= min, else the default. */
export function size(value: number | undefined, name: string, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > 10_000) {
    throw new RangeError(`${name} must be a number of pixels from ${min} to 10000, got ${String(v)}`);
  }
  return v;
}

type Rgb = readonly [number, number, number];

function hex(c: Rgb): string {
  return `#${c.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("")}`;
}

function parse(h: string): Rgb {
  return [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
}

/** `a` mixed with `b`: t = 0 gives a, 1 gives b. */
export function mix(a: string, b: string, t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const x = parse(a);
  const y = parse(b);
  return hex([0, 1, 2].map((k) => x[k]! + (y[k]! - x[k]!) * u) as unknown as Rgb);
}

/** The diverging palette's ends and middle (ColorBrewer RdBu): negative blue, zero near white, positive red. */
export const NEGATIVE = "#2166ac";
export const ZERO = "#f7f7f7";
export const POSITIVE = "#b2182b";

/**
 * Diverging colour for t in [-1, 1]: blue below 0, red above, near white at 0 (clamped outside).
 *
 * ```text
 * t = -1 -> #2166ac,  t = 0 -> #f7f7f7,  t = 1 -> #b2182b
 * ```
 */
export function diverging(t: number): string {
  const u = Number.isFinite(t) ? Math.max(-1, Math.min(1, t)) : 0;
  return u < 0 ? mix(ZERO, NEGATIVE, -u) : mix(ZERO, POSITIVE, u);
}

/** Sequential colour for t in [0, 1]: white to dark purple (clamped outside). */
export function sequential(t: number): string {
  return mix("#ffffff", "#3f007d", t);
}

/** Class colours for data points and regions (d3's category10, first four reordered for contrast). */
export const CLASS_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** A short number for labels: 3 significant digits. */
export function short(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace("e+", "e");
  return String(Number(v.toPrecision(3)));
}
