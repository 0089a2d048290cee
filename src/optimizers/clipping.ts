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
  for (const p of parameters) {
    const g = p.grad.data;
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
  let s = 0;
  for (const p of parameters) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  }
  const norm = Math.sqrt(s);
  if (norm > maxNorm) {
    const k = maxNorm / norm;
    for (const p of parameters) {
      const g = p.grad.data;
      for (let i = 0; i < g.length; i++) g[i]! *= k;
    }
  }
  return norm;
}
