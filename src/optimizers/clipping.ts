import type { Parameter } from "../layers/parameter.js";

/**
 * Clips every gradient element into [-limit, limit] (the blog's "delta trimming", by value).
 *
 * ```text
 * g <- min(max(g, -limit), limit)
 * ```
 *
 * @param parameters - e.g. `net.parameters()`, with `grad` from the backward pass
 * @param limit - a finite number > 0
 *
 * @example
 * clipGradientsByValue(net.parameters(), 1); // every grad element now lies in [-1, 1]
 */
export function clipGradientsByValue(parameters: readonly Parameter[], limit: number): void {
  const limits = new Float64Array([limit, 0]);
  clipByValueAt(parameters, limits);
}

/** {@link clipGradientsByValue} with the limit in `limits[0]`: the training loop's, no double passed. @internal */
export function clipByValueAt(parameters: readonly Parameter[], limits: Float64Array): void {
  const limit = limits[0]!;
  for (let k = 0; k < parameters.length; k++) {
    const g = parameters[k]!.grad.data;
    for (let i = 0; i < g.length; i++) {
      const x = g[i]!;
      if (x > limit) g[i] = limit;
      else if (x < -limit) g[i] = -limit;
    }
  }
}

/**
 * Rescales all gradients together when their global L2 norm exceeds `maxNorm`.
 *
 * ```text
 * ‖g‖ = sqrt(Σ over all parameters Σ g²)
 * g  <- g · maxNorm / ‖g‖      when ‖g‖ > maxNorm (direction kept)
 * ```
 *
 * @param parameters - e.g. `net.parameters()`, with `grad` from the backward pass
 * @param maxNorm - a finite number > 0
 * @returns ‖g‖ before clipping
 *
 * @example
 * // grads [3, 4] (norm 5), maxNorm 1 -> [0.6, 0.8]
 * clipGradientsByNorm(net.parameters(), 1); // => 5
 */
export function clipGradientsByNorm(parameters: readonly Parameter[], maxNorm: number): number {
  const limits = new Float64Array([0, maxNorm, 0]);
  clipByNormAt(parameters, limits);
  return limits[2]!;
}

/**
 * {@link clipGradientsByNorm} with the largest norm in `limits[1]`; the norm before clipping is
 * written to `limits[2]`: the training loop's, no double passed or returned. @internal
 */
export function clipByNormAt(parameters: readonly Parameter[], limits: Float64Array): void {
  const maxNorm = limits[1]!;
  let s = 0;
  for (let k = 0; k < parameters.length; k++) {
    const g = parameters[k]!.grad.data;
    for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  }
  const norm = Math.sqrt(s);
  limits[2] = norm;
  if (norm > maxNorm) {
    const f = maxNorm / norm;
    for (let k = 0; k < parameters.length; k++) {
      const g = parameters[k]!.grad.data;
      for (let i = 0; i < g.length; i++) g[i]! *= f;
    }
  }
}
