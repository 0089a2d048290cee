import type { Activation } from "../activations/activation.js";
import { resolveActivation } from "../activations/activation.js";
import { activations as builtinActivations, type ActivationName } from "../activations/builtins.js";
import { kernelsOf, type ActivationKernels } from "../activations/kernels.js";
import { checkInteger, checkKnownKeys, ConfigError, describe, listNames, quote, SerializationError } from "../errors.js";
import { checkMemory, memoryBudgetOption } from "../limits.js";
import { columnSums } from "../matrix/elementwise.js";
import { gemmNN, gemmNT, gemmTN, productNN, productNT, productTN } from "../matrix/matmul.js";
import { toRows, zeros, type Matrix } from "../matrix/matrix.js";
import { belowWasmThreshold, transposeInto, type WasmActivation, type WasmArena } from "../matrix/wasm.js";
import { checkedRandom, type Random } from "../random.js";
import { DirectCalls } from "./direct-calls.js";
import { ownField, readInteger, readMatrixRows, readObject, readString, readVector, wrapConfig } from "./json-fields.js";
import { resolveInitializer, type Initializer, type InitializerName } from "./initializers.js";
import { MAKE_STEP, type ElementwiseOutput, type Layer, type LayerJSON, type LayerStep, type StepMode } from "./layer.js";
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
  /** A built-in {@link ActivationName} (`"sigmoid"`, `"tanh"`, `"relu"`, ...) or your own {@link Activation}; default `"sigmoid"`. */
  activation?: ActivationName | Activation;
  /** Add a bias row `b` to `x W`; default `true`. */
  bias?: boolean;
  /** How `initialize` draws the weights: a built-in {@link InitializerName} or your own {@link Initializer}; default the blog's uniform [-1, 1). */
  initializer?: InitializerName | Initializer;
  /**
   * Bytes the layer's weights, bias and their gradients may take, checked before they are
   * allocated (`16 · (inputSize · outputSize + outputSize)` with a bias); default 1 GiB. A
   * {@link Network} passes its own budget to the layers it builds.
   */
  memoryBudget?: number;
}

/** Every key of {@link DenseOptions}. */
const DENSE_OPTION_KEYS = ["inputSize", "outputSize", "activation", "bias", "initializer", "memoryBudget"] as const satisfies readonly (keyof DenseOptions)[];

/** Bytes of a Dense layer's parameters and their gradients. @internal */
export function denseBytes(inputSize: number, outputSize: number, bias: boolean): number {
  return 16 * (inputSize * outputSize + (bias ? outputSize : 0));
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

  private readonly direct: DirectCalls;

  /**
   * @param options - sizes, activation, bias, initializer and memory budget
   * @throws {@link ConfigError} If an option is unknown, a size is not a positive integer, the
   *   activation or initializer is unknown, or bias is not a boolean.
   * @throws {@link LimitError} If the weights and their gradients would be past `memoryBudget`
   *   (checked before anything is allocated).
   *
   * @example
   * new Dense({ inputSize: 3, outputSize: 1e9 });  // throws LimitError (E_LIMIT): would need 59.6 GiB
   * new Dense({ inputSize: 3, outptuSize: 1 });    // throws ConfigError: Unknown Dense option "outptuSize"
   */
  constructor(options: DenseOptions) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError(
        `Dense options must be an object { inputSize, outputSize, activation?, bias?, initializer?, memoryBudget? }, got ${describe(options)}`,
      );
    }
    checkKnownKeys(options, "Dense", DENSE_OPTION_KEYS);
    this.inputSize = checkInteger("inputSize", options.inputSize, 1);
    this.outputSize = checkInteger("outputSize", options.outputSize, 1);
    // only a missing option takes the default: null is a value, and refused
    this.activation = resolveActivation(options.activation === undefined ? "sigmoid" : options.activation, "activation", builtinActivations);
    if (options.bias !== undefined && typeof options.bias !== "boolean") {
      throw new ConfigError(`bias must be true or false, got ${describe(options.bias)}`);
    }
    const bias = options.bias ?? true;
    this.initializer = options.initializer === undefined ? undefined : resolveInitializer(options.initializer, "initializer");
    const budget = memoryBudgetOption(options.memoryBudget);
    checkMemory(denseBytes(this.inputSize, this.outputSize, bias), budget, `Dense [${this.inputSize} x ${this.outputSize}] weights with their gradients`);
    this.weights = { name: "W", isWeight: true, value: zeros(this.inputSize, this.outputSize), grad: zeros(this.inputSize, this.outputSize) };
    this.bias = bias ? { name: "b", isWeight: false, value: zeros(1, this.outputSize), grad: zeros(1, this.outputSize) } : undefined;
    this.parameters = this.bias ? [this.weights, this.bias] : [this.weights];
    this.direct = new DirectCalls("Dense", this.inputSize, this.outputSize, (mode) => new DenseStep(this, mode));
  }

  /**
   * The blog's initialisation: every weight, row by row, then every bias, is `2 * random() - 1`,
   * uniform in [-1, 1). With an `initializer`, each weight row by row is `initializer.draw(...)`,
   * then the biases are drawn the same way or set to 0 (see {@link Initializer}).
   *
   * @param random - the source to draw from
   */
  initialize(random: Random): void {
    if (typeof random !== "function") throw new ConfigError(`Dense.initialize needs a random source, a function returning numbers in [0, 1), got ${describe(random)}`);
    // your source's draws are checked to lie in [0, 1) (the built-in ones are used as they are)
    this.draw(checkedRandom(random));
    for (const p of this.parameters) {
      const d = p.value.data;
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i]!)) {
          throw new ConfigError(`initializer ${quote(this.initializer?.name ?? "uniform")} drew ${d[i]} for ${p.name}[${i}]: an initializer must draw finite numbers`);
        }
      }
    }
  }

  private draw(random: Random): void {
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
   * a = f(x W + b). The returned matrix is the layer's own buffer, valid until its next call.
   *
   * @param input - `[n x inputSize]`, any view
   * @throws {@link ShapeError} If `input` does not have `inputSize` columns.
   */
  forward(input: Matrix, training: boolean): Matrix {
    return this.direct.forward(input, training);
  }

  /**
   * Backward pass for the batch of the last `forward` call.
   *
   * @param gradOutput - dL/da, `[n x outputSize]`
   * @param needInputGradient - whether to compute dL/dx
   * @throws {@link ConfigError} If called before `forward`.
   */
  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined {
    return this.direct.backward(gradOutput, needInputGradient);
  }

  /** The packed step a training plan runs: this layer's own forward and backward, unless they were replaced. @internal */
  [MAKE_STEP](mode: StepMode): LayerStep | undefined {
    return this.forward === DENSE_FORWARD && this.backward === DENSE_BACKWARD ? new DenseStep(this, mode) : undefined;
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
   * Restores a layer saved with {@link Dense.toJSON}. Every field is checked (sizes, the
   * activation's name, every weight finite, array lengths against the sizes) before anything is
   * allocated.
   *
   * @param json - the saved layer
   * @param where - the path of `json` for error messages, e.g. `"json.layers[0]"`
   * @param activations - the activations that names may refer to; default the built-ins
   * @param memoryBudget - bytes the layer may take, as {@link DenseOptions.memoryBudget}
   * @throws {@link SerializationError} If a field is missing, has the wrong type, range or shape.
   * @throws {@link LimitError} If the layer would be past `memoryBudget`.
   *
   * @example
   * Dense.fromJSON({ type: "dense", inputSize: 2, outputSize: 1, activation: "identity", weights: [[2], [3]], bias: [1] }).weights.value.data; // => Float64Array [2, 3]
   * Dense.fromJSON({ type: "dense", inputSize: 2, outputSize: 1, activation: "identity", weights: [[2], [null]], bias: [1] }, "json.layers[0]");
   * // throws SerializationError: json.layers[0].weights[1][0] must be a finite number, got null
   */
  static fromJSON(
    json: Record<string, unknown>,
    where = "json",
    activations: Readonly<Record<string, Activation>> = builtinActivations,
    memoryBudget?: number,
  ): Dense {
    const budget = memoryBudgetOption(memoryBudget);
    readObject(json, where);
    const inputSize = readInteger(json, "inputSize", where);
    const outputSize = readInteger(json, "outputSize", where);
    const name = readString(json, "activation", where);
    const activation = Object.hasOwn(activations, name) ? activations[name] : undefined;
    if (activation === undefined) {
      throw new SerializationError(
        `${where}.activation ${quote(name)} is unknown; known: ${listNames(Object.keys(activations))}. ` +
          "Pass your own with Network.fromJSON(json, { activations: { name: activation } })",
      );
    }
    const weights = readMatrixRows(ownField(json, "weights"), `${where}.weights`, inputSize, outputSize);
    if (!Object.hasOwn(json, "bias")) throw new SerializationError(`${where}.bias is missing (an array of ${outputSize} numbers, or null)`);
    const bias = json.bias === null ? null : readVector(json.bias, `${where}.bias`, outputSize);
    const layer = wrapConfig(where, () => new Dense({ inputSize, outputSize, activation, bias: bias !== null, memoryBudget: budget }));
    const w = layer.weights.value.data;
    for (let i = 0; i < inputSize; i++) w.set(weights[i]!, i * outputSize);
    if (bias !== null) layer.bias!.value.data.set(bias);
    return layer;
  }
}

const DENSE_FORWARD = Dense.prototype.forward;
const DENSE_BACKWARD = Dense.prototype.backward;

/**
 * A Dense layer's step in a plan: its buffers for one batch size and the kernels it runs.
 *
 * ```text
 * forward:   z = x W (+ b),  a = f(z)     (a in place over z unless f' needs z and there is a backward pass)
 * backward:  delta = g ⊙ f'(z, a)         (a loss head may write dL/da into delta first: then g = delta)
 *            dW = xᵀ delta,  db = Σ_rows delta,  gradInput = delta Wᵀ
 * ```
 */
class DenseStep implements LayerStep {
  readonly elementwise: ElementwiseOutput | undefined;
  private readonly W: Float64Array;
  private readonly gW: Float64Array;
  private readonly b: Float64Array | undefined;
  private readonly gb: Float64Array | undefined;
  private readonly inputs: number;
  private readonly outputs: number;
  private readonly kernels: ActivationKernels;
  /** every product of a full batch stays under the WebAssembly threshold: call the JS kernels directly */
  private readonly js: boolean;
  private readonly z: Float64Array;
  private readonly a: Float64Array;
  private readonly delta: Float64Array;
  /** the network's last layer: z + b kept apart from a */
  private readonly output: boolean;
  readonly logits: Float64Array | undefined;
  /** the plan's WebAssembly arena, when this step's buffers live in it (see {@link ArenaSlots}) */
  private readonly arena: WasmArena | undefined;
  private readonly slots: ArenaSlots | undefined;

  constructor(layer: Dense, mode: StepMode) {
    this.W = layer.weights.value.data;
    this.gW = layer.weights.grad.data;
    this.b = layer.bias?.value.data;
    this.gb = layer.bias?.grad.data;
    this.inputs = layer.inputSize;
    this.outputs = layer.outputSize;
    this.kernels = kernelsOf(layer.activation);
    this.js = belowWasmThreshold(mode.rows * this.inputs * this.outputs);
    const arena = this.js ? undefined : mode.arena;
    this.arena = arena;
    const size = mode.rows * this.outputs;
    const buffer = (values: number): Float64Array => (arena === undefined ? new Float64Array(values) : arena.alloc(values));
    this.a = buffer(size);
    // a is computed in place over z, unless a backward pass will need z for f'(z, a), or the layer
    // is the network's output, whose z + b a loss may read (logits)
    this.output = mode.output === true;
    this.z = (mode.backward && this.kernels.keepsInput) || this.output ? buffer(size) : this.a;
    this.logits = this.output ? this.z : undefined;
    this.delta = mode.backward ? buffer(size) : EMPTY;
    this.elementwise = mode.backward ? { z: this.z, a: this.a, delta: this.delta, kernels: this.kernels } : undefined;
    this.slots =
      arena === undefined
        ? undefined
        : {
            x: arena.alloc(mode.rows * this.inputs),
            W: arena.alloc(this.inputs * this.outputs),
            b: this.b === undefined ? undefined : arena.alloc(this.outputs),
            Wt: mode.backward ? arena.alloc(this.inputs * this.outputs) : EMPTY,
            gW: mode.backward ? arena.alloc(this.inputs * this.outputs) : EMPTY,
            f: WASM_ACTIVATIONS.get(layer.activation),
          };
  }

  forward(x: Float64Array, rows: number): Float64Array {
    if (this.slots !== undefined) return this.forwardInArena(x, rows, this.arena!, this.slots);
    const z = this.z;
    if (this.js) gemmNN(z, 0, x, 0, this.W, 0, rows, this.outputs, this.inputs);
    else productNN(z, 0, x, 0, this.W, 0, rows, this.outputs, this.inputs);
    this.activate(z, this.b, rows);
    return this.a;
  }

  /** a = f(z + b), the output layer keeping z + b (its logits); f gets the same sums the kernels' own bias add makes. */
  private activate(z: Float64Array, b: Float64Array | undefined, rows: number): void {
    if (this.output && b !== undefined) {
      addRowVector(z, b, rows * this.outputs, this.outputs);
      this.kernels.forward(z, this.a, undefined, rows * this.outputs, this.outputs);
    } else {
      this.kernels.forward(z, this.a, b, rows * this.outputs, this.outputs);
    }
  }

  /** The forward pass in the arena: x copied in unless it is there already (the layer below's output), W and b copied in. */
  private forwardInArena(x: Float64Array, rows: number, arena: WasmArena, slots: ArenaSlots): Float64Array {
    const n = this.inputs;
    const m = this.outputs;
    const xa = this.resident(x, rows, arena, slots);
    slots.W.set(this.W);
    arena.gemm(this.z, xa, n * 8, 8, slots.W, rows, m, n);
    const b = this.b === undefined ? undefined : (slots.b!.set(this.b), slots.b);
    if (slots.f !== undefined) arena.activate(slots.f, this.z, this.a, b, rows, m, this.output);
    else this.activate(this.z, b, rows);
    return this.a;
  }

  /** x itself when it is an arena buffer, else its first `rows` rows copied into the step's slot. */
  private resident(x: Float64Array, rows: number, arena: WasmArena, slots: ArenaSlots): Float64Array {
    if (arena.holds(x)) return x;
    const len = rows * this.inputs;
    const to = slots.x;
    // x exactly (a batch, a chunk of packed input): one copy; else its first rows, in a loop, with
    // no subarray view allocated per step and no copy of the rows past `rows` (x may be a whole chunk)
    if (x.length === len) to.set(x);
    else for (let i = 0; i < len; i++) to[i] = x[i]!;
    return to;
  }

  backward(x: Float64Array, g: Float64Array | undefined, gradInput: Float64Array | undefined, rows: number): void {
    const delta = this.delta;
    const n = this.inputs;
    const m = this.outputs;
    if (g !== undefined) this.kernels.delta(delta, g, this.z, this.a, rows * m);
    const slots = this.slots;
    if (slots !== undefined) {
      const arena = this.arena!;
      // x as the forward pass read it: in place, or the copy it made
      const xa = arena.holds(x) ? x : slots.x;
      // dW = xᵀ delta: row i of xᵀ is column i of x (next value +1 row: 8n bytes)
      arena.gemm(slots.gW, xa, 8, n * 8, delta, n, m, rows);
      this.gW.set(slots.gW);
    } else if (this.js) gemmTN(this.gW, 0, x, 0, delta, 0, n, m, rows);
    else productTN(this.gW, 0, x, 0, delta, 0, n, m, rows);
    if (this.gb !== undefined) columnSums(this.gb, delta, rows, m);
    if (gradInput === undefined) return;
    if (slots !== undefined && this.arena!.holds(gradInput)) {
      // gradInput = delta Wᵀ, with Wᵀ packed [m x n]
      transposeInto(slots.Wt, 0, this.W, 0, n, m);
      this.arena!.gemm(gradInput, delta, m * 8, 8, slots.Wt, rows, n, m);
    } else if (this.js) gemmNT(gradInput, 0, delta, 0, this.W, 0, rows, n, m);
    else productNT(gradInput, 0, delta, 0, this.W, 0, rows, n, m);
  }
}

/** A Dense step's buffers in the arena besides z, a and delta: the operands copied in. */
interface ArenaSlots {
  /** the input rows, when they are not an arena buffer already */
  readonly x: Float64Array;
  readonly W: Float64Array;
  readonly b: Float64Array | undefined;
  /** Wᵀ for the gradient sent down */
  readonly Wt: Float64Array;
  /** dW, copied out to the weights' gradient */
  readonly gW: Float64Array;
  /** the activation when the module has it; else the JS kernels run over the arena's buffers */
  readonly f: WasmActivation | undefined;
}

/** The built-in activations the WebAssembly module computes. */
const WASM_ACTIVATIONS: ReadonlyMap<Activation, WasmActivation> = new Map([
  [builtinActivations.sigmoid, "sigmoid"],
  [builtinActivations.tanh, "tanh"],
  [builtinActivations.relu, "relu"],
  [builtinActivations.leakyRelu, "leakyRelu"],
  [builtinActivations.identity, "identity"],
] as const);

const EMPTY = new Float64Array(0);

/** z[i] += b[i mod cols] over `size` values: the bias add of the output layer, which keeps z + b. */
function addRowVector(z: Float64Array, b: Float64Array, size: number, cols: number): void {
  for (let r = 0; r < size; r += cols) for (let j = 0; j < cols; j++) z[r + j]! += b[j]!;
}
