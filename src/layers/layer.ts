import type { WasmArena } from "../matrix/wasm.js";
import type { ActivationKernels } from "../activations/kernels.js";
import type { Random } from "../random.js";
import type { Matrix } from "../matrix/matrix.js";
import type { Parameter } from "./parameter.js";

/**
 * The serialized form of one layer: plain JSON with a `type` tag that {@link Network.fromJSON}
 * dispatches on.
 *
 * @example
 * const json: LayerJSON = { type: "dense", inputSize: 3, outputSize: 1, activation: "sigmoid", weights: [[1], [2], [3]], bias: null };
 */
export interface LayerJSON {
  /** Which layer class restores it, e.g. `"dense"`. */
  readonly type: string;
  /** Layer-specific fields. */
  readonly [field: string]: unknown;
}

/**
 * The layer protocol: every layer, built-in or yours, is a `Layer`.
 *
 * ```text
 * forward(x)        a = f(x); caches what backward needs
 * backward(dL/da)   writes dL/dθ into each parameter's grad and returns dL/dx
 * ```
 *
 * Matrices are `[samples x features]`. Inputs may be any view (packed, offset, strided); a
 * returned matrix may be the layer's own buffer, valid until its next call. Parameters must be
 * packed matrices (as {@link zeros} makes), which optimizers update in place.
 *
 * Training calls your layer's `forward` and `backward` from the same training plan that runs the
 * built-in layers: a layer of yours that computes what a built-in computes gives the same results.
 *
 * @example
 * const layer: Layer = new Dense({ inputSize: 3, outputSize: 4 });
 * layer.outputSize; // => 4
 */
export interface Layer {
  /** The `type` tag written to JSON. */
  readonly type: string;
  /** Number of input columns. */
  readonly inputSize: number;
  /** Number of output columns. */
  readonly outputSize: number;
  /** Trainable parameters, in initialisation order (weights, then bias). */
  readonly parameters: readonly Parameter[];
  /** Draws the initial parameter values from `random`. */
  initialize(random: Random): void;
  /** Computes the layer's output for `input`; `training` is false in `predict`. */
  forward(input: Matrix, training: boolean): Matrix;
  /**
   * Sends the gradient back: writes parameter gradients and returns dL/d(input), or `undefined`
   * when `needInputGradient` is false (the first layer).
   */
  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined;
  /** The layer as plain JSON. */
  toJSON(): LayerJSON;
  /**
   * Optional: receives the network's random source, for layers that draw at training time
   * ({@link Dropout}). {@link Network} calls it once, in its constructor, before `initialize`.
   */
  setRandom?(random: Random): void;
  /**
   * Optional: non-trainable state that is part of the model, e.g. {@link BatchNorm}'s running
   * statistics. Early stopping's `restoreBest` copies these along with the parameters, and
   * `trace` puts them back.
   */
  readonly state?: readonly Matrix[];
}

// ---------------------------------------------------------------------------------------------
// The packed protocol the training plan runs (internal). A built-in layer contributes a step per
// plan: forward and backward over packed Float64Array buffers of at most `rows` rows, which the
// step allocates once. Every step takes the batch's row count, so one plan serves a full batch
// and a shorter last one.

/** What a layer's step is built for. @internal */
export interface StepMode {
  /** The most rows a call will pass. */
  readonly rows: number;
  /** Training behaviour (dropout draws, batch statistics) rather than inference. */
  readonly training: boolean;
  /** Whether `backward` will be called (training, gradient checks). */
  readonly backward: boolean;
  /** The network's last layer: a step that applies an activation keeps its input (z + b) as `logits`. */
  readonly output?: boolean;
  /**
   * The plan's WebAssembly arena (see `WasmArena`): a step whose products go to the WebAssembly
   * kernels allocates its buffers there, and reads an input that is there in place.
   */
  readonly arena?: WasmArena | undefined;
}

/**
 * The output of a step that is an elementwise activation, `a = f(z)`, whose backward begins with
 * `delta = dL/da ⊙ f'(z, a)`: a loss head may write `delta` itself (fused with the loss gradient,
 * through `kernels.delta`) and call `backward` without `g`. @internal
 */
export interface ElementwiseOutput {
  readonly z: Float64Array;
  readonly a: Float64Array;
  readonly delta: Float64Array;
  readonly kernels: ActivationKernels;
}

/** One layer's part of a plan. @internal */
export interface LayerStep {
  /** Computes the output of the first `rows` rows of packed `x`; returns the buffer holding it (packed). */
  forward(x: Float64Array, rows: number): Float64Array;
  /**
   * From dL/d(output) in `g` (or, when `g` is undefined, from `elementwise.delta` already
   * written): writes the parameters' gradients and, when `gradInput` is given, dL/dx into it.
   * `x` is what `forward` was given.
   */
  backward(x: Float64Array, g: Float64Array | undefined, gradInput: Float64Array | undefined, rows: number): void;
  /** Present when the output is elementwise `f(z)` (see {@link ElementwiseOutput}). */
  readonly elementwise: ElementwiseOutput | undefined;
  /**
   * The network's last layer (`mode.output`) with an activation: its input z (+ b) of the last
   * pass, packed, from which a loss fused with the activation computes its value exactly where
   * the activation saturates (see `Loss.fusedValue`).
   */
  readonly logits?: Float64Array | undefined;
}

/** The method name under which built-in layers make their steps. @internal */
export const MAKE_STEP: unique symbol = Symbol("tinynn.makeStep");

/** A layer that can contribute packed steps to a plan. @internal */
export interface SteppedLayer {
  /**
   * The layer's step, or `undefined` when its `forward` / `backward` are not the ones the step
   * computes (replaced on the instance or the class, or overridden by a subclass): then the plan
   * calls them through the layer protocol instead, so nothing a user patched is bypassed.
   */
  [MAKE_STEP](mode: StepMode): LayerStep | undefined;
}

/** The layer's own packed step, if it has one that computes its current `forward` / `backward`. @internal */
export function stepOf(layer: Layer, mode: StepMode): LayerStep | undefined {
  const make = (layer as Partial<SteppedLayer>)[MAKE_STEP];
  return typeof make === "function" ? make.call(layer, mode) : undefined;
}
