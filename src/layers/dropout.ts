import { checkInteger, checkKnownKeys, ConfigError, describe } from "../errors.js";
import { checkMemory, memoryBudgetOption } from "../limits.js";
import type { Matrix } from "../matrix/matrix.js";
import { fillRandom, type Random } from "../random.js";
import { DirectCalls } from "./direct-calls.js";
import { readInteger, readObject, readPresent, wrapConfig } from "./json-fields.js";
import { MAKE_STEP, type Layer, type LayerJSON, type LayerStep, type StepMode } from "./layer.js";
import type { Parameter } from "./parameter.js";

/**
 * Options of a {@link Dropout} layer.
 *
 * @example
 * const options: DropoutOptions = { size: 8, rate: 0.5 };
 */
export interface DropoutOptions {
  /** Number of inputs (= outputs). */
  size: number;
  /** Probability of dropping each unit, in [0, 1). */
  rate: number;
  /**
   * Bytes one row of the layer's training buffers may take (its output and mask, `16 · size`),
   * checked at once: a layer too wide for one row could never run; default 1 GiB.
   */
  memoryBudget?: number;
}

/** Every key of {@link DropoutOptions}. */
const DROPOUT_OPTION_KEYS = ["size", "rate", "memoryBudget"] as const satisfies readonly (keyof DropoutOptions)[];

/**
 * The serialized form of a {@link Dropout} layer.
 *
 * @example
 * const json: DropoutJSON = { type: "dropout", size: 8, rate: 0.5 };
 */
export interface DropoutJSON extends LayerJSON {
  /** Always `"dropout"`. */
  readonly type: "dropout";
  /** Number of units. */
  readonly size: number;
  /** Drop probability. */
  readonly rate: number;
}

/**
 * Inverted dropout: in training, zeroes each unit with probability `rate` and scales the rest up,
 * so `predict` (training = false) is the identity and needs no change.
 *
 * ```text
 * training:   mask_ij = 0 if random() < rate, else 1 / (1 - rate)     (drawn row by row)
 *             a = x ⊙ mask,     dL/dx = dL/da ⊙ mask
 * inference:  a = x
 * ```
 *
 * The draws come from the network's random source (given through `setRandom` by
 * {@link Network}), so a seeded run is reproducible.
 *
 * @example
 * const net = new Network({ layers: [new Dense({ inputSize: 2, outputSize: 8 }), new Dropout({ size: 8, rate: 0.5 }), new Dense({ inputSize: 8, outputSize: 1 })], seed: 1 });
 * net.predict([[0, 1]]); // => the same on every call: dropout is off outside training
 */
export class Dropout implements Layer {
  /** Always `"dropout"`. */
  readonly type = "dropout";
  /** Number of inputs. */
  readonly inputSize: number;
  /** Number of outputs (= inputs). */
  readonly outputSize: number;
  /** Drop probability. */
  readonly rate: number;
  /** None. */
  readonly parameters: readonly Parameter[] = [];

  private random: Random | undefined;
  private readonly direct: DirectCalls;

  /**
   * @param options - `{ size, rate, memoryBudget? }`
   * @throws {@link ConfigError} If an option is unknown, size is not a positive integer or rate is not in [0, 1).
   * @throws {@link LimitError} If one row of its buffers would be past `memoryBudget`.
   *
   * @example
   * new Dropout({ size: 8, rate: 0.5 }).rate; // => 0.5
   * new Dropout({ size: 8, rate: 1 });        // throws ConfigError: rate must be a finite number in [0, 1), got 1
   */
  constructor(options: DropoutOptions) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError(`Dropout options must be an object { size, rate, memoryBudget? }, got ${describe(options)}`);
    }
    checkKnownKeys(options, "Dropout", DROPOUT_OPTION_KEYS);
    this.inputSize = this.outputSize = checkInteger("size", options.size, 1);
    const rate: unknown = options.rate;
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
      throw new ConfigError(`rate must be a finite number in [0, 1), got ${describe(rate)}`);
    }
    this.rate = rate;
    checkMemory(16 * this.inputSize, memoryBudgetOption(options.memoryBudget), `One row of Dropout of size ${this.inputSize} (output and mask)`);
    this.direct = new DirectCalls("Dropout", this.inputSize, this.outputSize, (mode) => new DropoutStep(this, mode));
  }

  /** Nothing to draw. */
  initialize(_random: Random): void {}

  /**
   * Sets the source of the masks' draws; {@link Network} passes its own.
   *
   * @param random - the random source
   */
  setRandom(random: Random): void {
    if (typeof random !== "function") throw new ConfigError(`Dropout.setRandom needs a random source, a function returning numbers in [0, 1), got ${describe(random)}`);
    this.random = random;
  }

  /**
   * `x ⊙ mask` in training, `x` itself otherwise.
   *
   * @param input - `[n x size]`, any view
   * @param training - draw a mask when true
   * @throws {@link ConfigError} If training without a random source.
   * @throws {@link ShapeError} If `input` does not have `size` columns.
   */
  forward(input: Matrix, training: boolean): Matrix {
    return this.direct.forward(input, training);
  }

  /**
   * dL/dx = dL/da ⊙ mask (or dL/da itself outside training).
   *
   * @param gradOutput - dL/da
   * @param needInputGradient - whether to compute dL/dx
   * @throws {@link ConfigError} If called before `forward`.
   */
  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined {
    return this.direct.backward(gradOutput, needInputGradient);
  }

  /** The packed step a training plan runs, unless forward or backward were replaced. @internal */
  [MAKE_STEP](mode: StepMode): LayerStep | undefined {
    return this.forward === DROPOUT_FORWARD && this.backward === DROPOUT_BACKWARD ? new DropoutStep(this, mode) : undefined;
  }

  /** The random source the masks are drawn from. @internal */
  randomSource(): Random {
    const random = this.random;
    if (random === undefined) throw new ConfigError("Dropout needs a random source: add it to a Network, or call setRandom(random)");
    return random;
  }

  /** The layer as {@link DropoutJSON}. */
  toJSON(): DropoutJSON {
    return { type: "dropout", size: this.inputSize, rate: this.rate };
  }

  /**
   * Restores a layer saved with {@link Dropout.toJSON}.
   *
   * @param json - the saved layer
   * @param where - its path, for messages
   * @param memoryBudget - as {@link DropoutOptions.memoryBudget}
   * @throws {@link SerializationError} If a field is missing or out of range.
   *
   * @example
   * Dropout.fromJSON({ type: "dropout", size: 8, rate: 0.5 }).rate; // => 0.5
   */
  static fromJSON(json: Record<string, unknown>, where = "json", memoryBudget?: number): Dropout {
    const budget = memoryBudgetOption(memoryBudget);
    readObject(json, where);
    const size = readInteger(json, "size", where);
    const rate = readPresent(json, "rate", where, "a finite number in [0, 1)");
    return wrapConfig(where, () => new Dropout({ size, rate: rate as number, memoryBudget: budget }));
  }
}

const DROPOUT_FORWARD = Dropout.prototype.forward;
const DROPOUT_BACKWARD = Dropout.prototype.backward;

/** A Dropout layer's step: in training a mask drawn per batch; otherwise the identity. */
class DropoutStep implements LayerStep {
  readonly elementwise = undefined;
  private readonly out: Float64Array;
  private readonly mask: Float64Array;
  private readonly active: boolean;

  constructor(
    private readonly layer: Dropout,
    mode: StepMode,
  ) {
    this.active = mode.training && layer.rate > 0;
    const size = this.active ? mode.rows * layer.inputSize : 0;
    this.out = new Float64Array(size);
    this.mask = new Float64Array(size);
  }

  forward(x: Float64Array, rows: number): Float64Array {
    if (!this.active) return x;
    const random = this.layer.randomSource();
    const rate = this.layer.rate;
    const keep = 1 / (1 - rate);
    const m = this.mask;
    const o = this.out;
    const n = rows * this.layer.inputSize;
    // the draws first (one call for the built-in sources), then the mask over them
    fillRandom(random, m, n);
    for (let i = 0; i < n; i++) {
      m[i] = m[i]! < rate ? 0 : keep;
      o[i] = x[i]! * m[i]!;
    }
    return o;
  }

  backward(_x: Float64Array, g: Float64Array | undefined, gi: Float64Array | undefined, rows: number): void {
    if (gi === undefined || g === undefined) return;
    const n = rows * this.layer.inputSize;
    if (!this.active) {
      for (let i = 0; i < n; i++) gi[i] = g[i]!;
      return;
    }
    const m = this.mask;
    for (let i = 0; i < n; i++) gi[i] = g[i]! * m[i]!;
  }
}
