// float32 inference on request (`predict(X, { precision: "float32" })`): the inputs and each Dense
// layer's weights and bias rounded to float32, and each Dense layer computed in float32 (every
// product and sum rounded to float32, in the float64 path's order; the bias added in float32; the
// sigmoid, relu, leakyRelu and identity in float32; other activations computed in float64 on the
// float32 sums and rounded). Every other layer (Softmax, BatchNorm, Dropout, layers of yours) runs
// its own float64 inference step on the float32 values, and its outputs are rounded to float32.
//
// The products and activations run in WebAssembly (f32x4: four values per instruction, twice the
// float64 kernels' width) in an arena of float32 buffers kept with the network's plans, or, where
// WebAssembly is unavailable or refused, in the JS kernels of src/matrix/float32.ts, which give the
// same bits. Training and the default predict stay float64.

import { DataError } from "../errors.js";
import type { Activation } from "../activations/activation.js";
import { activations as builtinActivations } from "../activations/builtins.js";
import { Dense } from "../layers/dense.js";
import type { Layer } from "../layers/layer.js";
import { activate32, gemm32, type Float32Activation } from "../matrix/float32.js";
import type { CheckedInput } from "../matrix/matrix.js";
import { WasmArena32 } from "../matrix/wasm.js";
import { LayerAdapter } from "./layer-adapter.js";
import type { Plan, Plans } from "./plan.js";

/** The activations the float32 kernels compute; any other is computed in float64 on the float32 sums. */
const FLOAT32_ACTIVATIONS: ReadonlyMap<Activation, Float32Activation> = new Map([
  [builtinActivations.sigmoid, "sigmoid"],
  [builtinActivations.relu, "relu"],
  [builtinActivations.leakyRelu, "leakyRelu"],
  [builtinActivations.identity, "identity"],
] as const);

/** One layer's part of a float32 pass. */
interface Float32Layer {
  /** the layer's output for a chunk of rows, float32 */
  readonly out: Float32Array;
  /** a Dense layer's weights and bias, rounded to float32 at the start of every call */
  readonly dense: { readonly W: Float32Array; readonly b: Float32Array | undefined; readonly layer: Dense; readonly f: Float32Activation | undefined } | undefined;
}

/** The buffers of float32 inference for chunks of `rows` rows. */
class Float32Pass {
  readonly arena: WasmArena32 | undefined;
  readonly input: Float32Array;
  readonly steps: Float32Layer[];
  /** float64 values of a chunk: the input as read, and what a layer other than Dense reads */
  readonly scratch: Float64Array;

  constructor(
    readonly plan: Plan,
    readonly rows: number,
  ) {
    const layers = plan.layers;
    // every buffer's values, and 3 more for its alignment to 16 bytes
    let values = rows * layers[0]!.inputSize + 3;
    let widest = layers[0]!.inputSize;
    for (const l of layers) {
      values += rows * l.outputSize + 3 + (denseOf(l, plan) ? l.inputSize * l.outputSize + l.outputSize + 6 : 0);
      widest = Math.max(widest, l.outputSize);
    }
    const arena = WasmArena32.create(values);
    this.arena = arena;
    const buffer = (n: number): Float32Array => (arena === undefined ? new Float32Array(n) : arena.alloc(n));
    this.input = buffer(rows * layers[0]!.inputSize);
    this.steps = layers.map((layer) => {
      const dense = denseOf(layer, plan);
      return {
        out: buffer(rows * layer.outputSize),
        dense: dense && {
          W: buffer(dense.inputSize * dense.outputSize),
          b: dense.bias === undefined ? undefined : buffer(dense.outputSize),
          layer: dense,
          f: FLOAT32_ACTIVATIONS.get(dense.activation),
        },
      };
    });
    this.scratch = new Float64Array(rows * widest);
  }
}

/** `layer` as a Dense layer the float32 kernels compute (its own forward: the plan made its step), or undefined. */
function denseOf(layer: Layer, plan: Plan): Dense | undefined {
  const l = plan.layers.indexOf(layer);
  return layer instanceof Dense && !(plan.steps[l] instanceof LayerAdapter) ? layer : undefined;
}

const PASSES = new WeakMap<Plan, Float32Pass>();

/**
 * The network's outputs for every row of `input`, computed in float32 (see the top of this file),
 * as float64 numbers that are all float32 values.
 * @throws {@link DataError} If an output is NaN or infinite (float32 overflows past 3.4e38).
 * @internal
 */
export function predictFloat32(plans: Plans, input: CheckedInput, outputs: number): number[][] {
  const nested = plans.inferenceBusy;
  const plan = plans.inference();
  plans.inferenceBusy = true;
  try {
    let pass = nested ? undefined : PASSES.get(plan);
    if (pass === undefined) {
      pass = new Float32Pass(plan, plans.chunkRows);
      if (!nested) PASSES.set(plan, pass);
    }
    return run(pass, input, outputs);
  } finally {
    plan.release();
    plans.inferenceBusy = nested;
  }
}

function run(pass: Float32Pass, input: CheckedInput, outputs: number): number[][] {
  // the weights as they are now, rounded to float32; a value past float32's range would be ±Infinity
  pass.steps.forEach((step, l) => {
    const d = step.dense;
    if (d === undefined) return;
    d.W.set(d.layer.weights.value.data);
    const m = d.layer.outputSize;
    checkRange(d.W, m, (i, j) => `layers[${l}]'s weight [${i}][${j}] is ${d.layer.weights.value.data[i * m + j]}`);
    if (d.b !== undefined) {
      d.b.set(d.layer.bias!.value.data);
      checkRange(d.b, m, (_i, j) => `layers[${l}]'s bias [${j}] is ${d.layer.bias!.value.data[j]}`);
    }
  });
  const result: number[][] = new Array<number[]>(input.rows);
  const cols = input.cols;
  for (let r0 = 0; r0 < input.rows; r0 += pass.rows) {
    const count = Math.min(pass.rows, input.rows - r0);
    if (input.packed !== undefined) {
      const start = input.packed.offset + r0 * cols;
      pass.input.set(input.packed.data.subarray(start, start + count * cols));
    } else {
      input.read(pass.scratch, r0, count);
      pass.input.set(pass.scratch.subarray(0, count * cols));
    }
    checkRange(pass.input.subarray(0, count * cols), cols, (i, j) => `X[${r0 + i}][${j}] is ${input.packed?.data[input.packed.offset + (r0 + i) * cols + j] ?? readValue(input, r0 + i, j)}`);
    const out = forward(pass, count);
    for (let i = 0, q = 0; i < count; i++) {
      const row: number[] = new Array<number>(outputs);
      for (let j = 0; j < outputs; j++, q++) {
        const v = out[q]!;
        if (v - v !== 0) {
          throw new DataError(
            `the network's float32 output[${r0 + i}][${j}] is ${v} for a finite input: a float32 value past ±3.4e38, or a weight, layer or activation that gives NaN or Infinity (predict in float64 to compare)`,
          );
        }
        row[j] = v;
      }
      result[r0 + i] = row;
    }
  }
  return result;
}

/**
 * Throws a DataError when a value of `v` (float32, rows of `cols`) is infinite: a finite float64
 * value past float32's range (±3.4e38), which float32 inference cannot hold. One branchless sum
 * (v · 0 is NaN only for ±Infinity and NaN) finds whether to look for it.
 */
function checkRange(v: Float32Array, cols: number, what: (i: number, j: number) => string): void {
  // four sums, so that the adds do not wait on each other
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  const n = v.length;
  let q = 0;
  for (; q + 4 <= n; q += 4) {
    z0 += v[q]! * 0;
    z1 += v[q + 1]! * 0;
    z2 += v[q + 2]! * 0;
    z3 += v[q + 3]! * 0;
  }
  for (; q < n; q++) z0 += v[q]! * 0;
  if (z0 + z1 + z2 + z3 === 0) return;
  for (q = 0; q < n; q++) {
    if (v[q]! - v[q]! !== 0) {
      const i = Math.floor(q / cols);
      throw new DataError(`${what(i, q % cols)}: past float32's range (±3.4e38), so it cannot be computed in float32; predict in float64 (the default)`);
    }
  }
}

/** Row r, column j of a checked input, as float64 (for an error message). */
function readValue(input: CheckedInput, r: number, j: number): number {
  const row = new Float64Array(input.cols);
  input.read(row, r, 1);
  return row[j]!;
}

/** The layers over the chunk in pass.input; returns the last layer's output. */
function forward(pass: Float32Pass, rows: number): Float32Array {
  const arena = pass.arena;
  const layers = pass.plan.layers;
  let x = pass.input;
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    const { out, dense } = pass.steps[l]!;
    const m = layer.outputSize;
    if (dense !== undefined) {
      const n = layer.inputSize;
      if (arena !== undefined) arena.gemm(out, x, dense.W, rows, m, n);
      else gemm32(out, x, dense.W, rows, m, n);
      if (dense.f !== undefined) {
        if (arena !== undefined) arena.activate(dense.f, out, out, dense.b, rows, m);
        else activate32(dense.f, out, out, dense.b, rows, m);
      } else {
        // z + b in float32, then the activation in float64, rounded
        if (dense.b !== undefined) {
          if (arena !== undefined) arena.activate("identity", out, out, dense.b, rows, m);
          else activate32("identity", out, out, dense.b, rows, m);
        }
        const apply = dense.layer.activation.apply;
        for (let q = 0; q < rows * m; q++) out[q] = apply(out[q]!);
      }
    } else {
      // the layer's own float64 step on the float32 values; its output rounded to float32
      const x64 = pass.scratch.subarray(0, rows * layer.inputSize);
      x64.set(x.subarray(0, rows * layer.inputSize));
      const y = pass.plan.steps[l]!.forward(x64, rows);
      out.set(y.subarray(0, rows * m));
    }
    x = out;
  }
  return x;
}
