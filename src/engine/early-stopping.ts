import { checkInteger, checkPositive, ConfigError, DataError, describe } from "../errors.js";
import type { Layer } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import type { EarlyStopping } from "./options.js";
import type { Matrix } from "../matrix/matrix.js";

/** The early-stopping state of one `train` call. @internal */
export class EarlyStopper {
  readonly lossBelow: number | undefined;
  readonly validationLoss: number[] = [];
  bestIteration = -1;
  bestLoss = Number.POSITIVE_INFINITY;
  private readonly patience: number;
  private readonly every: number;
  private readonly minDelta: number;
  readonly restoreBest: boolean;
  private bad = 0;
  private snapshot: Float64Array[] | undefined;

  constructor(
    options: EarlyStopping,
    /** the validation loss of the network as it is (see predictedLoss) */
    private readonly validation: (() => number) | undefined,
    private readonly layers: readonly Layer[],
    private readonly params: readonly Parameter[],
  ) {
    this.lossBelow = options.lossBelow;
    this.patience = checkInteger("earlyStopping.patience", options.patience ?? 10, 1);
    this.every = checkInteger("earlyStopping.every", options.every ?? 1, 1);
    this.minDelta = checkPositive("earlyStopping.minDelta", options.minDelta ?? 0, true);
    if (options.restoreBest !== undefined && typeof options.restoreBest !== "boolean") {
      throw new ConfigError(`earlyStopping.restoreBest must be true or false, got ${describe(options.restoreBest)}`);
    }
    this.restoreBest = options.restoreBest ?? false;
    if (this.restoreBest && validation === undefined) throw new ConfigError("earlyStopping.restoreBest needs earlyStopping.validation data");
  }

  /** After an iteration: the reason to stop, if any. */
  check(iteration: number, trainingLoss: number): "lossBelow" | "patience" | undefined {
    if (this.lossBelow !== undefined && trainingLoss < this.lossBelow) return "lossBelow";
    if (this.validation === undefined || (iteration + 1) % this.every !== 0) return undefined;
    let v: number;
    try {
      v = this.validation();
    } catch (e) {
      if (e instanceof DataError) throw new DataError("output is not finite");
      throw e;
    }
    if (!Number.isFinite(v)) throw new DataError(`loss became ${v}`);
    this.validationLoss.push(v);
    if (v < this.bestLoss - this.minDelta || this.bestIteration < 0) {
      this.bestLoss = v;
      this.bestIteration = iteration;
      this.bad = 0;
      if (this.restoreBest) this.save();
      return undefined;
    }
    this.bad++;
    return this.bad >= this.patience ? "patience" : undefined;
  }

  /** Puts back the best parameters and layer state; true when it did. */
  restore(): boolean {
    if (!this.restoreBest || this.snapshot === undefined) return false;
    this.targets().forEach((m, k) => m.data.set(this.snapshot![k]!));
    return true;
  }

  private save(): void {
    const targets = this.targets();
    this.snapshot ??= targets.map((m) => new Float64Array(m.data.length));
    targets.forEach((m, k) => this.snapshot![k]!.set(m.data));
  }

  private targets(): Matrix[] {
    return [...this.params.map((p) => p.value), ...this.layers.flatMap((l) => l.state ?? [])];
  }
}
