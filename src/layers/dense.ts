import type { Activation } from "../activations/activation.js";
import { resolveActivation } from "../activations/activation.js";
import { activations as builtinActivations, sigmoid } from "../activations/builtins.js";
import { checkInteger, ConfigError, SerializationError } from "../errors.js";
import { columnSums, sumAbsDiffInto } from "../matrix/elementwise.js";
import { matmul, matmulTransA, matmulTransB } from "../matrix/matmul.js";
import { fromRows, rowsOf, toRows, zeros, type Matrix } from "../matrix/matrix.js";
import type { Random } from "../random.js";
import { readInteger, readMatrixRows, readString, readVector } from "./json-fields.js";
import { resolveInitializer, type Initializer } from "./initializers.js";
import type { Layer, LayerJSON } from "./layer.js";
import type { Parameter } from "./parameter.js";

/**
 * Options of a {@link Dense} layer.
 *
 * @example
 * const options: DenseOptions = { inputSize: 3, outputSize: 4, activation: "tanh", bias: false };
 */
export interface DenseOptions {
  /** Number of inputs (columns of x). */
  inputSize: number;
  /** Number of outputs (units). */
  outputSize: number;
  /** A built-in name or your own {@link Activation}; default `"sigmoid"`. */
  activation?: string | Activation;
  /** Add a bias row `b` to `x W`; default `true`. */
  bias?: boolean;
  /** How `initialize` draws the weights: a built-in name or your own {@link Initializer}; default the blog's uniform [-1, 1). */
  initializer?: string | Initializer;
}

/**
 * The serialized form of a {@link Dense} layer.
 *
 * @example
 * const json: DenseJSON = { type: "dense", inputSize: 2, outputSize: 1, activation: "sigmoid", weights: [[0.5], [-1]], bias: [0.1] };
 */
export interface DenseJSON extends LayerJSON {
  /** Always `"dense"`. */
  readonly type: "dense";
  /** Number of inputs. */
  readonly inputSize: number;
  /** Number of outputs. */
  readonly outputSize: number;
  /** The activation's name. */
  readonly activation: string;
  /** `[inputSize x outputSize]` weights, row by row. */
  readonly weights: number[][];
  /** `outputSize` biases, or `null` for a layer without bias. */
  readonly bias: number[] | null;
}

interface Buffers {
  rows: number;
  z: Matrix;
  a: Matrix;
  delta: Matrix;
  gradInput: Matrix;
}

/**
 * A fully connected layer: every input connects to every output.
 *
 * ```text
 * z = x W + b              x [n x in], W [in x out], b [1 x out]
 * a = f(z)
 * delta     = dL/da ⊙ f'(z, a)
 * dL/dW     = xᵀ delta      (summed over the batch)
 * dL/db     = Σ_rows delta
 * dL/dx     = delta Wᵀ
 * ```
 *
 * With the blog's settings (`sigmoid`, no bias) one `Dense` is one `syn` matrix and its `nonlin`.
 *
 * @example
 * const layer = new Dense({ inputSize: 3, outputSize: 4, bias: false });
 * layer.initialize(numpyRandom(1));
 * layer.weights.value.get(0, 0); // => -0.165955990594852
 */
export class Dense implements Layer {
  /** Always `"dense"`. */
  readonly type = "dense";
  /** Number of inputs. */
  readonly inputSize: number;
  /** Number of outputs. */
  readonly outputSize: number;
  /** The activation f. */
  readonly activation: Activation;
  /** The weight matrix W, `[inputSize x outputSize]`. */
  readonly weights: Parameter;
  /** The bias b, `[1 x outputSize]`, or `undefined` without bias. */
  readonly bias: Parameter | undefined;
  /** Weights, then bias if any. */
  readonly parameters: readonly Parameter[];

  /** The initialisation scheme, when one other than the blog's default was given. */
  readonly initializer: Initializer | undefined;

  // buffers per batch row count (a full batch, a last partial batch, predict): at most
  // MAX_BUFFER_SETS, the least recently created dropped first
  private readonly buffers = new Map<number, Buffers>();
  private input: Matrix | undefined;
  private current: Buffers | undefined;

  /**
   * @param options - sizes, activation and bias
   * @throws {@link ConfigError} If a size is not a positive integer or the activation is unknown.
   */
  constructor(options: DenseOptions) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError("Dense options must be an object { inputSize, outputSize, activation?, bias? }");
    }
    this.inputSize = checkInteger("inputSize", options.inputSize, 1);
    this.outputSize = checkInteger("outputSize", options.outputSize, 1);
    this.activation = resolveActivation(options.activation ?? "sigmoid", "activation", builtinActivations);
    if (options.bias !== undefined && typeof options.bias !== "boolean") {
      throw new ConfigError(`bias must be true or false, got ${String(options.bias)}`);
    }
    this.weights = { name: "W", isWeight: true, value: zeros(this.inputSize, this.outputSize), grad: zeros(this.inputSize, this.outputSize) };
    this.bias = options.bias ?? true ? { name: "b", isWeight: false, value: zeros(1, this.outputSize), grad: zeros(1, this.outputSize) } : undefined;
    this.parameters = this.bias ? [this.weights, this.bias] : [this.weights];
    this.initializer = options.initializer === undefined ? undefined : resolveInitializer(options.initializer, "initializer");
  }

  /**
   * The blog's initialisation: every weight, row by row, then every bias, is `2 * random() - 1`,
   * uniform in [-1, 1). With an `initializer`, each weight row by row is `initializer.draw(...)`,
   * then the biases are drawn the same way or set to 0 (see {@link Initializer}).
   *
   * @param random - the source to draw from
   */
  initialize(random: Random): void {
    const init = this.initializer;
    if (init !== undefined) {
      const w = this.weights.value.data;
      for (let i = 0; i < w.length; i++) w[i] = init.draw(this.inputSize, this.outputSize, random);
      if (this.bias) {
        const b = this.bias.value.data;
        for (let i = 0; i < b.length; i++) b[i] = init.drawBias ? init.draw(this.inputSize, this.outputSize, random) : 0;
      }
      return;
    }
    for (const p of this.parameters) {
      const d = p.value.data;
      for (let i = 0; i < d.length; i++) d[i] = 2 * random() - 1;
    }
  }

  /**
   * a = f(x W + b). The returned matrix is the layer's own buffer.
   *
   * @param input - `[n x inputSize]`, packed
   */
  forward(input: Matrix, _training: boolean): Matrix {
    const b = this.buffersFor(rowsOf(input));
    matmul(b.z, input, this.weights.value);
    biasActivate(b.z.data, b.a.data, this.bias?.value.data, rowsOf(input), this.outputSize, this.activation.apply);
    this.input = input;
    this.current = b;
    return b.a;
  }

  /**
   * Backward pass for the batch of the last `forward` call.
   *
   * @param gradOutput - dL/da, `[n x outputSize]`
   * @param needInputGradient - whether to compute dL/dx
   */
  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined {
    const b = this.current;
    const input = this.input;
    if (b === undefined || input === undefined) throw new ConfigError("Dense.backward called before forward");
    activationDelta(b.delta.data, gradOutput.data, b.z.data, b.a.data, b.rows * this.outputSize, this.activation.derivative);
    matmulTransA(this.weights.grad, input, b.delta);
    if (this.bias) columnSums(this.bias.grad, b.delta);
    if (!needInputGradient) return undefined;
    matmulTransB(b.gradInput, b.delta, this.weights.value);
    return b.gradInput;
  }

  /** The layer as {@link DenseJSON}. */
  toJSON(): DenseJSON {
    return {
      type: "dense",
      inputSize: this.inputSize,
      outputSize: this.outputSize,
      activation: this.activation.name,
      weights: toRows(this.weights.value),
      bias: this.bias ? toRows(this.bias.value)[0]! : null,
    };
  }

  /**
   * Restores a layer saved with {@link Dense.toJSON}.
   *
   * @param json - the saved layer
   * @param where - the path of `json` for error messages, e.g. `"json.layers[0]"`
   * @param activations - the activations that names may refer to
   * @throws {@link SerializationError} If a field is missing, has the wrong type or shape.
   */
  static fromJSON(json: Record<string, unknown>, where: string, activations: Readonly<Record<string, Activation>>): Dense {
    const inputSize = readInteger(json, "inputSize", where);
    const outputSize = readInteger(json, "outputSize", where);
    const name = readString(json, "activation", where);
    const activation = Object.hasOwn(activations, name) ? activations[name] : undefined;
    if (activation === undefined) {
      throw new SerializationError(
        `${where}.activation ${JSON.stringify(name)} is unknown; known: ${Object.keys(activations).join(", ")}. ` +
          "Pass your own with Network.fromJSON(json, { activations: { name: activation } })",
      );
    }
    const weights = readMatrixRows(json.weights, `${where}.weights`, inputSize, outputSize);
    if (!("bias" in json)) throw new SerializationError(`${where}.bias is missing (an array of ${outputSize} numbers, or null)`);
    const bias = json.bias === null ? null : readVector(json.bias, `${where}.bias`, outputSize);
    const layer = new Dense({ inputSize, outputSize, activation, bias: bias !== null });
    layer.weights.value.data.set(fromRows(weights).data);
    if (bias !== null) layer.bias!.value.data.set(bias);
    return layer;
  }

  private buffersFor(rows: number): Buffers {
    const last = this.current;
    if (last !== undefined && last.rows === rows) return last;
    let b = this.buffers.get(rows);
    if (b === undefined) {
      b = {
        rows,
        z: zeros(rows, this.outputSize),
        a: zeros(rows, this.outputSize),
        delta: zeros(rows, this.outputSize),
        gradInput: zeros(rows, this.inputSize),
      };
      if (this.buffers.size >= MAX_BUFFER_SETS) this.buffers.delete(this.buffers.keys().next().value!);
      this.buffers.set(rows, b);
    }
    return b;
  }
}

/**
 * z += b (when there is a bias) and a = f(z), over `rows x cols` packed values, in one pass; z is
 * kept for f'(z, a). The activation half of {@link Dense.forward}, shared with the network's fused
 * training path so that both run the same operations. The sigmoid's formula is written out
 * because a call per element that V8 does not inline costs as much as the exp.
 * @internal
 */
export function biasActivate(
  z: Float64Array,
  a: Float64Array,
  bias: Float64Array | undefined,
  rows: number,
  cols: number,
  f: (x: number) => number,
): void {
  // one loop for every case (short, so that V8 can inline it into the fused training step)
  const n = rows * cols;
  const isSigmoid = f === sigmoid.apply;
  for (let i = 0, j = 0; i < n; i++) {
    const x = bias === undefined ? z[i]! : z[i]! + bias[j]!;
    if (++j === cols) j = 0;
    z[i] = x;
    a[i] = isSigmoid ? 1 / (1 + Math.exp(-x)) : f(x);
  }
}

/**
 * delta = dL/da ⊙ f'(z, a) over `n` packed values: the first step of {@link Dense.backward},
 * shared with the network's fused training path. The sigmoid's `y (1 - y)` is written out.
 * @internal
 */
export function activationDelta(
  delta: Float64Array,
  g: Float64Array,
  z: Float64Array,
  a: Float64Array,
  n: number,
  fprime: (x: number, y: number) => number,
): void {
  if (fprime === sigmoid.derivative) {
    for (let i = 0; i < n; i++) {
      const y = a[i]!;
      delta[i] = g[i]! * (y * (1 - y));
    }
  } else {
    for (let i = 0; i < n; i++) delta[i] = g[i]! * fprime(z[i]!, a[i]!);
  }
}

/**
 * The output layer's backward step fused with the sse / mse loss, for the network's fused
 * training path: one pass computes what `loss.value`, the mean-absolute-error sum, `loss.gradient`
 * and {@link activationDelta} compute one after the other, with the same operations:
 *
 * ```text
 * e = o - t;   Σ e·e (left to right);   g = e (sse) or e / rows (mse);   delta = g ⊙ f'(z, o)
 * Σ |o - t| in numpy's pairwise order (left to right below 8 elements)
 * ```
 *
 * `out[at]` receives the loss (`0.5 Σ e·e`, divided by `rows` for mse) and `out[at + 1]` the sum
 * of |o - t|: written to memory, so that no double is boxed (the fused training path passes its
 * history, so that the values land where they are kept).
 * @internal
 */
export function squaredErrorDelta(
  out: Float64Array,
  at: number,
  delta: Float64Array,
  o: Float64Array,
  t: Float64Array,
  z: Float64Array,
  rows: number,
  n: number,
  mean: boolean,
  fprime: (x: number, y: number) => number,
): void {
  const isSigmoid = fprime === sigmoid.derivative;
  let s = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    const y = o[i]!;
    const e = y - t[i]!;
    s += e * e;
    abs += Math.abs(y - t[i]!);
    const g = mean ? (y - t[i]!) / rows : y - t[i]!;
    delta[i] = g * (isSigmoid ? y * (1 - y) : fprime(z[i]!, y));
  }
  out[at] = mean ? (0.5 * s) / rows : 0.5 * s;
  if (n < 8) out[at + 1] = abs;
  else sumAbsDiffInto(out, at + 1, o, t, n);
}

/** Buffer sets a {@link Dense} keeps (one per batch row count): full batch, last batch, predict, evaluate. */
const MAX_BUFFER_SETS = 4;
