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
 * Matrices are `[samples x features]`. Buffers returned by `forward` and `backward` belong to the
 * layer and stay valid until its next call, so a training step allocates nothing.
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
   * statistics. Early stopping's `restoreBest` copies these along with the parameters.
   */
  readonly state?: readonly Matrix[];
}
