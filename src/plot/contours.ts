import { ConfigError, describe } from "../errors.js";

/**
 * One straight piece of a contour line, in data coordinates: from `(x1, y1)` to `(x2, y2)`.
 *
 * @example
 * const s: ContourSegment = [0, 0.5, 0.5, 1];
 */
export type ContourSegment = [x1: number, y1: number, x2: number, y2: number];

/**
 * Contour line segments of a grid at one level, by marching squares.
 *
 * ```text
 * for each cell of 4 neighbouring grid values: classify corners as >= level or < level (16 cases),
 * place crossing points on the cell's edges by linear interpolation, join them;
 * saddles (cases 5 and 10) are split by the value at the cell's centre (mean of the 4 corners)
 * ```
 *
 * @param values - `values[j][i]` at `(xs[i], ys[j])`, as in {@link ErrorSurface}
 * @param xs - increasing x coordinates, one per column
 * @param ys - increasing y coordinates, one per row
 * @param level - the contour's value
 * @returns the segments; an empty array when the level does not cross the grid
 * @throws {@link ConfigError} If the grid is smaller than 2 x 2, its sizes do not match xs and ys, or level is not a finite number.
 *
 * @example
 * contourSegments([[0, 1], [0, 1]], [0, 1], [0, 1], 0.5); // => [[0.5, 0, 0.5, 1]]
 */
export function contourSegments(values: readonly (readonly number[])[], xs: readonly number[], ys: readonly number[], level: number): ContourSegment[] {
  if (!Array.isArray(xs) || !Array.isArray(ys)) throw new ConfigError(`xs and ys must be arrays of coordinates, got ${describe(xs)} and ${describe(ys)}`);
  if (typeof level !== "number" || !Number.isFinite(level)) throw new ConfigError(`level must be a finite number, got ${describe(level)}`);
  if (!Array.isArray(values) || values.length !== ys.length || ys.length < 2 || xs.length < 2) {
    throw new ConfigError(`values must be a grid of ys.length (${describe(ys.length)}) rows of xs.length (${describe(xs.length)}) numbers, at least 2 x 2; got ${describe(values)}`);
  }
  values.forEach((row, j) => {
    if (!Array.isArray(row) || row.length !== xs.length) throw new ConfigError(`values[${j}] must have ${xs.length} numbers (one per x), got ${describe(row)}`);
  });
  const out: ContourSegment[] = [];
  const lerp = (a: number, b: number, va: number, vb: number): number => (va === vb ? (a + b) / 2 : a + ((level - va) / (vb - va)) * (b - a));
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const v00 = values[j]![i]!; // bottom-left  (xs[i],   ys[j])
      const v10 = values[j]![i + 1]!; // bottom-right (xs[i+1], ys[j])
      const v11 = values[j + 1]![i + 1]!; // top-right
      const v01 = values[j + 1]![i]!; // top-left
      if (![v00, v10, v11, v01].every(Number.isFinite)) continue;
      const code = (v00 >= level ? 1 : 0) | (v10 >= level ? 2 : 0) | (v11 >= level ? 4 : 0) | (v01 >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const x0 = xs[i]!;
      const x1 = xs[i + 1]!;
      const y0 = ys[j]!;
      const y1 = ys[j + 1]!;
      // crossing points on the four edges
      const bottom = (): [number, number] => [lerp(x0, x1, v00, v10), y0];
      const right = (): [number, number] => [x1, lerp(y0, y1, v10, v11)];
      const top = (): [number, number] => [lerp(x0, x1, v01, v11), y1];
      const left = (): [number, number] => [x0, lerp(y0, y1, v00, v01)];
      const seg = (a: [number, number], b: [number, number]): void => {
        out.push([a[0], a[1], b[0], b[1]]);
      };
      const centreHigh = (v00 + v10 + v11 + v01) / 4 >= level;
      switch (code) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(right(), top()); break;
        case 6: case 9: seg(bottom(), top()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: // bottom-left and top-right high
          if (centreHigh) { seg(left(), top()); seg(bottom(), right()); } else { seg(left(), bottom()); seg(right(), top()); }
          break;
        case 10: // bottom-right and top-left high
          if (centreHigh) { seg(left(), bottom()); seg(right(), top()); } else { seg(left(), top()); seg(bottom(), right()); }
          break;
      }
    }
  }
  return out;
}
