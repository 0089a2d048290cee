import ops from "ndarray-ops";
import type { NdArray } from "ndarray";
import { colsOf, rowsOf, type Matrix } from "./matrix.js";

// Elementwise kernels, output argument first (ndarray-ops' grammar). Hot kernels walk the packed
// `data` of the engine's own buffers directly: an ndarray-ops call costs ~0.4 µs whatever the size,
// which is more than the whole arithmetic on the blog's 4x4 matrices. ndarray-ops serves the cold
// paths, where any view (strided, offset) may come in.

const nd = (m: Matrix): NdArray => m as unknown as NdArray;

/** Number of elements of `m`. @internal */
export const sizeOf = (m: Matrix): number => rowsOf(m) * colsOf(m);

/**
 * Sets every element of `out` to `value`.
 *
 * @param out - any matrix, overwritten
 * @param value - the value
 *
 * @example
 * const m = zeros(2, 2); fill(m, 3); m.get(1, 1); // => 3
 */
export function fill(out: Matrix, value: number): void {
  ops.assigns(nd(out), value);
}

/**
 * Largest absolute value in `a` (0 for an empty matrix).
 *
 * ```text
 * max_ij |a[i][j]|
 * ```
 *
 * @param a - any matrix
 *
 * @example
 * maxAbs(fromRows([[1, -3]])); // => 3
 */
export function maxAbs(a: Matrix): number {
  return Math.max(Math.abs(ops.sup(nd(a))), Math.abs(ops.inf(nd(a))));
}

/**
 * True when every element of `a` is finite (no NaN, no ±Infinity).
 *
 * @param a - any matrix
 *
 * @example
 * allFinite(fromRows([[1, NaN]])); // => false
 */
export function allFinite(a: Matrix): boolean {
  // sum propagates NaN and Infinity (and Infinity - Infinity is NaN)
  return Number.isFinite(ops.sum(nd(a)));
}

/**
 * out <- out + alpha * a, over packed matrices of the same size.
 *
 * @param out - packed, updated in place
 * @param alpha - the scale
 * @param a - packed, same size as `out`
 *
 * @example
 * const w = fromRows([[1, 2]]); axpy(w, -0.5, fromRows([[2, 2]])); toRows(w); // => [[0, 1]]
 */
export function axpy(out: Matrix, alpha: number, a: Matrix): void {
  const o = out.data;
  const x = a.data;
  const n = sizeOf(out);
  for (let i = 0; i < n; i++) o[i]! += alpha * x[i]!;
}

/**
 * out[i][j] <- out[i][j] + v[0][j]: adds the row vector `v` (a bias) to every row of `out`.
 *
 * @param out - packed `[n x m]`, updated in place
 * @param v - packed `[1 x m]`
 *
 * @example
 * const z = fromRows([[1, 2], [3, 4]]); addRowVector(z, fromRows([[10, 20]])); toRows(z); // => [[11, 22], [13, 24]]
 */
export function addRowVector(out: Matrix, v: Matrix): void {
  const o = out.data;
  const b = v.data;
  const n = rowsOf(out);
  const m = colsOf(out);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) o[i * m + j]! += b[j]!;
}

/**
 * out[0][j] <- Σ_i a[i][j], summed over rows top to bottom: the bias gradient of a batch.
 *
 * @param out - packed `[1 x m]`, overwritten
 * @param a - packed `[n x m]`
 *
 * @example
 * const s = zeros(1, 2); columnSums(s, fromRows([[1, 2], [3, 4]])); toRows(s); // => [[4, 6]]
 */
export function columnSums(out: Matrix, a: Matrix): void {
  columnSumsPacked(out.data, a.data, rowsOf(a), colsOf(a));
}

/** {@link columnSums} on raw packed buffers: o[j] <- Σ_i x[i·m + j], top to bottom. @internal */
export function columnSumsPacked(o: Float64Array, x: Float64Array, n: number, m: number): void {
  for (let j = 0; j < m; j++) o[j] = x[j]!;
  for (let i = 1; i < n; i++) for (let j = 0; j < m; j++) o[j]! += x[i * m + j]!;
}

// The result of pairwiseInto, passed back through memory: a double returned from a call that V8
// does not inline is boxed (16 bytes), and the training loop calls this every iteration.
const PAIRWISE = new Float64Array(1);

/**
 * Sum of `f(a[k], b[k])` over the first `n` packed elements, in numpy's pairwise order, so that
 * `np.mean` and `np.sum` results are matched bit for bit. The sum is left in `PAIRWISE[0]`.
 *
 * ```text
 * n < 8:      ((0 + t0) + t1) + ...
 * n <= 128:   8 running sums r0..r7 over strides of 8, ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the tail
 * otherwise:  split at n/2 rounded down to a multiple of 8, recurse on both halves
 * ```
 */
function pairwiseInto(
  f: (x: number, y: number) => number,
  a: Float64Array,
  b: Float64Array,
  start: number,
  n: number,
): void {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += f(a[start + i]!, b[start + i]!);
    PAIRWISE[0] = res;
    return;
  }
  if (n <= 128) {
    // eight running sums in locals (an array here would be allocated on every call)
    let r0 = f(a[start]!, b[start]!), r1 = f(a[start + 1]!, b[start + 1]!);
    let r2 = f(a[start + 2]!, b[start + 2]!), r3 = f(a[start + 3]!, b[start + 3]!);
    let r4 = f(a[start + 4]!, b[start + 4]!), r5 = f(a[start + 5]!, b[start + 5]!);
    let r6 = f(a[start + 6]!, b[start + 6]!), r7 = f(a[start + 7]!, b[start + 7]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const s = start + i;
      r0 += f(a[s]!, b[s]!); r1 += f(a[s + 1]!, b[s + 1]!);
      r2 += f(a[s + 2]!, b[s + 2]!); r3 += f(a[s + 3]!, b[s + 3]!);
      r4 += f(a[s + 4]!, b[s + 4]!); r5 += f(a[s + 5]!, b[s + 5]!);
      r6 += f(a[s + 6]!, b[s + 6]!); r7 += f(a[s + 7]!, b[s + 7]!);
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += f(a[start + i]!, b[start + i]!);
    PAIRWISE[0] = res;
    return;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  pairwiseInto(f, a, b, start, n2);
  const left = PAIRWISE[0]!;
  pairwiseInto(f, a, b, start + n2, n - n2);
  PAIRWISE[0] = left + PAIRWISE[0]!;
}

/**
 * Sum of `f(a[k], b[k])` over `n` packed elements from `start`, in numpy's pairwise order (see
 * `pairwiseInto`).
 * @internal
 */
export function pairwiseSum(
  f: (x: number, y: number) => number,
  a: Float64Array,
  b: Float64Array,
  start: number,
  n: number,
): number {
  pairwiseInto(f, a, b, start, n);
  return PAIRWISE[0]!;
}

const absDiff = (x: number, y: number): number => Math.abs(x - y);

/**
 * Sum of |a - b| over all elements of two packed matrices of the same shape, in numpy's order:
 * `np.sum(np.abs(a - b))` bit for bit.
 *
 * @param a - packed matrix
 * @param b - packed matrix of the same shape
 *
 * @example
 * sumAbsDiff(fromRows([[1, 2]]), fromRows([[0, 4]])); // => 3
 */
export function sumAbsDiff(a: Matrix, b: Matrix): number {
  pairwiseInto(absDiff, a.data, b.data, 0, sizeOf(a));
  return PAIRWISE[0]!;
}

/**
 * out[index] = Σ |a[k] - b[k]| over the first `n` packed elements, in numpy's order as
 * {@link sumAbsDiff}; written to memory so that no double is boxed.
 * @internal
 */
export function sumAbsDiffInto(out: Float64Array, index: number, a: Float64Array, b: Float64Array, n: number): void {
  pairwiseInto(absDiff, a, b, 0, n);
  out[index] = PAIRWISE[0]!;
}

/**
 * out[index] += {@link sumAbsDiff}(a, b), for the training loop: the sum stays in float64 memory,
 * so no double is boxed when V8 does not inline the call.
 * @internal
 */
export function addSumAbsDiff(out: Float64Array, index: number, a: Matrix, b: Matrix): void {
  pairwiseInto(absDiff, a.data, b.data, 0, sizeOf(a));
  out[index]! += PAIRWISE[0]!;
}
