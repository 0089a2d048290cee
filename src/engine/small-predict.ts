// Inference on a few rows of `number[][]` of a small network: the calls a user makes one sample at a
// time. The general path (predict.ts) validates the whole input into a CheckedInput, takes the
// chunked inference plan, reads the rows again into its buffer, copies the weights into the
// WebAssembly kernels' memory and checks the output; on one row of the blog's network that costs
// three times the arithmetic. Here the rows are validated as they are copied into a buffer, run
// through the layers in plain loops and read out, with nothing allocated but the result. Calls of
// more work than SMALL_WORK (rows x the network's work per row) take the general path, whose
// vectorised kernels are faster there.
//
// Same bits as the general path, for every network this path takes:
// - Dense: each entry of x W is a left-to-right sum from the first product, as every product kernel
//   of src/matrix computes it (plain loops here on small products, the engine's own kernel on
//   larger ones); then + b, then the activation: the built-ins' formulas as activations/kernels.ts
//   writes them (src/math's exp and tanh, as the WebAssembly module's sigmoid too), an activation of
//   yours through its kernel from kernelsOf;
// - every other layer (Softmax, BatchNorm, Dropout): its own step, in inference mode;
// - the layers' parameter arrays are held, not copied: weights set or trained since are read.
// Rows are independent of each other, so a row's output does not depend on the rows beside it. A
// layer of yours, or a built-in one whose forward or backward was replaced, runs through the general
// path only.
//
// Anything unusual goes to the general path, which gives the answer or the error it always gave:
// an input that is not `number[][]`, has no rows or too many, a row that is not an array of
// `inputSize` finite numbers, a non-finite output, a pass from inside a pass (an activation of yours
// that predicts), and a network whose chunked inference plan would be past its memory budget.

import type { Activation } from "../activations/activation.js";
import { identity, leakyRelu, relu, sigmoid, tanh } from "../activations/builtins.js";
import { kernelsOf, type ActivationKernels } from "../activations/kernels.js";
import { DataError, describe } from "../errors.js";
import { Dense } from "../layers/dense.js";
import { MAKE_STEP, stepOf, type Layer, type StepMode } from "../layers/layer.js";
import { expRange } from "../math/exp.js";
import { tanhRange } from "../math/tanh.js";
import { productNN } from "../matrix/matmul.js";
import { checkParameters } from "./layer-adapter.js";
import { planBytes, type Plans } from "./plan.js";

/** The most rows the small path takes (its buffers' size). @internal */
export const SMALL_ROWS = 16;

/**
 * The most work, in multiply-adds, a call on the small path may take (see {@link rowWork}): past it
 * the general path's WebAssembly kernels (vectorised products and sigmoid) win back its fixed cost
 * of about half a microsecond. Measured on Node 20 (µs per call, small path / general path):
 *
 * ```text
 * [3, 4, 1] sigmoid     76 a row    1 row 0.17 / 0.64   8 rows 1.07 / 1.17   12 rows 1.60 / 1.48
 * [2, 16, 16, 1] relu  337 a row    1 row 0.79 / 0.84   2 rows 0.84 / 0.92    4 rows 1.57 / 1.04
 * [8, 32, 4] sigmoid   816 a row    1 row 1.42 / 0.88
 * ```
 * @internal
 */
export const SMALL_WORK = 640;

/** Products of at most this many multiply-adds run in the plain loops below; larger ones in the engine's kernel, whose tiles pay there. */
const LOOP_WORK = 256;

/**
 * One row's work through the layers, in multiply-adds: n · m for each Dense layer's product, and a
 * value of each layer's output, twelve for a sigmoid (src/math's exp here, the vectorised one in the
 * general path's WebAssembly module). @internal
 */
export function rowWork(layers: readonly Layer[]): number {
  let work = 0;
  for (const layer of layers) {
    const m = layer.outputSize;
    work += layer instanceof Dense ? layer.inputSize * m + (layer.activation === sigmoid ? 12 : 1) * m : m;
  }
  return work;
}

/** One layer's part of the small path: its output for the first `rows` rows of packed `x`. */
interface Stage {
  forward(x: Float64Array, rows: number): Float64Array;
}

/** The built-in activations the Dense stage computes in its own loops: their kernels' formulas. */
const SIGMOID = 0;
const TANH = 1;
const RELU = 2;
const LEAKY_RELU = 3;
const IDENTITY = 4;
/** Any other activation (yours): its kernel from kernelsOf, which calls its apply. */
const OTHER = 5;

const BUILT_IN: ReadonlyMap<Activation, number> = new Map([
  [sigmoid, SIGMOID],
  [tanh, TANH],
  [relu, RELU],
  [leakyRelu, LEAKY_RELU],
  [identity, IDENTITY],
]);

/**
 * A Dense layer, in place in one buffer: the product, the bias add, the activation.
 *
 * ```text
 * z[i][j] = (...((x[i][0] W[0][j] + x[i][1] W[1][j]) + x[i][2] W[2][j]) ...)     k = 0, 1, ..., n-1
 * a[i][j] = f(z[i][j] + b[j])
 * ```
 *
 * The activations are written out here as activations/kernels.ts writes them (the same operations
 * on the same values, src/math's exp and tanh): a loop of its own per activation keeps exp inlined,
 * where the kernel's eight call sites of it do not all fit V8's inlining budget (on the blog's
 * network the calls to exp took a third of the time).
 */
class DenseStage implements Stage {
  private readonly W: Float64Array;
  private readonly b: Float64Array | undefined;
  private readonly n: number;
  private readonly m: number;
  private readonly f: number;
  private readonly kernels: ActivationKernels;
  private readonly a: Float64Array;

  /** @param rows - the most rows a call passes */
  constructor(layer: Dense, rows: number) {
    this.W = layer.weights.value.data;
    this.b = layer.bias?.value.data;
    this.n = layer.inputSize;
    this.m = layer.outputSize;
    this.f = BUILT_IN.get(layer.activation) ?? OTHER;
    this.kernels = kernelsOf(layer.activation);
    this.a = new Float64Array(rows * this.m);
  }

  forward(x: Float64Array, rows: number): Float64Array {
    const a = this.a;
    const W = this.W;
    const n = this.n;
    const m = this.m;
    const size = rows * m;
    if (size * n <= LOOP_WORK) {
      for (let i = 0, r = 0, o = 0; i < rows; i++, r += n, o += m) {
        for (let j = 0; j < m; j++) {
          let c = x[r]! * W[j]!;
          for (let k = 1, q = m + j; k < n; k++, q += m) c += x[r + k]! * W[q]!;
          a[o + j] = c;
        }
      }
    } else {
      productNN(a, 0, x, 0, W, 0, rows, m, n);
    }
    const f = this.f;
    if (f === OTHER) {
      this.kernels.forward(a, a, this.b, size, m);
      return a;
    }
    const b = this.b;
    if (b !== undefined) for (let o = 0; o < size; o += m) for (let j = 0; j < m; j++) a[o + j]! += b[j]!;
    if (f === SIGMOID) {
      // as the sigmoid kernel: e^-z over the buffer by src/math's expRange, then 1 / (1 + e^-z)
      for (let i = 0; i < size; i++) a[i] = -a[i]!;
      expRange(a, 0, size);
      for (let i = 0; i < size; i++) a[i] = 1 / (1 + a[i]!);
    } else if (f === TANH) tanhRange(a, 0, size);
    else if (f === RELU) {
      for (let i = 0; i < size; i++) {
        const v = a[i]!;
        a[i] = v > 0 ? v : 0;
      }
    } else if (f === LEAKY_RELU) {
      for (let i = 0; i < size; i++) {
        const v = a[i]!;
        a[i] = v > 0 ? v : 0.01 * v;
      }
    }
    return a;
  }
}

/**
 * The small path's state for one network: the layers' forward and backward it was made for and,
 * once a valid input has come, the stages. @internal
 */
export class SmallForward {
  /** The forward and backward of each layer when this was made: it is made again when one changes. */
  private readonly methods: unknown[] = [];
  /** The most rows the small path takes for this network: 0 when it cannot run it (every call goes to the general path). */
  private maxRows: number;
  /** The layers' stages, made on the first valid input (so that an error they raise comes after the input's, as in the general path). */
  private stages: Stage[] | undefined = undefined;
  /** The input rows, packed. */
  private readonly x: Float64Array;
  private readonly cols: number;

  /** @param work - the most work a call may take ({@link SMALL_WORK}; tests pass Infinity) */
  constructor(
    private readonly layers: readonly Layer[],
    plans: Plans,
    work = SMALL_WORK,
  ) {
    for (const layer of layers) this.methods.push(layer.forward, layer.backward);
    // only built-in layers; and the general path's plan must fit the budget (else it refuses, and so
    // must predict): its chunks hold SMALL_ROWS rows, which also keeps SMALL_ROWS · inputSize far
    // below the most values an input may have
    const usable =
      layers.every((l) => typeof (l as Partial<Record<typeof MAKE_STEP, unknown>>)[MAKE_STEP] === "function") &&
      plans.chunkRows >= SMALL_ROWS &&
      planBytes(layers, plans.chunkRows) <= plans.budget;
    this.maxRows = usable ? Math.min(SMALL_ROWS, Math.floor(work / rowWork(layers))) : 0;
    this.cols = layers[0]!.inputSize;
    this.x = new Float64Array(this.maxRows * this.cols);
  }

  /** Whether the layers still have the forward and backward this was made for. */
  current(): boolean {
    const layers = this.layers;
    const methods = this.methods;
    for (let l = 0, k = 0; l < layers.length; l++, k += 2) {
      const layer = layers[l]!;
      if (layer.forward !== methods[k] || layer.backward !== methods[k + 1]) return false;
    }
    return true;
  }

  /**
   * The network's output for `X` as `number[][]`, or undefined when the general path must answer
   * (see the top of this file).
   *
   * @throws {@link DataError} If a row read a second time (an array with getters) is no longer an
   *   array of finite numbers, as the general path's second read throws.
   */
  run(X: readonly unknown[], outputs: number): number[][] | undefined {
    const rows = X.length;
    if (rows > this.maxRows) return undefined;
    const cols = this.cols;
    // X is read as the general path reads it, so that an array with getters sees the same reads:
    // checked first (X[0], then every row), anything amiss left to the general path's messages (it
    // reads X again: the same answers, but from getters that change theirs) ...
    const first: unknown = X[0];
    if (!Array.isArray(first) || first.length !== cols) return undefined;
    for (let i = 0; i < rows; i++) {
      const row: unknown = X[i];
      if (!Array.isArray(row) || row.length !== cols) return undefined;
      // false for anything but a finite number (no coercion)
      for (let j = 0; j < cols; j++) if (!Number.isFinite(row[j])) return undefined;
    }
    // ... then the plan (whose errors come between the two), then copied, checked again
    const stages = this.stages ?? this.makeStages();
    if (stages === undefined) return undefined;
    const x = this.x;
    for (let i = 0, q = 0; i < rows; i++) {
      const row: unknown = X[i];
      if (!Array.isArray(row)) throw new DataError(`X[${i}] must be an array of numbers, got ${describe(row)} when read again`);
      for (let j = 0; j < cols; j++, q++) {
        const v: unknown = row[j];
        if (typeof v !== "number") throw new DataError(`X[${i}][${j}] must be a number, got ${describe(v)}`);
        if (!Number.isFinite(v)) throw new DataError(`X[${i}][${j}] must be finite, got ${v}`);
        x[q] = v;
      }
    }
    let a = x;
    for (let l = 0; l < stages.length; l++) a = stages[l]!.forward(a, rows);
    const result: number[][] = new Array<number[]>(rows);
    for (let i = 0, q = 0; i < rows; i++) {
      const row: number[] = new Array<number>(outputs);
      for (let j = 0; j < outputs; j++, q++) {
        const v = a[q]!;
        // NaN or Infinity from the network: the general path says where
        if (v - v !== 0) return undefined;
        row[j] = v;
      }
      result[i] = row;
    }
    return result;
  }

  /** The stages, checked as a plan checks the layers; undefined (and the small path off) when a layer has no step of its own. */
  private makeStages(): Stage[] | undefined {
    const last = this.layers.length - 1;
    for (let l = 0; l <= last; l++) checkParameters(this.layers[l]!, `layers[${l}]`);
    const stages: Stage[] = [];
    for (let l = 0; l <= last; l++) {
      const layer = this.layers[l]!;
      const mode: StepMode = { rows: this.maxRows, training: false, backward: false, output: l === last };
      const step = stepOf(layer, mode);
      if (step === undefined) {
        this.maxRows = 0;
        return undefined;
      }
      stages.push(layer instanceof Dense ? new DenseStage(layer, this.maxRows) : step);
    }
    return (this.stages = stages);
  }
}

/**
 * The network's output for `X` through the small path, or undefined when the general path must
 * answer. The small path's state is kept in `plans` and made again when a layer's forward or
 * backward was replaced. @internal
 */
export function predictSmall(plans: Plans, X: readonly unknown[], outputs: number): number[][] | undefined {
  const rows = X.length;
  if (rows === 0 || rows > SMALL_ROWS || plans.inferenceBusy) return undefined;
  let small = plans.small;
  if (small === undefined || !small.current()) small = plans.small = new SmallForward(plans.layers, plans);
  // reading X may run code of yours (getters), and so may an activation of yours: a predict from
  // there takes the general path, with a plan of its own, instead of these buffers
  plans.inferenceBusy = true;
  try {
    return small.run(X, outputs);
  } finally {
    plans.inferenceBusy = false;
  }
}
