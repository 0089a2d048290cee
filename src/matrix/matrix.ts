import { checkInteger, DataError, describe, ShapeError } from "../errors.js";
import { checkMemory, DEFAULT_MEMORY_BUDGET } from "../limits.js";

/**
 * A 2-D float64 matrix, rows are samples: what tinynn's parameters, gradients and layer buffers are.
 *
 * Element `[i][j]` is `data[offset + i * stride[0] + j * stride[1]]`: the reading interface of a
 * 2-D `ndarray`, so any float64 `ndarray` of two dimensions is a `Matrix` too. The matrices tinynn
 * creates are packed (row-major, contiguous from offset 0, `data.length === rows * cols`) and are
 * plain objects, not ndarrays: {@link asNdarray} makes an ndarray view of one when you want its
 * methods.
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
 * of any numeric dtype, stride and offset (it is read, never kept or written).
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

/**
 * A packed row-major matrix over a Float64Array: the engine's own storage, and what {@link zeros}
 * and {@link fromRows} return. No code is generated to make one (an `ndarray` compiles its view
 * class with `new Function` on first use). @internal
 */
export class PackedMatrix implements Matrix {
  readonly data: Float64Array;
  readonly shape: [number, number];
  readonly stride: [number, number];
  readonly offset = 0;
  /** Always 2, as `ndarray` says. */
  readonly dimension = 2;

  constructor(data: Float64Array, rows: number, cols: number) {
    this.data = data;
    this.shape = [rows, cols];
    this.stride = [cols, 1];
  }

  get(i: number, j: number): number {
    return this.data[i * this.stride[0] + j]!;
  }

  set(i: number, j: number, value: number): number {
    this.data[i * this.stride[0] + j] = value;
    return value;
  }
}

/** Number of rows of `m`. @internal */
export const rowsOf = (m: Matrix): number => m.shape[0]!;
/** Number of columns of `m`. @internal */
export const colsOf = (m: Matrix): number => m.shape[1]!;

/**
 * A new `[rows x cols]` matrix of zeros, packed.
 *
 * @param rows - number of rows, an integer >= 0
 * @param cols - number of columns, an integer >= 0
 * @throws {@link ConfigError} If a size is not an integer >= 0.
 * @throws {@link LimitError} If the matrix would take more than 1 GiB.
 *
 * @example
 * zeros(2, 3).data.length; // => 6
 */
export function zeros(rows: number, cols: number): Matrix {
  checkInteger("rows", rows, 0);
  checkInteger("cols", cols, 0);
  checkMemory(8 * rows * cols, DEFAULT_MEMORY_BUDGET, `zeros(${rows}, ${cols})`, null);
  return new PackedMatrix(new Float64Array(rows * cols), rows, cols);
}

/** A packed matrix over `data` (`data.length === rows * cols`), sharing it. @internal */
export function packedView(data: Float64Array, rows: number, cols: number): PackedMatrix {
  return new PackedMatrix(data, rows, cols);
}

/** True when `m` is row-major and contiguous from its offset, so `data` can be walked directly. @internal */
export function isPacked(m: Matrix): boolean {
  return m.stride[1] === 1 && m.stride[0] === m.shape[1];
}

/** True when `m` is packed from offset 0 and its `data` holds exactly its elements. @internal */
export function isExactlyPacked(m: Matrix): boolean {
  return isPacked(m) && m.offset === 0 && m.data.length === m.shape[0]! * m.shape[1]!;
}

/**
 * A new packed matrix holding a copy of `rows`.
 *
 * @param rows - equal-length rows of finite numbers, at least one
 * @throws {@link DataError} If `rows` is empty, ragged, not numeric, NaN or Infinity.
 *
 * @example
 * fromRows([[1, 2], [3, 4]]).get(0, 1); // => 2
 */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  if (!Array.isArray(rows)) throw new DataError(`rows must be number[][], got ${describe(rows)}`);
  return toMatrix(rows, "rows");
}

/**
 * The matrix as plain nested arrays (a copy). Any view works: packed, offset or strided.
 *
 * @param m - any matrix
 *
 * @example
 * toRows(fromRows([[1, 2]])); // => [[1, 2]]
 */
export function toRows(m: Matrix): number[][] {
  checkMatrix(m, "m");
  // a plain array of arrays takes about 4 times a Float64Array's 8 bytes per value, and a row of none 100 bytes
  checkMemory(32 * m.shape[0]! * m.shape[1]! + 100 * m.shape[0]!, DEFAULT_MEMORY_BUDGET, `toRows of [${m.shape.join(" x ")}]`, null);
  const r = rowsOf(m);
  const c = colsOf(m);
  const d = m.data;
  const s0 = m.stride[0]!;
  const s1 = m.stride[1]!;
  const out: number[][] = new Array<number[]>(r);
  for (let i = 0; i < r; i++) {
    const row: number[] = new Array<number>(c);
    for (let j = 0, q = m.offset + i * s0; j < c; j++, q += s1) row[j] = d[q]!;
    out[i] = row;
  }
  return out;
}

/** The first `rows` rows of a packed `[* x cols]` buffer as `number[][]`. @internal */
export function packedRows(d: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = new Array<number[]>(rows);
  for (let i = 0, q = 0; i < rows; i++) {
    const row: number[] = new Array<number>(cols);
    for (let j = 0; j < cols; j++, q++) row[j] = d[q]!;
    out[i] = row;
  }
  return out;
}

/**
 * Throws unless `m` is a 2-D matrix whose every element lies inside its `data` (a typed array or an array),
 * two integer sizes >= 0, integer strides and offset. @internal
 */
export function checkMatrix(m: unknown, name: string): asserts m is Matrix {
  const like = m as Partial<Matrix> | null;
  const data: unknown = like?.data;
  if (typeof like !== "object" || like === null || !(Array.isArray(data) || (ArrayBuffer.isView(data) && !(data instanceof DataView)))) {
    throw new DataError(`${name} must be a Matrix (data: a typed array, shape, stride, offset), as zeros makes, got ${describe(m)}`);
  }
  const { shape, stride, offset } = like;
  const ints = (a: unknown): a is number[] => Array.isArray(a) && a.length === 2 && a.every((v) => Number.isSafeInteger(v));
  if (!ints(shape) || shape[0]! < 0 || shape[1]! < 0) throw new ShapeError(`${name}.shape must be two integers >= 0, got ${describe(shape)}`);
  if (!ints(stride) || !Number.isSafeInteger(offset)) throw new ShapeError(`${name}.stride must be two integers and ${name}.offset an integer, got ${describe(stride)} and ${describe(offset)}`);
  if (shape[0]! > 0 && shape[1]! > 0 && !inBounds(data as ArrayLike<unknown>, offset!, stride, shape[0]!, shape[1]!)) {
    throw new ShapeError(`${name} reads outside its data: shape [${shape.join(", ")}], stride [${stride.join(", ")}], offset ${offset}, data of ${(data as ArrayLike<unknown>).length} values`);
  }
}

/** A packed copy of `m` (any view). @internal */
export function copyOf(m: Matrix): PackedMatrix {
  const r = rowsOf(m);
  const c = colsOf(m);
  const out = new PackedMatrix(new Float64Array(r * c), r, c);
  readStrided(out.data, m.data, m.offset, m.stride[0]!, m.stride[1]!, 0, r, c);
  return out;
}

/** out[0 .. count·c) <- rows r0 .. r0+count of a strided view (any element type). */
function readStrided(
  out: Float64Array,
  d: ArrayLike<unknown>,
  offset: number,
  s0: number,
  s1: number,
  r0: number,
  count: number,
  c: number,
): void {
  for (let i = 0, q = 0; i < count; i++) {
    const base = offset + (r0 + i) * s0;
    for (let j = 0; j < c; j++, q++) out[q] = d[base + j * s1] as number;
  }
}

/** Copies rows `order[start .. start+count)` of packed `src` (`c` columns) into the first `count` rows of `out`. @internal */
export function gatherRows(out: Float64Array, src: Float64Array, c: number, order: ArrayLike<number>, start: number, count: number): void {
  // a plain copy loop: `out.set(src.subarray(...))` would allocate a view per row, every batch
  for (let r = 0; r < count; r++) {
    const from = order[start + r]! * c;
    const to = r * c;
    for (let j = 0; j < c; j++) out[to + j] = src[from + j]!;
  }
}

/** The largest number of elements one matrix of user data may have: 2^27 (1 GiB of float64). @internal */
export const MAX_ELEMENTS = 2 ** 27;

/**
 * A validated matrix input, read on demand: its size and a way to copy any run of rows into a
 * packed buffer, so that callers working through large inputs in chunks never copy all of it. @internal
 */
export interface CheckedInput {
  readonly rows: number;
  readonly cols: number;
  /** out[0 .. count·cols) <- rows r0 .. r0+count, packed */
  read(out: Float64Array, r0: number, count: number): void;
  /** When the input is a packed float64 view: its storage and the index of element [0][0] (read in place). */
  readonly packed: { readonly data: Float64Array; readonly offset: number } | undefined;
}

/**
 * Validates user data (every value a finite number, rows of equal length, at most
 * {@link MAX_ELEMENTS} elements) without copying it.
 *
 * @param input - rows of numbers or a 2-D ndarray (any dtype, stride and offset)
 * @param name - the argument's name, used in error messages (e.g. `"X"`)
 * @param cols - the number of columns required, if any, and what it is (for the message)
 * @throws {@link DataError} If the data is empty, ragged, not numeric, NaN or Infinity.
 * @throws {@link ShapeError} If the number of columns is not `cols`, or the shape is not 2-D.
 * @internal
 */
export function checkInput(input: unknown, name: string, cols?: { count: number; what: string }): CheckedInput {
  let checked: CheckedInput;
  if (Array.isArray(input)) {
    checked = checkRows(input, name);
  } else if (isNdArrayLike(input)) {
    checked = checkNdArray(input, name);
  } else {
    throw new DataError(`${name} must be number[][] or a 2-D ndarray, got ${describe(input)}`);
  }
  if (cols !== undefined && checked.cols !== cols.count) {
    throw new ShapeError(`Expected ${name} with ${cols.count} columns (${cols.what}), got ${checked.cols}`);
  }
  return checked;
}

function checkRows(input: readonly unknown[], name: string): CheckedInput {
  if (input.length === 0) throw new DataError(`${name} must have at least one row, got an empty array`);
  const first: unknown = input[0];
  if (!Array.isArray(first)) {
    throw new DataError(`${name} must be an array of rows (number[][]), but ${name}[0] is ${describe(first)}`);
  }
  const c = first.length;
  if (c === 0) throw new DataError(`${name}[0] must have at least one column, got an empty row`);
  if (input.length * c > MAX_ELEMENTS) {
    throw new DataError(`${name} has ${input.length} x ${c} values, more than the ${MAX_ELEMENTS} tinynn accepts in one matrix`);
  }
  for (let i = 0; i < input.length; i++) {
    const row: unknown = input[i];
    if (!Array.isArray(row)) throw new DataError(`${name}[${i}] must be an array of numbers, got ${describe(row)}`);
    if (row.length !== c) throw new DataError(`${name} is ragged: ${name}[0] has ${c} columns but ${name}[${i}] has ${row.length}`);
    for (let j = 0; j < c; j++) {
      const v: unknown = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) badNumber(v, name, i, j);
    }
  }
  const rows = input as readonly (readonly number[])[];
  return {
    rows: rows.length,
    cols: c,
    packed: undefined,
    read(out, r0, count) {
      // checked again as it is copied: an array with getters could answer differently the second time
      for (let i = 0, q = 0; i < count; i++) {
        const row: unknown = rows[r0 + i];
        if (!Array.isArray(row)) throw new DataError(`${name}[${r0 + i}] must be an array of numbers, got ${describe(row)} when read again`);
        for (let j = 0; j < c; j++, q++) {
          const v: unknown = row[j];
          if (typeof v !== "number" || !Number.isFinite(v)) badNumber(v, name, r0 + i, j);
          out[q] = v;
        }
      }
    },
  };
}

function checkNdArray(input: NdArrayLike, name: string): CheckedInput {
  if ((input.dimension !== undefined && input.dimension !== 2) || input.shape.length !== 2) {
    throw new ShapeError(`${name} must be a 2-D ndarray [samples x features], got ${input.shape.length} dimensions`);
  }
  const [r, c] = input.shape as [unknown, unknown];
  if (typeof r !== "number" || typeof c !== "number" || !Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0) {
    throw new ShapeError(`${name}.shape must be two integers >= 0, got [${String(r)}, ${String(c)}]`);
  }
  if (r === 0 || c === 0) throw new DataError(`${name} must not be empty, got shape [${r}, ${c}]`);
  if (r * c > MAX_ELEMENTS) {
    throw new DataError(`${name} has shape [${r}, ${c}], more than the ${MAX_ELEMENTS} values tinynn accepts in one matrix`);
  }
  const { data, stride, offset } = input as { data?: unknown; stride?: unknown; offset?: unknown };
  // an ndarray: read its storage with its strides (not `get`, one call per element); anything
  // else that only has `get` is read through it
  const direct =
    data !== null &&
    typeof data === "object" &&
    typeof (data as ArrayLike<unknown>).length === "number" &&
    typeof (data as { get?: unknown }).get !== "function" &&
    Array.isArray(stride) &&
    stride.length === 2 &&
    stride.every((s) => Number.isInteger(s)) &&
    Number.isInteger(offset) &&
    inBounds(data as ArrayLike<unknown>, offset as number, stride as number[], r, c);
  const d = data as ArrayLike<unknown>;
  const [s0, s1] = (direct ? stride : [0, 0]) as [number, number];
  const off = direct ? (offset as number) : 0;
  if (direct) checkStrided(d, off, s0, s1, r, c, name);
  else for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) checkValue(input.get(i, j), name, i, j);
  // a typed array in this thread's memory cannot change between the check above and the reads
  // below; anything else (plain arrays, proxies, shared memory, get-only objects) is checked again
  // as it is read
  const stable = direct && ArrayBuffer.isView(data) && !(typeof SharedArrayBuffer === "function" && data.buffer instanceof SharedArrayBuffer);
  const packed = stable && data instanceof Float64Array && s1 === 1 && s0 === c ? { data, offset: off } : undefined;
  return {
    rows: r,
    cols: c,
    packed,
    read: stable
      ? (out, r0, count) => readStrided(out, d, off, s0, s1, r0, count, c)
      : direct
        ? (out, r0, count) => {
            for (let i = 0, q = 0; i < count; i++) {
              const base = off + (r0 + i) * s0;
              for (let j = 0; j < c; j++, q++) {
                const v = d[base + j * s1];
                if (typeof v !== "number" || !Number.isFinite(v)) badNumber(v, name, r0 + i, j);
                out[q] = v;
              }
            }
          }
        : (out, r0, count) => {
            for (let i = 0, q = 0; i < count; i++) {
              for (let j = 0; j < c; j++, q++) {
                const v = input.get(r0 + i, j);
                if (typeof v !== "number" || !Number.isFinite(v)) badNumber(v, name, r0 + i, j);
                out[q] = v;
              }
            }
          },
  };
}

/** Checks every element of an `r x c` view of `d` (read directly: no call per element). */
function checkStrided(d: ArrayLike<unknown>, off: number, s0: number, s1: number, r: number, c: number, name: string): void {
  // float64 storage: every value is a number; v · 0 is NaN exactly for NaN and ±Infinity, so one
  // sum of them (no branch per value) says whether the slow scan below must find the first bad one
  if (d instanceof Float64Array && allFinite(d, off, s0, s1, r, c)) return;
  for (let i = 0; i < r; i++) {
    const base = off + i * s0;
    for (let j = 0; j < c; j++) {
      const v = d[base + j * s1];
      if (typeof v !== "number" || !Number.isFinite(v)) badNumber(v, name, i, j);
    }
  }
}

/** Whether every value of the r x c view of `d` is finite. */
function allFinite(d: Float64Array, off: number, s0: number, s1: number, r: number, c: number): boolean {
  let zero = 0;
  if (s1 === 1 && s0 === c) {
    const end = off + r * c;
    let i = off;
    for (; i + 4 <= end; i += 4) zero += d[i]! * 0 + d[i + 1]! * 0 + (d[i + 2]! * 0 + d[i + 3]! * 0);
    for (; i < end; i++) zero += d[i]! * 0;
  } else {
    for (let i = 0; i < r; i++) {
      const base = off + i * s0;
      for (let j = 0; j < c; j++) zero += d[base + j * s1]! * 0;
    }
  }
  return zero === 0;
}

function checkValue(v: unknown, name: string, i: number, j: number): void {
  if (typeof v !== "number" || !Number.isFinite(v)) badNumber(v, name, i, j);
}

/** Whether every element [i][j] of an `r x c` view lies inside `data`. */
function inBounds(data: ArrayLike<unknown>, offset: number, stride: readonly number[], r: number, c: number): boolean {
  let lo = offset;
  let hi = offset;
  for (const [s, n] of [[stride[0]!, r], [stride[1]!, c]] as const) {
    if (s >= 0) hi += s * (n - 1);
    else lo += s * (n - 1);
  }
  return lo >= 0 && hi < data.length;
}

/** A packed matrix tinynn made (already checked) as a {@link CheckedInput}, read in place. @internal */
export function packedInput(m: PackedMatrix): CheckedInput {
  const cols = m.shape[1];
  return {
    rows: m.shape[0],
    cols,
    packed: { data: m.data, offset: 0 },
    read: (out, r0, count) => out.set(m.data.subarray(r0 * cols, (r0 + count) * cols)),
  };
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
export function toMatrix(input: unknown, name: string, cols?: { count: number; what: string }): PackedMatrix {
  const checked = checkInput(input, name, cols);
  const m = new PackedMatrix(new Float64Array(checked.rows * checked.cols), checked.rows, checked.cols);
  checked.read(m.data, 0, checked.rows);
  return m;
}

function isNdArrayLike(x: unknown): x is NdArrayLike {
  return typeof x === "object" && x !== null && Array.isArray((x as NdArrayLike).shape) && typeof (x as NdArrayLike).get === "function";
}

function badNumber(v: unknown, name: string, i: number, j: number): never {
  if (typeof v !== "number") throw new DataError(`${name}[${i}][${j}] must be a number, got ${describe(v)}`);
  throw new DataError(`${name}[${i}][${j}] must be finite, got ${v}`);
}
