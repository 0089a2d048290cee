import { checkKnownKeys, ConfigError, describe } from "../errors.js";
import type { Parameter } from "../layers/parameter.js";
import type { Optimizer, OptimizerJSON } from "./optimizer.js";
import { checkLearningRate, learningRateJSON, rateInto, type LearningRate } from "./schedule.js";
import { mismatched } from "./stateful-optimizer.js";

/**
 * Options of {@link GradientDescent}.
 *
 * @example
 * const options: GradientDescentOptions = { alpha: 0.5 };
 */
export interface GradientDescentOptions {
  /** The learning rate α, a finite number > 0 (the blog's `alpha`; 1 means "no alpha"), or a {@link Schedule} of the update count. */
  alpha: LearningRate;
}

/**
 * Plain gradient descent, the blog's update.
 *
 * ```text
 * θ <- θ - α · dL/dθ          (α = alpha, or alpha(step) for a schedule, step = the network's update count)
 * ```
 *
 * With the {@link sse} loss and α = 1 this is exactly the blog's `syn += l.T.dot(delta)`; with
 * other α it is Part 2's `synapse -= alpha * (...)`, operation for operation.
 *
 * @example
 * const gd = new GradientDescent({ alpha: 0.5 });
 * gd.alpha; // => 0.5
 * net.train(X, y, { optimizer: gd, iterations: 60000 });
 */
export class GradientDescent implements Optimizer {
  /** `"gradientDescent"`. */
  readonly name = "gradientDescent";
  /** The learning rate α (or its schedule). */
  readonly alpha: LearningRate;
  /** α of the current update. */
  private readonly rate = new Float64Array(1);

  /**
   * @param options - `{ alpha }`
   * @throws {@link ConfigError} If an option is unknown, or alpha is not a finite number > 0 or a
   *   schedule whose first rate is.
   *
   * @example
   * new GradientDescent({ alpha: 0.5 }).alpha; // => 0.5
   * new GradientDescent({ rate: 0.5 });         // throws ConfigError: Unknown GradientDescent option "rate"; known options: alpha
   */
  constructor(options: GradientDescentOptions) {
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      throw new ConfigError(`GradientDescent options must be an object { alpha }, got ${describe(options)}`);
    }
    checkKnownKeys(options, "GradientDescent", ["alpha"]);
    this.alpha = checkLearningRate("alpha", options.alpha);
  }

  /** θ <- θ - α · grad, for every parameter. */
  step(parameters: readonly Parameter[], step = 0): void {
    // α through memory and the loop written in: a double passed to (or returned from) a call
    // V8 does not inline is boxed, 16 bytes per call
    if (!Array.isArray(parameters)) throw new ConfigError(`${this.name}.step needs an array of Parameters, like net.parameters(), got ${describe(parameters)}`);
    rateInto(this.rate, this.alpha, step);
    const alpha = this.rate[0]!;
    for (let k = 0; k < parameters.length; k++) {
      const p = parameters[k]!;
      const v = p.value.data;
      const g = p.grad.data;
      const n = v.length;
      if (g.length !== n) throw mismatched(this.name, p);
      let i = 0;
      // four values per iteration (V8 re-checks each typed array at every loop iteration)
      for (; i + 4 <= n; i += 4) {
        v[i]! -= alpha * g[i]!;
        v[i + 1]! -= alpha * g[i + 1]!;
        v[i + 2]! -= alpha * g[i + 2]!;
        v[i + 3]! -= alpha * g[i + 3]!;
      }
      for (; i < n; i++) v[i]! -= alpha * g[i]!;
    }
  }

  /** The optimizer as {@link OptimizerJSON} (it has no per-parameter state). */
  toJSON(): OptimizerJSON {
    return { type: this.name, alpha: learningRateJSON(this.alpha), hyperparameters: {}, updates: 0, state: {} };
  }
}

