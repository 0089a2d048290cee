import { checkPositive } from "../errors.js";
import type { Parameter } from "../layers/parameter.js";
import { powRange } from "../math/pow.js";
import { checkDecay, checkOptionsObject, optionOr, StatefulOptimizer } from "./stateful-optimizer.js";
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

/** Every key of {@link AdamOptions}. */
const ADAM_OPTION_KEYS = ["alpha", "beta1", "beta2", "epsilon"] as const satisfies readonly (keyof AdamOptions)[];

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
  protected override readonly nonNegativeSlots = ["v"] as const;
  /** [α, β1, β2, ε, 1 - β1^t, 1 - β2^t] of the current update */
  private readonly hp = new Float64Array(6);
  /** t at indices 4 and 5: the exponents of powRange's β1^t and β2^t, computed in hp's place */
  private readonly exponents = new Float64Array(6);

  /**
   * @param options - `{ alpha?, beta1?, beta2?, epsilon? }`
   * @throws {@link ConfigError} If an option is unknown, alpha or epsilon is not > 0, or a beta is not in [0, 1).
   *
   * @example
   * new Adam({ beta1: 0.8 }).beta1; // => 0.8
   * new Adam({ alpah: 0.1 });       // throws ConfigError: Unknown Adam option "alpah"; known options: alpha, beta1, beta2, epsilon
   */
  constructor(options: AdamOptions = {}) {
    checkOptionsObject("Adam", options, "{ alpha?, beta1?, beta2?, epsilon? }", ADAM_OPTION_KEYS);
    super(optionOr(options.alpha, 0.001) as LearningRate);
    this.beta1 = checkDecay("beta1", optionOr(options.beta1, 0.9));
    this.beta2 = checkDecay("beta2", optionOr(options.beta2, 0.999));
    this.epsilon = checkPositive("epsilon", optionOr(options.epsilon, 1e-8));
  }

  /** One update of every parameter (the loop of `update`, with α and the bias corrections in memory). */
  override step(parameters: readonly Parameter[]): void {
    // a subclass's (or a patched) update is called as the hook it is, per parameter
    if (this.update !== ADAM_UPDATE) {
      super.step(parameters);
      return;
    }
    const t = this.nextUpdate(parameters);
    const hp = this.hyperparametersAt(t);
    hp[0] = this.rate[0]!;
    for (let k = 0; k < parameters.length; k++) {
      const p = parameters[k]!;
      const slots = this.slotsFor(p);
      adamUpdate(p.value.data, p.grad.data, slots[0]!, slots[1]!, hp);
    }
    this.updates = t;
  }

  /** The Adam update of one parameter. */
  protected update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number, t: number): void {
    const hp = this.hyperparametersAt(t);
    hp[0] = alpha;
    adamUpdate(value, grad, slots[0]!, slots[1]!, hp);
  }

  private hyperparametersAt(t: number): Float64Array {
    const hp = this.hp;
    hp[1] = this.beta1;
    hp[2] = this.beta2;
    hp[3] = this.epsilon;
    // β^t with tinynn's pow (Node 20's Math.pow bit for bit, in every engine: Chromium 156's `**`
    // differs on 6% of 0.9^t, 0.999^t), from memory: no double crosses a call
    const e = this.exponents;
    hp[4] = this.beta1;
    hp[5] = this.beta2;
    e[4] = t;
    e[5] = t;
    powRange(hp, e, 4, 6);
    hp[4] = 1 - hp[4]!;
    hp[5] = 1 - hp[5]!;
    return hp;
  }

  /** `{ beta1, beta2, epsilon }`. */
  protected hyperparameters(): Record<string, number | boolean> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** θ, m, v of one parameter, with [α, β1, β2, ε, c1, c2] from memory (no double passed to a call). */
function adamUpdate(value: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, hp: Float64Array): void {
  const alpha = hp[0]!, beta1 = hp[1]!, beta2 = hp[2]!, epsilon = hp[3]!, c1 = hp[4]!, c2 = hp[5]!;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i]!;
    m[i] = beta1 * m[i]! + (1 - beta1) * g;
    v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
    value[i]! -= (alpha * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + epsilon);
  }
}

const ADAM_UPDATE = Adam.prototype["update"];
