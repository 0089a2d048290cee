import type { Matrix } from "./matrix.js";
import { wasmNN, wasmNT, wasmTN } from "./wasm.js";

// Matrix products over any 2-D float64 view (packed, transposed, offset, strided). Every entry is a
// plain left-to-right sum over the shared index, starting from the first product: the order
// numpy's reference results are compared in, so the kernels keep parity bit for bit.
//
// Speed: on the matrices tinynn exists for, the cost is loads and stores, not arithmetic. The one
// kernel, `gemm`, computes a 4 x 2 tile of the output in eight local accumulators that V8 keeps in
// registers, loading 6 values per 8 multiply-adds (the plain i-k-j loop loads and stores the
// output on every multiply-add: ~4x slower, measured in docs/performance.md). Tiling only groups
// independent entries; each entry's own sum still runs k = 0, 1, ..., p-1.

/**
 * out[i][j] = Σ_k A[aOff + i·ai + k·ak] · B[bOff + k·bk + j·bj], for i < n, j < m, k < p,
 * written at out.data[oOff + i·oi + j·oj]. The transposed products are the same call with the
 * strides swapped.
 */
function gemm(
  O: Float64Array, oOff: number, oi: number, oj: number,
  n: number, m: number, p: number,
  A: Float64Array, aOff: number, ai: number, ak: number,
  B: Float64Array, bOff: number, bk: number, bj: number,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = aOff + i * ai;
    const r1 = r0 + ai;
    const r2 = r1 + ai;
    const r3 = r2 + ai;
    const o0 = oOff + i * oi;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      let b = bOff + j * bj;
      let a = 0;
      let x0 = A[r0]!, x1 = A[r1]!, x2 = A[r2]!, x3 = A[r3]!;
      let y0 = B[b]!, y1 = B[b + bj]!;
      let c00 = x0 * y0, c01 = x0 * y1, c10 = x1 * y0, c11 = x1 * y1;
      let c20 = x2 * y0, c21 = x2 * y1, c30 = x3 * y0, c31 = x3 * y1;
      for (let k = 1; k < p; k++) {
        a += ak;
        b += bk;
        x0 = A[r0 + a]!; x1 = A[r1 + a]!; x2 = A[r2 + a]!; x3 = A[r3 + a]!;
        y0 = B[b]!; y1 = B[b + bj]!;
        c00 += x0 * y0; c01 += x0 * y1; c10 += x1 * y0; c11 += x1 * y1;
        c20 += x2 * y0; c21 += x2 * y1; c30 += x3 * y0; c31 += x3 * y1;
      }
      const q = o0 + j * oj;
      O[q] = c00; O[q + oj] = c01;
      O[q + oi] = c10; O[q + oi + oj] = c11;
      O[q + 2 * oi] = c20; O[q + 2 * oi + oj] = c21;
      O[q + 3 * oi] = c30; O[q + 3 * oi + oj] = c31;
    }
    if (j < m) {
      // last column of an odd m: a 4 x 1 tile
      let b = bOff + j * bj;
      let a = 0;
      let c0 = A[r0]! * B[b]!, c1 = A[r1]! * B[b]!, c2 = A[r2]! * B[b]!, c3 = A[r3]! * B[b]!;
      for (let k = 1; k < p; k++) {
        a += ak;
        b += bk;
        const y = B[b]!;
        c0 += A[r0 + a]! * y; c1 += A[r1 + a]! * y; c2 += A[r2 + a]! * y; c3 += A[r3 + a]! * y;
      }
      const q = o0 + j * oj;
      O[q] = c0; O[q + oi] = c1; O[q + 2 * oi] = c2; O[q + 3 * oi] = c3;
    }
  }
  for (; i < n; i++) {
    // the last n mod 4 rows: 1 x 2 tiles, then 1 x 1
    const r = aOff + i * ai;
    const o0 = oOff + i * oi;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      let b = bOff + j * bj;
      let a = r;
      let c0 = A[a]! * B[b]!, c1 = A[a]! * B[b + bj]!;
      for (let k = 1; k < p; k++) {
        a += ak;
        b += bk;
        const x = A[a]!;
        c0 += x * B[b]!; c1 += x * B[b + bj]!;
      }
      O[o0 + j * oj] = c0;
      O[o0 + (j + 1) * oj] = c1;
    }
    if (j < m) {
      let b = bOff + j * bj;
      let a = r;
      let c = A[a]! * B[b]!;
      for (let k = 1; k < p; k++) {
        a += ak;
        b += bk;
        c += A[a]! * B[b]!;
      }
      O[o0 + j * oj] = c;
    }
  }
}

// Packed fast paths (row-major, contiguous, the engine's own buffers): the same tiles with the
// strides fixed, which saves the index arithmetic that dominates on the blog's 4 x 4 matrices.

/**
 * O[n x m] = A[n x p] · B[p x m], packed from aOff / bOff / oOff: {@link matmul} on raw buffers,
 * for callers that own packed buffers and cannot afford the view checks (the fused training path).
 * @internal
 */
export function gemmNN(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, n: number, m: number, p: number): void {
  if (n < 4 && m >= 4) {
    // fewer than 4 rows (a batch of 1 to 3): Oᵀ = Bᵀ Aᵀ takes the 4-row tiles instead (see gemmTN)
    gemm(O, oOff, 1, m, m, n, p, B, bOff, 1, m, A, aOff, 1, p);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = aOff + i * p, r1 = r0 + p, r2 = r1 + p, r3 = r2 + p;
    const o0 = oOff + i * m;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      let q = bOff + j;
      let x0 = A[r0]!, x1 = A[r1]!, x2 = A[r2]!, x3 = A[r3]!;
      let y0 = B[q]!, y1 = B[q + 1]!;
      let c00 = x0 * y0, c01 = x0 * y1, c10 = x1 * y0, c11 = x1 * y1;
      let c20 = x2 * y0, c21 = x2 * y1, c30 = x3 * y0, c31 = x3 * y1;
      for (let k = 1; k < p; k++) {
        q += m;
        x0 = A[r0 + k]!; x1 = A[r1 + k]!; x2 = A[r2 + k]!; x3 = A[r3 + k]!;
        y0 = B[q]!; y1 = B[q + 1]!;
        c00 += x0 * y0; c01 += x0 * y1; c10 += x1 * y0; c11 += x1 * y1;
        c20 += x2 * y0; c21 += x2 * y1; c30 += x3 * y0; c31 += x3 * y1;
      }
      const t = o0 + j;
      O[t] = c00; O[t + 1] = c01; O[t + m] = c10; O[t + m + 1] = c11;
      O[t + 2 * m] = c20; O[t + 2 * m + 1] = c21; O[t + 3 * m] = c30; O[t + 3 * m + 1] = c31;
    }
    if (j < m) {
      let q = bOff + j;
      let y = B[q]!;
      let c0 = A[r0]! * y, c1 = A[r1]! * y, c2 = A[r2]! * y, c3 = A[r3]! * y;
      for (let k = 1; k < p; k++) {
        q += m;
        y = B[q]!;
        c0 += A[r0 + k]! * y; c1 += A[r1 + k]! * y; c2 += A[r2 + k]! * y; c3 += A[r3 + k]! * y;
      }
      const t = o0 + j;
      O[t] = c0; O[t + m] = c1; O[t + 2 * m] = c2; O[t + 3 * m] = c3;
    }
  }
  for (; i < n; i++) {
    const r = aOff + i * p;
    const o0 = oOff + i * m;
    for (let j = 0; j < m; j++) {
      let q = bOff + j;
      let c = A[r]! * B[q]!;
      for (let k = 1; k < p; k++) {
        q += m;
        c += A[r + k]! * B[q]!;
      }
      O[o0 + j] = c;
    }
  }
}

/** O[p x m] = A[s x p]ᵀ · B[s x m], packed: {@link matmulTransA} on raw buffers. @internal */
export function gemmTN(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, p: number, m: number, s: number): void {
  if (p < 4 && m >= 4) {
    // fewer than 4 rows of O (a weight gradient of a layer with 1 to 3 inputs), whose remainder
    // path runs 1 x 2 tiles: Oᵀ = Bᵀ A takes the 4-row tiles instead (W1: 1,390 instead of 900
    // instructions per call). Each entry is the same products (x·y = y·x exactly) summed over s in order.
    gemm(O, oOff, 1, m, m, p, s, B, bOff, 1, m, A, aOff, p, 1);
    return;
  }
  let i = 0;
  for (; i + 4 <= p; i += 4) {
    const o0 = oOff + i * m;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      let ra = aOff + i, rb = bOff + j;
      let x0 = A[ra]!, x1 = A[ra + 1]!, x2 = A[ra + 2]!, x3 = A[ra + 3]!;
      let y0 = B[rb]!, y1 = B[rb + 1]!;
      let c00 = x0 * y0, c01 = x0 * y1, c10 = x1 * y0, c11 = x1 * y1;
      let c20 = x2 * y0, c21 = x2 * y1, c30 = x3 * y0, c31 = x3 * y1;
      for (let k = 1; k < s; k++) {
        ra += p;
        rb += m;
        x0 = A[ra]!; x1 = A[ra + 1]!; x2 = A[ra + 2]!; x3 = A[ra + 3]!;
        y0 = B[rb]!; y1 = B[rb + 1]!;
        c00 += x0 * y0; c01 += x0 * y1; c10 += x1 * y0; c11 += x1 * y1;
        c20 += x2 * y0; c21 += x2 * y1; c30 += x3 * y0; c31 += x3 * y1;
      }
      const t = o0 + j;
      O[t] = c00; O[t + 1] = c01; O[t + m] = c10; O[t + m + 1] = c11;
      O[t + 2 * m] = c20; O[t + 2 * m + 1] = c21; O[t + 3 * m] = c30; O[t + 3 * m + 1] = c31;
    }
    if (j < m) {
      let ra = aOff + i, rb = bOff + j;
      let y = B[rb]!;
      let c0 = A[ra]! * y, c1 = A[ra + 1]! * y, c2 = A[ra + 2]! * y, c3 = A[ra + 3]! * y;
      for (let k = 1; k < s; k++) {
        ra += p;
        rb += m;
        y = B[rb]!;
        c0 += A[ra]! * y; c1 += A[ra + 1]! * y; c2 += A[ra + 2]! * y; c3 += A[ra + 3]! * y;
      }
      const t = o0 + j;
      O[t] = c0; O[t + m] = c1; O[t + 2 * m] = c2; O[t + 3 * m] = c3;
    }
  }
  for (; i < p; i++) {
    const o0 = oOff + i * m;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      let ra = aOff + i, rb = bOff + j;
      let x = A[ra]!;
      let c0 = x * B[rb]!, c1 = x * B[rb + 1]!;
      for (let k = 1; k < s; k++) {
        ra += p;
        rb += m;
        x = A[ra]!;
        c0 += x * B[rb]!; c1 += x * B[rb + 1]!;
      }
      O[o0 + j] = c0;
      O[o0 + j + 1] = c1;
    }
    if (j < m) {
      let ra = aOff + i, rb = bOff + j;
      let c = A[ra]! * B[rb]!;
      for (let k = 1; k < s; k++) {
        ra += p;
        rb += m;
        c += A[ra]! * B[rb]!;
      }
      O[o0 + j] = c;
    }
  }
}

/** O[n x p] = A[n x m] · B[p x m]ᵀ, packed: {@link matmulTransB} on raw buffers. @internal */
export function gemmNT(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, n: number, p: number, m: number): void {
  if (n < 4 && p >= 4) {
    // fewer than 4 rows: Oᵀ = B Aᵀ takes the 4-row tiles instead (see gemmTN)
    gemm(O, oOff, 1, p, p, n, m, B, bOff, m, 1, A, aOff, 1, m);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = aOff + i * m, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m;
    const o0 = oOff + i * p;
    let j = 0;
    for (; j + 2 <= p; j += 2) {
      const s0 = bOff + j * m, s1 = s0 + m;
      let x0 = A[r0]!, x1 = A[r1]!, x2 = A[r2]!, x3 = A[r3]!;
      let y0 = B[s0]!, y1 = B[s1]!;
      let c00 = x0 * y0, c01 = x0 * y1, c10 = x1 * y0, c11 = x1 * y1;
      let c20 = x2 * y0, c21 = x2 * y1, c30 = x3 * y0, c31 = x3 * y1;
      for (let k = 1; k < m; k++) {
        x0 = A[r0 + k]!; x1 = A[r1 + k]!; x2 = A[r2 + k]!; x3 = A[r3 + k]!;
        y0 = B[s0 + k]!; y1 = B[s1 + k]!;
        c00 += x0 * y0; c01 += x0 * y1; c10 += x1 * y0; c11 += x1 * y1;
        c20 += x2 * y0; c21 += x2 * y1; c30 += x3 * y0; c31 += x3 * y1;
      }
      const t = o0 + j;
      O[t] = c00; O[t + 1] = c01; O[t + p] = c10; O[t + p + 1] = c11;
      O[t + 2 * p] = c20; O[t + 2 * p + 1] = c21; O[t + 3 * p] = c30; O[t + 3 * p + 1] = c31;
    }
    if (j < p) {
      const s0 = bOff + j * m;
      let y = B[s0]!;
      let c0 = A[r0]! * y, c1 = A[r1]! * y, c2 = A[r2]! * y, c3 = A[r3]! * y;
      for (let k = 1; k < m; k++) {
        y = B[s0 + k]!;
        c0 += A[r0 + k]! * y; c1 += A[r1 + k]! * y; c2 += A[r2 + k]! * y; c3 += A[r3 + k]! * y;
      }
      const t = o0 + j;
      O[t] = c0; O[t + p] = c1; O[t + 2 * p] = c2; O[t + 3 * p] = c3;
    }
  }
  for (; i < n; i++) {
    const r = aOff + i * m;
    const o0 = oOff + i * p;
    for (let j = 0; j < p; j++) {
      const s0 = bOff + j * m;
      let c = A[r]! * B[s0]!;
      for (let k = 1; k < m; k++) c += A[r + k]! * B[s0 + k]!;
      O[o0 + j] = c;
    }
  }
}

/** Row-major and contiguous: element [i][j] at offset + i * cols + j. */
const packed = (x: Matrix): boolean => x.stride[1] === 1 && x.stride[0] === x.shape[1];

/**
 * The packed products as the engine calls them: the WebAssembly SIMD kernel when it applies (large
 * enough, available), otherwise the JavaScript kernel. Both give the same bits. @internal
 */
export function productNN(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, n: number, m: number, p: number): void {
  if (!wasmNN(O, oOff, A, aOff, B, bOff, n, m, p)) gemmNN(O, oOff, A, aOff, B, bOff, n, m, p);
}

/** {@link productNN} for aᵀ·b (arguments as {@link gemmTN}). @internal */
export function productTN(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, p: number, m: number, s: number): void {
  if (!wasmTN(O, oOff, A, aOff, B, bOff, p, m, s)) gemmTN(O, oOff, A, aOff, B, bOff, p, m, s);
}

/** {@link productNN} for a·bᵀ (arguments as {@link gemmNT}). @internal */
export function productNT(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, n: number, p: number, m: number): void {
  if (!wasmNT(O, oOff, A, aOff, B, bOff, n, p, m)) gemmNT(O, oOff, A, aOff, B, bOff, n, p, m);
}

/**
 * Matrix product, written into `out`.
 *
 * ```text
 * out = a · b        out[i][j] = Σ_k a[i][k] b[k][j]        [n x p] · [p x m] -> [n x m]
 * ```
 *
 * Any float64 views work (packed, offset or strided); each entry sums k = 0 .. p-1 in order.
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
  if (packed(out) && packed(a) && packed(b)) {
    productNN(out.data, out.offset, a.data, a.offset, b.data, b.offset, a.shape[0]!, b.shape[1]!, a.shape[1]!);
    return;
  }
  const as = a.stride;
  const bs = b.stride;
  const os = out.stride;
  gemm(
    out.data, out.offset, os[0]!, os[1]!,
    a.shape[0]!, b.shape[1]!, a.shape[1]!,
    a.data, a.offset, as[0]!, as[1]!,
    b.data, b.offset, bs[0]!, bs[1]!,
  );
}

/**
 * Product with the first factor transposed, written into `out`: the weight gradient `xᵀ · delta`.
 *
 * ```text
 * out = aᵀ · b       out[i][j] = Σ_s a[s][i] b[s][j]        [n x p]ᵀ · [n x m] -> [p x m]
 * ```
 *
 * Any float64 views work; each entry sums s = 0 .. n-1 in order.
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
  if (packed(out) && packed(a) && packed(b)) {
    productTN(out.data, out.offset, a.data, a.offset, b.data, b.offset, a.shape[1]!, b.shape[1]!, a.shape[0]!);
    return;
  }
  const as = a.stride;
  const bs = b.stride;
  const os = out.stride;
  gemm(
    out.data, out.offset, os[0]!, os[1]!,
    a.shape[1]!, b.shape[1]!, a.shape[0]!,
    a.data, a.offset, as[1]!, as[0]!,
    b.data, b.offset, bs[0]!, bs[1]!,
  );
}

/**
 * Product with the second factor transposed, written into `out`: the error sent back
 * through the weights, `delta · Wᵀ`.
 *
 * ```text
 * out = a · bᵀ       out[i][j] = Σ_k a[i][k] b[j][k]        [n x m] · [p x m]ᵀ -> [n x p]
 * ```
 *
 * Any float64 views work; each entry sums k = 0 .. m-1 in order.
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
  if (packed(out) && packed(a) && packed(b)) {
    productNT(out.data, out.offset, a.data, a.offset, b.data, b.offset, a.shape[0]!, b.shape[0]!, a.shape[1]!);
    return;
  }
  const as = a.stride;
  const bs = b.stride;
  const os = out.stride;
  gemm(
    out.data, out.offset, os[0]!, os[1]!,
    a.shape[0]!, b.shape[0]!, a.shape[1]!,
    a.data, a.offset, as[0]!, as[1]!,
    b.data, b.offset, bs[1]!, bs[0]!,
  );
}
