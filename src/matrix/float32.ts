// float32 arithmetic for float32 inference (`predict(X, { precision: "float32" })`), in JS: every
// operation on float32 values computed in float64 and rounded once with Math.fround. For + - * /
// that is exactly the float32 operation (float64 has more than twice float32's 24 bits, so the
// double rounding never changes the result), so these kernels give the bits of the WebAssembly
// f32x4 kernels (scripts/gen-wasm-kernels.mjs), which the tests compare. They run when WebAssembly
// is unavailable or refused.

const f = Math.fround;

// Cephes' expf constants, rounded to float32 (the generator writes the same ones)
const LOG2E = f(1.44269504088896341);
const C1 = f(0.693359375);
const C2 = f(-2.1219444e-4);
const P0 = f(1.98756915e-4);
const P1 = f(1.3981999507e-3);
const P2 = f(8.3334519073e-3);
const P3 = f(4.1665795894e-2);
const P4 = f(1.6666665459e-1);
const P5 = f(5.0000001201e-1);
/** leakyRelu's slope as a float32 */
const LEAK32 = f(0.01);

/**
 * The float32 sigmoid of float32 `x`: 1 / (1 + e^-x), every operation in float32. e^u by Cephes'
 * expf: u = k ln2 + r with k = floor(u log2 e + 1/2) and ln2 = C1 + C2 in two parts,
 * e^r = ((((P0 r + P1) r + P2) r + P3) r + P4) r + P5) r² + r + 1, times 2^k, with u = -x clamped
 * to [-87, 88] (so 2^k is a normal float32): 1 for x >= 87, 6.05e-39 for x <= -88 (the float64
 * sigmoid is below 6.1e-39 there). Within 3 float32 ulps of the float64 sigmoid above -87.
 * @internal
 */
export function sigmoid32(x: number): number {
  // -x clamped to [-87, 88], as f32x4.pmax then f32x4.pmin do (NaN stays NaN)
  const n = -x;
  const v = n < -87 ? -87 : n;
  const u = 88 < v ? 88 : v;
  const k = Math.floor(f(f(u * LOG2E) + 0.5));
  const r = f(f(u - f(k * C1)) - f(k * C2));
  const z = f(r * r);
  let y = f(f(P0 * r) + P1);
  y = f(f(y * r) + P2);
  y = f(f(y * r) + P3);
  y = f(f(y * r) + P4);
  y = f(f(y * r) + P5);
  y = f(f(f(y * z) + r) + 1);
  // y · 2^k: exact, or rounded once below 2^-126 (as the f32x4 multiply rounds)
  return f(1 / f(1 + f(y * 2 ** k)));
}

/**
 * O[n x m] = A[n x p] · B[p x m] in float32, all packed: each entry c = a_0 b_0, then
 * c = c + a_k b_k for k = 1 ... p-1, each product and each sum rounded to float32.
 * @internal
 */
export function gemm32(O: Float32Array, A: Float32Array, B: Float32Array, n: number, m: number, p: number): void {
  for (let i = 0; i < n; i++) {
    const a = i * p;
    const o = i * m;
    for (let j = 0; j < m; j++) {
      let c = f(A[a]! * B[j]!);
      for (let k = 1; k < p; k++) c = f(c + f(A[a + k]! * B[k * m + j]!));
      O[o + j] = c;
    }
  }
}

/** The activations the float32 kernels have. @internal */
export type Float32Activation = "identity" | "sigmoid" | "relu" | "leakyRelu";

/**
 * a = f(z + b) over rows x cols in float32 (b undefined: no bias): the sum rounded to float32, then
 * the activation in float32. `a` may be `z`.
 * @internal
 */
export function activate32(fn: Float32Activation, z: Float32Array, a: Float32Array, b: Float32Array | undefined, rows: number, cols: number): void {
  for (let r = 0, q = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, q++) {
      const x = b === undefined ? z[q]! : f(z[q]! + b[j]!);
      a[q] = fn === "sigmoid" ? sigmoid32(x) : fn === "relu" ? (x > 0 ? x : 0) : fn === "leakyRelu" ? (x > 0 ? x : f(LEAK32 * x)) : x;
    }
  }
}
