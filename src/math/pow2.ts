// Exact powers of two, for the last step of exp and expm1: y · 2^k as one multiplication.

/** 2^k is at index `k + POW2_BIAS` of {@link powersOfTwo}'s table. @internal */
export const POW2_BIAS = 1074;

let table: Float64Array | undefined;

/**
 * 2^i at index `i + POW2_BIAS`, for every power of two a double holds (i = -1074 ... 1023), built on
 * first use.
 *
 * ```text
 * powersOfTwo()[k + POW2_BIAS] = 2^k      exact, -1074 <= k <= 1023
 * ```
 *
 * Built by doubling and halving from 1, which is exact in every engine: `2 ** k` is
 * `Math.pow`, whose last bit ECMAScript leaves to the engine.
 *
 * @example
 * powersOfTwo()[-1 + POW2_BIAS]; // 0.5
 * @internal
 */
export function powersOfTwo(): Float64Array {
  return table ?? build();
}

function build(): Float64Array {
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
  table = t;
  return t;
}
