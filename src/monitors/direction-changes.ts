import { ConfigError, describe, quote, ShapeError } from "../errors.js";
import type { TrainingMonitor, StepInfo } from "./monitor.js";

/**
 * Counts, for every weight, how often the direction of its update flips between consecutive
 * updates: the blog's `synapse_*_direction_count` (Part 2, "Let's Take a Closer Look").
 *
 * ```text
 * up_t(w)   = -dL/dw > 0           (gradient descent moves w up)
 * count(w) += |up_t(w) - up_{t-1}(w)|   for t >= 1
 * ```
 *
 * Many flips mean the step size makes weights oscillate across a valley; almost none mean slow,
 * steady descent. Attach one instance to any training run; it keeps counting across runs of the
 * same network (or of networks with the same parameter shapes).
 *
 * @example
 * const changes = new DirectionChanges();
 * net.train(X, y, { iterations: 60000, alpha: 10, monitors: [changes] });
 * changes.counts().W1; // => [[22], [15], [4], [15]]   (program g, alpha 10)
 * changes.total();     // => 192
 */
export class DirectionChanges implements TrainingMonitor {
  private readonly previous = new Map<string, Uint8Array>();
  private readonly changes = new Map<string, { rows: number; cols: number; counts: Float64Array }>();

  /**
   * @param options - none: DirectionChanges takes no options (one passed by mistake is refused, not ignored)
   * @throws {@link ConfigError} If options has a key.
   */
  constructor(options: Record<string, never> = {}) {
    if (typeof options !== "object" || options === null || Object.keys(options).length > 0) {
      const got = typeof options === "object" && options !== null ? `option ${quote(Object.keys(options)[0]!)}` : describe(options);
      throw new ConfigError(`DirectionChanges takes no options, got ${got}`);
    }
  }

  /**
   * Records this update's directions and counts the flips.
   *
   * @throws {@link ShapeError} If a parameter counted before now has another shape (another network).
   */
  beforeUpdate({ parameters }: StepInfo): void {
    for (const p of parameters) {
      const g = p.grad.data;
      const n = g.length;
      let prev = this.previous.get(p.name);
      const c = prev === undefined ? undefined : this.changes.get(p.name)!;
      if (c !== undefined && (c.rows !== p.value.shape[0] || c.cols !== p.value.shape[1])) {
        throw new ShapeError(
          `DirectionChanges has counted ${p.name} as ${c.rows}x${c.cols}, but this run's ${p.name} is ${p.value.shape[0]}x${p.value.shape[1]}: use a new DirectionChanges for each network`,
        );
      }
      if (prev === undefined) {
        prev = new Uint8Array(n);
        for (let i = 0; i < n; i++) prev[i] = g[i]! < 0 ? 1 : 0;
        this.previous.set(p.name, prev);
        this.changes.set(p.name, { rows: p.value.shape[0]!, cols: p.value.shape[1]!, counts: new Float64Array(n) });
        continue;
      }
      const counts = this.changes.get(p.name)!.counts;
      for (let i = 0; i < n; i++) {
        const up = g[i]! < 0 ? 1 : 0;
        if (up !== prev[i]) counts[i]! += 1;
        prev[i] = up;
      }
    }
  }

  /**
   * The counts so far, by parameter name (`W0`, `b0`, `W1`, ...), each shaped like its parameter.
   *
   * @returns a new object of `number[][]` per parameter
   */
  counts(): Record<string, number[][]> {
    const out: Record<string, number[][]> = {};
    for (const [name, { rows, cols, counts }] of this.changes) {
      out[name] = Array.from({ length: rows }, (_, i) => Array.from(counts.subarray(i * cols, (i + 1) * cols)));
    }
    return out;
  }

  /** The sum of all counts over all parameters. */
  total(): number {
    let s = 0;
    for (const { counts } of this.changes.values()) for (const c of counts) s += c;
    return s;
  }
}
