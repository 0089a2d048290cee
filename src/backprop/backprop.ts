import type { Layer } from "../layers/layer.js";
import type { Matrix } from "../matrix/matrix.js";

/**
 * Forward pass through every layer in order.
 *
 * ```text
 * a_0 = x,   a_{l+1} = layer_l.forward(a_l)
 * ```
 *
 * @param layers - the network's layers, input to output
 * @param input - `[n x layers[0].inputSize]`, packed
 * @param training - true while training (dropout and batch norm behave differently)
 * @returns the output layer's activations (a buffer owned by the last layer)
 *
 * @example
 * const out = forward([new Dense({ inputSize: 2, outputSize: 1 })], fromRows([[1, 2]]), false);
 */
export function forward(layers: readonly Layer[], input: Matrix, training: boolean): Matrix {
  let a = input;
  // indexed, not for-of: an iterator object per call when V8 does not inline this function
  for (let l = 0; l < layers.length; l++) a = layers[l]!.forward(a, training);
  return a;
}

/**
 * Backward pass: sends dL/d(output) back through the layers, last to first, filling every
 * parameter's `grad`. The first layer skips dL/dx, which nothing needs.
 *
 * ```text
 * g_L = dL/d(output),   g_l = layer_l.backward(g_{l+1})
 * ```
 *
 * @param layers - the layers of the last {@link forward} call
 * @param gradOutput - dL/d(output), same shape as that call's output
 *
 * @example
 * backward(layers, gradOutput); // layers[i].parameters[j].grad now hold dL/dθ
 */
export function backward(layers: readonly Layer[], gradOutput: Matrix): void {
  let g: Matrix | undefined = gradOutput;
  for (let l = layers.length - 1; l >= 0 && g !== undefined; l--) g = layers[l]!.backward(g, l > 0);
}
