import { checkPositive } from "../errors.js";
import { checkOptionsObject, StatefulOptimizer } from "./stateful-optimizer.js";
import type { LearningRate } from "./schedule.js";

/**
 * Options of {@link Adagrad}.
 *
 * @example
 * const options: AdagradOptions = { alpha: 0.1 };
 */
export interface AdagradOptions {
  /** The learning rate α > 0 or a {@link Schedule}; default 0.01. */
  alpha?: LearningRate;
  /** ε > 0 added to the denominator; default 1e-8. */
  epsilon?: number;
}

/**
 * Adagrad (Duchi et al., 2011): per-weight steps shrink with the sum of past squared gradients.
 *
 * ```text
 * s <- s + g²                     (s starts at 0)
 * θ <- θ - α g / (sqrt(s) + ε)
 * ```
 *
 * @example
 * const ada = new Adagrad({ alpha: 0.1 });
 * // θ = 1, g = 2, first step: s = 4, θ = 1 - 0.1 · 2 / (2 + 1e-8)
 * net.train(X, y, { optimizer: ada, iterations: 500 });
 */
export class Adagrad extends StatefulOptimizer {
  /** `"adagrad"`. */
  readonly name = "adagrad";
  /** ε. */
  readonly epsilon: number;
  protected readonly slotNames = ["s"] as const;

  /**
   * @param options - `{ alpha?, epsilon? }`
   * @throws {@link ConfigError} If alpha or epsilon is not > 0.
   */
  constructor(options: AdagradOptions = {}) {
    checkOptionsObject("Adagrad", options, "{ alpha?, epsilon? }");
    super(options.alpha ?? 0.01);
    this.epsilon = checkPositive("epsilon", options.epsilon ?? 1e-8);
  }

  /** The Adagrad update of one parameter. */
  protected update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number): void {
    const s = slots[0]!;
    const epsilon = this.epsilon;
    for (let i = 0; i < value.length; i++) {
      const g = grad[i]!;
      s[i] = s[i]! + g * g;
      value[i]! -= (alpha * g) / (Math.sqrt(s[i]!) + epsilon);
    }
  }

  /** `{ epsilon }`. */
  protected hyperparameters(): Record<string, number | boolean> {
    return { epsilon: this.epsilon };
  }
}
