import type { Matrix } from "../matrix/matrix.js";

/**
 * A trainable matrix and its gradient: the only contract between layers and optimizers.
 *
 * ```text
 * value  the current weights (or biases)
 * grad   dL/d(value) from the last backward pass, same shape
 * ```
 *
 * Names are `W0`, `b0` for the first layer's weights and bias, `W1`, `b1` for the next, and so on
 * (the blog's `syn0`, `syn1`).
 *
 * @example
 * const [W0] = net.parameters();
 * W0.name;     // => "W0"
 * W0.value.shape; // => [3, 4]
 */
export interface Parameter {
  /**
   * `W{layer}` or `b{layer}` (a layer's own name without trailing digits, then the layer's index:
   * `gamma1`); set by the network when the layer is added, unique in it: a name already taken
   * gets `_{index in the layer's parameters}` appended (`p3`, `p3_1`).
   */
  name: string;
  /** True for weights, false for biases (regularizers and initializers treat them differently). */
  readonly isWeight: boolean;
  /** The values, updated in place by optimizers. */
  readonly value: Matrix;
  /** The gradient of the loss with respect to `value`, written by the backward pass. */
  readonly grad: Matrix;
}
