import { checkPositive, ConfigError, DataError, describe } from "../errors.js";
import type { Parameter } from "../layers/parameter.js";

/**
 * Throws a ConfigError unless `parameters` is an array of {@link Parameter}s whose value and grad
 * are matrices of one size (what `net.parameters()` returns): the public helpers' check, before
 * their loops trust it. @internal
 */
export function checkParameters(parameters: unknown, argName = "parameters"): readonly Parameter[] {
  if (!Array.isArray(parameters)) {
    throw new ConfigError(`${argName} must be an array of Parameters, like net.parameters(), got ${describe(parameters)}`);
  }
  for (let k = 0; k < parameters.length; k++) {
    const p: unknown = parameters[k];
    const value = (p as Partial<Parameter> | null)?.value;
    const grad = (p as Partial<Parameter> | null)?.grad;
    const ok =
      typeof p === "object" &&
      p !== null &&
      typeof (p as Parameter).isWeight === "boolean" &&
      typeof value === "object" &&
      value !== null &&
      value.data instanceof Float64Array &&
      typeof grad === "object" &&
      grad !== null &&
      grad.data instanceof Float64Array &&
      grad.data.length === value.data.length;
    if (!ok) throw new ConfigError(`${argName}[${k}] must be a Parameter { name, isWeight, value, grad } with value and grad of one size, got ${describe(p)}`);
  }
  return parameters as readonly Parameter[];
}

/** {@link checkParameters}, and every value and gradient finite (the helpers' results are finite or they throw). @internal */
export function checkFiniteParameters(parameters: unknown, argName = "parameters"): readonly Parameter[] {
  const checked = checkParameters(parameters, argName);
  for (let k = 0; k < checked.length; k++) {
    const p = checked[k]!;
    for (const [what, d] of [["value", p.value.data], ["grad", p.grad.data]] as const) {
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i]!)) throw new DataError(`${argName}[${k}] (${p.name}).${what}[${i}] must be a finite number, got ${d[i]}`);
      }
    }
  }
  return checked;
}

/**
 * Clips every gradient element into [-limit, limit] (the blog's "delta trimming", by value).
 *
 * ```text
 * g <- min(max(g, -limit), limit)
 * ```
 *
 * @param parameters - e.g. `net.parameters()`, with `grad` from the backward pass
 * @param limit - a finite number > 0
 * @throws {@link ConfigError} If `parameters` are not Parameters or `limit` is not a finite number > 0.
 *
 * @example
 * clipGradientsByValue(net.parameters(), 1); // every grad element now lies in [-1, 1]
 * clipGradientsByValue(net.parameters(), -1); // throws ConfigError: limit must be a finite number > 0, got -1
 */
export function clipGradientsByValue(parameters: readonly Parameter[], limit: number): void {
  const checked = checkFiniteParameters(parameters);
  const limits = new Float64Array([checkPositive("limit", limit), 0]);
  clipByValueAt(checked, limits);
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
 * @throws {@link ConfigError} If `parameters` are not Parameters or `maxNorm` is not a finite number > 0.
 *
 * @example
 * // grads [3, 4] (norm 5), maxNorm 1 -> [0.6, 0.8]
 * clipGradientsByNorm(net.parameters(), 1); // => 5
 * clipGradientsByNorm(net.parameters(), NaN); // throws ConfigError: maxNorm must be a finite number > 0, got NaN
 */
export function clipGradientsByNorm(parameters: readonly Parameter[], maxNorm: number): number {
  const checked = checkFiniteParameters(parameters);
  const limits = new Float64Array([0, checkPositive("maxNorm", maxNorm), 0]);
  clipByNormAt(checked, limits);
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
  let norm = Math.sqrt(s);
  // Σ g² overflows past 1e154 gradients: the norm again, scaled by the largest |g| (only then,
  // so that every other case keeps its bits); a NaN gradient leaves a NaN norm, and the loss shows it
  if (norm === Infinity) norm = scaledNorm(parameters);
  limits[2] = norm;
  if (norm > maxNorm) {
    const f = maxNorm / norm;
    for (let k = 0; k < parameters.length; k++) {
      const g = parameters[k]!.grad.data;
      for (let i = 0; i < g.length; i++) g[i]! *= f;
    }
  }
}

/** ‖g‖ as m · sqrt(Σ (g/m)²) with m the largest |g|: finite for any finite gradients. */
function scaledNorm(parameters: readonly Parameter[]): number {
  let m = 0;
  for (const p of parameters) for (const v of p.grad.data) if (Math.abs(v) > m) m = Math.abs(v);
  if (m === Infinity) return Infinity;
  let s = 0;
  for (const p of parameters) {
    for (const v of p.grad.data) {
      const r = v / m;
      s += r * r;
    }
  }
  return m * Math.sqrt(s);
}
