import { checkPositive } from "../errors.js";
import type { Parameter } from "../layers/parameter.js";
import { checkDecay, checkOptionsObject, optionOr, StatefulOptimizer } from "./stateful-optimizer.js";
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

/** Every key of {@link RMSpropOptions}. */
const RMSPROP_OPTION_KEYS = ["alpha", "rho", "epsilon"] as const satisfies readonly (keyof RMSpropOptions)[];

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
  protected override readonly nonNegativeSlots = ["s"] as const;
  /** [α, ρ, ε] of the current update */
  private readonly hp = new Float64Array(3);

  /**
   * @param options - `{ alpha?, rho?, epsilon? }`
   * @throws {@link ConfigError} If an option is unknown, alpha or epsilon is not > 0, or rho is not in [0, 1).
   *
   * @example
   * new RMSprop({ rho: 0.95 }).rho; // => 0.95
   * new RMSprop({ decay: 0.9 });    // throws ConfigError: Unknown RMSprop option "decay"; known options: alpha, rho, epsilon
   */
  constructor(options: RMSpropOptions = {}) {
    checkOptionsObject("RMSprop", options, "{ alpha?, rho?, epsilon? }", RMSPROP_OPTION_KEYS);
    super(optionOr(options.alpha, 0.001) as LearningRate);
    this.rho = checkDecay("rho", optionOr(options.rho, 0.9));
    this.epsilon = checkPositive("epsilon", optionOr(options.epsilon, 1e-8));
  }

  /** One update of every parameter (the loop of `update`, with α in memory). */
  override step(parameters: readonly Parameter[]): void {
    // a subclass's (or a patched) update is called as the hook it is, per parameter
    if (this.update !== RMSPROP_UPDATE) {
      super.step(parameters);
      return;
    }
    const t = this.nextUpdate(parameters);
    const hp = this.hp;
    hp[0] = this.rate[0]!;
    hp[1] = this.rho;
    hp[2] = this.epsilon;
    for (let k = 0; k < parameters.length; k++) {
      const p = parameters[k]!;
      rmspropUpdate(p.value.data, p.grad.data, this.slotsFor(p)[0]!, hp);
    }
    this.updates = t;
  }

  /** The RMSprop update of one parameter. */
  protected update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number): void {
    this.hp[0] = alpha;
    this.hp[1] = this.rho;
    this.hp[2] = this.epsilon;
    rmspropUpdate(value, grad, slots[0]!, this.hp);
  }

  /** `{ rho, epsilon }`. */
  protected hyperparameters(): Record<string, number | boolean> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

/** θ and s of one parameter, with [α, ρ, ε] from memory. */
function rmspropUpdate(value: Float64Array, grad: Float64Array, s: Float64Array, hp: Float64Array): void {
  const alpha = hp[0]!, rho = hp[1]!, epsilon = hp[2]!;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i]!;
    s[i] = rho * s[i]! + (1 - rho) * g * g;
    value[i]! -= (alpha * g) / (Math.sqrt(s[i]!) + epsilon);
  }
}

const RMSPROP_UPDATE = RMSprop.prototype["update"];
