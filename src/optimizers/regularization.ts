import { checkKnownKeys, checkPositive, ConfigError, DataError, describe } from "../errors.js";
import type { Parameter } from "../layers/parameter.js";
import { checkFiniteParameters } from "./clipping.js";

/**
 * Weight penalties added to the loss: L1 (lasso) and L2 (ridge / weight decay).
 *
 * ```text
 * penalty     = l1 Σ|w| + (l2 / 2) Σ w²       over weights (and biases when bias: true)
 * d penalty/dw = l1 sign(w) + l2 w
 * ```
 *
 * @example
 * const r: Regularization = { l2: 1e-4 };
 * net.train(X, y, { iterations: 1000, regularization: r });
 */
export interface Regularization {
  /** The L1 coefficient, a finite number >= 0; default 0. */
  l1?: number;
  /** The L2 coefficient, a finite number >= 0; default 0. */
  l2?: number;
  /** Also penalize biases (parameters with `isWeight: false`); default false. */
  bias?: boolean;
}

/** Regularization validated, with defaults; `undefined` when both coefficients are 0. @internal */
export interface CheckedRegularization {
  l1: number;
  l2: number;
  bias: boolean;
}

/** @internal */
export function checkRegularization(value: unknown): CheckedRegularization | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null) {
    throw new ConfigError(`regularization must be an object { l1?, l2?, bias? }, got ${describe(value)}`);
  }
  checkKnownKeys(value, "regularization", ["l1", "l2", "bias"]);
  const r = value as Regularization;
  // only a missing coefficient is 0: null is a value, and refused
  const l1 = checkPositive("regularization.l1", r.l1 === undefined ? 0 : r.l1, true);
  const l2 = checkPositive("regularization.l2", r.l2 === undefined ? 0 : r.l2, true);
  if (r.bias !== undefined && typeof r.bias !== "boolean") {
    throw new ConfigError(`regularization.bias must be true or false, got ${describe(r.bias)}`);
  }
  return l1 === 0 && l2 === 0 ? undefined : { l1, l2, bias: r.bias ?? false };
}

/**
 * The penalty term of {@link Regularization} for the current parameter values.
 *
 * ```text
 * penalty = l1 Σ|w| + (l2 / 2) Σ w²
 * ```
 *
 * @param parameters - e.g. `net.parameters()`
 * @param regularization - the coefficients
 * @returns the penalty added to the loss
 * @throws {@link ConfigError} If `parameters` are not Parameters or `regularization` is not a {@link Regularization}.
 * @throws {@link DataError} If the penalty is not a finite number (coefficients or weights too large).
 *
 * @example
 * // one weight matrix [[1, -2]]
 * regularizationPenalty(net.parameters(), { l1: 0.1, l2: 0.2 }); // => 0.1·3 + 0.1·5 = 0.8
 * regularizationPenalty(net.parameters(), { l3: 1 });           // throws ConfigError: Unknown regularization option "l3"
 */
export function regularizationPenalty(parameters: readonly Parameter[], regularization: Regularization): number {
  const checked = checkFiniteParameters(parameters);
  const r = checkRegularizationArgument(regularization);
  const out = new Float64Array(1);
  if (r !== undefined) addPenaltyInto(out, 0, checked, r);
  if (!Number.isFinite(out[0]!)) {
    throw new DataError(`regularizationPenalty: the penalty of these weights is ${out[0]} (its coefficients or the weights are too large for a finite number)`);
  }
  return out[0]!;
}

/** The `regularization` argument of the public helpers: required, checked as train's option is. */
function checkRegularizationArgument(value: unknown): CheckedRegularization | undefined {
  if (value === undefined) throw new ConfigError("regularization must be an object { l1?, l2?, bias? }, got undefined");
  return checkRegularization(value);
}

/**
 * out[at] <- out[at] + the penalty: what {@link regularizationPenalty} returns, added in memory (the
 * training loop's loss), so that no double is boxed. @internal
 */
export function addPenaltyInto(out: Float64Array, at: number, parameters: readonly Parameter[], r: CheckedRegularization): void {
  let a = 0;
  let s = 0;
  for (let k = 0; k < parameters.length; k++) {
    const p = parameters[k]!;
    if (!p.isWeight && !r.bias) continue;
    const v = p.value.data;
    for (let i = 0; i < v.length; i++) {
      a += Math.abs(v[i]!);
      s += v[i]! * v[i]!;
    }
  }
  out[at]! += r.l1 * a + 0.5 * r.l2 * s;
}

/**
 * Adds the gradient of the {@link Regularization} penalty to every parameter's `grad`.
 *
 * ```text
 * grad <- grad + l1 sign(w) + l2 w
 * ```
 *
 * @param parameters - e.g. `net.parameters()`, with `grad` from the backward pass
 * @param regularization - the coefficients
 * @throws {@link ConfigError} If `parameters` are not Parameters or `regularization` is not a {@link Regularization}.
 *
 * @example
 * addRegularizationGradient(net.parameters(), { l2: 0.01 }); // grad of W now includes 0.01 · W
 * addRegularizationGradient(net.parameters(), { l2: -1 });   // throws ConfigError: regularization.l2 must be a finite number >= 0, got -1
 */
export function addRegularizationGradient(parameters: readonly Parameter[], regularization: Regularization): void {
  const checked = checkFiniteParameters(parameters);
  const r = checkRegularizationArgument(regularization);
  if (r === undefined) return;
  const saved = checked.map((p) => Float64Array.from(p.grad.data));
  addPenaltyGradient(checked, r);
  for (let k = 0; k < checked.length; k++) {
    const g = checked[k]!.grad.data;
    for (let i = 0; i < g.length; i++) {
      if (!Number.isFinite(g[i]!)) {
        // as it was: a helper that throws changes nothing
        checked.forEach((p, j) => p.grad.data.set(saved[j]!));
        throw new DataError(`addRegularizationGradient: the penalty's gradient of ${checked[k]!.name}[${i}] is not finite (its coefficients or the weights are too large)`);
      }
    }
  }
}

/** {@link addRegularizationGradient} for the training loop (checked coefficients, nothing destructured). @internal */
export function addPenaltyGradient(parameters: readonly Parameter[], r: CheckedRegularization): void {
  const l1 = r.l1;
  const l2 = r.l2;
  for (let k = 0; k < parameters.length; k++) {
    const p = parameters[k]!;
    if (!p.isWeight && !r.bias) continue;
    const v = p.value.data;
    const g = p.grad.data;
    for (let i = 0; i < v.length; i++) g[i]! += l1 * Math.sign(v[i]!) + l2 * v[i]!;
  }
}
