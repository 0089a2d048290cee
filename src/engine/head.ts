// The loss head of a plan: the loss of a batch, Σ |output - y|, and the gradient that starts the
// backward pass. Which head a run uses is decided once, from the loss and the last layer:
//
//   sse / mse after an elementwise output (Dense):   one pass (squaredErrorHead) writes dL/da into
//                                                    the output layer's delta, then its derivative
//                                                    kernel makes it dL/dz in place
//   a loss with `fusedLayer` equal to the last
//   layer's type (crossEntropy after Softmax):        `fusedGradient` writes dL/d(that layer's input)
//                                                    and that layer's backward is skipped (the
//                                                    built-in crossEntropy in one pass with its
//                                                    value: crossEntropySoftmaxHead)
//   a loss with `fusedActivation` equal to the name
//   of a Dense output's activation (binaryCrossEntropy
//   after sigmoid):                                   `fusedGradient` writes dL/dz into that layer's
//                                                    delta and its derivative is skipped (the built-in
//                                                    binaryCrossEntropy in one pass with its value:
//                                                    binaryCrossEntropySigmoidHead)
//   anything else (your losses):                      `value`, then `gradient` into dL/d(output)
//
// All three compute the same numbers with the same operations as `value` + `gradient` + the
// layers' backward would (test/custom-pieces.test.ts), so a loss of yours equal to a built-in one gives
// the same bits.

import { ConfigError, describe } from "../errors.js";
import { binaryCrossEntropy, binaryCrossEntropySigmoidHead, crossEntropy, crossEntropySoftmaxHead, squaredErrorHead, squaredErrorMean } from "../losses/builtins.js";
import type { Loss } from "../losses/loss.js";
import { sumAbsDiffInto } from "../matrix/elementwise.js";
import { Views } from "./layer-adapter.js";
import type { Plan } from "./plan.js";

/** @internal */
export interface Head {
  /** The loss of `rows` rows into out[at], Σ |o - t| into out[at + 1]; prepares the gradient. */
  evaluate(o: Float64Array, t: Float64Array, rows: number, out: Float64Array, at: number): void;
  /** dL/d(output) (as the head computed it) back through the plan's layers. */
  backward(rows: number): void;
}

/** The head for `loss` on `plan`'s network. @internal */
export function makeHead(plan: Plan, loss: Loss): Head {
  const last = plan.steps.length - 1;
  const out = plan.steps[last]!.elementwise;
  const mean = squaredErrorMean(loss);
  if (mean !== undefined && out !== undefined) return new SquaredErrorHead(plan, mean);
  if (loss.fusedLayer !== undefined && loss.fusedLayer === plan.layers[last]!.type && loss.fusedGradient !== undefined) {
    return loss === crossEntropy && last > 0 ? new CrossEntropySoftmaxHead(plan) : new MatrixHead(plan, loss, "layer");
  }
  if (loss.fusedActivation !== undefined && out !== undefined && loss.fusedGradient !== undefined && activationName(plan.layers[last]!) === loss.fusedActivation) {
    return loss === binaryCrossEntropy ? new BinaryCrossEntropySigmoidHead(plan) : new MatrixHead(plan, loss, "activation");
  }
  return new MatrixHead(plan, loss, "none");
}

/** The name of a layer's activation (a Dense layer's), or undefined. */
function activationName(layer: object): unknown {
  return (layer as { activation?: { name?: unknown } }).activation?.name;
}

/** binaryCrossEntropy after a sigmoid output, built in: the loss and dL/dz in one pass (binaryCrossEntropySigmoidHead), into the output layer's delta. */
class BinaryCrossEntropySigmoidHead implements Head {
  private readonly top: number;
  private readonly cols: number;

  constructor(private readonly plan: Plan) {
    this.top = plan.steps.length - 1;
    this.cols = plan.layers[this.top]!.outputSize;
  }

  evaluate(o: Float64Array, t: Float64Array, rows: number, out: Float64Array, at: number): void {
    const step = this.plan.steps[this.top]!;
    binaryCrossEntropySigmoidHead(out, at, step.elementwise!.delta, o, step.logits!, t, rows, rows * this.cols);
  }

  backward(rows: number): void {
    // the delta holds dL/dz: the output layer's derivative is not applied again
    this.plan.backward(this.top, undefined, rows);
  }
}

/** sse / mse fused with the elementwise derivative of the output layer. */
class SquaredErrorHead implements Head {
  /** the layer whose backward runs first */
  private readonly top: number;
  private readonly cols: number;

  constructor(
    private readonly plan: Plan,
    private readonly mean: boolean,
  ) {
    this.top = plan.steps.length - 1;
    this.cols = plan.layers[this.top]!.outputSize;
  }

  evaluate(o: Float64Array, t: Float64Array, rows: number, out: Float64Array, at: number): void {
    const e = this.plan.steps[this.top]!.elementwise!;
    const n = rows * this.cols;
    squaredErrorHead(out, at, e.delta, o, t, rows, n, this.mean);
    e.kernels.delta(e.delta, e.delta, e.z, e.a, n);
  }

  backward(rows: number): void {
    this.plan.backward(this.top, undefined, rows);
  }
}

/** crossEntropy after Softmax, built in: the loss and dL/dz in one pass (crossEntropySoftmaxHead). */
class CrossEntropySoftmaxHead implements Head {
  /** the layer whose backward runs first */
  private readonly top: number;
  private readonly cols: number;
  private readonly g: Float64Array;

  constructor(private readonly plan: Plan) {
    this.top = plan.steps.length - 2;
    this.cols = plan.layers[this.top + 1]!.outputSize;
    this.g = plan.grads[this.top]!;
  }

  evaluate(o: Float64Array, t: Float64Array, rows: number, out: Float64Array, at: number): void {
    crossEntropySoftmaxHead(out, at, this.g, o, t, rows, rows * this.cols);
  }

  backward(rows: number): void {
    this.plan.backward(this.top, this.g, rows);
  }
}

/**
 * Any other loss, on matrices: `value`, then the gradient, then the backward pass. With `fused`
 * "layer" (the loss's `fusedLayer` is the last layer), `fusedGradient` writes dL/d(input of the last
 * layer) and that layer's backward is skipped; with "activation" (its `fusedActivation` is the
 * output's), `fusedGradient` writes dL/dz into the output layer's delta and its derivative is
 * skipped; otherwise `gradient` writes dL/d(output) and every layer's backward runs.
 */
class MatrixHead implements Head {
  private readonly cols: number;
  private readonly outputs: Views;
  private readonly targets: Views;
  private readonly grads: Views;
  private readonly logits: Views;
  /** the layer whose backward runs first (-1: none, a fused layer alone) */
  private readonly top: number;
  private readonly g: Float64Array;

  constructor(
    private readonly plan: Plan,
    private readonly loss: Loss,
    private readonly fused: "layer" | "activation" | "none",
  ) {
    const layers = plan.layers;
    this.cols = layers[layers.length - 1]!.outputSize;
    this.outputs = new Views(this.cols);
    this.targets = new Views(this.cols);
    this.grads = new Views(this.cols);
    this.logits = new Views(this.cols);
    this.top = plan.steps.length - (fused === "layer" ? 2 : 1);
    if (fused === "activation") this.g = plan.steps[this.top]!.elementwise!.delta;
    // with no layer below the fused one there is nothing to send the gradient to; it is still computed
    else this.g = this.top >= 0 ? plan.grads[this.top]! : new Float64Array(plan.mode.rows * this.cols);
  }

  evaluate(o: Float64Array, t: Float64Array, rows: number, out: Float64Array, at: number): void {
    const om = this.outputs.of(o, rows);
    const tm = this.targets.of(t, rows);
    // fused with the output's activation: the value from its logits, when the loss computes it so
    const logits = this.fused === "activation" && this.loss.fusedValue !== undefined ? this.plan.steps[this.top]!.logits : undefined;
    const value: unknown = logits !== undefined ? this.loss.fusedValue!(this.logits.of(logits, rows), tm) : this.loss.value(om, tm);
    if (typeof value !== "number") throw new ConfigError(`loss ${describe(this.loss.name)}.value must return a number, got ${describe(value)}`);
    out[at] = value;
    sumAbsDiffInto(out, at + 1, o, t, rows * this.cols);
    const g = this.grads.of(this.g, rows);
    if (this.fused === "none") this.loss.gradient(g, om, tm);
    else this.loss.fusedGradient!(g, om, tm);
  }

  backward(rows: number): void {
    // fused with the activation: the delta holds dL/dz already
    if (this.top >= 0) this.plan.backward(this.top, this.fused === "activation" ? undefined : this.g, rows);
  }
}
