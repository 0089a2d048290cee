import { checkInteger, checkKnownKeys, checkPositive, ConfigError, describe } from "../errors.js";
import { checkMemory, memoryBudgetOption } from "../limits.js";
import { zeros, type Matrix } from "../matrix/matrix.js";
import type { Random } from "../random.js";
import { DirectCalls } from "./direct-calls.js";
import { ownField, readInteger, readObject, readPresent, readVector, wrapConfig } from "./json-fields.js";
import { MAKE_STEP, type Layer, type LayerJSON, type LayerStep, type StepMode } from "./layer.js";
import type { Parameter } from "./parameter.js";

/**
 * Options of a {@link BatchNorm} layer.
 *
 * @example
 * const options: BatchNormOptions = { size: 8, momentum: 0.9, epsilon: 1e-5 };
 */
export interface BatchNormOptions {
  /** Number of features (inputs = outputs). */
  size: number;
  /** Weight of the old running statistics in each update, in [0, 1); default 0.9. */
  momentum?: number;
  /** ε > 0 added to the variance; default 1e-5. */
  epsilon?: number;
  /** Bytes γ, β, their gradients and the running statistics may take (`48 · size`), checked before they are allocated; default 1 GiB. */
  memoryBudget?: number;
}

/** Every key of {@link BatchNormOptions}. */
const BATCH_NORM_OPTION_KEYS = ["size", "momentum", "epsilon", "memoryBudget"] as const satisfies readonly (keyof BatchNormOptions)[];

/** Bytes of a BatchNorm layer's γ, β, their gradients and its running statistics. @internal */
export function batchNormBytes(size: number): number {
  return 48 * size;
}

/**
 * The serialized form of a {@link BatchNorm} layer: its parameters and running statistics.
 *
 * @example
 * const json: BatchNormJSON = { type: "batchNorm", size: 1, momentum: 0.9, epsilon: 1e-5, gamma: [1], beta: [0], runningMean: [0], runningVariance: [1] };
 */
export interface BatchNormJSON extends LayerJSON {
  /** Always `"batchNorm"`. */
  readonly type: "batchNorm";
  /** Number of features. */
  readonly size: number;
  /** Running-statistics momentum. */
  readonly momentum: number;
  /** ε. */
  readonly epsilon: number;
  /** Scale γ. */
  readonly gamma: number[];
  /** Shift β. */
  readonly beta: number[];
  /** Running mean μ_run. */
  readonly runningMean: number[];
  /** Running (biased) variance σ²_run. */
  readonly runningVariance: number[];
}

/**
 * Batch normalization (Ioffe & Szegedy, 2015): normalizes each feature over the batch, then
 * scales and shifts it with trainable γ and β.
 *
 * ```text
 * training:   μ = mean_rows(x),  σ² = mean_rows((x - μ)²)        (biased, over the n rows)
 *             x̂ = (x - μ) / sqrt(σ² + ε),   a = γ x̂ + β
 *             μ_run <- m μ_run + (1 - m) μ,   σ²_run <- m σ²_run + (1 - m) σ²
 * inference:  a = γ (x - μ_run) / sqrt(σ²_run + ε) + β
 * backward (training):
 *             dγ = Σ_rows dL/da ⊙ x̂,   dβ = Σ_rows dL/da
 *             dL/dx = γ / (n sqrt(σ² + ε)) · (n dL/da - Σ_rows dL/da - x̂ ⊙ Σ_rows(dL/da ⊙ x̂))
 * ```
 *
 * γ starts at 1, β at 0, μ_run at 0, σ²_run at 1; the running statistics are updated only when
 * `training` is true and are saved in JSON. γ and β are not weights (`isWeight: false`), so
 * regularization leaves them alone unless `bias: true`.
 *
 * @example
 * const bn = new BatchNorm({ size: 1 });
 * bn.forward(fromRows([[1], [3]]), true).data; // => [-0.99999..., 0.99999...]
 * bn.runningMean.data;                          // => [0.19999999999999996]  (0.9 · 0 + 0.1 · 2, rounded)
 */
export class BatchNorm implements Layer {
  /** Always `"batchNorm"`. */
  readonly type = "batchNorm";
  /** Number of features. */
  readonly inputSize: number;
  /** Number of features. */
  readonly outputSize: number;
  /** Running-statistics momentum m. */
  readonly momentum: number;
  /** ε. */
  readonly epsilon: number;
  /** Scale γ, `[1 x size]`. */
  readonly gamma: Parameter;
  /** Shift β, `[1 x size]`. */
  readonly beta: Parameter;
  /** γ, then β. */
  readonly parameters: readonly Parameter[];
  /** μ_run, `[1 x size]`. */
  readonly runningMean: Matrix;
  /** σ²_run, `[1 x size]`. */
  readonly runningVariance: Matrix;
  /** The running statistics, `[runningMean, runningVariance]`. */
  readonly state: readonly Matrix[];

  private readonly direct: DirectCalls;

  /**
   * @param options - `{ size, momentum?, epsilon?, memoryBudget? }`
   * @throws {@link ConfigError} If an option is unknown, size is not a positive integer, momentum
   *   not in [0, 1) or epsilon not > 0.
   * @throws {@link LimitError} If its buffers would be past `memoryBudget` (checked before allocating).
   *
   * @example
   * new BatchNorm({ size: 1e9 });               // throws LimitError (E_LIMIT): would need 44.7 GiB
   * new BatchNorm({ size: 4, momentun: 0.5 });  // throws ConfigError: Unknown BatchNorm option "momentun"
   */
  constructor(options: BatchNormOptions) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError(`BatchNorm options must be an object { size, momentum?, epsilon?, memoryBudget? }, got ${describe(options)}`);
    }
    checkKnownKeys(options, "BatchNorm", BATCH_NORM_OPTION_KEYS);
    const size = checkInteger("size", options.size, 1);
    this.inputSize = this.outputSize = size;
    // only a missing option takes the default: null is a value, and refused
    const momentum: unknown = options.momentum === undefined ? 0.9 : options.momentum;
    if (typeof momentum !== "number" || !Number.isFinite(momentum) || momentum < 0 || momentum >= 1) {
      throw new ConfigError(`momentum must be a finite number in [0, 1), got ${describe(momentum)}`);
    }
    this.momentum = momentum;
    this.epsilon = checkPositive("epsilon", options.epsilon === undefined ? 1e-5 : options.epsilon);
    checkMemory(batchNormBytes(size), memoryBudgetOption(options.memoryBudget), `BatchNorm of size ${size} (γ, β, their gradients and the running statistics)`);
    this.gamma = { name: "gamma", isWeight: false, value: zeros(1, size), grad: zeros(1, size) };
    this.beta = { name: "beta", isWeight: false, value: zeros(1, size), grad: zeros(1, size) };
    this.parameters = [this.gamma, this.beta];
    this.runningMean = zeros(1, size);
    this.runningVariance = zeros(1, size);
    this.state = [this.runningMean, this.runningVariance];
    this.direct = new DirectCalls("BatchNorm", size, size, (mode) => new BatchNormStep(this, mode));
    this.initialize();
  }

  /** γ = 1, β = 0, μ_run = 0, σ²_run = 1; draws nothing. */
  initialize(_random?: Random): void {
    this.gamma.value.data.fill(1);
    this.beta.value.data.fill(0);
    this.runningMean.data.fill(0);
    this.runningVariance.data.fill(1);
  }

  /**
   * Normalizes with the batch's statistics (training) or the running ones (inference).
   *
   * @param input - `[n x size]`, any view
   * @param training - use and update batch statistics when true
   * @throws {@link ShapeError} If `input` does not have `size` columns.
   */
  forward(input: Matrix, training: boolean): Matrix {
    return this.direct.forward(input, training);
  }

  /**
   * Writes dγ, dβ and returns dL/dx (through the batch statistics in training mode).
   *
   * @param gradOutput - dL/da
   * @param needInputGradient - whether to compute dL/dx
   * @throws {@link ConfigError} If called before `forward`.
   */
  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined {
    return this.direct.backward(gradOutput, needInputGradient);
  }

  /** The packed step a training plan runs, unless forward or backward were replaced. @internal */
  [MAKE_STEP](mode: StepMode): LayerStep | undefined {
    return this.forward === BATCH_NORM_FORWARD && this.backward === BATCH_NORM_BACKWARD ? new BatchNormStep(this, mode) : undefined;
  }

  /** The layer as {@link BatchNormJSON}. */
  toJSON(): BatchNormJSON {
    return {
      type: "batchNorm",
      size: this.inputSize,
      momentum: this.momentum,
      epsilon: this.epsilon,
      gamma: Array.from(this.gamma.value.data),
      beta: Array.from(this.beta.value.data),
      runningMean: Array.from(this.runningMean.data),
      runningVariance: Array.from(this.runningVariance.data),
    };
  }

  /**
   * Restores a layer saved with {@link BatchNorm.toJSON}. Every field is checked before anything
   * is allocated: `momentum` in [0, 1), `epsilon` > 0, `gamma`, `beta` and `runningMean` arrays of
   * `size` finite numbers, `runningVariance` of `size` finite numbers >= 0 (a negative variance
   * would make every prediction NaN).
   *
   * @param json - the saved layer
   * @param where - its path, for messages
   * @param memoryBudget - bytes the layer may take, as {@link BatchNormOptions.memoryBudget}
   * @throws {@link SerializationError} If a field is missing, out of range or has the wrong length.
   * @throws {@link LimitError} If the layer would be past `memoryBudget`.
   *
   * @example
   * const json = { type: "batchNorm", size: 1, momentum: 0.9, epsilon: 1e-5, gamma: [1], beta: [0], runningMean: [0], runningVariance: [-1] };
   * BatchNorm.fromJSON(json, "json.layers[1]");
   * // throws SerializationError: json.layers[1].runningVariance[0] must be a finite number >= 0, got -1
   */
  static fromJSON(json: Record<string, unknown>, where = "json", memoryBudget?: number): BatchNorm {
    const budget = memoryBudgetOption(memoryBudget);
    readObject(json, where);
    const size = readInteger(json, "size", where);
    const momentum = readPresent(json, "momentum", where, "a finite number in [0, 1)");
    const epsilon = readPresent(json, "epsilon", where, "a finite number > 0");
    // the arrays first: their lengths bound the size a file can claim, before anything is allocated
    const gamma = readVector(ownField(json, "gamma"), `${where}.gamma`, size);
    const beta = readVector(ownField(json, "beta"), `${where}.beta`, size);
    const runningMean = readVector(ownField(json, "runningMean"), `${where}.runningMean`, size);
    const runningVariance = readVector(ownField(json, "runningVariance"), `${where}.runningVariance`, size, 0);
    const layer = wrapConfig(
      where,
      () => new BatchNorm({ size, momentum: momentum as number, epsilon: epsilon as number, memoryBudget: budget }),
    );
    layer.gamma.value.data.set(gamma);
    layer.beta.value.data.set(beta);
    layer.runningMean.data.set(runningMean);
    layer.runningVariance.data.set(runningVariance);
    return layer;
  }
}

const BATCH_NORM_FORWARD = BatchNorm.prototype.forward;
const BATCH_NORM_BACKWARD = BatchNorm.prototype.backward;

/** A BatchNorm layer's step: x̂ and the output of a batch, with batch statistics in training. */
class BatchNormStep implements LayerStep {
  readonly elementwise = undefined;
  private readonly out: Float64Array;
  private readonly xhat: Float64Array;
  private readonly invStd: Float64Array;
  private readonly training: boolean;

  constructor(
    private readonly layer: BatchNorm,
    mode: StepMode,
  ) {
    const c = layer.inputSize;
    this.out = new Float64Array(mode.rows * c);
    this.xhat = new Float64Array(mode.rows * c);
    this.invStd = new Float64Array(c);
    this.training = mode.training;
  }

  forward(x: Float64Array, n: number): Float64Array {
    const layer = this.layer;
    const c = layer.inputSize;
    const xhat = this.xhat;
    const out = this.out;
    const gamma = layer.gamma.value.data;
    const beta = layer.beta.value.data;
    const rm = layer.runningMean.data;
    const rv = layer.runningVariance.data;
    const m = layer.momentum;
    const epsilon = layer.epsilon;
    for (let j = 0; j < c; j++) {
      let mean: number;
      let variance: number;
      if (this.training) {
        mean = 0;
        for (let i = 0; i < n; i++) mean += x[i * c + j]!;
        mean /= n;
        variance = 0;
        for (let i = 0; i < n; i++) {
          const d = x[i * c + j]! - mean;
          variance += d * d;
        }
        variance /= n;
        rm[j] = m * rm[j]! + (1 - m) * mean;
        rv[j] = m * rv[j]! + (1 - m) * variance;
      } else {
        mean = rm[j]!;
        variance = rv[j]!;
      }
      const inv = 1 / Math.sqrt(variance + epsilon);
      this.invStd[j] = inv;
      for (let i = 0; i < n; i++) {
        const k = i * c + j;
        xhat[k] = (x[k]! - mean) * inv;
        out[k] = gamma[j]! * xhat[k]! + beta[j]!;
      }
    }
    return out;
  }

  backward(_x: Float64Array, g: Float64Array | undefined, gx: Float64Array | undefined, n: number): void {
    if (g === undefined) return;
    const layer = this.layer;
    const c = layer.inputSize;
    const xhat = this.xhat;
    const gamma = layer.gamma.value.data;
    const dgamma = layer.gamma.grad.data;
    const dbeta = layer.beta.grad.data;
    for (let j = 0; j < c; j++) {
      let sg = 0;
      let sgx = 0;
      for (let i = 0; i < n; i++) {
        const k = i * c + j;
        sg += g[k]!;
        sgx += g[k]! * xhat[k]!;
      }
      dgamma[j] = sgx;
      dbeta[j] = sg;
      if (gx === undefined) continue;
      const inv = this.invStd[j]!;
      if (this.training) {
        const scale = (gamma[j]! * inv) / n;
        for (let i = 0; i < n; i++) {
          const k = i * c + j;
          gx[k] = scale * (n * g[k]! - sg - xhat[k]! * sgx);
        }
      } else {
        for (let i = 0; i < n; i++) gx[i * c + j] = g[i * c + j]! * gamma[j]! * inv;
      }
    }
  }
}
