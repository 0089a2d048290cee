import type { Matrix } from "./matrix.js";

// Matrix products over packed (row-major, contiguous, offset 0) float64 matrices: the engine only
// ever passes its own buffers here. Every entry is a plain left-to-right sum over the shared index,
// starting from the first product, which is the order numpy's reference results are compared in.
// The loops run i-k-j (or s-i-j) so the inner loop walks memory contiguously; that keeps each
// entry's summation order unchanged.

/**
 * Matrix product, written into `out`.
 *
 * ```text
 * out = a · b        out[i][j] = Σ_k a[i][k] b[k][j]        [n x p] · [p x m] -> [n x m]
 * ```
 *
 * @param out - `[n x m]`, overwritten; must not alias `a` or `b`
 * @param a - `[n x p]`
 * @param b - `[p x m]`
 *
 * @example
 * const out = zeros(1, 1);
 * matmul(out, fromRows([[1, 2]]), fromRows([[3], [4]]));
 * out.get(0, 0); // => 11
 */
export function matmul(out: Matrix, a: Matrix, b: Matrix): void {
  const n = a.shape[0]!;
  const p = a.shape[1]!;
  const m = b.shape[1]!;
  const o = out.data;
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < n; i++) {
    const oi = i * m;
    const ai = i * p;
    const a0 = A[ai]!;
    for (let j = 0; j < m; j++) o[oi + j] = a0 * B[j]!;
    for (let k = 1; k < p; k++) {
      const aik = A[ai + k]!;
      const bk = k * m;
      for (let j = 0; j < m; j++) o[oi + j]! += aik * B[bk + j]!;
    }
  }
}

/**
 * Product with the first factor transposed, written into `out`: the weight gradient `xᵀ · delta`.
 *
 * ```text
 * out = aᵀ · b       out[i][j] = Σ_s a[s][i] b[s][j]        [n x p]ᵀ · [n x m] -> [p x m]
 * ```
 *
 * @param out - `[p x m]`, overwritten; must not alias `a` or `b`
 * @param a - `[n x p]`
 * @param b - `[n x m]`
 *
 * @example
 * const out = zeros(1, 1);
 * matmulTransA(out, fromRows([[1], [2]]), fromRows([[3], [4]]));
 * out.get(0, 0); // => 11
 */
export function matmulTransA(out: Matrix, a: Matrix, b: Matrix): void {
  const n = a.shape[0]!;
  const p = a.shape[1]!;
  const m = b.shape[1]!;
  const o = out.data;
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < p; i++) {
    const a0 = A[i]!;
    const oi = i * m;
    for (let j = 0; j < m; j++) o[oi + j] = a0 * B[j]!;
  }
  for (let s = 1; s < n; s++) {
    const as = s * p;
    const bs = s * m;
    for (let i = 0; i < p; i++) {
      const asi = A[as + i]!;
      const oi = i * m;
      for (let j = 0; j < m; j++) o[oi + j]! += asi * B[bs + j]!;
    }
  }
}

/**
 * Product with the second factor transposed, written into `out`: the error sent back
 * through the weights, `delta · Wᵀ`.
 *
 * ```text
 * out = a · bᵀ       out[i][j] = Σ_k a[i][k] b[j][k]        [n x m] · [p x m]ᵀ -> [n x p]
 * ```
 *
 * @param out - `[n x p]`, overwritten; must not alias `a` or `b`
 * @param a - `[n x m]`
 * @param b - `[p x m]`
 *
 * @example
 * const out = zeros(1, 1);
 * matmulTransB(out, fromRows([[1, 2]]), fromRows([[3, 4]]));
 * out.get(0, 0); // => 11
 */
export function matmulTransB(out: Matrix, a: Matrix, b: Matrix): void {
  const n = a.shape[0]!;
  const m = a.shape[1]!;
  const p = b.shape[0]!;
  const o = out.data;
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < n; i++) {
    const ai = i * m;
    for (let j = 0; j < p; j++) {
      const bj = j * m;
      let sum = A[ai]! * B[bj]!;
      for (let k = 1; k < m; k++) sum += A[ai + k]! * B[bj + k]!;
      o[i * p + j] = sum;
    }
  }
}
