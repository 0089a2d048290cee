// Exact powers of two, for the last step of exp and expm1: y · 2^k as one multiplication.

/** 2^k is at index `k + POW2_BIAS` of {@link POW2}. @internal */
export const POW2_BIAS = 1074;

/**
 * 2^i at index `i + POW2_BIAS`, for every power of two a double holds (i = -1074 ... 1023).
 *
 * ```text
 * POW2[k + POW2_BIAS] = 2^k      exact, -1074 <= k <= 1023
 * ```
 *
 * Built by doubling and halving from 1, which is exact in every engine (`2 ** k` is `Math.pow`,
 * whose last bit ECMAScript leaves to the engine). It is built when the module loads (2098 exact
 * operations, 17 kB), so that expRange and expm1Range read it without a test per value.
 *
 * @example
 * POW2[-1 + POW2_BIAS]; // 0.5
 * @internal
 */
export const POW2: Float64Array = /* @__PURE__ */ powersOfTwo();

function powersOfTwo(): Float64Array {
  const t = new Float64Array(POW2_BIAS + 1024);
  let p = 1;
  for (let i = 0; i < 1024; i++) {
    t[POW2_BIAS + i] = p;
    p *= 2;
  }
  p = 1;
  for (let i = 1; i <= POW2_BIAS; i++) {
    p /= 2;
    t[POW2_BIAS - i] = p;
  }
  return t;
}
