import { toRows, type Matrix } from "../matrix/matrix.js";
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
 * @param x - any number
 * @returns the text Python 2 prints
 *
 * @example
 * formatFloat(0.4964100319027255); // => "0.496410031903"
 * formatFloat(0.5);                // => "0.5"
 * formatFloat(2);                  // => "2.0"
 * formatFloat(1e-5);               // => "1e-05"
 */
export function formatFloat(x: number): string {
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
 * @param m - a matrix, rows of numbers, or one row (`number[]`, printed as a 1-D array)
 * @returns the text numpy prints, without a trailing newline
 *
 * @example
 * formatMatrix([[0.00966449], [0.99358898]]); // => "[[ 0.00966449]\n [ 0.99358898]]"
 * formatMatrix([[0, 1], [2, 3]]);             // => "[[ 0.  1.]\n [ 2.  3.]]"
 */
export function formatMatrix(m: Matrix | readonly (readonly number[])[] | readonly number[]): string {
  const rows: readonly (readonly number[])[] | readonly number[] = isMatrix(m) ? toRows(m) : m;
  const rank = rows.length > 0 && Array.isArray(rows[0]) ? 2 : 1;
  const all: number[] = rank === 2 ? (rows as readonly (readonly number[])[]).flat() : [...(rows as readonly number[])];
  const summarize = all.length > SUMMARY_THRESHOLD;
  const shown = summarize ? leadingTrailing(rows, rank) : all;
  const fmt = floatFormat(shown);
  return formatArray(rows, rank, fmt, " ", summarize);
}

function isMatrix(m: unknown): m is Matrix {
  return typeof m === "object" && m !== null && !Array.isArray(m) && "data" in m;
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
