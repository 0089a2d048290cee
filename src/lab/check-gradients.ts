import { makeHead } from "../engine/head.js";
import { checkLossDomain } from "../engine/loss-domain.js";
import { usesLogits } from "../engine/predict.js";
import { Plan } from "../engine/plan.js";
import { checkData } from "../engine/train.js";
import { checkPositive, ConfigError, TrainingError } from "../errors.js";
import { resolveLoss, type Loss } from "../losses/loss.js";
import { losses as builtinLosses, type LossName } from "../losses/builtins.js";
import { packedView, type MatrixInput } from "../matrix/matrix.js";
import type { Network } from "../network/network.js";
import { modelArg, optionsArg } from "./network-arg.js";

/**
 * Options of {@link checkGradients} (and of `assertGradients` from `tinynn/testing`, which adds `tolerance`).
 *
 * @example
 * const options: GradientCheckOptions = { loss: "mse", epsilon: 1e-6, relativeFloor: 0.1 };
 */
export interface GradientCheckOptions {
  /** A built-in {@link LossName} (`"sse"`, the default; `"mse"`; ...) or your own {@link Loss}. */
  loss?: LossName | Loss;
  /** The finite-difference step h, a number > 0; default 1e-6. */
  epsilon?: number;
  /** Absolute floor of the relative error's denominator, a number > 0; default 1e-8 (its meaning and default are unchanged). */
  floor?: number;
  /**
   * Floor of the relative error's denominator as a fraction of `scale`, the network's largest
   * finite-difference gradient: a number >= 0; default 0.1. `0` gives the former measure (with
   * `floor` alone), which fails correct networks whose small gradients drown in rounding.
   */
  relativeFloor?: number;
}

const GRADIENT_CHECK_OPTION_KEYS = ["loss", "epsilon", "floor", "relativeFloor"] as const satisfies readonly (keyof GradientCheckOptions)[];
const DEFAULT_EPSILON = 1e-6;
const DEFAULT_FLOOR = 1e-8;
const DEFAULT_RELATIVE_FLOOR = 0.1;
/** An entry is at a kink when its one-sided differences differ by more than this fraction of max(|numeric|, floor). */
const KINK = 1e-3;

/**
 * One parameter entry compared by {@link checkGradients}.
 *
 * @example
 * const e: GradientCheckEntry = {
 *   parameter: "W0", row: 2, col: 1, analytic: 0.012, numeric: 0.012, forward: 0.012, backward: 0.012, smooth: true, relativeError: 3e-10,
 * };
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
  /** The central difference (L(θ + h) - L(θ - h)) / 2h. */
  readonly numeric: number;
  /** The forward difference (L(θ + h) - L(θ)) / h. */
  readonly forward: number;
  /** The backward difference (L(θ) - L(θ - h)) / h. */
  readonly backward: number;
  /**
   * False when |forward - backward| > 1e-3 · max(|numeric|, floor): the loss has a kink within h of
   * θ (a relu unit's input at 0), so there is no derivative to compare; the entry is left out of
   * `maxRelativeError` and `worst`.
   */
  readonly smooth: boolean;
  /** |analytic - numeric| / max(|analytic|, |numeric|, floor), with the report's `floor`. */
  readonly relativeError: number;
}

/**
 * What {@link checkGradients} returns.
 *
 * @example
 * const report = checkGradients(net, X, y); // the tanh network of checkGradients' example
 * report.maxRelativeError < 1e-6; // => true
 * report.worst.parameter;         // => "W0"
 * report.scale;                   // => 0.39775193505509066 (the largest |numeric|)
 * report.floor;                   // => 0.039775193505509066 (0.1 · scale)
 * report.skipped;                 // => 0
 */
export interface GradientCheckReport {
  /** The largest relative error over every smooth entry. */
  readonly maxRelativeError: number;
  /** The smooth entry with the largest relative error: where it is. */
  readonly worst: GradientCheckEntry;
  /** Every entry, parameter by parameter, row-major (the ones at a kink too). */
  readonly entries: readonly GradientCheckEntry[];
  /** The network's largest finite-difference gradient, max |numeric|. */
  readonly scale: number;
  /** The denominator floor used: max(options.floor, relativeFloor · scale). */
  readonly floor: number;
  /** How many entries sit at a kink of the loss (`smooth: false`) and were left out. */
  readonly skipped: number;
}

/**
 * Compares backpropagation with central finite differences for every weight and bias.
 *
 * ```text
 * numeric_i        = (L(θ_i + h) - L(θ_i - h)) / 2h
 * relativeError_i  = |analytic_i - numeric_i| / max(|analytic_i|, |numeric_i|, F)
 * F                = max(floor, relativeFloor · scale),   scale = max_i |numeric_i|
 * maxRelativeError = max_i relativeError_i over the smooth entries
 * ```
 *
 * Why the floor follows the network's largest gradient: a central difference is off by about
 * h²|L'''|/6 (truncation, ~1e-13 at h = 1e-6) plus ε|L|/h (rounding of the two losses,
 * ε = 2.2e-16), and that rounding is the same for every weight of the network. On 100 random correct
 * networks (every built-in layer, activation and loss, up to 4 layers of 32 units,
 * `test/gradient-check-defaults.test.ts`) |analytic - numeric| reached 9.5e-9 · scale (1.0e-7 · scale
 * on 1000). A correct gradient of 1e-6 beside a largest one of 1 is therefore off by up to 1e-2 of
 * itself: with the former denominator floor (1e-8 alone), 49 of the 100 correct networks failed
 * `assertGradients`' tolerance of 1e-5 (`tinynn/testing`). With F = 0.1 · scale none fails: the largest error is
 * 8.9e-8 (9.4e-7 on 1000), at least 10 times below that tolerance.
 *
 * What is still caught: an error relative to the gradient itself for gradients above 0.1 · scale,
 * and an absolute error above tolerance · 0.1 · scale (1e-6 · scale) below that. A derivative off by
 * a factor 1 + δ gives an error of about δ: on the 99 of those networks with a non-zero gradient,
 * δ = 1e-2 down to 2e-5 was caught in all, 1e-5 in 98 and 1e-6 in none; a leakyRelu derivative
 * missing its 0.01 slope, a layer's dL/dx missing one unit's term or a loss gradient twice too large
 * gave errors of 7.6e-3 or more. What cannot be caught: a bug confined to gradients smaller than
 * about 1e-6 · scale / δ (a saturated first layer), which finite differences cannot tell from their
 * own rounding; a bug in terms the data make 0 (a dead unit, a sample no unit responds to); anything
 * when every gradient is 0.
 *
 * Kinks: where a relu or leakyRelu unit's input is 0 (common with zero biases and a sample for which
 * every unit of the layer before is off) or within h of it, the loss has no derivative and the
 * central difference averages the slopes on either side. The one-sided differences then disagree:
 * an entry with |forward - backward| > 1e-3 · max(|numeric|, F) is marked `smooth: false` and left
 * out (`skipped` counts them). A smooth loss gives |forward - backward| ≈ h|L''|, at most
 * 7e-5 · max(|numeric|, F) on the 1000 networks.
 *
 * The step h = 1e-6: on the 100 networks the largest |analytic - numeric| / scale was 1.0e-7 at
 * h = 1e-7 (rounding), 9.5e-9 at 1e-6, 3.8e-8 at 1e-5 and 2.3e-7 at 1e-4 (truncation and kinks:
 * 1, 1, 3 and 35 networks with skipped entries).
 *
 * Both passes run the network as `predict` does (Dropout is the identity, BatchNorm uses its running
 * statistics, which it leaves as they are). The network is left exactly as it was (values and gradients).
 *
 * @param network - the network to check (for example one whose layer or activation a student wrote)
 * @param X - `[samples x inputSize]`
 * @param y - `[samples x outputSize]`
 * @param options - loss, epsilon, floor, relativeFloor
 * @returns the largest relative error, where it is, every entry, the scale and floor used and how many entries sit at a kink
 * @throws {@link DataError} If X or y are empty, ragged or not finite.
 * @throws {@link ShapeError} If their sizes do not fit the network.
 * @throws {@link ConfigError} If network is not a Network, epsilon or floor is not a finite number > 0,
 *   relativeFloor is not a finite number >= 0, an option is unknown, or the network has no parameter.
 * @throws {@link TrainingError} If the loss, a backprop gradient, a finite difference or a relative error
 *   is NaN or Infinity (the message names the weight), or every entry sits at a kink; the network is
 *   left as it was.
 *
 * @example
 * const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
 * const y = [[0], [1], [1], [0]];
 * const net = new Network({ layers: [3, 4, 1], activation: "tanh", random: numpyRandom(1) });
 * const report = checkGradients(net, X, y);
 * report.maxRelativeError; // => 1.6924521447071423e-9
 * checkGradients(net, X, y, { relativeFloor: 0 }).maxRelativeError; // => 1.5405198067056344e-8 (the former measure)
 */
export function checkGradients(network: Network, X: MatrixInput, y: MatrixInput, options: GradientCheckOptions = {}): GradientCheckReport {
  const model = modelArg(network, "checkGradients' network");
  const o = optionsArg(options, "checkGradients", GRADIENT_CHECK_OPTION_KEYS, "{ epsilon: 1e-6 }");
  const [x, t] = checkData(model, X, y);
  const h = checkPositive("epsilon", o.epsilon ?? DEFAULT_EPSILON);
  const absoluteFloor = checkPositive("floor", o.floor ?? DEFAULT_FLOOR);
  const relativeFloor = checkPositive("relativeFloor", o.relativeFloor ?? DEFAULT_RELATIVE_FLOOR, true);
  const loss = resolveLoss(o.loss ?? "sse", "loss", builtinLosses);
  // as train and evaluate: a loss outside its domain (crossEntropy without a softmax,
  // binaryCrossEntropy on outputs outside (0, 1)) is refused, not checked against its clamps
  checkLossDomain(model.layers, loss, t.data, t.shape[0], t.shape[1]);
  const params = model.parameters;
  if (params.length === 0) throw new ConfigError("checkGradients needs a network with at least one parameter, got none");
  const savedGrads = params.map((p) => Float64Array.from(p.grad.data));

  // inference behaviour for every pass (no dropout draws, batch norm's running statistics, which
  // it leaves as they are), so that they compare like with like; the gradient comes from the same
  // loss head and backward pass as in training
  const n = x.shape[0];
  const plan = Plan.forGradients(model.layers, n);
  const head = makeHead(plan, loss);
  const scratch = new Float64Array(2);
  const values = params.map((p) => Float64Array.from(p.value.data));
  const raw: Omit<GradientCheckEntry, "relativeError" | "smooth">[] = [];
  try {
    head.evaluate(plan.forward(x.data, n), t.data, n, scratch, 0);
    if (!Number.isFinite(scratch[0])) {
      throw new TrainingError(`checkGradients: the loss at the network's weights is ${scratch[0]}, so there is no gradient to check; check X, y and the network's weights`, 0);
    }
    head.backward(n);
    const analytic = params.map((p) => Float64Array.from(p.grad.data));
    // the value the head computes: from the output layer's logits when the loss fuses with its activation
    const logits = usesLogits(model.layers, loss) ? plan.steps[plan.steps.length - 1]!.logits : undefined;
    const lossAt = (): number => {
      const out = plan.forward(x.data, n);
      return logits !== undefined ? loss.fusedValue!(packedView(logits, n, model.outputSize), t) : loss.value(packedView(out, n, model.outputSize), t);
    };
    // L(θ) by the same path as L(θ ± h), so that the one-sided differences carry no offset between paths
    const center = lossAt();
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
        const entry = {
          parameter: p.name,
          row: Math.floor(i / cols),
          col: i % cols,
          analytic: analytic[pi]![i]!,
          numeric: (plus - minus) / (2 * h),
          forward: (plus - center) / h,
          backward: (center - minus) / h,
        };
        if (!Number.isFinite(entry.analytic) || !Number.isFinite(plus) || !Number.isFinite(minus) || !Number.isFinite(entry.numeric)) {
          throw notFinite(entry, h, plus, minus);
        }
        raw.push(entry);
      }
    });
  } finally {
    // whatever happened (a layer or loss of yours that throws), the network is as it was
    params.forEach((p, i) => {
      p.value.data.set(values[i]!);
      p.grad.data.set(savedGrads[i]!);
    });
  }
  if (raw.length === 0) throw new ConfigError("checkGradients needs a network with at least one weight, got parameters with no elements");
  // the scale and the floor come from the finite differences alone, so that a wrong backward pass
  // cannot change which entries are compared or how strictly
  let scale = 0;
  for (const e of raw) scale = Math.max(scale, Math.abs(e.numeric));
  const floor = Math.max(absoluteFloor, relativeFloor * scale);
  const entries: GradientCheckEntry[] = [];
  let worst: GradientCheckEntry | undefined;
  let skipped = 0;
  for (const e of raw) {
    const smooth = Math.abs(e.forward - e.backward) <= KINK * Math.max(Math.abs(e.numeric), floor);
    const relativeError = Math.abs(e.analytic - e.numeric) / Math.max(Math.abs(e.analytic), Math.abs(e.numeric), floor);
    const entry = { ...e, smooth, relativeError };
    if (!Number.isFinite(relativeError)) throw notFinite(entry, h, 0, 0);
    entries.push(entry);
    if (!smooth) skipped++;
    else if (worst === undefined || relativeError > worst.relativeError) worst = entry;
  }
  if (worst === undefined) {
    throw new TrainingError(
      `checkGradients: all ${entries.length} weights sit at a kink of the loss (their one-sided differences disagree: a relu or leakyRelu unit whose input is 0 or within epsilon of it), so no gradient can be checked; use inputs or weights that move the units off 0`,
      0,
    );
  }
  return { maxRelativeError: worst.relativeError, worst, entries, scale, floor, skipped };
}

/** Why an entry's comparison is not a finite number, naming the weight. */
function notFinite(e: Pick<GradientCheckEntry, "parameter" | "row" | "col" | "analytic" | "numeric">, h: number, plus: number, minus: number): TrainingError {
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
