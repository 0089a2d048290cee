// A plan: a network's layers as packed steps over buffers of one batch size, built once and run
// for every batch of that size or smaller. Training, prediction, evaluation, `trace` and
// `checkGradients` all run plans; there is no other path through the layers.
//
// Each built-in layer contributes its own step (layers/*.ts, `MAKE_STEP`); any other layer, or a
// built-in one whose `forward` / `backward` were replaced, runs through `LayerAdapter`, which calls
// the Layer protocol. Buffers: every step owns its output (and delta, mask, x̂ ...) for `rows` rows;
// the plan owns dL/d(output) of every layer but the first (what the layer above sends down).

import { Dense } from "../layers/dense.js";
import { stepOf, type Layer, type LayerStep, type StepMode } from "../layers/layer.js";
import { checkMemory, DEFAULT_MEMORY_BUDGET } from "../limits.js";
import { arenaFor } from "../matrix/wasm.js";
import { checkParameters, LayerAdapter } from "./layer-adapter.js";
import type { SmallForward } from "./small-predict.js";

/** @internal */
export class Plan {
  readonly mode: StepMode;
  readonly steps: readonly LayerStep[];
  /** grads[l] = dL/d(output of layer l): layer l+1's gradInput, and for the last layer the loss gradient */
  readonly grads: readonly Float64Array[];
  /** what each layer's forward was given in the last pass (the first: the batch) */
  readonly inputs: Float64Array[];
  /** the output of the last pass */
  output: Float64Array = EMPTY;
  /** the forward and backward each layer had when the plan was built */
  private readonly methods: readonly [unknown, unknown][];

  /**
   * @param budget - bytes the plan's buffers may take: checked, on an estimate from the layer sizes
   *   that is at least what the built-in layers allocate, before anything is allocated
   */
  constructor(
    readonly layers: readonly Layer[],
    mode: StepMode,
    budget = DEFAULT_MEMORY_BUDGET,
  ) {
    checkMemory(planBytes(layers, mode.rows), budget, `${mode.training ? "training" : "prediction"} buffers for batches of ${mode.rows} rows`);
    this.mode = mode;
    this.methods = layers.map((l) => [l.forward, l.backward]);
    const last = layers.length - 1;
    for (let l = 0; l < layers.length; l++) checkParameters(layers[l]!, `layers[${l}]`);
    // the buffers of steps whose products go to WebAssembly, and the gradients they send down, in an arena
    // (not when its memory would be past the budget: the buffers then stay in JS memory, as checked above)
    const values = arenaValues(layers, mode);
    const arena = 8 * values <= budget ? arenaFor(largestProduct(layers, mode.rows), values) : undefined;
    this.steps = layers.map((layer, l) => {
      const stepMode = { ...mode, arena, output: l === last };
      return stepOf(layer, stepMode) ?? new LayerAdapter(layer, `layers[${l}]`, stepMode);
    });
    const buffer = (values: number): Float64Array => (arena === undefined ? new Float64Array(values) : arena.alloc(values));
    this.grads = mode.backward ? layers.map((l) => buffer(mode.rows * l.outputSize)) : [];
    this.inputs = layers.map(() => EMPTY);
  }

  /** A plan for a gradient check: inference behaviour (no dropout, running statistics), with a backward pass. */
  static forGradients(layers: readonly Layer[], rows: number): Plan {
    return new Plan(layers, { rows, training: false, backward: true });
  }

  /** Lets go of the last pass's input and output references (the caller's data, chunks of it). */
  release(): void {
    this.inputs.fill(EMPTY);
    this.output = EMPTY;
    for (const step of this.steps) if (step instanceof LayerAdapter) step.release();
  }

  /** Whether the plan still runs what the layers are: no forward or backward replaced since it was built. */
  current(): boolean {
    const layers = this.layers;
    for (let l = 0; l < layers.length; l++) {
      const m = this.methods[l]!;
      if (layers[l]!.forward !== m[0] || layers[l]!.backward !== m[1]) return false;
    }
    return true;
  }

  /** The network's output for the first `rows` rows of packed `x` (a buffer of the last step). */
  forward(x: Float64Array, rows: number): Float64Array {
    const steps = this.steps;
    const inputs = this.inputs;
    let a = x;
    // indexed, not for-of: an iterator object per call when V8 does not inline this method
    for (let l = 0; l < steps.length; l++) {
      inputs[l] = a;
      a = steps[l]!.forward(a, rows);
    }
    this.output = a;
    return a;
  }

  /**
   * Sends the gradient back from layer `top` down to the first: `g` is dL/d(output of `top`), or
   * undefined when a loss head has written that layer's delta itself.
   */
  backward(top: number, g: Float64Array | undefined, rows: number): void {
    const steps = this.steps;
    let gl = g;
    for (let l = top; l >= 0; l--) {
      const gradInput = l > 0 ? this.grads[l - 1] : undefined;
      steps[l]!.backward(this.inputs[l]!, gl, gradInput, rows);
      gl = gradInput;
    }
  }
}

const EMPTY = new Float64Array(0);

/** The most multiply-adds of one Dense product in a pass over `rows` rows (rows · inputs · outputs): Dense steps are the arena's users. */
function largestProduct(layers: readonly Layer[], rows: number): number {
  let most = 0;
  for (const l of layers) if (l instanceof Dense) most = Math.max(most, rows * l.inputSize * l.outputSize);
  return most;
}

/**
 * Values an arena for this plan needs, over-estimated as if every layer were Dense (see the Dense
 * step): per layer its input rows (a copy, when they are not in the arena already), a, z for the
 * output layer, W and b; for a backward pass also z, delta, the gradient it receives, Wᵀ and dW;
 * and 16 bytes of alignment per buffer.
 */
function arenaValues(layers: readonly Layer[], mode: StepMode): number {
  let values = 0;
  const last = layers.length - 1;
  layers.forEach((l, i) => {
    const weights = l.inputSize * l.outputSize;
    const perRow = l.inputSize + l.outputSize * (mode.backward ? 4 : i === last ? 2 : 1);
    values += mode.rows * perRow + (mode.backward ? 3 : 1) * weights + l.outputSize + 16;
  });
  return values;
}

/**
 * Bytes of a plan's buffers for batches of `rows` rows, over-estimated: per row, the input and for
 * each layer four values per output (z, a, the gradient and the layer's own scratch), float64. @internal
 */
export function planBytes(layers: readonly Layer[], rows: number): number {
  let values = layers[0]!.inputSize;
  for (const l of layers) values += 4 * l.outputSize;
  return 8 * rows * values;
}

/** Values the buffers of an inference plan may hold (1 MiB of float64): `predict` works through large inputs in chunks of rows that fit. */
const CHUNK_VALUES = 1 << 17;

/**
 * The plans of one network: at most one for training (one batch size at a time) and one for
 * inference, in chunks of `chunkRows` rows. @internal
 */
export class Plans {
  private trainingPlan: Plan | undefined;
  private inferencePlan: Plan | undefined;
  private input: Float64Array | undefined;
  /** Rows per inference chunk: as many as fit in CHUNK_VALUES (a multiple of 4, the products' row tile), at least 1. */
  readonly chunkRows: number;

  /** @param budget - bytes each plan's buffers may take (see {@link Plan}) */
  constructor(
    readonly layers: readonly Layer[],
    readonly budget = DEFAULT_MEMORY_BUDGET,
  ) {
    let width = layers[0]!.inputSize;
    for (const l of layers) width += 2 * l.outputSize;
    const rows = Math.floor(CHUNK_VALUES / width);
    this.chunkRows = rows >= 8 ? rows - (rows % 4) : Math.max(1, rows);
  }

  /** The plan for training batches of at most `rows` rows; replaces one kept for another size. */
  training(rows: number): Plan {
    const p = this.trainingPlan;
    if (p !== undefined && p.mode.rows === rows && p.current()) return p;
    this.trainingPlan = undefined;
    return (this.trainingPlan = new Plan(this.layers, { rows, training: true, backward: true }, this.budget));
  }

  /** The small-input path's state (small-predict.ts), made on its first use. */
  small: SmallForward | undefined = undefined;

  /** A pass of the inference plan is running (a layer or activation of yours may predict with its own network). */
  inferenceBusy = false;

  /**
   * The inference plan, for chunks of at most `chunkRows` rows; a plan of its own, not kept, while
   * the kept one is running (a `predict` from inside a `predict`).
   */
  inference(): Plan {
    if (this.inferenceBusy) return new Plan(this.layers, { rows: this.chunkRows, training: false, backward: false }, this.budget);
    const p = this.inferencePlan;
    if (p !== undefined && p.current()) return p;
    this.inferencePlan = undefined;
    return (this.inferencePlan = new Plan(this.layers, { rows: this.chunkRows, training: false, backward: false }, this.budget));
  }

  /** A buffer for one chunk of input rows, packed. */
  inputBuffer(): Float64Array {
    return (this.input ??= new Float64Array(this.chunkRows * this.layers[0]!.inputSize));
  }
}
