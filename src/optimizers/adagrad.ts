import { checkPositive } from "../errors.js";
import type { Parameter } from "../layers/parameter.js";
import { checkOptionsObject, optionOr, StatefulOptimizer } from "./stateful-optimizer.js";
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

/** Every key of {@link AdagradOptions}. */
const ADAGRAD_OPTION_KEYS = ["alpha", "epsilon"] as const satisfies readonly (keyof AdagradOptions)[];

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
  protected override readonly nonNegativeSlots = ["s"] as const;
  /** [α, ε] of the current update */
  private readonly hp = new Float64Array(2);

  /**
   * @param options - `{ alpha?, epsilon? }`
   * @throws {@link ConfigError} If an option is unknown, or alpha or epsilon is not > 0.
   *
   * @example
   * new Adagrad({ epsilon: 1e-6 }).epsilon; // => 0.000001
   * new Adagrad({ epsilon: 0 });            // throws ConfigError: epsilon must be a finite number > 0, got 0
   */
  constructor(options: AdagradOptions = {}) {
    checkOptionsObject("Adagrad", options, "{ alpha?, epsilon? }", ADAGRAD_OPTION_KEYS);
    super(optionOr(options.alpha, 0.01) as LearningRate);
    this.epsilon = checkPositive("epsilon", optionOr(options.epsilon, 1e-8));
  }

  /** One update of every parameter (the loop of `update`, with α in memory). */
  override step(parameters: readonly Parameter[]): void {
    // a subclass's (or a patched) update is called as the hook it is, per parameter
    if (this.update !== ADAGRAD_UPDATE) {
      super.step(parameters);
      return;
    }
    const t = this.nextUpdate(parameters);
    const hp = this.hp;
    hp[0] = this.rate[0]!;
    hp[1] = this.epsilon;
    for (let k = 0; k < parameters.length; k++) {
      const p = parameters[k]!;
      adagradUpdate(p.value.data, p.grad.data, this.slotsFor(p)[0]!, hp);
    }
    this.updates = t;
  }

  /** The Adagrad update of one parameter. */
  protected update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number): void {
    this.hp[0] = alpha;
    this.hp[1] = this.epsilon;
    adagradUpdate(value, grad, slots[0]!, this.hp);
  }

  /** `{ epsilon }`. */
  protected hyperparameters(): Record<string, number | boolean> {
    return { epsilon: this.epsilon };
  }
}

/** θ and s of one parameter, with [α, ε] from memory. */
function adagradUpdate(value: Float64Array, grad: Float64Array, s: Float64Array, hp: Float64Array): void {
  const alpha = hp[0]!, epsilon = hp[1]!;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i]!;
    s[i] = s[i]! + g * g;
    value[i]! -= (alpha * g) / (Math.sqrt(s[i]!) + epsilon);
  }
}

const ADAGRAD_UPDATE = Adagrad.prototype["update"];
