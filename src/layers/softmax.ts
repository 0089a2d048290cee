import { checkInteger, checkKnownKeys, ConfigError, describe } from "../errors.js";
import { checkMemory, memoryBudgetOption } from "../limits.js";
import type { Matrix } from "../matrix/matrix.js";
import { expRange } from "../math/exp.js";
import type { Random } from "../random.js";
import { DirectCalls } from "./direct-calls.js";
import { readInteger, readObject, wrapConfig } from "./json-fields.js";
import { MAKE_STEP, type Layer, type LayerJSON, type LayerStep, type StepMode } from "./layer.js";
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
 * s.forward(fromRows([[0, exactMath.log(3)]]), false).data; // => [0.25, 0.7499999999999999]  (1/4 and 3/4: e^-ln 3 rounds up)
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

  private readonly direct: DirectCalls;

  /**
   * @param options - `{ size, memoryBudget? }`: the number of classes, and the bytes one row of
   *   its buffers (`8 · size`) may take, checked at once (default 1 GiB)
   * @throws {@link ConfigError} If an option is unknown or size is not a positive integer.
   * @throws {@link LimitError} If one row of its buffers would be past `memoryBudget`.
   *
   * @example
   * new Softmax({ size: 3 }).outputSize; // => 3
   * new Softmax({ size: 0 });            // throws ConfigError: size must be an integer >= 1, got 0
   */
  constructor(options: { size: number; memoryBudget?: number }) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError(`Softmax options must be an object { size, memoryBudget? }, got ${describe(options)}`);
    }
    checkKnownKeys(options, "Softmax", ["size", "memoryBudget"]);
    this.inputSize = this.outputSize = checkInteger("size", options.size, 1);
    checkMemory(8 * this.inputSize, memoryBudgetOption(options.memoryBudget), `One row of Softmax of size ${this.inputSize}`);
    this.direct = new DirectCalls("Softmax", this.inputSize, this.outputSize, (mode) => new SoftmaxStep(this.inputSize, mode));
  }

  /** Nothing to draw. */
  initialize(_random: Random): void {}

  /**
   * Row-wise softmax of `input`.
   *
   * @param input - scores `[n x size]`, any view
   * @throws {@link ShapeError} If `input` does not have `size` columns.
   */
  forward(input: Matrix, training: boolean): Matrix {
    return this.direct.forward(input, training);
  }

  /**
   * dL/dz from dL/dp, through the softmax Jacobian.
   *
   * @param gradOutput - dL/dp
   * @param needInputGradient - whether to compute dL/dz
   * @throws {@link ConfigError} If called before `forward`.
   */
  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined {
    return this.direct.backward(gradOutput, needInputGradient);
  }

  /** The packed step a training plan runs, unless forward or backward were replaced. @internal */
  [MAKE_STEP](mode: StepMode): LayerStep | undefined {
    return this.forward === SOFTMAX_FORWARD && this.backward === SOFTMAX_BACKWARD ? new SoftmaxStep(this.inputSize, mode) : undefined;
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
   * @param memoryBudget - as the constructor's `memoryBudget`
   * @throws {@link SerializationError} If size is missing or not a positive integer.
   *
   * @example
   * Softmax.fromJSON({ type: "softmax", size: 3 }).outputSize; // => 3
   */
  static fromJSON(json: Record<string, unknown>, where = "json", memoryBudget?: number): Softmax {
    const budget = memoryBudgetOption(memoryBudget);
    readObject(json, where);
    const size = readInteger(json, "size", where);
    return wrapConfig(where, () => new Softmax({ size, memoryBudget: budget }));
  }
}

const SOFTMAX_FORWARD = Softmax.prototype.forward;
const SOFTMAX_BACKWARD = Softmax.prototype.backward;

/** A Softmax layer's step: the probabilities of a batch, and dL/dz through the Jacobian. */
class SoftmaxStep implements LayerStep {
  readonly elementwise = undefined;
  private readonly p: Float64Array;

  constructor(
    private readonly c: number,
    mode: StepMode,
  ) {
    this.p = new Float64Array(mode.rows * c);
  }

  forward(z: Float64Array, rows: number): Float64Array {
    const c = this.c;
    const p = this.p;
    for (let i = 0; i < rows; i++) {
      const o = i * c;
      let max = -Infinity;
      for (let j = 0; j < c; j++) if (z[o + j]! > max) max = z[o + j]!;
      // e = exp(z - max) by tinynn's exp over the row (src/math), then summed left to right
      for (let j = 0; j < c; j++) p[o + j] = z[o + j]! - max;
      expRange(p, o, o + c);
      let sum = 0;
      for (let j = 0; j < c; j++) sum += p[o + j]!;
      for (let j = 0; j < c; j++) p[o + j]! /= sum;
    }
    return p;
  }

  backward(_z: Float64Array, g: Float64Array | undefined, gi: Float64Array | undefined, rows: number): void {
    if (gi === undefined || g === undefined) return;
    const c = this.c;
    const p = this.p;
    for (let i = 0; i < rows; i++) {
      const o = i * c;
      let dot = 0;
      for (let j = 0; j < c; j++) dot += g[o + j]! * p[o + j]!;
      for (let j = 0; j < c; j++) gi[o + j] = p[o + j]! * (g[o + j]! - dot);
    }
  }
}
