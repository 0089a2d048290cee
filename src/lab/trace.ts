import { diverged } from "../engine/diverged.js";
import { checkTrainOptions } from "../engine/options.js";
import { beginRun, checkData } from "../engine/train.js";
import { ConfigError, describe } from "../errors.js";
import { modelArg, optionsArg } from "./network-arg.js";
import { resolveLoss, type Loss } from "../losses/loss.js";
import { losses as builtinLosses, type LossName } from "../losses/builtins.js";
import { packedRows, packedView, type MatrixInput } from "../matrix/matrix.js";
import type { Network } from "../network/network.js";
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
  /** A built-in {@link LossName} (`"sse"`, the default and the blog's; `"mse"`; ...) or your own {@link Loss}. */
  loss?: LossName | Loss;
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
 * @throws {@link ConfigError} If network is not a Network, or an option is unknown or invalid.
 * @throws {@link TrainingError} If the loss or a weight after the step is NaN or Infinity; the network
 *   is left as it was, even with `apply`.
 *
 * @example
 * const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
 * const step = trace(net, X, y, { apply: true });
 * step.errors.l2_error[0];  // => [0.4737295710714989]     (l2 - y for the first sample)
 * step.updates.W1[0];       // => [-0.004513854630557423] (Part 1's l1.T.dot(l2_delta))
 */
export function trace(network: Network, X: MatrixInput, y: MatrixInput, options: TraceOptions = {}): TraceStep {
  const model = modelArg(network, "trace's network");
  const opts = optionsArg(options, "trace", ["alpha", "optimizer", "loss", "apply", "step"], "{ alpha: 1, apply: false }");
  const [x, t] = checkData(model, X, y);
  if (opts.apply !== undefined && typeof opts.apply !== "boolean") {
    throw new ConfigError(`apply must be true or false, got ${describe(opts.apply)}`);
  }
  const step = opts.step ?? 0;
  if (!Number.isInteger(step) || step < 0) throw new ConfigError(`step must be an integer >= 0, got ${describe(step)}`);
  if (!Number.isSafeInteger(step)) throw new ConfigError(`step must be below 2^53 (a count that still adds 1), got ${step}`);
  const apply = opts.apply === true;
  const n = x.shape[0];
  // one full-batch update, exactly as `train` runs it
  const trainOptions: Parameters<typeof checkTrainOptions>[0] = { iterations: 1, loss: opts.loss ?? "sse" };
  if (opts.alpha !== undefined) trainOptions.alpha = opts.alpha;
  if (opts.optimizer !== undefined) trainOptions.optimizer = opts.optimizer;
  const o = checkTrainOptions(trainOptions, n);
  const loss = resolveLoss(opts.loss ?? "sse", "loss", builtinLosses);
  const random = model.random;
  const drawing = model.layers.some((l) => typeof l.setRandom === "function");
  if (!apply && drawing && (typeof random.getState !== "function" || typeof random.setState !== "function")) {
    throw new ConfigError(
      "trace without apply would take draws from the network's random source, which has no state to put back: " +
        "give the network numpyRandom(seed), seededRandom(seed) or a seed, or pass apply: true",
    );
  }
  const params = model.parameters;
  // the weights before the step (for its change) and the gradients (the run's checkpoint keeps the rest)
  const values = params.map((p) => Float64Array.from(p.value.data));
  const grads = params.map((p) => Float64Array.from(p.grad.data));

  const run = beginRun(model, x, t, o);
  const plan = run.plan;
  run.steps = step;
  const result = new Float64Array(2);
  let done = false;
  try {
    if (!run.step(x.data, t.data, n, result, 0)) throw diverged(`the loss became ${result[0]}`, 0, o.optimizer);
    // a step that overflows a weight is a divergence too, and is not handed back as a number
    for (const p of params) {
      const d = p.value.data;
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i]!)) throw diverged(`the step made ${p.name} ${d[i]}`, 0, o.optimizer);
      }
    }
    const layers = model.layers;
    const L = layers.length;
    const rowsOf = (d: Float64Array, cols: number): number[][] => packedRows(d, n, cols);
    const traced = {
      layers: {} as Record<string, number[][]>,
      errors: {} as Record<string, number[][]>,
      deltas: {} as Record<string, number[][]>,
      weights: {} as Record<string, number[][]>,
      gradients: {} as Record<string, number[][]>,
      updates: {} as Record<string, number[][]>,
    };
    traced.layers.l0 = rowsOf(x.data, model.inputSize);
    for (let k = 1; k < L; k++) traced.layers[`l${k}`] = rowsOf(plan.inputs[k]!, layers[k - 1]!.outputSize);
    traced.layers[`l${L}`] = rowsOf(plan.output, model.outputSize);
    // dL/d(output) as the loss defines it; below it, what each layer sent down
    const top = new Float64Array(n * model.outputSize);
    loss.gradient(packedView(top, n, model.outputSize), packedView(plan.output.subarray(0, n * model.outputSize), n, model.outputSize), t);
    for (let k = 1; k < L; k++) traced.errors[`l${k}_error`] = rowsOf(plan.grads[k - 1]!, layers[k - 1]!.outputSize);
    traced.errors[`l${L}_error`] = rowsOf(top, model.outputSize);
    plan.steps.forEach((s, k) => {
      if (s.elementwise !== undefined) traced.deltas[`l${k + 1}_delta`] = rowsOf(s.elementwise.delta, layers[k]!.outputSize);
    });
    params.forEach((p, i) => {
      const cols = p.value.shape[1]!;
      const before = values[i]!;
      const after = p.value.data;
      traced.weights[p.name] = packedRows(before, p.value.shape[0]!, cols);
      traced.gradients[p.name] = packedRows(p.grad.data, p.value.shape[0]!, cols);
      const change = after.map((v, q) => v - before[q]!);
      // two finite weights can be further apart than a double holds
      for (const v of change) if (!Number.isFinite(v)) throw diverged(`the step changed ${p.name} by ${v}`, 0, o.optimizer);
      traced.updates[p.name] = packedRows(change, p.value.shape[0]!, cols);
    });
    done = true;
    return {
      ...traced,
      loss: result[0]!,
      meanAbsoluteError: result[1]! / (n * model.outputSize),
      applied: apply,
    };
  } finally {
    // without apply, or when the step failed, the network is as it was: the run's starting
    // checkpoint holds the weights, layer statistics, optimizer and random state
    if (!apply || !done) {
      run.restoreStart();
      params.forEach((p, i) => p.grad.data.set(grads[i]!));
    }
    run.end();
  }
}
