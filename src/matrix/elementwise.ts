// Elementwise kernels over packed Float64Array buffers, output argument first. The engine owns the
// buffers these run on (packed, from offset 0), so they take raw arrays and sizes: no view checks,
// no objects, nothing allocated. All internal.

/** Whether every value of `d` is finite (no NaN, no ±Infinity). @internal */
export function allFinite(d: Float64Array): boolean {
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
  return true;
}

/** o[j] <- Σ_i x[i·m + j] over `n` rows, top to bottom (the bias gradient of a batch). @internal */
export function columnSums(o: Float64Array, x: Float64Array, n: number, m: number): void {
  for (let j = 0; j < m; j++) o[j] = x[j]!;
  for (let i = 1; i < n; i++) for (let j = 0; j < m; j++) o[j]! += x[i * m + j]!;
}

// The result of pairwiseInto, passed back through memory: a double returned from a call that V8
// does not inline is boxed (16 bytes), and the training loop calls this every iteration.
const PAIRWISE = new Float64Array(1);

/**
 * Sum of |a[k] - b[k]| over `n` packed elements from `start`, in numpy's pairwise order, so that
 * `np.sum(np.abs(a - b))` is matched bit for bit. The sum is left in `PAIRWISE[0]`.
 *
 * ```text
 * n < 8:      ((0 + t0) + t1) + ...
 * n <= 128:   8 running sums r0..r7 over strides of 8, ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the tail
 * otherwise:  split at n/2 rounded down to a multiple of 8, recurse on both halves
 * ```
 */
function pairwiseInto(a: Float64Array, b: Float64Array, start: number, n: number): void {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += Math.abs(a[start + i]! - b[start + i]!);
    PAIRWISE[0] = res;
    return;
  }
  if (n <= 128) {
    // eight running sums in locals (an array here would be allocated on every call)
    const s = start;
    let r0 = Math.abs(a[s]! - b[s]!), r1 = Math.abs(a[s + 1]! - b[s + 1]!);
    let r2 = Math.abs(a[s + 2]! - b[s + 2]!), r3 = Math.abs(a[s + 3]! - b[s + 3]!);
    let r4 = Math.abs(a[s + 4]! - b[s + 4]!), r5 = Math.abs(a[s + 5]! - b[s + 5]!);
    let r6 = Math.abs(a[s + 6]! - b[s + 6]!), r7 = Math.abs(a[s + 7]! - b[s + 7]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const q = s + i;
      r0 += Math.abs(a[q]! - b[q]!); r1 += Math.abs(a[q + 1]! - b[q + 1]!);
      r2 += Math.abs(a[q + 2]! - b[q + 2]!); r3 += Math.abs(a[q + 3]! - b[q + 3]!);
      r4 += Math.abs(a[q + 4]! - b[q + 4]!); r5 += Math.abs(a[q + 5]! - b[q + 5]!);
      r6 += Math.abs(a[q + 6]! - b[q + 6]!); r7 += Math.abs(a[q + 7]! - b[q + 7]!);
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += Math.abs(a[s + i]! - b[s + i]!);
    PAIRWISE[0] = res;
    return;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  pairwiseInto(a, b, start, n2);
  const left = PAIRWISE[0]!;
  pairwiseInto(a, b, start + n2, n - n2);
  PAIRWISE[0] = left + PAIRWISE[0]!;
}

/**
 * out[index] <- Σ |a[k] - b[k]| over the first `n` elements, in numpy's pairwise order
 * (`np.sum(np.abs(a - b))` bit for bit); written to memory, so that no double is boxed.
 * @internal
 */
export function sumAbsDiffInto(out: Float64Array, index: number, a: Float64Array, b: Float64Array, n: number): void {
  pairwiseInto(a, b, 0, n);
  out[index] = PAIRWISE[0]!;
}

/** Σ |a[k] - b[k]| over the first `n` elements, in numpy's pairwise order. @internal */
export function sumAbsDiff(a: Float64Array, b: Float64Array, n: number): number {
  pairwiseInto(a, b, 0, n);
  return PAIRWISE[0]!;
}
