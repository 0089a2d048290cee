import { checkPositive } from "../errors.js";
import { checkDecay, checkOptionsObject, StatefulOptimizer } from "./stateful-optimizer.js";
import type { LearningRate } from "./schedule.js";

/**
 * Options of {@link RMSprop}.
 *
 * @example
 * const options: RMSpropOptions = { alpha: 0.01, rho: 0.9 };
 */
export interface RMSpropOptions {
  /** The learning rate α > 0 or a {@link Schedule}; default 0.001. */
  alpha?: LearningRate;
  /** Decay ρ of the mean square, in [0, 1); default 0.9. */
  rho?: number;
  /** ε > 0 added to the denominator; default 1e-8. */
  epsilon?: number;
}

/**
 * RMSprop (Hinton): divide the step by a running root mean square of the gradient.
 *
 * ```text
 * s <- ρ s + (1 - ρ) g²           (s starts at 0)
 * θ <- θ - α g / (sqrt(s) + ε)
 * ```
 *
 * @example
 * const rms = new RMSprop({ alpha: 0.01, rho: 0.9 });
 * // θ = 1, g = 2, first step: s = 0.4, θ = 1 - 0.01 · 2 / (sqrt(0.4) + 1e-8)
 * net.train(X, y, { optimizer: rms, iterations: 500 });
 */
export class RMSprop extends StatefulOptimizer {
  /** `"rmsprop"`. */
  readonly name = "rmsprop";
  /** ρ. */
  readonly rho: number;
  /** ε. */
  readonly epsilon: number;
  protected readonly slotNames = ["s"] as const;

  /**
   * @param options - `{ alpha?, rho?, epsilon? }`
   * @throws {@link ConfigError} If alpha or epsilon is not > 0, or rho is not in [0, 1).
   */
  constructor(options: RMSpropOptions = {}) {
    checkOptionsObject("RMSprop", options, "{ alpha?, rho?, epsilon? }");
    super(options.alpha ?? 0.001);
    this.rho = checkDecay("rho", options.rho ?? 0.9);
    this.epsilon = checkPositive("epsilon", options.epsilon ?? 1e-8);
  }

  /** The RMSprop update of one parameter. */
  protected update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number): void {
    const s = slots[0]!;
    const { rho, epsilon } = this;
    for (let i = 0; i < value.length; i++) {
      const g = grad[i]!;
      s[i] = rho * s[i]! + (1 - rho) * g * g;
      value[i]! -= (alpha * g) / (Math.sqrt(s[i]!) + epsilon);
    }
  }

  /** `{ rho, epsilon }`. */
  protected hyperparameters(): Record<string, number | boolean> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}
