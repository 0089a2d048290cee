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
// calls (`productNN`/`productTN`/`productNT`: the WebAssembly or JS kernels that `matmul`/`matmulTransA`/`matmulTransB` use on packed
// views, `biasActivate`, `activationDelta`, `columnSums`); batches use `gatherRows` and
// `shuffleInPlace` as `runIteration` does. The output step, `squaredErrorDelta`, does in one pass
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
import { columnSums } from "../matrix/elementwise.js";
import { productNN, productNT, productTN } from "../matrix/matmul.js";
import { gatherRows, isPacked, rowsOf, zeros, type Matrix } from "../matrix/matrix.js";
import { GradientDescent } from "../optimizers/gradient-descent.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import type { TrainingMonitor } from "../monitors/monitor.js";
import { shuffleInPlace, type Random } from "../random.js";
import { diverged } from "./diverged.js";
import { ABS_SUM, BATCH_LOSS, LOSS_SUM, recordIteration } from "./history.js";

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
// keeps its last chain and the next run reuses its layers and buffers (see `denseChain`). The chain
// object itself has to survive: keeping only its buffers, optimizer and index arrays was measured
// not to be enough. It holds the last run's X and y until the next run, as the layer path's first
// Dense holds X (its `input`).

/** One Dense layer's parameters and activation, as packed arrays. */
interface ChainLayer {
  readonly W: Float64Array;
  readonly gW: Float64Array;
  readonly b: Float64Array | undefined;
  readonly gb: Matrix | undefined;
  readonly inputs: number;
  readonly outputs: number;
  readonly apply: (x: number) => number;
  readonly derivative: (x: number, y: number) => number;
}

/** The buffers of one batch size: what each Dense keeps per row count. */
interface ChainBuffers {
  readonly rows: number;
  /** mini-batches: the batch's rows of X and y, gathered (the full batch uses the data itself) */
  readonly x: Matrix | undefined;
  readonly t: Matrix | undefined;
  readonly z: Float64Array[];
  readonly a: Matrix[];
  readonly delta: Matrix[];
  readonly gradInput: Float64Array[];
}

function chainBuffers(rows: number, x: Matrix | undefined, t: Matrix | undefined, layers: readonly ChainLayer[]): ChainBuffers {
  return {
    rows,
    x,
    t,
    z: layers.map((l) => new Float64Array(rows * l.outputs)),
    a: layers.map((l) => zeros(rows, l.outputs)),
    delta: layers.map((l) => zeros(rows, l.outputs)),
    gradInput: layers.map((l) => new Float64Array(rows * l.inputs)),
  };
}


/** A training run on the fused path: what `runIteration`'s RunState holds, flattened. @internal */
export interface DenseChain {
  /** updates made so far */
  step: number;
  /** [loss of the last batch, Σ loss·count, Σ |output - y|] of the current iteration */
  readonly acc: Float64Array;
  /** [loss, Σ |output - y|] of the current batch, from squaredErrorDelta */
  readonly errors: Float64Array;
  readonly layers: readonly ChainLayer[];
  readonly params: readonly Parameter[];
  readonly x: Matrix;
  readonly t: Matrix;
  readonly n: number;
  readonly order: Int32Array;
  readonly loss: Loss;
  readonly optimizer: GradientDescent;
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
export function chainIterations(c: DenseChain, from: number, to: number, lossHistory: number[], maeHistory: number[]): void {
  for (let iteration = from; iteration < to; iteration++) chainIteration(c, iteration, lossHistory, maeHistory);
}

/** One pass over the data, recorded in the history: `runIteration`, fused. */
function chainIteration(c: DenseChain, iteration: number, lossHistory: number[], maeHistory: number[]): void {
  const n = c.n;
  const acc = c.acc;
  const bs = c.batchSize;
  if (c.batched && c.shuffle) shuffleInPlace(c.order, c.random);
  acc[LOSS_SUM] = 0;
  acc[ABS_SUM] = 0;
  for (let start = 0; start < n; start += bs) {
    const count = Math.min(bs, n - start);
    const buf = count === bs ? c.full : c.last!;
    let xb = c.x;
    let tb = c.t;
    if (c.batched) {
      xb = buf.x!;
      tb = buf.t!;
      gatherRows(xb, c.x, c.order, start, count);
      gatherRows(tb, c.t, c.order, start, count);
    }
    chainStep(c, buf, xb, tb, iteration);
  }
  recordIteration(acc, c.batched, n, c.t.shape[1]!, iteration, lossHistory, maeHistory);
}

/** forward, loss, backward and update on one batch */
function chainStep(c: DenseChain, buf: ChainBuffers, x: Matrix, t: Matrix, iteration: number): void {
  const layers = c.layers;
  const rows = buf.rows;
  const acc = c.acc;
  let input = x.data;
  for (let l = 0; l < layers.length; l++) {
    const ly = layers[l]!;
    const z = buf.z[l]!;
    productNN(z, 0, input, 0, ly.W, 0, rows, ly.outputs, ly.inputs);
    biasActivate(z, buf.a[l]!.data, ly.b, rows, ly.outputs, ly.apply);
    input = buf.a[l]!.data;
  }
  // the loss, Σ |output - y| and the output layer's delta, in one pass
  const last = layers.length - 1;
  const out = buf.a[last]!.data;
  const err = c.errors;
  squaredErrorDelta(err, buf.delta[last]!.data, out, t.data, buf.z[last]!, rows, rows * layers[last]!.outputs, c.loss === mse, layers[last]!.derivative);
  const batchLoss = err[0]!;
  acc[BATCH_LOSS] = batchLoss;
  if (!Number.isFinite(batchLoss)) throw diverged(`the loss became ${batchLoss}`, iteration, c.optimizer);
  acc[LOSS_SUM]! += batchLoss * rows;
  acc[ABS_SUM]! += err[1]!;
  // dL/da of the layer below, written by each layer's gemmNT before the next one reads it
  let g = out;
  for (let l = layers.length - 1; l >= 0; l--) {
    const ly = layers[l]!;
    const delta = buf.delta[l]!;
    if (l < last) activationDelta(delta.data, g, buf.z[l]!, buf.a[l]!.data, rows * ly.outputs, ly.derivative);
    productTN(ly.gW, 0, l > 0 ? buf.a[l - 1]!.data : x.data, 0, delta.data, 0, ly.inputs, ly.outputs, rows);
    if (ly.gb !== undefined) columnSums(ly.gb, delta);
    if (l > 0) {
      g = buf.gradInput[l]!;
      productNT(g, 0, delta.data, 0, ly.W, 0, rows, ly.inputs, ly.outputs);
    }
  }
  // GradientDescent.step (v -= alpha * g for every parameter), with alpha read at every update as it
  // does; the layers' arrays are the network's parameters
  const alpha = c.optimizer.alpha;
  if (typeof alpha === "number") {
    for (let l = 0; l < layers.length; l++) {
      const ly = layers[l]!;
      descend(ly.W, ly.gW, alpha);
      if (ly.b !== undefined) descend(ly.b, ly.gb!.data, alpha);
    }
  } else {
    c.optimizer.step(c.params, c.step);
  }
  c.step++;
}

/** v <- v - alpha * g, GradientDescent's update of one parameter. */
function descend(v: Float64Array, g: Float64Array, alpha: number): void {
  const n = v.length;
  for (let i = 0; i < n; i++) v[i]! -= alpha * g[i]!;
}

const builtinPairs = Object.values(builtinActivations);

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
  params: readonly Parameter[],
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
  // the layers and buffers are kept for the next run (see `previous`); the data and options are this run's
  let layerPlan = previous?.layers;
  if (layerPlan === undefined || layerPlan.length !== layers.length) {
    layerPlan = (layers as readonly Dense[]).map(
      (d): ChainLayer => ({
        W: d.weights.value.data,
        gW: d.weights.grad.data,
        b: d.bias?.value.data,
        gb: d.bias?.grad,
        inputs: d.inputSize,
        outputs: d.outputSize,
        apply: d.activation.apply,
        derivative: d.activation.derivative,
      }),
    );
  }
  const chain = layerPlan;
  const n = rowsOf(x);
  const batched = o.batchSize < n;
  const outputs = chain[chain.length - 1]!.outputs;
  const make = (b: ChainBuffers | undefined, rows: number): ChainBuffers =>
    b !== undefined && b.rows === rows && (b.x !== undefined) === batched
      ? b
      : chainBuffers(rows, batched ? zeros(rows, chain[0]!.inputs) : undefined, batched ? zeros(rows, outputs) : undefined, chain);
  const rest = n % o.batchSize;
  return {
    step: 0,
    acc: new Float64Array(3),
    errors: new Float64Array(2),
    layers: chain,
    params,
    x,
    t,
    n,
    order,
    loss: o.loss,
    optimizer: opt,
    batchSize: o.batchSize,
    batched,
    shuffle: o.shuffle,
    random,
    full: make(previous?.full, o.batchSize),
    last: batched && rest !== 0 ? make(previous?.last, rest) : undefined,
  };
}
