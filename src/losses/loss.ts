import { resolveNamed } from "../errors.js";
import type { Matrix } from "../matrix/matrix.js";

/**
 * A loss function over a batch and its gradient with respect to the network's output.
 *
 * `output` and `target` are `[samples x outputs]`. `gradient` writes dL/d(output) into `grad`
 * (same shape); the network then sends it back through the layers.
 *
 * @example
 * // mean absolute error, written by hand
 * const mae: Loss = {
 *   name: "mae",
 *   value: (o, t) => { let s = 0; for (let i = 0; i < o.data.length; i++) s += Math.abs(o.data[i]! - t.data[i]!); return s / o.data.length; },
 *   gradient: (g, o, t) => { for (let i = 0; i < o.data.length; i++) g.data[i] = Math.sign(o.data[i]! - t.data[i]!) / o.data.length; },
 * };
 */
export interface Loss {
  /** The name used in options and JSON. */
  readonly name: string;
  /** L(output, target) for one batch. */
  value(output: Matrix, target: Matrix): number;
  /** grad <- dL/d(output), elementwise; `grad` has the shape of `output` and is overwritten. */
  gradient(grad: Matrix, output: Matrix, target: Matrix): void;
  /**
   * Optional: the `type` of an output layer this loss fuses with (e.g. `"softmax"`). When the
   * network's last layer has that type, training calls `fusedGradient` and skips that layer's
   * backward pass.
   */
  readonly fusedLayer?: string;
  /**
   * Optional: the `name` of an output activation this loss fuses with (e.g. `"sigmoid"`). When the
   * network's last layer is a Dense layer with an activation of that name, training calls
   * `fusedGradient` for dL/dz and skips the activation's derivative.
   */
  readonly fusedActivation?: string;
  /**
   * Optional, with `fusedActivation`: the loss computed from that activation's input z (the output
   * layer's logits, `[samples x outputs]`) instead of its output: exact where the activation
   * saturates and its output rounds to 0 or 1. Training, `evaluate` and validation use it when the
   * network's output fuses with the loss.
   */
  fusedValue?(logits: Matrix, target: Matrix): number;
  /** grad <- dL/d(input of the fused layer or activation), from the output; required with `fusedLayer` or `fusedActivation`. */
  fusedGradient?(grad: Matrix, output: Matrix, target: Matrix): void;
}

/**
 * Validates a user-supplied loss or looks up a built-in by name. @internal
 */
export function resolveLoss(value: unknown, argName: string, known: Readonly<Record<string, Loss>>): Loss {
  return resolveNamed(value, argName, { name: "loss", plural: "losses", type: "Loss" }, known, {
    name: "string",
    value: "function",
    gradient: "function",
  });
}
