// Inference on a few rows of `number[][]` (up to SMALL_ROWS): the calls a user makes one sample at a
// time. The general path (predict.ts) validates the whole input into a CheckedInput, takes the
// chunked inference plan, reads the rows again into its buffer and checks the output; on one row of
// the blog's network that bookkeeping, and a product kernel made for larger matrices, cost more
// than the arithmetic. Here the rows are validated as they are copied into a buffer of SMALL_ROWS
// rows, run through the layers and read out, with nothing allocated but the result.
//
// Same bits as the general path, for every network this path takes:
// - Dense: each entry of x W is a left-to-right sum from the first product, as every product kernel
//   of src/matrix computes it (plain loops here on small products, the engine's own kernel on
//   larger ones); then the layer's activation kernel (activations/kernels.ts), the very function its
//   step runs, given the bias to add (z + b, then f, as the step's own bias add and kernel do);
// - every other layer (Softmax, BatchNorm, Dropout): its own step, in inference mode;
// - the layers' parameter arrays are held, not copied: weights set or trained since are read.
// Rows are independent of each other, so a row's output does not depend on the rows beside it. A
// layer of yours, or a built-in one whose forward or backward was replaced, runs through the general
// path only.
//
// Anything unusual goes to the general path, which gives the answer or the error it always gave:
// an input that is not `number[][]`, has no rows or more than SMALL_ROWS, a row that is not an array
// of `inputSize` finite numbers, a non-finite output, a pass from inside a pass (an activation of
// yours that predicts), and a network whose chunked inference plan would be past its memory budget.

import { kernelsOf, type ActivationKernels } from "../activations/kernels.js";
import { Dense } from "../layers/dense.js";
import { MAKE_STEP, stepOf, type Layer, type StepMode } from "../layers/layer.js";
import { productNN } from "../matrix/matmul.js";
import { checkParameters } from "./layer-adapter.js";
import { planBytes, type Plans } from "./plan.js";

/** The most rows the small path takes. @internal */
export const SMALL_ROWS = 16;

/** Products of at most this many multiply-adds run in the plain loops below; larger ones in the engine's kernel, whose tiles pay there. */
const LOOP_WORK = 256;

/** One layer's part of the small path: its output for the first `rows` rows of packed `x`. */
interface Stage {
  forward(x: Float64Array, rows: number): Float64Array;
}

/**
 * A Dense layer: z = x W (+ b), a = f(z), in place in one buffer.
 *
 * ```text
 * z[i][j] = (...((x[i][0] W[0][j] + x[i][1] W[1][j]) + x[i][2] W[2][j]) ...)     k = 0, 1, ..., n-1
 * a[i][j] = f(z[i][j] + b[j])                                                     the kernel of f
 * ```
 */
class DenseStage implements Stage {
  private readonly W: Float64Array;
  private readonly b: Float64Array | undefined;
  private readonly n: number;
  private readonly m: number;
  private readonly kernels: ActivationKernels;
  private readonly a: Float64Array;

  constructor(layer: Dense) {
    this.W = layer.weights.value.data;
    this.b = layer.bias?.value.data;
    this.n = layer.inputSize;
    this.m = layer.outputSize;
    this.kernels = kernelsOf(layer.activation);
    this.a = new Float64Array(SMALL_ROWS * this.m);
  }

  forward(x: Float64Array, rows: number): Float64Array {
    const a = this.a;
    const W = this.W;
    const n = this.n;
    const m = this.m;
    if (rows * n * m <= LOOP_WORK) {
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
    this.kernels.forward(a, a, this.b, rows * m, m);
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
  /** Whether the small path can run this network (else every call goes to the general path). */
  private usable: boolean;
  /** The layers' stages, made on the first valid input (so that an error they raise comes after the input's, as in the general path). */
  private stages: Stage[] | undefined = undefined;
  /** The input rows, packed. */
  private readonly x: Float64Array;
  private readonly cols: number;

  constructor(
    private readonly layers: readonly Layer[],
    plans: Plans,
  ) {
    for (const layer of layers) this.methods.push(layer.forward, layer.backward);
    // only built-in layers; and the general path's plan must fit the budget (else it refuses, and so
    // must predict): its chunks hold SMALL_ROWS rows, which also keeps SMALL_ROWS · inputSize far
    // below the most values an input may have
    this.usable =
      layers.every((l) => typeof (l as Partial<Record<typeof MAKE_STEP, unknown>>)[MAKE_STEP] === "function") &&
      plans.chunkRows >= SMALL_ROWS &&
      planBytes(layers, plans.chunkRows) <= plans.budget;
    this.cols = layers[0]!.inputSize;
    this.x = new Float64Array(this.usable ? SMALL_ROWS * this.cols : 0);
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
   * (see the top of this file). Each value of `X` is read once.
   */
  run(X: readonly unknown[], outputs: number): number[][] | undefined {
    if (!this.usable) return undefined;
    const rows = X.length;
    const x = this.x;
    const cols = this.cols;
    for (let i = 0, q = 0; i < rows; i++) {
      const row: unknown = X[i];
      if (!Array.isArray(row) || row.length !== cols) return undefined;
      for (let j = 0; j < cols; j++, q++) {
        const v: unknown = row[j];
        // false for anything but a finite number (no coercion)
        if (!Number.isFinite(v)) return undefined;
        x[q] = v as number;
      }
    }
    const stages = this.stages ?? this.makeStages();
    if (stages === undefined) return undefined;
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

  /** The stages, checked as a plan checks the layers; undefined (and unusable) when a layer has no step of its own. */
  private makeStages(): Stage[] | undefined {
    const last = this.layers.length - 1;
    const stages: Stage[] = [];
    for (let l = 0; l <= last; l++) {
      const layer = this.layers[l]!;
      checkParameters(layer, `layers[${l}]`);
      const mode: StepMode = { rows: SMALL_ROWS, training: false, backward: false, output: l === last };
      const step = stepOf(layer, mode);
      if (step === undefined) {
        this.usable = false;
        return undefined;
      }
      stages.push(layer instanceof Dense ? new DenseStage(layer) : step);
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
