// Inference: the network's output for any number of rows, computed in chunks of the inference
// plan's size, so that the buffers a network keeps do not grow with its input. Every row is
// computed independently of the others (products row by row, activations elementwise, softmax
// row-wise, batch norm with its running statistics), so a chunked pass gives the same bits as one
// pass over all rows.

import { DataError } from "../errors.js";
import type { Layer } from "../layers/layer.js";
import type { Loss } from "../losses/loss.js";
import { packedView, type CheckedInput, type PackedMatrix } from "../matrix/matrix.js";
import { LayerAdapter } from "./layer-adapter.js";
import type { Plan, Plans } from "./plan.js";

/**
 * Runs the inference plan over every row of `input`, calling `use` with each chunk's output
 * (`count` rows from row `r0`, packed; valid until the next chunk). @internal
 */
export function forwardInChunks(plans: Plans, input: CheckedInput, use: (out: Float64Array, r0: number, count: number, plan: Plan) => void): void {
  const nested = plans.inferenceBusy;
  const plan = plans.inference();
  const size = plans.chunkRows;
  const cols = input.cols;
  plans.inferenceBusy = true;
  try {
    forwardEachChunk(nested ? undefined : plans, plan, input, size, cols, use);
  } finally {
    plan.release();
    plans.inferenceBusy = nested;
  }
}

function forwardEachChunk(
  plans: Plans | undefined,
  plan: Plan,
  input: CheckedInput,
  size: number,
  cols: number,
  use: (out: Float64Array, r0: number, count: number, plan: Plan) => void,
): void {
  for (let r0 = 0; r0 < input.rows; r0 += size) {
    const count = Math.min(size, input.rows - r0);
    let x: Float64Array;
    if (input.packed !== undefined && !(plan.steps[0] instanceof LayerAdapter)) {
      // a packed float64 input is read in place by the built-in layers (a layer of yours gets a copy: it could write into it)
      const start = input.packed.offset + r0 * cols;
      x = input.packed.data.subarray(start, start + count * cols);
    } else {
      // a nested pass copies into a buffer of its own: the kept one holds the outer pass's chunk
      x = plans?.inputBuffer() ?? new Float64Array(size * cols);
      input.read(x, r0, count);
    }
    const out = plan.forward(x, count);
    checkOutput(out, count, plan.layers, r0);
    use(out, r0, count, plan);
  }
}

/**
 * Every result returned is finite or the call throws: an output that is NaN or infinite comes from
 * the network (weights set by hand, a custom layer or activation), since the input was checked.
 */
function checkOutput(out: Float64Array, rows: number, layers: Plan["layers"], r0: number): void {
  const cols = layers[layers.length - 1]!.outputSize;
  const n = rows * cols;
  for (let q = 0; q < n; q++) {
    const v = out[q]!;
    if (v - v !== 0) {
      const row = r0 + Math.floor(q / cols);
      throw new DataError(
        `the network's output[${row}][${q % cols}] is ${v} for a finite input: a weight, a layer or an activation of the network gives NaN or Infinity (check weights set by hand and your own layers and activations)`,
      );
    }
  }
}

/** The output for every row of `input` as `number[][]`. @internal */
export function predictRows(plans: Plans, input: CheckedInput, outputs: number): number[][] {
  const result: number[][] = new Array<number[]>(input.rows);
  forwardInChunks(plans, input, (out, r0, count) => {
    for (let i = 0, q = 0; i < count; i++) {
      const row: number[] = new Array<number>(outputs);
      for (let j = 0; j < outputs; j++, q++) row[j] = out[q]!;
      result[r0 + i] = row;
    }
  });
  return result;
}

/** The output for every row of `input`, packed into one new `[rows x outputs]` buffer. @internal */
export function predictPacked(plans: Plans, input: CheckedInput, outputs: number): Float64Array {
  const result = new Float64Array(input.rows * outputs);
  forwardInChunks(plans, input, (out, r0, count) => {
    const base = r0 * outputs;
    const n = count * outputs;
    for (let q = 0; q < n; q++) result[base + q] = out[q]!;
  });
  return result;
}

/**
 * The network's outputs for every row of `input` and their loss against `t` (`[rows x outputs]`):
 * from the output layer's logits when the loss fuses with its activation and computes its value
 * from them (`fusedValue`: binaryCrossEntropy after a sigmoid), else `loss.value` of the outputs.
 * What `evaluate`, validation and the divergence checks report: the loss training reports. @internal
 */
export function predictedLoss(plans: Plans, input: CheckedInput, loss: Loss, t: PackedMatrix): { value: number; output: Float64Array } {
  const rows = input.rows;
  const cols = t.shape[1];
  const output = new Float64Array(rows * cols);
  const fromLogits = usesLogits(plans.layers, loss);
  let logits: Float64Array | undefined = fromLogits ? new Float64Array(rows * cols) : undefined;
  forwardInChunks(plans, input, (out, r0, count, plan) => {
    const n = count * cols;
    output.set(out.subarray(0, n), r0 * cols);
    if (logits === undefined) return;
    const z = plan.steps[plan.steps.length - 1]!.logits;
    // a last layer of yours keeps none: the value from the outputs then
    if (z === undefined) logits = undefined;
    else logits.set(z.subarray(0, n), r0 * cols);
  });
  const value = logits !== undefined ? loss.fusedValue!(packedView(logits, rows, cols), t) : loss.value(packedView(output, rows, cols), t);
  return { value, output };
}

/** Whether `loss` computes its value from the logits of this network's output (see {@link predictedLoss}). @internal */
export function usesLogits(layers: readonly Layer[], loss: Loss): boolean {
  if (loss.fusedValue === undefined || loss.fusedActivation === undefined) return false;
  const activation = (layers[layers.length - 1] as { activation?: { name?: unknown } }).activation?.name;
  return activation === loss.fusedActivation;
}
