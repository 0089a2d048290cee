import ndarray from "ndarray";
import { DataError, describe, ShapeError } from "../errors.js";

/**
 * A 2-D float64 matrix: an `ndarray` view over a `Float64Array`, rows are samples.
 *
 * Element `[i][j]` is `data[offset + i * stride[0] + j * stride[1]]`. Any float64 `ndarray`
 * of two dimensions is a `Matrix`; the ones tinynn creates are contiguous and row-major.
 *
 * @example
 * const m = fromRows([[1, 2], [3, 4]]);
 * m.shape;     // => [2, 2]
 * m.get(1, 0); // => 3
 */
export interface Matrix {
  /** The backing float64 storage. */
  readonly data: Float64Array;
  /** `[rows, cols]`. */
  readonly shape: number[];
  /** Distance in `data` between consecutive rows and columns. */
  readonly stride: number[];
  /** Index in `data` of element `[0][0]`. */
  readonly offset: number;
  /** Reads element `[i][j]`. */
  get(i: number, j: number): number;
  /** Writes element `[i][j]` and returns the value. */
  set(i: number, j: number, value: number): number;
}

/**
 * What tinynn accepts as a matrix: an array of equal-length rows of numbers, or a 2-D `ndarray`
 * (any numeric dtype; it is copied into float64).
 *
 * @example
 * const X: MatrixInput = [[0, 0, 1], [0, 1, 1]];
 */
export type MatrixInput = readonly (readonly number[])[] | NdArrayLike;

/**
 * The part of an `ndarray` that tinynn reads: anything with `shape`, `dimension` and `get`.
 *
 * @example
 * const like: NdArrayLike = ndarray(new Float64Array([1, 2, 3, 4]), [2, 2]);
 */
export interface NdArrayLike {
  /** The sizes of each dimension. */
  readonly shape: readonly number[];
  /** Number of dimensions (tinynn needs 2). */
  readonly dimension: number;
  /** Reads an element. */
  get(...index: number[]): unknown;
}

/** Number of rows of `m`. @internal */
export const rowsOf = (m: Matrix): number => m.shape[0]!;
/** Number of columns of `m`. @internal */
export const colsOf = (m: Matrix): number => m.shape[1]!;

/**
 * A new `[rows x cols]` matrix of zeros, contiguous and row-major.
 *
 * @param rows - number of rows
 * @param cols - number of columns
 *
 * @example
 * zeros(2, 3).data.length; // => 6
 */
export function zeros(rows: number, cols: number): Matrix {
  return ndarray(new Float64Array(rows * cols), [rows, cols]) as unknown as Matrix;
}

/** True when `m` is row-major and contiguous from its offset, so `data` can be walked directly. @internal */
export function isPacked(m: Matrix): boolean {
  return m.stride[1] === 1 && m.stride[0] === m.shape[1];
}

/**
 * A new matrix holding a copy of `rows`. The rows are trusted: `Network` validates user data itself.
 *
 * @param rows - equal-length rows of numbers
 *
 * @example
 * fromRows([[1, 2], [3, 4]]).get(0, 1); // => 2
 */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const m = zeros(r, c);
  const d = m.data;
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    for (let j = 0; j < c; j++) d[i * c + j] = row[j]!;
  }
  return m;
}

/**
 * The matrix as plain nested arrays (a copy).
 *
 * @param m - any matrix
 *
 * @example
 * toRows(fromRows([[1, 2]])); // => [[1, 2]]
 */
export function toRows(m: Matrix): number[][] {
  if (isPacked(m)) {
    // reading `data` directly: `m.get` per element costs more than the copy itself
    const r = rowsOf(m);
    const c = colsOf(m);
    const d = m.data;
    const out: number[][] = new Array<number[]>(r);
    for (let i = 0, q = m.offset; i < r; i++) {
      const row: number[] = new Array<number>(c);
      for (let j = 0; j < c; j++, q++) row[j] = d[q]!;
      out[i] = row;
    }
    return out;
  }
  const out: number[][] = [];
  for (let i = 0; i < rowsOf(m); i++) {
    const row: number[] = new Array<number>(colsOf(m));
    for (let j = 0; j < colsOf(m); j++) row[j] = m.get(i, j);
    out.push(row);
  }
  return out;
}

/** A packed copy of `m`. @internal */
export function copyOf(m: Matrix): Matrix {
  const out = zeros(rowsOf(m), colsOf(m));
  copyInto(out, m);
  return out;
}

/** out <- a, elementwise (same shape). @internal */
export function copyInto(out: Matrix, a: Matrix): void {
  if (isPacked(out) && isPacked(a) && out.offset === 0 && a.offset === 0) {
    out.data.set(a.data.subarray(0, rowsOf(a) * colsOf(a)));
    return;
  }
  for (let i = 0; i < rowsOf(a); i++) for (let j = 0; j < colsOf(a); j++) out.set(i, j, a.get(i, j));
}

/** Copies rows `order[start .. start+count)` of `src` into the first `count` rows of `out`. @internal */
export function gatherRows(out: Matrix, src: Matrix, order: ArrayLike<number>, start: number, count: number): void {
  const c = colsOf(src);
  const o = out.data;
  const s = src.data;
  // a plain copy loop: `o.set(s.subarray(...))` would allocate a view per row, every batch
  for (let r = 0; r < count; r++) {
    const from = order[start + r]! * c;
    const to = r * c;
    for (let j = 0; j < c; j++) o[to + j] = s[from + j]!;
  }
}

/**
 * Validates user data and returns it as a new packed float64 matrix (the caller's array is never
 * kept or mutated).
 *
 * @param input - rows of numbers or a 2-D ndarray
 * @param name - the argument's name, used in error messages (e.g. `"X"`)
 * @param cols - the number of columns required, if any, and what it is (for the message)
 * @throws {@link DataError} If the data is empty, ragged, not numeric, NaN or Infinity.
 * @throws {@link ShapeError} If the number of columns is not `cols`.
 * @internal
 */
export function toMatrix(input: unknown, name: string, cols?: { count: number; what: string }): Matrix {
  let m: Matrix;
  if (Array.isArray(input)) {
    if (input.length === 0) throw new DataError(`${name} must have at least one row, got an empty array`);
    const first: unknown = input[0];
    if (!Array.isArray(first)) {
      throw new DataError(`${name} must be an array of rows (number[][]), but ${name}[0] is ${describe(first)}`);
    }
    const c = first.length;
    if (c === 0) throw new DataError(`${name}[0] must have at least one column, got an empty row`);
    m = zeros(input.length, c);
    const d = m.data;
    for (let i = 0; i < input.length; i++) {
      const row: unknown = input[i];
      if (!Array.isArray(row)) throw new DataError(`${name}[${i}] must be an array of numbers, got ${describe(row)}`);
      if (row.length !== c) {
        throw new DataError(`${name} is ragged: ${name}[0] has ${c} columns but ${name}[${i}] has ${row.length}`);
      }
      for (let j = 0; j < c; j++) d[i * c + j] = checkNumber(row[j], name, i, j);
    }
  } else if (isNdArrayLike(input)) {
    if (input.dimension !== 2) {
      throw new ShapeError(`${name} must be a 2-D ndarray [samples x features], got ${input.dimension} dimensions`);
    }
    const [r, c] = input.shape as [number, number];
    if (r === 0 || c === 0) throw new DataError(`${name} must not be empty, got shape [${r}, ${c}]`);
    m = zeros(r, c);
    const { data: src, stride } = input as { data?: unknown; stride?: unknown };
    if (src instanceof Float64Array && Array.isArray(stride) && isPacked(input as unknown as Matrix)) {
      // a packed float64 ndarray (e.g. a tinynn Matrix): one copy, then the finiteness check
      const off = (input as unknown as Matrix).offset;
      m.data.set(src.subarray(off, off + r * c));
      const d = m.data;
      for (let q = 0; q < d.length; q++) if (!Number.isFinite(d[q]!)) checkNumber(d[q], name, Math.floor(q / c), q % c);
    } else {
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) m.data[i * c + j] = checkNumber(input.get(i, j), name, i, j);
    }
  } else {
    throw new DataError(`${name} must be number[][] or a 2-D ndarray, got ${describe(input)}`);
  }
  if (cols !== undefined && colsOf(m) !== cols.count) {
    throw new ShapeError(`Expected ${name} with ${cols.count} columns (${cols.what}), got ${colsOf(m)}`);
  }
  return m;
}

/**
 * Like {@link toMatrix}, but a packed float64 `ndarray` with the right columns is validated and
 * returned as it is, without a copy: for read-only use within one call (`predict`).
 *
 * @param input - rows of numbers or a 2-D ndarray
 * @param name - the argument's name, used in error messages
 * @param cols - the number of columns required and what it is
 * @throws {@link DataError} / {@link ShapeError} As {@link toMatrix}.
 * @internal
 */
export function toMatrixView(input: unknown, name: string, cols: { count: number; what: string }): Matrix {
  if (isNdArrayLike(input) && input.dimension === 2) {
    const { data, stride, shape } = input as { data?: unknown; stride?: unknown; shape: readonly number[] };
    if (data instanceof Float64Array && Array.isArray(stride) && shape[0]! > 0 && shape[1] === cols.count) {
      const m = input as unknown as Matrix;
      if (isPacked(m)) {
        const end = m.offset + shape[0]! * shape[1]!;
        for (let q = m.offset; q < end; q++) {
          if (!Number.isFinite(data[q]!)) return toMatrix(input, name, cols); // reports the bad value
        }
        return m;
      }
    }
  }
  return toMatrix(input, name, cols);
}

function isNdArrayLike(x: unknown): x is NdArrayLike {
  return typeof x === "object" && x !== null && Array.isArray((x as NdArrayLike).shape) && typeof (x as NdArrayLike).get === "function";
}

function checkNumber(v: unknown, name: string, i: number, j: number): number {
  if (typeof v !== "number") throw new DataError(`${name}[${i}][${j}] must be a number, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new DataError(`${name}[${i}][${j}] must be finite, got ${v}`);
  return v;
}
