import { DataError, ShapeError } from "../errors.js";
import { sumAbsDiffInto } from "../matrix/elementwise.js";
import { checkMatrix, type Matrix } from "../matrix/matrix.js";
import { exp, expRange } from "../math/exp.js";
import { log, logRange } from "../math/log.js";
import { log1p, log1pRange } from "../math/log1p.js";
import type { Loss } from "./loss.js";

/**
 * The built-in losses read packed matrices (as zeros and fromRows make, and training passes them):
 * throws unless `a` is row-major from offset 0 with `b`'s shape. @internal
 */
function checkPair(what: string, a: Matrix, aName: string, b: Matrix): void {
  checkMatrix(a, `${what}: ${aName}`);
  const [r, c] = b.shape as [number, number];
  // the means divide by the rows: none is no mean
  if (r === 0) throw new DataError(`${what}: the output must have at least one row, got [0 x ${c}]`);
  if (a.shape[0] !== r || a.shape[1] !== c) {
    throw new ShapeError(`${what}: ${aName} must have the shape of the output [${r} x ${c}], got [${a.shape.join(" x ")}]`);
  }
  if (a.offset !== 0 || a.stride[0] !== c || a.stride[1] !== 1 || a.data.length < r * c) {
    throw new ShapeError(`${what}: ${aName} must be packed row by row from offset 0 (as zeros and fromRows make), got stride [${a.stride.join(", ")}] and offset ${a.offset}`);
  }
}

function halfSumSquares(output: Matrix, target: Matrix, what = "sse.value"): number {
  checkPair(what, output, "output", output);
  checkPair(what, target, "target", output);
  const o = output.data;
  const t = target.data;
  const n = output.shape[0]! * output.shape[1]!;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = o[i]! - t[i]!;
    s += e * e;
  }
  return 0.5 * s;
}

/** grad <- (output - target) / n for n rows: mse's gradient, and softmax + cross-entropy's fused one. */
function differencePerSample(grad: Matrix, output: Matrix, target: Matrix): void {
  checkPair("gradient", output, "output", output);
  checkPair("gradient", target, "target", output);
  checkPair("gradient", grad, "grad", output);
  const g = grad.data;
  const o = output.data;
  const t = target.data;
  const rows = output.shape[0]!;
  const n = rows * output.shape[1]!;
  for (let i = 0; i < n; i++) g[i] = (o[i]! - t[i]!) / rows;
}

/**
 * Sum of squared errors, halved: the blog's loss. Its gradient is the blog's error, summed (not
 * averaged) over the samples of the batch, so `alpha` multiplies exactly what the blog adds.
 *
 * ```text
 * L      = 1/2 Σ_ij (output_ij - y_ij)^2
 * dL/dO  = output - y
 * ```
 *
 * @example
 * sse.value(fromRows([[1], [3]]), fromRows([[0], [1]])); // => 2.5
 */
export const sse: Loss = Object.freeze<Loss>({
  name: "sse",
  value: halfSumSquares,
  gradient(grad, output, target) {
    checkPair("sse.gradient", output, "output", output);
    checkPair("sse.gradient", target, "target", output);
    checkPair("sse.gradient", grad, "grad", output);
    const g = grad.data;
    const o = output.data;
    const t = target.data;
    const n = output.shape[0]! * output.shape[1]!;
    for (let i = 0; i < n; i++) g[i] = o[i]! - t[i]!;
  },
});

/**
 * Mean squared error: {@link sse} averaged over the n samples of the batch, so the step size does
 * not grow with the batch size.
 *
 * ```text
 * L      = 1/(2n) Σ_ij (output_ij - y_ij)^2
 * dL/dO  = (output - y) / n
 * ```
 *
 * @example
 * mse.value(fromRows([[1], [3]]), fromRows([[0], [1]])); // => 1.25
 */
export const mse: Loss = Object.freeze<Loss>({
  name: "mse",
  value: (output, target) => halfSumSquares(output, target, "mse.value") / output.shape[0]!,
  gradient: differencePerSample,
});

/** Probabilities below this are clamped before the logarithm of {@link crossEntropy}. */
const P_MIN = 1e-15;

/**
 * Categorical cross-entropy, averaged over the n samples, for probability outputs (a
 * {@link Softmax} layer) and one-hot (or probability) targets.
 *
 * ```text
 * L      = -1/n Σ_ij y_ij ln(max(p_ij, 1e-15))
 * dL/dp  = -y / (n max(p, 1e-15))
 * fused with softmax (p = softmax(z)):   dL/dz = (p - y) / n      (when each row of y sums to 1)
 * ```
 *
 * @example
 * crossEntropy.value(fromRows([[0.25, 0.75]]), fromRows([[0, 1]])); // => 0.2876820724517809  (-ln 0.75)
 */
export const crossEntropy: Loss = Object.freeze<Loss>({
  name: "crossEntropy",
  value(output, target) {
    checkPair("crossEntropy.value", output, "output", output);
    checkPair("crossEntropy.value", target, "target", output);
    const p = output.data;
    const y = target.data;
    const rows = output.shape[0]!;
    const n = rows * output.shape[1]!;
    let s = 0;
    for (let i = 0; i < n; i++) if (y[i]! !== 0) s -= y[i]! * log(Math.max(p[i]!, P_MIN));
    return s / rows;
  },
  gradient(grad, output, target) {
    checkPair("crossEntropy.gradient", output, "output", output);
    checkPair("crossEntropy.gradient", target, "target", output);
    checkPair("crossEntropy.gradient", grad, "grad", output);
    const g = grad.data;
    const p = output.data;
    const y = target.data;
    const rows = output.shape[0]!;
    const n = rows * output.shape[1]!;
    for (let i = 0; i < n; i++) g[i] = -y[i]! / (rows * Math.max(p[i]!, P_MIN));
  },
  fusedLayer: "softmax",
  fusedGradient: differencePerSample,
});

/** ln of a probability, clamped: ln(max(p, 1e-15)), so that a saturated output gives a finite loss. */
const logClamped = (p: number): number => log(Math.max(p, P_MIN));

/**
 * Binary cross-entropy, averaged over the n samples, for outputs in (0, 1) (a sigmoid output
 * layer) and targets in [0, 1]: one independent yes/no per output, so it fits binary and
 * multi-label classification (a sigmoid output with {@link crossEntropy} does not: that one needs a
 * softmax over classes).
 *
 * ```text
 * L      = -1/n Σ_ij [ y_ij ln(max(p_ij, 1e-15)) + (1 - y_ij) ln(max(1 - p_ij, 1e-15)) ]
 * dL/dp  = (p - y) / (n max(p (1 - p), 1e-15))
 * fused with the sigmoid (p = σ(z)):   dL/dz = (p - y) / n
 * ```
 *
 * After a sigmoid output (an activation named `"sigmoid"`) training uses the fused forms, from the
 * output layer's input z (its logits): the gradient (p - y) / n, which has no division by p (1 - p),
 * so a saturated output (p = 1 to the last bit) still learns; and the value
 *
 * ```text
 * L = 1/n Σ_ij [ max(z_ij, 0) - z_ij y_ij + ln(1 + e^-|z_ij|) ]       (fusedValue: exact for any z)
 * ```
 *
 * which `evaluate` and validation use too. `value` from probabilities is the clamped formula above.
 *
 * @example
 * binaryCrossEntropy.value(fromRows([[0.8], [0.4]]), fromRows([[1], [0]])); // => 0.3669845875401002  (-(ln 0.8 + ln 0.6) / 2)
 */
export const binaryCrossEntropy: Loss = Object.freeze<Loss>({
  name: "binaryCrossEntropy",
  value(output, target) {
    checkPair("binaryCrossEntropy.value", output, "output", output);
    checkPair("binaryCrossEntropy.value", target, "target", output);
    const p = output.data;
    const y = target.data;
    const rows = output.shape[0]!;
    const n = rows * output.shape[1]!;
    checkProbabilities("binaryCrossEntropy.value", p, output.shape[1]!, n);
    let s = 0;
    for (let i = 0; i < n; i++) s -= binaryTerm(p[i]!, y[i]!);
    return s / rows;
  },
  gradient(grad, output, target) {
    checkPair("binaryCrossEntropy.gradient", output, "output", output);
    checkPair("binaryCrossEntropy.gradient", target, "target", output);
    checkPair("binaryCrossEntropy.gradient", grad, "grad", output);
    const g = grad.data;
    const p = output.data;
    const y = target.data;
    const rows = output.shape[0]!;
    const n = rows * output.shape[1]!;
    checkProbabilities("binaryCrossEntropy.gradient", p, output.shape[1]!, n);
    for (let i = 0; i < n; i++) g[i] = (p[i]! - y[i]!) / (rows * Math.max(p[i]! * (1 - p[i]!), P_MIN));
  },
  fusedActivation: "sigmoid",
  fusedGradient: differencePerSample,
  fusedValue(logits, target) {
    checkPair("binaryCrossEntropy.fusedValue", logits, "logits", logits);
    checkPair("binaryCrossEntropy.fusedValue", target, "target", logits);
    const z = logits.data;
    const y = target.data;
    const rows = logits.shape[0]!;
    const n = rows * logits.shape[1]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += logitTerm(z[i]!, y[i]!);
    return s / rows;
  },
});

/** -[y ln σ(z) + (1 - y) ln(1 - σ(z))] from z, without forming σ(z): max(z, 0) - z y + ln(1 + e^-|z|). */
function logitTerm(z: number, y: number): number {
  return Math.max(z, 0) - z * y + log1p(exp(-Math.abs(z)));
}

/** Throws unless every output is a probability: an activation of yours may give outputs outside [0, 1]. */
function checkProbabilities(what: string, p: Float64Array, cols: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new DataError(`${what}: output[${Math.floor(i / cols)}][${i % cols}] is ${v}, not a probability in [0, 1]: binaryCrossEntropy needs an output activation in (0, 1), such as sigmoid`);
    }
  }
}

/** y ln p + (1 - y) ln(1 - p), each logarithm clamped; a term whose weight is 0 is left out (0 · ln 0 is 0). */
function binaryTerm(p: number, y: number): number {
  let s = 0;
  if (y !== 0) s += y * logClamped(p);
  if (y !== 1) s += (1 - y) * logClamped(1 - p);
  return s;
}

/**
 * The built-in losses by name: what the strings `"sse"`, `"mse"`, `"crossEntropy"` and
 * `"binaryCrossEntropy"` stand for.
 *
 * @example
 * Object.keys(losses); // => ["sse", "mse", "crossEntropy", "binaryCrossEntropy"]
 */
export const losses = Object.freeze({ sse, mse, crossEntropy, binaryCrossEntropy }) satisfies Readonly<Record<string, Loss>>;

/**
 * The name of a built-in loss: a key of {@link losses}, so a new built-in joins it by itself.
 * Wherever a loss is an option, its name or your own {@link Loss} object goes.
 *
 * @example
 * const name: LossName = "mse";
 * net.train(X, y, { loss: name });
 * // const typo: LossName = "mes";  // does not compile
 */
export type LossName = keyof typeof losses;

/**
 * Whether `loss` is the built-in sse (false) or mse (true), whose output head fuses with an
 * elementwise output layer; `undefined` for any other loss. @internal
 */
export function squaredErrorMean(loss: Loss): boolean | undefined {
  return loss === sse ? false : loss === mse ? true : undefined;
}

/**
 * The output head of sse / mse: one pass computes the loss, the mean-absolute-error sum and the
 * gradient, with the same operations as `value`, `sumAbsDiff` and `gradient` one after the other:
 *
 * ```text
 * e = o - t;   Σ e·e (left to right);   g = e (sse) or e / rows (mse)
 * Σ |o - t| in numpy's pairwise order (left to right below 8 elements)
 * ```
 *
 * `out[at]` receives the loss (`0.5 Σ e·e`, divided by `rows` for mse) and `out[at + 1]` the sum
 * of |o - t|: written to memory, so that no double is boxed. The training plan then multiplies g
 * by the output layer's derivative in place (the fused delta). @internal
 */
export function squaredErrorHead(out: Float64Array, at: number, g: Float64Array, o: Float64Array, t: Float64Array, rows: number, n: number, mean: boolean): void {
  let s = 0;
  let abs = 0;
  let i = 0;
  // two values per iteration (V8 re-checks each typed array at every loop iteration); the sums
  // still take the values in order
  for (; i + 2 <= n; i += 2) {
    const e0 = o[i]! - t[i]!;
    const e1 = o[i + 1]! - t[i + 1]!;
    s += e0 * e0;
    abs += Math.abs(e0);
    s += e1 * e1;
    abs += Math.abs(e1);
    g[i] = mean ? e0 / rows : e0;
    g[i + 1] = mean ? e1 / rows : e1;
  }
  for (; i < n; i++) {
    const e = o[i]! - t[i]!;
    s += e * e;
    abs += Math.abs(e);
    g[i] = mean ? e / rows : e;
  }
  out[at] = mean ? (0.5 * s) / rows : 0.5 * s;
  if (n < 8) out[at + 1] = abs;
  else sumAbsDiffInto(out, at + 1, o, t, n);
}

/**
 * The output head of {@link crossEntropy} fused with a Softmax layer: the loss, the
 * mean-absolute-error sum and dL/dz = (p - y) / rows in one pass, with the same operations as
 * `value`, `sumAbsDiff` and `fusedGradient`; `out[at]`, `out[at + 1]` as {@link squaredErrorHead}.
 * @internal
 */
export function crossEntropySoftmaxHead(out: Float64Array, at: number, g: Float64Array, p: Float64Array, y: Float64Array, rows: number, n: number): void {
  // ln max(p, 1e-15) by tinynn's log over g first (one call: V8 boxes a double passed to or
  // returned from a call it does not inline), then the sum and g itself
  for (let i = 0; i < n; i++) g[i] = Math.max(p[i]!, P_MIN);
  logRange(g, 0, n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    if (yi !== 0) s -= yi * g[i]!;
    g[i] = (p[i]! - yi) / rows;
  }
  out[at] = s / rows;
  sumAbsDiffInto(out, at + 1, p, y, n);
}

/**
 * The output head of {@link binaryCrossEntropy} fused with a sigmoid output: the loss from the
 * logits z, the mean-absolute-error sum and dL/dz = (p - y) / rows in one pass, with the same
 * operations as `fusedValue`, `sumAbsDiff` and `fusedGradient`; `out[at]`, `out[at + 1]` as
 * {@link squaredErrorHead}. @internal
 */
export function binaryCrossEntropySigmoidHead(out: Float64Array, at: number, g: Float64Array, p: Float64Array, z: Float64Array, y: Float64Array, rows: number, n: number): void {
  // ln(1 + e^-|z|) by tinynn's exp and log1p over g first (one call each, as in
  // crossEntropySoftmaxHead; g is the output layer's delta, never its logits z), then logitTerm's
  // sum and g itself
  for (let i = 0; i < n; i++) g[i] = -Math.abs(z[i]!);
  expRange(g, 0, n);
  log1pRange(g, 0, n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const zi = z[i]!;
    const yi = y[i]!;
    s += Math.max(zi, 0) - zi * yi + g[i]!;
    g[i] = (p[i]! - yi) / rows;
  }
  out[at] = s / rows;
  sumAbsDiffInto(out, at + 1, p, y, n);
}
