import { recordEvery, type RecordEvery } from "./largest-weight.js";
import type { StepInfo, TrainingMonitor } from "./monitor.js";

/**
 * Measures the size of every update: how far gradient descent moves the weights in one step.
 *
 * ```text
 * Δ_t       = θ after update t - θ before it
 * maxAbs_t  = max |Δ_t|
 * norm_t    = sqrt(Σ Δ_t²)
 * ```
 *
 * Steps that shrink mean convergence; steps that stay large with {@link DirectionChanges} counting
 * flips mean alpha is too big.
 *
 * @example
 * const sizes = new UpdateSizes({ every: 10000 });
 * net.train(X, y, { iterations: 60000, alpha: 10, monitors: [sizes] });
 * sizes.history.norm[0];   // => 0.1834020500516941   (program f's net, alpha 10, the first update)
 * sizes.history.maxAbs[5]; // => 0.000017893690767323278 (update 50000: steps shrink as training converges)
 */
export class UpdateSizes implements TrainingMonitor {
  /** The largest max |Δ| over every update seen. */
  largest = Number.NaN;
  /** max |Δ| of the last update. */
  lastMaxAbs = Number.NaN;
  /** sqrt(Σ Δ²) of the last update. */
  lastNorm = Number.NaN;
  /** Recorded updates: `step[i]`, `maxAbs[i]` and `norm[i]`. */
  readonly history: {
    /** 0-based update counts of the recorded updates. */
    readonly step: number[];
    /** max |Δ| of each. */
    readonly maxAbs: number[];
    /** sqrt(Σ Δ²) of each. */
    readonly norm: number[];
  } = { step: [], maxAbs: [], norm: [] };
  private readonly every: number;
  private readonly includeBiases: boolean;
  private before: Float64Array[] = [];

  /**
   * @param options - recording interval, whether to include biases
   * @throws {@link ConfigError} If `every` is not an integer >= 1, `includeBiases` is not a boolean, or an option is unknown.
   */
  constructor(options: RecordEvery = {}) {
    ({ every: this.every, includeBiases: this.includeBiases } = recordEvery(options, "UpdateSizes"));
  }

  /** Remembers the values before the update. */
  beforeUpdate({ parameters }: StepInfo): void {
    // one buffer per parameter, made once (again when the monitor moves to a network of other
    // sizes); indexed loops, so nothing is allocated per update
    let same = this.before.length === parameters.length;
    for (let k = 0; same && k < parameters.length; k++) same = this.before[k]!.length === parameters[k]!.value.data.length;
    if (!same) this.before = parameters.map((p) => new Float64Array(p.value.data.length));
    for (let k = 0; k < parameters.length; k++) {
      const p = parameters[k]!;
      if (p.isWeight || this.includeBiases) this.before[k]!.set(p.value.data);
    }
  }

  /** Measures the update just made. */
  afterUpdate({ parameters, step }: StepInfo): void {
    let m = 0;
    let s = 0;
    for (let j = 0; j < parameters.length; j++) {
      const p = parameters[j]!;
      if (!p.isWeight && !this.includeBiases) continue;
      const b = this.before[j]!;
      const v = p.value.data;
      for (let k = 0; k < v.length; k++) {
        const d = v[k]! - b[k]!;
        s += d * d;
        if (Math.abs(d) > m) m = Math.abs(d);
      }
    }
    this.lastMaxAbs = m;
    this.lastNorm = Math.sqrt(s);
    if (!(m <= this.largest)) this.largest = m;
    if (step % this.every === 0) {
      this.history.step.push(step);
      this.history.maxAbs.push(m);
      this.history.norm.push(this.lastNorm);
    }
  }
}
