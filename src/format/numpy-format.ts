import { DataError, describe } from "../errors.js";
import { MAX_ELEMENTS, type Matrix, type NdArrayLike } from "../matrix/matrix.js";
import { formatExponential, formatFixed, formatGeneral } from "./printf.js";

/**
 * A float as Python 2 prints it (`str(x)`, and numpy's legacy `str(np.float64)`): 12 significant
 * digits, `.0` added to whole numbers.
 *
 * ```text
 * formatFloat(x) = "%.12g" % x, plus ".0" when that is all digits
 * ```
 *
 * This is how the blog prints `"Error:" + str(np.mean(np.abs(l2_error)))`.
 *
 * @param x - any number (NaN and Infinity print as `nan`, `inf`, `-inf`, as Python's do)
 * @returns the text Python 2 prints
 * @throws {@link DataError} If x is not a number.
 *
 * @example
 * formatFloat(0.4964100319027255); // => "0.496410031903"
 * formatFloat(0.5);                // => "0.5"
 * formatFloat(2);                  // => "2.0"
 * formatFloat(1e-5);               // => "1e-05"
 * formatFloat(Number.NaN);         // => "nan"
 */
export function formatFloat(x: number): string {
  if (typeof x !== "number") throw new DataError(`x must be a number, got ${describe(x)}`);
  const s = formatGeneral(x, 12);
  return /^-?\d+$/.test(s) ? s + ".0" : s;
}

const PRECISION = 8;
const LINE_WIDTH = 75;
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/**
 * A float matrix as numpy 1.13 prints it (`print(a)`; later numpy with
 * `np.set_printoptions(legacy='1.13')`, which the blog's goldens use), so results can be compared with numpy printouts
 * character for character.
 *
 * ```text
 * fixed point with up to 8 decimals, trailing zeros blanked, columns padded to one width;
 * scientific when max >= 1e8 or min |x| < 1e-4 or max/min > 1000; lines wrapped at 75;
 * more than 1000 elements are summarized with "..."
 * ```
 *
 * An empty array (`[]`, `[[]]`, a `[0 x 3]` matrix) prints `[]`, as numpy prints it; NaN and Infinity
 * print as `nan`, `inf`, `-inf`.
 *
 * @param m - a matrix or 2-D ndarray, rows of numbers, or one row (`number[]`, printed as a 1-D array)
 * @returns the text numpy prints, without a trailing newline
 * @throws {@link DataError} If m is not a 1-D or 2-D array of numbers, its rows are ragged, or it has
 *   more than 2^27 elements.
 *
 * @example
 * formatMatrix([[0.00966449], [0.99358898]]); // => "[[ 0.00966449]\n [ 0.99358898]]"
 * formatMatrix([[0, 1], [2, 3]]);             // => "[[ 0.  1.]\n [ 2.  3.]]"
 * formatMatrix([]);                           // => "[]"
 */
export function formatMatrix(m: Matrix | NdArrayLike | readonly (readonly number[])[] | readonly number[]): string {
  const rows = checkedRows(m);
  if (rows === undefined) return "[]";
  const rank = Array.isArray(rows[0]) ? 2 : 1;
  const size = rank === 2 ? rows.length * (rows[0] as readonly number[]).length : rows.length;
  const summarize = size > SUMMARY_THRESHOLD;
  const shown = summarize ? leadingTrailing(rows, rank) : rank === 2 ? (rows as readonly (readonly number[])[]).flat() : [...(rows as readonly number[])];
  const fmt = floatFormat(shown);
  return formatArray(rows, rank, fmt, " ", summarize);
}

/**
 * `m` as rows (rank 2) or one row (rank 1), every element checked to be a number; `undefined` when
 * it has no element (numpy prints that as `[]`).
 */
function checkedRows(m: unknown): readonly (readonly number[])[] | readonly number[] | undefined {
  if (Array.isArray(m)) {
    if (m.length === 0) return undefined;
    if (!Array.isArray(m[0])) {
      for (let i = 0; i < m.length; i++) {
        const v: unknown = m[i];
        if (typeof v !== "number") throw new DataError(`m[${i}] must be a number (m is 1-D: m[0] is a number), got ${describe(v)}`);
      }
      return m as number[];
    }
    const c = (m[0] as unknown[]).length;
    if (m.length * c > MAX_ELEMENTS) throw new DataError(`m has ${m.length} x ${c} values, more than the ${MAX_ELEMENTS} tinynn prints`);
    for (let i = 0; i < m.length; i++) {
      const row: unknown = m[i];
      if (!Array.isArray(row)) throw new DataError(`m[${i}] must be a row of numbers (m is 2-D: m[0] is an array), got ${describe(row)}`);
      if (row.length !== c) throw new DataError(`m is ragged: m[0] has ${c} columns but m[${i}] has ${row.length}`);
      for (let j = 0; j < c; j++) {
        const v: unknown = row[j];
        if (typeof v !== "number") throw new DataError(`m[${i}][${j}] must be a number (formatMatrix prints 1-D and 2-D arrays), got ${describe(v)}`);
      }
    }
    return c === 0 ? undefined : (m as number[][]);
  }
  const like = m as { shape?: unknown; get?: unknown };
  if (typeof m !== "object" || m === null || !Array.isArray(like.shape) || typeof like.get !== "function") {
    throw new DataError(`m must be a Matrix, a 2-D ndarray, number[][] or number[], got ${describe(m)}`);
  }
  const shape = like.shape as unknown[];
  if ((shape.length !== 1 && shape.length !== 2) || !shape.every((s) => typeof s === "number" && Number.isInteger(s) && s >= 0)) {
    throw new DataError(`m.shape must be one or two integers >= 0, got [${shape.map((s) => (typeof s === "number" ? String(s) : describe(s))).join(", ")}]`);
  }
  const [r, c = 1] = shape as number[];
  if (r! * c > MAX_ELEMENTS) throw new DataError(`m has shape [${shape.join(", ")}], more than the ${MAX_ELEMENTS} values tinynn prints`);
  if (r === 0 || c === 0) return undefined;
  const get = (like.get as (...index: number[]) => unknown).bind(m);
  const read = (i: number, j?: number): number => {
    const v = j === undefined ? get(i) : get(i, j);
    if (typeof v !== "number") throw new DataError(`m[${j === undefined ? i : `${i}][${j}`}] must be a number, got ${describe(v)}`);
    return v;
  };
  if (shape.length === 1) return Array.from({ length: r! }, (_, i) => read(i));
  return Array.from({ length: r! }, (_, i) => Array.from({ length: c }, (_, j) => read(i, j)));
}

function leadingTrailing(rows: readonly (readonly number[])[] | readonly number[], rank: number): number[] {
  const edge = <T>(a: readonly T[]): T[] => (a.length > 2 * EDGE_ITEMS ? [...a.slice(0, EDGE_ITEMS), ...a.slice(-EDGE_ITEMS)] : [...a]);
  if (rank === 1) return edge(rows as readonly number[]);
  return edge(rows as readonly (readonly number[])[]).flatMap((r) => edge(r));
}

// numpy 1.13's FloatFormat.fillFormat and __call__.
function floatFormat(data: readonly number[]): (x: number) => string {
  const finite = data.filter((x) => Number.isFinite(x));
  const hasSpecial = finite.length !== data.length;
  const nonZero = finite.filter((x) => x !== 0).map(Math.abs);
  let maxVal = 0;
  let minVal = 0;
  let exp = false;
  if (nonZero.length > 0) {
    maxVal = Math.max(...nonZero);
    minVal = Math.min(...nonZero);
    if (maxVal >= 1e8) exp = true;
    if (minVal < 0.0001 || maxVal / minVal > 1000) exp = true;
  }
  let width: number;
  let body: (x: number) => string;
  if (exp) {
    const large = (minVal > 0 && minVal < 1e-99) || maxVal >= 1e100;
    width = 8 + PRECISION + (large ? 1 : 0);
    body = (x) => {
      let s = formatExponential(x, PRECISION).padStart(width);
      if (large) {
        const expSign = s[s.length - 3];
        if (expSign === "+" || expSign === "-") s = s.slice(1, -2) + "0" + s.slice(-2);
      } else if (s[s.length - 3] === "0") {
        s = " " + s.slice(0, -3) + s.slice(-2);
      }
      return s;
    };
  } else {
    let precision = 0;
    for (const x of nonZero) {
      const s = formatFixed(x, PRECISION);
      precision = Math.max(precision, PRECISION - (s.length - s.replace(/0+$/, "").length));
    }
    precision = Math.min(PRECISION, precision);
    width = String(Math.trunc(maxVal)).length + precision + 2;
    if (hasSpecial) width = Math.max(width, 3, 4);
    body = (x) => {
      let s = formatFixed(x, precision);
      if (precision === 0) s += ".";
      s = s.padStart(width);
      const z = s.replace(/0+$/, "");
      return z + " ".repeat(s.length - z.length);
    };
  }
  return (x) => {
    if (Number.isNaN(x)) return "nan".padStart(width);
    if (x === Infinity) return "inf".padStart(width);
    if (x === -Infinity) return "-inf".padStart(width);
    return body(x);
  };
}

function extendLine(s: string, line: string, word: string, width: number, indent: string): [string, string] {
  if (line.length + word.length > width) {
    s += line.trimEnd() + "\n";
    line = indent;
  }
  return [s, line + word];
}

// numpy's _formatArray in its legacy='1.13' mode, for rank 1 and 2 (separator " ", width 75).
function formatArray(
  a: readonly (readonly number[])[] | readonly number[],
  rank: number,
  fmt: (x: number) => string,
  indent: string,
  summarize: boolean,
): string {
  const n = a.length;
  const cut = summarize && 2 * EDGE_ITEMS < n;
  const leading = cut ? EDGE_ITEMS : 0;
  const trailing = cut ? EDGE_ITEMS : n;
  let s = "";
  if (rank === 1) {
    const v = a as readonly number[];
    let line = indent;
    for (let i = 0; i < leading; i++) {
      [s, line] = extendLine(s, line, fmt(v[i]!), LINE_WIDTH, indent);
      line += " ";
    }
    if (cut) {
      [s, line] = extendLine(s, line, "...", LINE_WIDTH, indent);
      line += ", "; // numpy 1.13 kept the comma even in str()
    }
    for (let i = trailing; i > 1; i--) {
      [s, line] = extendLine(s, line, fmt(v[n - i]!), LINE_WIDTH, indent);
      line += " ";
    }
    [s, line] = extendLine(s, line, fmt(v[n - 1]!), LINE_WIDTH, indent);
    s += line;
  } else {
    const rows = a as readonly (readonly number[])[];
    const inner = indent + " ";
    for (let i = 0; i < leading; i++) s += indent + formatArray(rows[i]!, 1, fmt, inner, summarize) + "\n";
    if (cut) s += indent + "..., \n";
    for (let i = trailing; i > 1; i--) s += indent + formatArray(rows[n - i]!, 1, fmt, inner, summarize) + "\n";
    s += indent + formatArray(rows[n - 1]!, 1, fmt, inner, summarize);
  }
  return "[" + s.slice(indent.length) + "]";
}
