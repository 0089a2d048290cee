import { ConfigError, describe, ShapeError } from "../errors.js";
import { Dense } from "../layers/dense.js";
import { resolveLoss, type Loss } from "../losses/loss.js";
import { losses as builtinLosses } from "../losses/builtins.js";
import { sumAbsDiff, addRowVector } from "../matrix/elementwise.js";
import { matmul } from "../matrix/matmul.js";
import { colsOf, copyOf, rowsOf, toMatrix, toRows, zeros, type Matrix, type MatrixInput } from "../matrix/matrix.js";
import type { Network } from "../network/network.js";
import { GradientDescent } from "../optimizers/gradient-descent.js";
import type { Optimizer } from "../optimizers/optimizer.js";

/**
 * Options of {@link trace}.
 *
 * @example
 * const options: TraceOptions = { alpha: 10, loss: "sse", apply: true };
 */
export interface TraceOptions {
  /** Learning rate of the plain gradient-descent step whose updates are reported; default 1. */
  alpha?: number;
  /** Any {@link Optimizer} instead of `alpha` (its state advances when the step is computed). */
  optimizer?: Optimizer;
  /** `"sse"` (default, the blog's), `"mse"` or your own {@link Loss}. */
  loss?: string | Loss;
  /** Apply the step to the network's weights, like one training iteration; default `false`. */
  apply?: boolean;
  /** The 0-based update count passed to `optimizer.step`; default 0. */
  step?: number;
}

/**
 * One training step as plain data, named the way the blog names it.
 *
 * Sign convention (tinynn's, the blog's Part 2): errors and deltas are gradients of the loss, so
 * with `"sse"` `l2_error = l2 - y`. Part 1 of the blog uses the opposite sign (`y - l2`); negate
 * to compare. `updates` is what the step adds to each parameter, `θ_after - θ_before`: for gradient
 * descent `-alpha * gradients`, which with alpha 1 is Part 1's `l1.T.dot(l2_delta)`.
 *
 * ```text
 * layers.l0 = X,  layers.l{k+1} = f_k(l_k W_k + b_k)
 * errors.lN_error   = dL/d(lN)                       (sse: lN - y)
 * deltas.lk_delta   = lk_error ⊙ f'(z_k, lk)
 * errors.l{k}_error = l{k+1}_delta W_kᵀ              (the blog's l1_error = l2_delta.dot(syn1.T))
 * gradients.Wk      = l_kᵀ l{k+1}_delta,  gradients.bk = Σ_rows l{k+1}_delta
 * updates.Wk        = Wk_after - Wk_before            (gradient descent: -alpha * gradients.Wk)
 * ```
 *
 * @example
 * const step = trace(net, X, y);
 * Object.keys(step.layers);   // => ["l0", "l1", "l2"]
 * Object.keys(step.errors);   // => ["l1_error", "l2_error"]
 * step.meanAbsoluteError;     // => 0.49641003190272537 (the blog's first Error: 0.496410031903)
 */
export interface TraceStep {
  /** The layer values `l0` (the input X), `l1`, ... `lN` (the output), `[samples x units]` each. */
  readonly layers: Record<string, number[][]>;
  /** `l1_error` ... `lN_error`: dL/d(l_k), the error sent back to each layer's output. */
  readonly errors: Record<string, number[][]>;
  /** `l1_delta` ... `lN_delta`: dL/dz_k = error ⊙ f'. Present for {@link Dense} layers only. */
  readonly deltas: Record<string, number[][]>;
  /** Each parameter (`W0`, `b0`, `W1`, ...) before the step. */
  readonly weights: Record<string, number[][]>;
  /** dL/dθ of each parameter: what `backward` computes. */
  readonly gradients: Record<string, number[][]>;
  /** θ_after - θ_before of each parameter: the step's change, applied only when `apply` is true. */
  readonly updates: Record<string, number[][]>;
  /** The loss before the step. */
  readonly loss: number;
  /** mean |y - lN| before the step: the blog's printed `Error`. */
  readonly meanAbsoluteError: number;
  /** Whether the step was applied to the network. */
  readonly applied: boolean;
}

/**
 * Runs one full-batch training step and returns every intermediate value as plain arrays.
 *
 * ```text
 * forward:  l0 = X, l{k+1} = layer_k(l_k)
 * backward: lN_error = dL/dlN, then per layer, last to first: delta, gradients, error of the layer below
 * step:     updates = θ_after - θ_before  (restored unless apply)
 * ```
 *
 * It uses the same kernels as {@link Network.train}, so `trace(net, X, y, { apply: true })` repeated n
 * times leaves the network exactly where `train` with n iterations would. Without `apply` the network's
 * weights and gradients are left as they were.
 *
 * @param network - any network
 * @param X - `[samples x inputSize]`
 * @param y - `[samples x outputSize]`
 * @param options - alpha or optimizer, loss, apply
 * @returns the step's values, see {@link TraceStep}
 * @throws {@link DataError} If X or y are empty, ragged or not finite.
 * @throws {@link ShapeError} If their sizes do not fit the network.
 * @throws {@link ConfigError} If an option is invalid.
 *
 * @example
 * const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
 * const step = trace(net, X, y, { apply: true });
 * step.errors.l2_error[0];  // => [0.4737295710714989]     (l2 - y for the first sample)
 * step.updates.W1[0];       // => [-0.004513854630557423] (Part 1's l1.T.dot(l2_delta))
 */
export function trace(network: Network, X: MatrixInput, y: MatrixInput, options: TraceOptions = {}): TraceStep {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`trace options must be an object like { alpha: 1, apply: false }, got ${describe(options)}`);
  }
  const x = toMatrix(X, "X", { count: network.inputSize, what: "the network's input size" });
  const t = toMatrix(y, "y", { count: network.outputSize, what: "the network's output size" });
  if (rowsOf(x) !== rowsOf(t)) {
    throw new ShapeError(`X and y must have the same number of rows (samples), got ${rowsOf(x)} and ${rowsOf(t)}`);
  }
  if (options.alpha !== undefined && options.optimizer !== undefined) {
    throw new ConfigError("Pass either alpha (plain gradient descent) or optimizer to trace, not both");
  }
  if (options.apply !== undefined && typeof options.apply !== "boolean") {
    throw new ConfigError(`apply must be true or false, got ${describe(options.apply)}`);
  }
  const opt: unknown = options.optimizer;
  if (opt !== undefined && (typeof opt !== "object" || opt === null || typeof (opt as Optimizer).step !== "function")) {
    throw new ConfigError(`optimizer must be an object with a step(parameters, step) method, got ${describe(opt)}`);
  }
  const step = options.step ?? 0;
  if (!Number.isInteger(step) || step < 0) throw new ConfigError(`step must be an integer >= 0, got ${describe(step)}`);
  const optimizer = options.optimizer ?? new GradientDescent({ alpha: options.alpha ?? 1 });
  const loss = resolveLoss(options.loss ?? "sse", "loss", builtinLosses);
  const params = network.parameters();
  const savedGrads = params.map((p) => copyOf(p.grad));

  const layers = network.layers;
  const values: Matrix[] = [x];
  for (const layer of layers) values.push(copyOf(layer.forward(values[values.length - 1]!, true)));
  const out = values[values.length - 1]!;
  const lossValue = loss.value(out, t);
  const mae = sumAbsDiff(out, t) / (rowsOf(t) * colsOf(t));

  const result = {
    layers: {} as Record<string, number[][]>,
    errors: {} as Record<string, number[][]>,
    deltas: {} as Record<string, number[][]>,
    weights: {} as Record<string, number[][]>,
    gradients: {} as Record<string, number[][]>,
    updates: {} as Record<string, number[][]>,
  };
  values.forEach((v, k) => (result.layers[`l${k}`] = toRows(v)));

  // Backward, last layer first; Dense layers keep their own input and output from the pass above.
  const errorList: Matrix[] = [];
  const deltaList: (Matrix | undefined)[] = [];
  let g: Matrix = zeros(rowsOf(out), colsOf(out));
  loss.gradient(g, out, t);
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    errorList[l] = g;
    deltaList[l] = layer instanceof Dense ? denseDelta(layer, values[l]!, values[l + 1]!, g) : undefined;
    const back = layer.backward(g, l > 0);
    if (back !== undefined) g = copyOf(back);
  }
  errorList.forEach((e, l) => (result.errors[`l${l + 1}_error`] = toRows(e)));
  deltaList.forEach((d, l) => {
    if (d !== undefined) result.deltas[`l${l + 1}_delta`] = toRows(d);
  });

  const before = params.map((p) => copyOf(p.value));
  for (const p of params) {
    result.weights[p.name] = toRows(p.value);
    result.gradients[p.name] = toRows(p.grad);
  }
  optimizer.step(params, step);
  params.forEach((p, i) => {
    const b = before[i]!.data;
    const v = p.value.data;
    result.updates[p.name] = toRows(p.value).map((row, r) => row.map((after, c) => after - b[r * colsOf(p.value) + c]!));
    if (options.apply !== true) v.set(b);
  });
  if (options.apply !== true) params.forEach((p, i) => p.grad.data.set(savedGrads[i]!.data));
  return { ...result, loss: lossValue, meanAbsoluteError: mae, applied: options.apply === true };
}

/** delta = g ⊙ f'(z, a), with z = x W + b recomputed by the same kernels as Dense.forward. */
function denseDelta(layer: Dense, input: Matrix, output: Matrix, g: Matrix): Matrix {
  const z = zeros(rowsOf(input), layer.outputSize);
  matmul(z, input, layer.weights.value);
  if (layer.bias) addRowVector(z, layer.bias.value);
  const delta = zeros(rowsOf(input), layer.outputSize);
  const f = layer.activation.derivative;
  for (let i = 0; i < delta.data.length; i++) delta.data[i] = g.data[i]! * f(z.data[i]!, output.data[i]!);
  return delta;
}
