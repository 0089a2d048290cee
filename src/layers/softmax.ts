import { checkInteger, ConfigError, describe } from "../errors.js";
import { rowsOf, zeros, type Matrix } from "../matrix/matrix.js";
import type { Random } from "../random.js";
import { readInteger } from "./json-fields.js";
import type { Layer, LayerJSON } from "./layer.js";
import type { Parameter } from "./parameter.js";

/**
 * The serialized form of a {@link Softmax} layer.
 *
 * @example
 * const json: SoftmaxJSON = { type: "softmax", size: 3 };
 */
export interface SoftmaxJSON extends LayerJSON {
  /** Always `"softmax"`. */
  readonly type: "softmax";
  /** Number of classes. */
  readonly size: number;
}

/**
 * Softmax over each row: turns scores into class probabilities that sum to 1. It is row-wise,
 * not elementwise, so it is a layer rather than an {@link Activation}.
 *
 * ```text
 * p_ij   = e^(z_ij - max_k z_ik) / Σ_k e^(z_ik - max_k z_ik)
 * dL/dz_ij = p_ij (dL/dp_ij - Σ_k dL/dp_ik p_ik)
 * ```
 *
 * With the {@link crossEntropy} loss, {@link Network.train} skips this backward pass and uses the
 * fused gradient `(p - y) / n` directly. `outputActivation: "softmax"` builds the output `Dense`
 * with the identity and appends this layer.
 *
 * @example
 * const s = new Softmax({ size: 2 });
 * s.forward(fromRows([[0, Math.log(3)]]), false).data; // => [0.25, 0.75]
 */
export class Softmax implements Layer {
  /** Always `"softmax"`. */
  readonly type = "softmax";
  /** Number of classes. */
  readonly inputSize: number;
  /** Number of classes. */
  readonly outputSize: number;
  /** None. */
  readonly parameters: readonly Parameter[] = [];

  private readonly buffers = new Map<number, { p: Matrix; gradInput: Matrix }>();
  private current: { p: Matrix; gradInput: Matrix } | undefined;

  /**
   * @param options - `{ size }`, the number of classes
   * @throws {@link ConfigError} If size is not a positive integer.
   */
  constructor(options: { size: number }) {
    if (typeof options !== "object" || options === null) throw new ConfigError(`Softmax options must be an object { size }, got ${describe(options)}`);
    this.inputSize = this.outputSize = checkInteger("size", options.size, 1);
  }

  /** Nothing to draw. */
  initialize(_random: Random): void {}

  /**
   * Row-wise softmax of `input`.
   *
   * @param input - scores `[n x size]`
   */
  forward(input: Matrix, _training: boolean): Matrix {
    const n = rowsOf(input);
    const c = this.inputSize;
    let b = this.buffers.get(n);
    if (b === undefined) {
      b = { p: zeros(n, c), gradInput: zeros(n, c) };
      this.buffers.set(n, b);
    }
    const z = input.data;
    const p = b.p.data;
    for (let i = 0; i < n; i++) {
      const o = i * c;
      let max = -Infinity;
      for (let j = 0; j < c; j++) if (z[o + j]! > max) max = z[o + j]!;
      let sum = 0;
      for (let j = 0; j < c; j++) {
        p[o + j] = Math.exp(z[o + j]! - max);
        sum += p[o + j]!;
      }
      for (let j = 0; j < c; j++) p[o + j]! /= sum;
    }
    this.current = b;
    return b.p;
  }

  /**
   * dL/dz from dL/dp, through the softmax Jacobian.
   *
   * @param gradOutput - dL/dp
   * @param needInputGradient - whether to compute dL/dz
   */
  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined {
    const b = this.current;
    if (b === undefined) throw new ConfigError("Softmax.backward called before forward");
    if (!needInputGradient) return undefined;
    const n = rowsOf(gradOutput);
    const c = this.inputSize;
    const g = gradOutput.data;
    const p = b.p.data;
    const gi = b.gradInput.data;
    for (let i = 0; i < n; i++) {
      const o = i * c;
      let dot = 0;
      for (let j = 0; j < c; j++) dot += g[o + j]! * p[o + j]!;
      for (let j = 0; j < c; j++) gi[o + j] = p[o + j]! * (g[o + j]! - dot);
    }
    return b.gradInput;
  }

  /** The layer as {@link SoftmaxJSON}. */
  toJSON(): SoftmaxJSON {
    return { type: "softmax", size: this.inputSize };
  }

  /**
   * Restores a layer saved with {@link Softmax.toJSON}.
   *
   * @param json - the saved layer
   * @param where - its path, for messages
   * @throws {@link SerializationError} If size is missing.
   */
  static fromJSON(json: Record<string, unknown>, where: string): Softmax {
    return new Softmax({ size: readInteger(json, "size", where) });
  }
}
