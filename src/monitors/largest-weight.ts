import { checkInteger, checkKnownKeys, ConfigError, describe } from "../errors.js";
import type { StepInfo, TrainingMonitor } from "./monitor.js";

/**
 * Options of {@link LargestWeight} and {@link UpdateSizes}.
 *
 * @example
 * const options: RecordEvery = { every: 100 };
 */
export interface RecordEvery {
  /** Record a history entry every `every` updates (the first update always), an integer >= 1; default 1. */
  every?: number;
  /** Include biases, not only weights; default `false`. */
  includeBiases?: boolean;
}

/** `options` of {@link LargestWeight} or {@link UpdateSizes}, checked: `every` and `includeBiases`. @internal */
export function recordEvery(options: RecordEvery | undefined, what: string): { every: number; includeBiases: boolean } {
  const o: RecordEvery = options === undefined ? {} : options;
  if (typeof o !== "object" || o === null) throw new ConfigError(`${what} options must be an object like { every: 100 }, got ${describe(o)}`);
  checkKnownKeys(o, what, ["every", "includeBiases"]);
  const every = checkInteger("every", o.every ?? 1, 1);
  if (o.includeBiases !== undefined && typeof o.includeBiases !== "boolean") {
    throw new ConfigError(`includeBiases must be true or false, got ${describe(o.includeBiases)}`);
  }
  return { every, includeBiases: o.includeBiases ?? false };
}

/**
 * Tracks the largest absolute weight after every update: the blog's "how big did the weights get"
 * (Part 2, program g: 1.53 for alpha 0.001 as in numpy; 98.87 for alpha 1000, where numpy prints
 * -116.65967806 in Synapse 1: that run is chaotic, and a 1-ulp difference in the dot products' sums,
 * OpenBLAS's FMA kernels against plain left-to-right ones, grows until the weights differ by up to
 * 17.8; see docs/lab.md).
 *
 * ```text
 * largest_t = max over weights w of |w| after update t
 * peak      = max_t largest_t
 * ```
 *
 * @example
 * const largest = new LargestWeight({ every: 1000 });
 * net.train(X, y, { iterations: 60000, alpha: 10, monitors: [largest] });
 * largest.largest; // => 14.876018855092406  (program g, alpha 10; numpy: 14.876018855092404)
 */
export class LargestWeight implements TrainingMonitor {
  /** max |w| after the last update (NaN before the first). */
  largest = Number.NaN;
  /** max |w| over every update seen so far. */
  peak = Number.NaN;
  /** Recorded updates: `step[i]` (0-based update count) and `largest[i]` after it. */
  readonly history: {
    /** 0-based update counts of the recorded updates. */
    readonly step: number[];
    /** max |w| after each of them. */
    readonly largest: number[];
  } = { step: [], largest: [] };
  private readonly every: number;
  private readonly includeBiases: boolean;
  /** max |w| of each parameter after the last update, in `names` order */
  private perParameter = new Float64Array(0);
  private names: string[] = [];
  private included: boolean[] = [];

  /**
   * @param options - recording interval, whether to include biases
   * @throws {@link ConfigError} If `every` is not an integer >= 1, `includeBiases` is not a boolean, or an option is unknown.
   */
  constructor(options: RecordEvery = {}) {
    ({ every: this.every, includeBiases: this.includeBiases } = recordEvery(options, "LargestWeight"));
  }

  /** Measures the weights just updated. */
  afterUpdate({ parameters, step }: StepInfo): void {
    // indexed loops and a Float64Array: nothing is allocated per update
    // (made again when the monitor moves to another network: names compared, nothing allocated)
    let same = this.perParameter.length === parameters.length;
    for (let k = 0; same && k < parameters.length; k++) same = this.names[k] === parameters[k]!.name;
    if (!same) {
      this.perParameter = new Float64Array(parameters.length);
      this.names = parameters.map((p) => p.name);
      this.included = parameters.map((p) => p.isWeight || this.includeBiases);
    }
    let m = 0;
    for (let k = 0; k < parameters.length; k++) {
      const p = parameters[k]!;
      if (!p.isWeight && !this.includeBiases) continue;
      const d = p.value.data;
      let pm = 0;
      for (let i = 0; i < d.length; i++) if (Math.abs(d[i]!) > pm) pm = Math.abs(d[i]!);
      this.perParameter[k] = pm;
      if (pm > m) m = pm;
    }
    this.largest = m;
    if (!(m <= this.peak)) this.peak = m;
    if (step % this.every === 0) {
      this.history.step.push(step);
      this.history.largest.push(m);
    }
  }

  /**
   * max |w| of each parameter after the last update.
   *
   * @returns `{ W0: 10.3, W1: 7.2 }`
   */
  byParameter(): Record<string, number> {
    const out: Record<string, number> = {};
    this.names.forEach((name, k) => {
      if (this.included[k]) out[name] = this.perParameter[k]!;
    });
    return out;
  }
}
