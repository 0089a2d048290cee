import { ConfigError, describe } from "../errors.js";
import type { Parameter } from "../layers/parameter.js";
import { checkDecay, checkOptionsObject, optionOr, StatefulOptimizer } from "./stateful-optimizer.js";
import type { LearningRate } from "./schedule.js";

/**
 * Options of {@link Momentum}.
 *
 * @example
 * const options: MomentumOptions = { alpha: 0.5, beta: 0.9, nesterov: true };
 */
export interface MomentumOptions {
  /** The learning rate α > 0, or a {@link Schedule}. */
  alpha: LearningRate;
  /** The momentum β in [0, 1); default 0.9. */
  beta?: number;
  /** Use Nesterov's look-ahead form; default false. */
  nesterov?: boolean;
}

/** Every key of {@link MomentumOptions}. */
const MOMENTUM_OPTION_KEYS = ["alpha", "beta", "nesterov"] as const satisfies readonly (keyof MomentumOptions)[];

/**
 * Gradient descent with momentum (the blog's "momentum"), optionally Nesterov's.
 *
 * ```text
 * v <- β v - α g                 (v starts at 0)
 * θ <- θ + v                     classical
 * θ <- θ + β v - α g             nesterov: true  (the look-ahead step, with the new v)
 * ```
 *
 * @example
 * const opt = new Momentum({ alpha: 0.1, beta: 0.9 });
 * // one parameter θ = 1 with g = 2: v = -0.2, θ = 0.8; again with g = 2: v = -0.38, θ = 0.42
 * net.train(X, y, { optimizer: opt, iterations: 1000 });
 */
export class Momentum extends StatefulOptimizer {
  /** `"momentum"`. */
  readonly name = "momentum";
  /** The momentum β. */
  readonly beta: number;
  /** Whether the Nesterov form is used. */
  readonly nesterov: boolean;
  protected readonly slotNames = ["velocity"] as const;
  /** [α, β] of the current update */
  private readonly hp = new Float64Array(2);

  /**
   * @param options - `{ alpha, beta?, nesterov? }`
   * @throws {@link ConfigError} If an option is unknown, alpha is not > 0, beta not in [0, 1) or nesterov not a boolean.
   *
   * @example
   * new Momentum({ alpha: 0.5 }).beta;        // => 0.9
   * new Momentum({ alpha: 0.5, momentum: 0.9 }); // throws ConfigError: Unknown Momentum option "momentum"; known options: alpha, beta, nesterov
   */
  constructor(options: MomentumOptions) {
    checkOptionsObject("Momentum", options, "{ alpha, beta?, nesterov? }", MOMENTUM_OPTION_KEYS);
    super(options.alpha);
    this.beta = checkDecay("beta", optionOr(options.beta, 0.9));
    if (options.nesterov !== undefined && typeof options.nesterov !== "boolean") {
      throw new ConfigError(`nesterov must be true or false, got ${describe(options.nesterov)}`);
    }
    this.nesterov = options.nesterov ?? false;
  }

  /** One update of every parameter (the loop of `update`, with α in memory). */
  override step(parameters: readonly Parameter[]): void {
    // a subclass's (or a patched) update is called as the hook it is, per parameter
    if (this.update !== MOMENTUM_UPDATE) {
      super.step(parameters);
      return;
    }
    const t = this.nextUpdate(parameters);
    const hp = this.hp;
    hp[0] = this.rate[0]!;
    hp[1] = this.beta;
    for (let k = 0; k < parameters.length; k++) {
      const p = parameters[k]!;
      momentumUpdate(p.value.data, p.grad.data, this.slotsFor(p)[0]!, hp, this.nesterov);
    }
    this.updates = t;
  }

  /** v <- βv - αg; θ <- θ + v (or θ + βv - αg with Nesterov). */
  protected update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number): void {
    this.hp[0] = alpha;
    this.hp[1] = this.beta;
    momentumUpdate(value, grad, slots[0]!, this.hp, this.nesterov);
  }

  /** `{ beta, nesterov }`. */
  protected hyperparameters(): Record<string, number | boolean> {
    return { beta: this.beta, nesterov: this.nesterov };
  }
}

/** θ and the velocity of one parameter, with [α, β] from memory. */
function momentumUpdate(value: Float64Array, grad: Float64Array, v: Float64Array, hp: Float64Array, nesterov: boolean): void {
  const alpha = hp[0]!;
  const beta = hp[1]!;
  if (nesterov) {
    for (let i = 0; i < value.length; i++) {
      const ag = alpha * grad[i]!;
      v[i] = beta * v[i]! - ag;
      value[i]! += beta * v[i]! - ag;
    }
  } else {
    for (let i = 0; i < value.length; i++) {
      v[i] = beta * v[i]! - alpha * grad[i]!;
      value[i]! += v[i]!;
    }
  }
}

const MOMENTUM_UPDATE = Momentum.prototype["update"];
