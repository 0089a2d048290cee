import { makeHead } from "../engine/head.js";
import { Plan } from "../engine/plan.js";
import { checkData } from "../engine/train.js";
import { checkPositive, ConfigError, TrainingError } from "../errors.js";
import { resolveLoss, type Loss } from "../losses/loss.js";
import { losses as builtinLosses, type LossName } from "../losses/builtins.js";
import { packedView, type MatrixInput } from "../matrix/matrix.js";
import type { Network } from "../network/network.js";
import { modelArg, optionsArg } from "./network-arg.js";

/**
 * Options of {@link checkGradients}.
 *
 * @example
 * const options: GradientCheckOptions = { loss: "mse", epsilon: 1e-6 };
 */
export interface GradientCheckOptions {
  /** A built-in {@link LossName} (`"sse"`, the default; `"mse"`; ...) or your own {@link Loss}. */
  loss?: LossName | Loss;
  /** The finite-difference step h, a number > 0; default 1e-6. */
  epsilon?: number;
  /** Denominator floor of the relative error, so that two near-zero gradients compare as equal; default 1e-8. */
  floor?: number;
}

/**
 * One parameter entry compared by {@link checkGradients}.
 *
 * @example
 * const e: GradientCheckEntry = { parameter: "W0", row: 2, col: 1, analytic: 0.012, numeric: 0.012, relativeError: 3e-10 };
 */
export interface GradientCheckEntry {
  /** The parameter's name (`W0`, `b0`, `W1`, ...). */
  readonly parameter: string;
  /** Row in the parameter. */
  readonly row: number;
  /** Column in the parameter. */
  readonly col: number;
  /** dL/dθ from backprop. */
  readonly analytic: number;
  /** (L(θ + h) - L(θ - h)) / 2h. */
  readonly numeric: number;
  /** |analytic - numeric| / max(|analytic|, |numeric|, floor). */
  readonly relativeError: number;
}

/**
 * What {@link checkGradients} returns.
 *
 * @example
 * const report = checkGradients(net, X, y);
 * report.maxRelativeError < 1e-6; // => true
 * report.worst.parameter;        // => "W0" (for the tanh network of checkGradients' example)
 */
export interface GradientCheckReport {
  /** The largest relative error over every weight and bias. */
  readonly maxRelativeError: number;
  /** The entry with the largest relative error: where it is. */
  readonly worst: GradientCheckEntry;
  /** Every entry, parameter by parameter, row-major. */
  readonly entries: readonly GradientCheckEntry[];
}

/**
 * Compares backpropagation with central finite differences for every weight and bias.
 *
 * ```text
 * numeric(θ_i)  = (L(θ_i + h) - L(θ_i - h)) / 2h          error O(h²)
 * relative(θ_i) = |analytic - numeric| / max(|analytic|, |numeric|, floor)
 * ```
 *
 * A correct backward pass gives relative errors around 1e-7 or less with smooth activations; a wrong
 * derivative gives errors near 1. The network is left exactly as it was (values and gradients).
 *
 * @param network - the network to check (for example one whose layer or activation a student wrote)
 * @param X - `[samples x inputSize]`
 * @param y - `[samples x outputSize]`
 * @param options - loss, epsilon, floor
 * @returns the largest relative error, where it is, and every entry
 * @throws {@link DataError} If X or y are empty, ragged or not finite.
 * @throws {@link ShapeError} If their sizes do not fit the network.
 * @throws {@link ConfigError} If network is not a Network, epsilon or floor is not a finite number > 0, an
 *   option is unknown, or the network has no parameter.
 * @throws {@link TrainingError} If the loss, a backprop gradient, a finite difference or a relative error
 *   is NaN or Infinity (the message names the weight); the network is left as it was.
 *
 * @example
 * const net = new Network({ layers: [3, 4, 1], activation: "tanh", random: numpyRandom(1) });
 * const report = checkGradients(net, X, y);
 * report.maxRelativeError; // => 1.5405198067056344e-8
 */
export function checkGradients(network: Network, X: MatrixInput, y: MatrixInput, options: GradientCheckOptions = {}): GradientCheckReport {
  const model = modelArg(network, "checkGradients' network");
  const o = optionsArg(options, "checkGradients", ["loss", "epsilon", "floor"], "{ epsilon: 1e-6 }");
  const [x, t] = checkData(model, X, y);
  const h = checkPositive("epsilon", o.epsilon ?? 1e-6);
  const floor = checkPositive("floor", o.floor ?? 1e-8);
  const loss = resolveLoss(o.loss ?? "sse", "loss", builtinLosses);
  const params = model.parameters;
  if (params.length === 0) throw new ConfigError("checkGradients needs a network with at least one parameter, got none");
  const savedGrads = params.map((p) => Float64Array.from(p.grad.data));

  // inference behaviour for both passes (no dropout draws, batch norm's running statistics, which
  // it leaves as they are), so that they compare like with like; the gradient comes from the same
  // loss head and backward pass as in training
  const n = x.shape[0];
  const plan = Plan.forGradients(model.layers, n);
  const head = makeHead(plan, loss);
  const scratch = new Float64Array(2);
  const values = params.map((p) => Float64Array.from(p.value.data));
  const entries: GradientCheckEntry[] = [];
  let worst: GradientCheckEntry | undefined;
  try {
    head.evaluate(plan.forward(x.data, n), t.data, n, scratch, 0);
    if (!Number.isFinite(scratch[0])) {
      throw new TrainingError(`checkGradients: the loss at the network's weights is ${scratch[0]}, so there is no gradient to check; check X, y and the network's weights`, 0);
    }
    head.backward(n);
    const analytic = params.map((p) => Float64Array.from(p.grad.data));
    const lossAt = (): number => loss.value(packedView(plan.forward(x.data, n), n, model.outputSize), t);
    params.forEach((p, pi) => {
      const v = p.value.data;
      const cols = p.value.shape[1]!;
      for (let i = 0; i < v.length; i++) {
        const original = v[i]!;
        v[i] = original + h;
        const plus = lossAt();
        v[i] = original - h;
        const minus = lossAt();
        v[i] = original;
        const numeric = (plus - minus) / (2 * h);
        const a = analytic[pi]![i]!;
        const relativeError = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
        const entry = { parameter: p.name, row: Math.floor(i / cols), col: i % cols, analytic: a, numeric, relativeError };
        if (!Number.isFinite(relativeError)) throw notFinite(entry, h, plus, minus);
        entries.push(entry);
        if (worst === undefined || relativeError > worst.relativeError) worst = entry;
      }
    });
  } finally {
    // whatever happened (a layer or loss of yours that throws), the network is as it was
    params.forEach((p, i) => {
      p.value.data.set(values[i]!);
      p.grad.data.set(savedGrads[i]!);
    });
  }
  if (worst === undefined) throw new ConfigError("checkGradients needs a network with at least one weight, got parameters with no elements");
  return { maxRelativeError: worst.relativeError, worst, entries };
}

/** Why an entry's comparison is not a finite number, naming the weight. */
function notFinite(e: GradientCheckEntry, h: number, plus: number, minus: number): TrainingError {
  const where = `${e.parameter}[${e.row}][${e.col}]`;
  if (!Number.isFinite(e.analytic)) {
    return new TrainingError(`checkGradients: backprop's gradient of ${where} is ${e.analytic}; check the backward pass or activation derivative under test`, 0);
  }
  if (!Number.isFinite(plus) || !Number.isFinite(minus)) {
    return new TrainingError(`checkGradients: the loss with ${where} moved by ±${h} (epsilon) is ${Number.isFinite(plus) ? minus : plus}; use a smaller epsilon`, 0);
  }
  return new TrainingError(
    `checkGradients: the relative error of ${where} is not finite (backprop ${e.analytic}, finite differences ${e.numeric}); use a smaller epsilon`,
    0,
  );
}
