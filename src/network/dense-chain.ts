// The fused training path for the common case: a chain of Dense layers with built-in activations,
// the sse or mse loss and plain gradient descent with a constant alpha, nothing else.
//
// Why it exists: on the blog's networks (4 x 3 inputs, 4 hidden units) an iteration is ~150
// multiply-adds and 20 exps. Through the layer protocol (`forward` -> `Dense.forward` -> `matmul`
// -> view checks -> `gemmNN`, the same on the way back, the loss and optimizer objects) the calls,
// view checks and generic loop code cost as much as the math: ~2x a hand-written loop (see
// docs/performance.md). Here a whole run (or one iteration, with onProgress) is one call that
// works on packed buffers.
//
// Parity: the same operations in the same order. Forward and backward call the kernels Dense
// calls (`productNN`/`productTN`/`productNT`, the WebAssembly or JS kernels that `matmul`,
// `matmulTransA` and `matmulTransB` use on packed views, or the JS `gemm*` directly when no
// product reaches the WebAssembly threshold; `biasActivate`, `activationDelta`, `columnSums`);
// batches use `gatherRows` and `shuffleInPlace` as `runIteration` does. The output step, `squaredErrorDelta`, does in one pass
// what sse/mse's `value` and `gradient`, `addSumAbsDiff` and `activationDelta` do one after the
// other, and the update is GradientDescent's `v -= alpha * g`. Anything not covered (other layers,
// losses or optimizers, monitors, regularization, clipping, early stopping) goes through
// `runIteration`. test/dense-chain.test.ts trains the same configurations both ways and compares
// histories, weights, gradients and predictions bit for bit.

import { activations as builtinActivations } from "../activations/builtins.js";
import { activationDelta, biasActivate, Dense, squaredErrorDelta } from "../layers/dense.js";
import type { Layer } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import { mse, sse } from "../losses/builtins.js";
import type { Loss } from "../losses/loss.js";
import { columnSumsPacked } from "../matrix/elementwise.js";
import { gemmNN, gemmNT, gemmTN, productNN, productNT, productTN } from "../matrix/matmul.js";
import { belowWasmThreshold } from "../matrix/wasm.js";
import { gatherRows, isPacked, rowsOf, zeros, type Matrix } from "../matrix/matrix.js";
import { GradientDescent } from "../optimizers/gradient-descent.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import type { TrainingMonitor } from "../monitors/monitor.js";
import { shuffleInPlace, type Random } from "../random.js";
import { diverged } from "./diverged.js";
import { ABS_SUM, BATCH_LOSS, LOSS_SUM, recordIteration, type HistoryRecorder } from "./history.js";

/** What decides whether a training run can take the fused path (the checked train options). @internal */
export interface ChainOptions {
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  readonly monitors: readonly TrainingMonitor[];
  readonly regularization: unknown;
  readonly clipValue: number | undefined;
  readonly clipNorm: number | undefined;
  readonly earlyStopping: unknown;
  readonly batchSize: number;
  readonly shuffle: boolean;
}

// V8's optimised code for the loop below refers to the layouts (maps) of the objects it reads.
// When every object of such a layout has been collected, V8 discards that code, and the next
// `train` call warms up again (measured: ~2x on W1 when a GC runs between calls). So the network
// keeps its last chain and the next run reuses its layers, buffers and step functions (see
// `denseChain`). The chain object itself has to survive: keeping only its buffers, optimizer and
// index arrays was measured not to be enough. It holds the last fused run's X and y until the next
// fused run (a general-path run leaves it as it is), as the layer path's first Dense holds X.

/** One Dense layer's parameters and activation, as packed arrays. */
interface ChainLayer {
  readonly W: Float64Array;
  readonly gW: Float64Array;
  readonly b: Float64Array | undefined;
  readonly gb: Float64Array | undefined;
  readonly inputs: number;
  readonly outputs: number;
  readonly apply: (x: number) => number;
  readonly derivative: (x: number, y: number) => number;
}

/** One layer's buffers for one batch size: what a Dense keeps per row count. */
interface LayerBuffers {
  /** z = input · W + b */
  readonly z: Float64Array;
  /** a = f(z) */
  readonly a: Float64Array;
  /** dL/dz */
  readonly delta: Float64Array;
  /** dL/d(input) = delta · Wᵀ, the next layer down's dL/da (unused for the first layer) */
  readonly gradInput: Float64Array;
}

/** What the steps read that can change from one run to the next; one object per network, updated by each run. */
interface StepSettings {
  /**
   * [GradientDescent's alpha] (the fused path takes no schedule). In an array, not a number
   * field: a double read from a field and passed to a call V8 does not inline is boxed, 16 bytes
   * per update (seen in W2 in 2 processes of 5).
   */
  readonly rate: Float64Array;
  /** mse (the loss divided by the batch's rows) rather than sse */
  mean: boolean;
}

/**
 * One update on a batch: forward, loss, backward, gradient descent. Writes the loss and
 * Σ |output - y| to `out[at]` and `out[at + 1]` (the history, or the buffers' `errors`); returns
 * false, before any update, when the loss is NaN or infinite.
 */
type ChainStep = (x: Float64Array, t: Float64Array, out: Float64Array, at: number) => boolean;

/** The buffers and step function of one batch size. */
interface ChainBuffers {
  readonly rows: number;
  /** mini-batches: the batch's rows of X and y, gathered (the full batch uses the data itself) */
  readonly x: Matrix | undefined;
  readonly t: Matrix | undefined;
  /** [loss, Σ |output - y|] of the last mini-batch */
  readonly errors: Float64Array;
  /** whether `step` calls the JS products directly (every product under the WebAssembly threshold) */
  readonly js: boolean;
  readonly step: ChainStep;
}

function chainBuffers(
  rows: number,
  x: Matrix | undefined,
  t: Matrix | undefined,
  layers: readonly ChainLayer[],
  settings: StepSettings,
  js: boolean,
): ChainBuffers {
  const buffers = layers.map((l): LayerBuffers => {
    const a = new Float64Array(rows * l.outputs);
    return {
      // z is kept only for derivatives that read it; otherwise biasActivate overwrites z with a in place
      z: OUTPUT_ONLY_DERIVATIVES.has(l.derivative) ? a : new Float64Array(rows * l.outputs),
      a,
      delta: new Float64Array(rows * l.outputs),
      gradInput: new Float64Array(rows * l.inputs),
    };
  });
  return { rows, x, t, errors: new Float64Array(2), js, step: chainStep(layers, buffers, rows, settings, js) };
}

/** Whether every product of a batch of `rows` rows stays under the WebAssembly threshold. */
function jsProductsOnly(layers: readonly ChainLayer[], rows: number): boolean {
  return layers.every((l) => belowWasmThreshold(rows * l.inputs * l.outputs));
}

/** A training run on the fused path: what `runIteration`'s RunState holds, flattened. @internal */
export interface DenseChain {
  /** [loss of the last batch, Σ loss·count, Σ |output - y|] of the current iteration */
  readonly acc: Float64Array;
  /** updates made in this run */
  steps: number;
  readonly optimizer: GradientDescent;
  readonly layers: readonly ChainLayer[];
  readonly settings: StepSettings;
  readonly x: Matrix;
  readonly t: Matrix;
  readonly n: number;
  /** columns of y */
  readonly outputs: number;
  readonly order: Int32Array;
  readonly batchSize: number;
  readonly batched: boolean;
  readonly shuffle: boolean;
  readonly random: Random;
  readonly full: ChainBuffers;
  readonly last: ChainBuffers | undefined;
}

/**
 * Iterations `from` to `to - 1`, each recorded in the history. Without `onProgress` the network
 * runs them all in one call, so that no call leaves V8's optimised code between iterations.
 * @internal
 */
export function chainIterations(c: DenseChain, from: number, to: number, history: HistoryRecorder): void {
  if (c.batched) {
    for (let iteration = from; iteration < to; iteration++) batchedIteration(c, iteration, history);
    return;
  }
  // the full batch: one update per iteration, whose loss is the iteration's, written by the step
  // straight into the history (the loop is kept this small on purpose: through the mini-batch loop
  // above, or copying the values over, the blog's network trains 5 to 8% slower)
  const step = c.full.step;
  const x = c.x.data;
  const t = c.t.data;
  history.reserve(to);
  const values = history.values;
  for (let iteration = from; iteration < to; iteration++) {
    if (!step(x, t, values, 2 * iteration)) throw diverged(`the loss became ${values[2 * iteration]}`, iteration, c.optimizer);
  }
  c.steps += to - from;
}

/** One pass over the data in mini-batches, recorded in the history: `runIteration`, fused. */
function batchedIteration(c: DenseChain, iteration: number, history: HistoryRecorder): void {
  const n = c.n;
  const bs = c.batchSize;
  const acc = c.acc;
  acc[LOSS_SUM] = 0;
  acc[ABS_SUM] = 0;
  if (c.shuffle) shuffleInPlace(c.order, c.random);
  for (let start = 0; start < n; start += bs) {
    const count = Math.min(bs, n - start);
    const buf = count === bs ? c.full : c.last!;
    const xb = buf.x!;
    const tb = buf.t!;
    gatherRows(xb, c.x, c.order, start, count);
    gatherRows(tb, c.t, c.order, start, count);
    const errors = buf.errors;
    if (!buf.step(xb.data, tb.data, errors, 0)) throw diverged(`the loss became ${errors[0]}`, iteration, c.optimizer);
    c.steps++;
    acc[BATCH_LOSS] = errors[0]!;
    acc[LOSS_SUM]! += errors[0]! * count;
    acc[ABS_SUM]! += errors[1]!;
  }
  recordIteration(acc, true, n, iteration, history);
}

/**
 * The step function of one batch size: forward, the loss and output delta, backward and the
 * update, on `buffers`, with the same kernels and operations as Dense and GradientDescent.
 *
 * Speed: built once per network and batch size, and the input and output layers' arrays and
 * sizes are constants of the closure, the hidden layers between them (if any) a loop. V8 compiles
 * a closure with its captured constants folded in (function context specialisation: sizes, array
 * lengths and which activation become constants) only while its function literal has made one
 * closure: in a process, the first network and batch size trained on this path. On the blog's
 * network that is ~15% of a step (docs/performance.md); it is how the hand-written reference of
 * the benchmark gets its speed. Later closures run as ordinary compiled code, like the object-
 * reading code they replace.
 */
function chainStep(
  layers: readonly ChainLayer[],
  buffers: readonly LayerBuffers[],
  rows: number,
  settings: StepSettings,
  js: boolean,
): ChainStep {
  const last = layers.length - 1;
  const first = layers[0]!;
  const W0 = first.W, gW0 = first.gW, b0 = first.b, gb0 = first.gb;
  const in0 = first.inputs, out0 = first.outputs, f0 = first.apply, df0 = first.derivative;
  const { z: z0, a: a0, delta: d0 } = buffers[0]!;
  // the output layer (the first one again for a single layer)
  const top = layers[last]!;
  const WN = top.W, gWN = top.gW, bN = top.b, gbN = top.gb;
  const inN = top.inputs, outN = top.outputs, fN = top.apply, dfN = top.derivative;
  const { z: zN, a: aN, delta: dN, gradInput: gN } = buffers[last]!;
  const belowN = buffers[Math.max(0, last - 1)]!.a;
  // the hidden layers between them, each with the output of the layer below it
  const hidden = layers.slice(1, Math.max(1, last));
  const hiddenBuffers = buffers.slice(1, Math.max(1, last));
  const hiddenBelow = buffers.slice(0, Math.max(0, last - 1)).map((b) => b.a);
  // the kernels, chosen once: the JS ones straight away when no product reaches the WebAssembly threshold
  const NN = js ? gemmNN : productNN;
  const TN = js ? gemmTN : productTN;
  const NT = js ? gemmNT : productNT;
  return (x, t, out, at) => {
    // forward
    NN(z0, 0, x, 0, W0, 0, rows, out0, in0);
    biasActivate(z0, a0, b0, rows, out0, f0);
    if (last > 0) {
      let input = a0;
      for (let h = 0; h < hidden.length; h++) {
        const ly = hidden[h]!;
        const b = hiddenBuffers[h]!;
        NN(b.z, 0, input, 0, ly.W, 0, rows, ly.outputs, ly.inputs);
        biasActivate(b.z, b.a, ly.b, rows, ly.outputs, ly.apply);
        input = b.a;
      }
      NN(zN, 0, input, 0, WN, 0, rows, outN, inN);
      biasActivate(zN, aN, bN, rows, outN, fN);
    }
    // the loss, Σ |output - y| and the output layer's delta, in one pass
    squaredErrorDelta(out, at, dN, aN, t, zN, rows, rows * outN, settings.mean, dfN);
    if (!Number.isFinite(out[at]!)) return false;
    // backward: each layer's gradients, and dL/da of the layer below from the weights before the update
    if (last > 0) {
      TN(gWN, 0, belowN, 0, dN, 0, inN, outN, rows);
      if (gbN !== undefined) columnSumsPacked(gbN, dN, rows, outN);
      NT(gN, 0, dN, 0, WN, 0, rows, inN, outN);
      let g = gN;
      for (let h = hidden.length - 1; h >= 0; h--) {
        const ly = hidden[h]!;
        const b = hiddenBuffers[h]!;
        activationDelta(b.delta, g, b.z, b.a, rows * ly.outputs, ly.derivative);
        TN(ly.gW, 0, hiddenBelow[h]!, 0, b.delta, 0, ly.inputs, ly.outputs, rows);
        if (ly.gb !== undefined) columnSumsPacked(ly.gb, b.delta, rows, ly.outputs);
        NT(b.gradInput, 0, b.delta, 0, ly.W, 0, rows, ly.inputs, ly.outputs);
        g = b.gradInput;
      }
      activationDelta(d0, g, z0, a0, rows * out0, df0);
    }
    TN(gW0, 0, x, 0, d0, 0, in0, out0, rows);
    if (gb0 !== undefined) columnSumsPacked(gb0, d0, rows, out0);
    // GradientDescent.step (v -= alpha * g for every parameter); the layers' arrays are the
    // network's parameters
    const rate = settings.rate;
    descend(W0, gW0, rate);
    if (b0 !== undefined) descend(b0, gb0!, rate);
    for (let h = 0; h < hidden.length; h++) {
      const ly = hidden[h]!;
      descend(ly.W, ly.gW, rate);
      if (ly.b !== undefined) descend(ly.b, ly.gb!, rate);
    }
    if (last > 0) {
      descend(WN, gWN, rate);
      if (bN !== undefined) descend(bN, gbN!, rate);
    }
    return true;
  };
}

/** v <- v - alpha * g with alpha = rate[0], GradientDescent's update of one parameter. */
function descend(v: Float64Array, g: Float64Array, rate: Float64Array): void {
  const alpha = rate[0]!;
  const n = v.length;
  for (let i = 0; i < n; i++) v[i]! -= alpha * g[i]!;
}

const builtinPairs = Object.values(builtinActivations);

/** The built-in derivatives computed from the output y alone (sigmoid's y(1-y), tanh's 1-y², identity's 1). */
const OUTPUT_ONLY_DERIVATIVES: ReadonlySet<(x: number, y: number) => number> = new Set(
  [builtinActivations.sigmoid!, builtinActivations.tanh!, builtinActivations.identity!].map((f) => f.derivative),
);

/** A Dense exactly as the library defines it (not a subclass, no method replaced), with a built-in activation. */
function plainDense(layer: Layer): layer is Dense {
  if (!(layer instanceof Dense) || Object.getPrototypeOf(layer) !== Dense.prototype) return false;
  if (Object.hasOwn(layer, "forward") || Object.hasOwn(layer, "backward")) return false;
  const act = layer.activation;
  if (!builtinPairs.some((b) => b.apply === act.apply && b.derivative === act.derivative)) return false;
  const packed = (p: Parameter): boolean => isPacked(p.value) && p.value.offset === 0 && isPacked(p.grad) && p.grad.offset === 0;
  return layer.parameters.every(packed);
}

/**
 * The fused path for this run, or `undefined` when any part of it is not covered, and training
 * must go through `runIteration`. `previous` is the network's last run on this path: its layer
 * views and buffers are reused, so that the objects V8's optimised loop code refers to outlive a
 * run (when they are collected, V8 discards that code and the next run warms up again).
 * @internal
 */
export function denseChain(
  layers: readonly Layer[],
  x: Matrix,
  t: Matrix,
  order: Int32Array,
  o: ChainOptions,
  random: Random,
  previous: DenseChain | undefined,
): DenseChain | undefined {
  if (o.loss !== sse && o.loss !== mse) return undefined;
  const opt = o.optimizer;
  if (!(opt instanceof GradientDescent) || Object.getPrototypeOf(opt) !== GradientDescent.prototype) return undefined;
  if (Object.hasOwn(opt, "step") || typeof opt.alpha !== "number") return undefined;
  if (o.monitors.length > 0 || o.regularization !== undefined || o.clipValue !== undefined || o.clipNorm !== undefined) return undefined;
  if (o.earlyStopping !== undefined) return undefined;
  if (!layers.every(plainDense)) return undefined;
  if (!isPacked(x) || x.offset !== 0 || !isPacked(t) || t.offset !== 0) return undefined;
  // the layers, buffers and steps are kept for the next run (see `previous`); the data and options are this run's
  let layerPlan = previous?.layers;
  let settings = previous?.settings;
  let reuse = previous;
  if (layerPlan === undefined || layerPlan.length !== layers.length || settings === undefined) {
    reuse = undefined;
    layerPlan = (layers as readonly Dense[]).map(
      (d): ChainLayer => ({
        W: d.weights.value.data,
        gW: d.weights.grad.data,
        b: d.bias?.value.data,
        gb: d.bias?.grad.data,
        inputs: d.inputSize,
        outputs: d.outputSize,
        apply: d.activation.apply,
        derivative: d.activation.derivative,
      }),
    );
    settings = { rate: new Float64Array(1), mean: false };
  }
  settings.rate[0] = opt.alpha;
  settings.mean = o.loss === mse;
  const chain = layerPlan;
  const plan = settings;
  const n = rowsOf(x);
  const batched = o.batchSize < n;
  const outputs = chain[chain.length - 1]!.outputs;
  const make = (b: ChainBuffers | undefined, rows: number): ChainBuffers => {
    const js = jsProductsOnly(chain, rows);
    if (b !== undefined && b.rows === rows && (b.x !== undefined) === batched && b.js === js) return b;
    const xb = batched ? zeros(rows, chain[0]!.inputs) : undefined;
    const tb = batched ? zeros(rows, outputs) : undefined;
    return chainBuffers(rows, xb, tb, chain, plan, js);
  };
  const rest = n % o.batchSize;
  return {
    acc: new Float64Array(3),
    steps: 0,
    optimizer: opt,
    layers: chain,
    settings,
    x,
    t,
    n,
    outputs,
    order,
    batchSize: o.batchSize,
    batched,
    shuffle: o.shuffle,
    random,
    full: make(reuse?.full, o.batchSize),
    last: batched && rest !== 0 ? make(reuse?.last, rest) : undefined,
  };
}
