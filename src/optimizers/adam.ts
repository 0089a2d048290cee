import { checkPositive } from "../errors.js";
import { checkDecay, checkOptionsObject, StatefulOptimizer } from "./stateful-optimizer.js";
import type { LearningRate } from "./schedule.js";

/**
 * Options of {@link Adam}.
 *
 * @example
 * const options: AdamOptions = { alpha: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
 */
export interface AdamOptions {
  /** The learning rate α > 0 or a {@link Schedule}; default 0.001. */
  alpha?: LearningRate;
  /** Decay of the first moment, in [0, 1); default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1); default 0.999. */
  beta2?: number;
  /** ε > 0 added to the denominator; default 1e-8. */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba, 2015): momentum on the gradient and on its square, bias-corrected.
 *
 * ```text
 * m <- β1 m + (1 - β1) g
 * v <- β2 v + (1 - β2) g²                    (m, v start at 0; t = 1, 2, ...)
 * θ <- θ - α · (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)
 * ```
 *
 * @example
 * const adam = new Adam({ alpha: 0.1 });
 * // θ = 1, g = 2, first step: m = 0.2, v = 0.004, θ = 1 - 0.1 · 2 / (2 + 1e-8) = 0.9000000005
 * net.train(X, y, { optimizer: adam, iterations: 500 });
 */
export class Adam extends StatefulOptimizer {
  /** `"adam"`. */
  readonly name = "adam";
  /** β1. */
  readonly beta1: number;
  /** β2. */
  readonly beta2: number;
  /** ε. */
  readonly epsilon: number;
  protected readonly slotNames = ["m", "v"] as const;

  /**
   * @param options - `{ alpha?, beta1?, beta2?, epsilon? }`
   * @throws {@link ConfigError} If alpha or epsilon is not > 0, or a beta is not in [0, 1).
   */
  constructor(options: AdamOptions = {}) {
    checkOptionsObject("Adam", options, "{ alpha?, beta1?, beta2?, epsilon? }");
    super(options.alpha ?? 0.001);
    this.beta1 = checkDecay("beta1", options.beta1 ?? 0.9);
    this.beta2 = checkDecay("beta2", options.beta2 ?? 0.999);
    this.epsilon = checkPositive("epsilon", options.epsilon ?? 1e-8);
  }

  /** The Adam update of one parameter. */
  protected update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number, t: number): void {
    const m = slots[0]!;
    const v = slots[1]!;
    const { beta1, beta2, epsilon } = this;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let i = 0; i < value.length; i++) {
      const g = grad[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      value[i]! -= (alpha * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + epsilon);
    }
  }

  /** `{ beta1, beta2, epsilon }`. */
  protected hyperparameters(): Record<string, number | boolean> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
