import { gridsMarkup } from "./grids.js";
import { sequential, short, size, svgDocument, text } from "./svg.js";

/** Options of {@link directionCountsSvg}. */
export interface DirectionCountsOptions {
  /** Image width in pixels; default 560. */
  width?: number;
  /** Image height in pixels; default 320. */
  height?: number;
  /** Title above the grids; default "Direction changes per weight". */
  title?: string;
  /** Names of the matrices, one per entry of counts; default W0, W1, ... */
  names?: readonly string[];
}

/**
 * The blog's Part 2 direction counts ("Let's Take a Closer Look"): for every weight, how many times
 * its update changed direction, each weight matrix as a grid of cells shaded by its count, with the
 * count written in cells large enough (22 pixels) and in every cell's `<title>`.
 *
 * ```text
 * counts[k][i][j] = flips of weight (i, j) of matrix k      (tinynn's DirectionChanges monitor's counts().Wk)
 * colour = white (0) to dark purple (the largest count)
 * ```
 *
 * @param counts - one `number[][]` per weight matrix, shaped like it (Snapshot.directionChanges)
 * @param options - size, title, names of the matrices
 * @returns a standalone SVG string with `role="img"`, an `aria-label` and a `<title>`
 * @throws {RangeError} If a size is out of range, or names does not give one name per matrix.
 *
 * @example
 * directionCountsSvg([[[22], [15], [4], [15]]], { names: ["W1"] });
 * // => '<svg ... aria-label="Direction changes of 1 weight matrix (W1 4×1): 56 in all, at most 22 for one weight" ...'
 */
export function directionCountsSvg(counts: readonly (readonly (readonly number[])[])[], options: DirectionCountsOptions = {}): string {
  const width = size(options.width, "width", 560, 120);
  const height = size(options.height, "height", 320, 120);
  const title = options.title ?? "Direction changes per weight";
  const names = options.names ?? counts.map((_, k) => `W${k}`);
  if (names.length !== counts.length) throw new RangeError(`names must have one name per matrix (${counts.length}), got ${names.length}`);
  let total = 0;
  let most = 0;
  for (const m of counts) for (const row of m) for (const c of row) if (Number.isFinite(c)) {
    total += c;
    most = Math.max(most, c);
  }
  const top = Math.max(most, 1);
  const panels = counts.map((rows, k) => ({ label: names[k]!, rows }));
  const shapes = panels.map((p) => `${p.label} ${p.rows.length}×${p.rows[0]?.length ?? 0}`).join(", ");
  const label =
    counts.length === 0
      ? "Direction changes: no weight matrices counted yet"
      : `Direction changes of ${counts.length} weight matri${counts.length === 1 ? "x" : "ces"} (${shapes}): ${total} in all, at most ${most} for one weight`;
  const body = [text(width / 2, 20, title, { "text-anchor": "middle", "font-size": 14, "font-weight": "bold" })];
  if (counts.length === 0) {
    body.push(text(width / 2, height / 2, "no direction changes counted yet", { "text-anchor": "middle", fill: "#666" }));
  } else {
    body.push(
      ...gridsMarkup(
        panels,
        {
          color: (v) => sequential(v / top),
          cellText: (v) => short(v),
          textColor: (v) => (v / top > 0.5 ? "white" : "#222"),
          legend: { lo: 0, hi: top, label: "changes" },
        },
        width,
        height,
        30,
      ),
    );
  }
  return svgDocument(width, height, title, label, body);
}
