import { checkInteger, ConfigError, describe } from "../errors.js";
import { rowsOf, zeros, type Matrix } from "../matrix/matrix.js";
import type { Random } from "../random.js";
import { readInteger, wrapConfig } from "./json-fields.js";
import type { Layer, LayerJSON } from "./layer.js";
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
}

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
  private readonly buffers = new Map<number, { out: Matrix; mask: Matrix; gradInput: Matrix }>();
  private mask: Matrix | undefined;
  private gradInput: Matrix | undefined;

  /**
   * @param options - `{ size, rate }`
   * @throws {@link ConfigError} If size is not a positive integer or rate is not in [0, 1).
   */
  constructor(options: DropoutOptions) {
    if (typeof options !== "object" || options === null) throw new ConfigError(`Dropout options must be an object { size, rate }, got ${describe(options)}`);
    this.inputSize = this.outputSize = checkInteger("size", options.size, 1);
    const rate: unknown = options.rate;
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
      throw new ConfigError(`rate must be a finite number in [0, 1), got ${describe(rate)}`);
    }
    this.rate = rate;
  }

  /** Nothing to draw. */
  initialize(_random: Random): void {}

  /**
   * Sets the source of the masks' draws; {@link Network} passes its own.
   *
   * @param random - the random source
   */
  setRandom(random: Random): void {
    this.random = random;
  }

  /**
   * `x ⊙ mask` in training, `x` itself otherwise.
   *
   * @param input - `[n x size]`
   * @param training - draw a mask when true
   * @throws {@link ConfigError} If training without a random source.
   */
  forward(input: Matrix, training: boolean): Matrix {
    if (!training || this.rate === 0) {
      this.mask = undefined;
      return input;
    }
    const random = this.random;
    if (random === undefined) throw new ConfigError("Dropout needs a random source: add it to a Network, or call setRandom(random)");
    const rows = rowsOf(input);
    let b = this.buffers.get(rows);
    if (b === undefined) {
      b = { out: zeros(rows, this.inputSize), mask: zeros(rows, this.inputSize), gradInput: zeros(rows, this.inputSize) };
      this.buffers.set(rows, b);
    }
    const keep = 1 / (1 - this.rate);
    const rate = this.rate;
    const x = input.data;
    const m = b.mask.data;
    const o = b.out.data;
    for (let i = 0; i < m.length; i++) {
      m[i] = random() < rate ? 0 : keep;
      o[i] = x[i]! * m[i]!;
    }
    this.mask = b.mask;
    this.gradInput = b.gradInput;
    return b.out;
  }

  /**
   * dL/dx = dL/da ⊙ mask (or dL/da itself outside training).
   *
   * @param gradOutput - dL/da
   * @param needInputGradient - whether to compute dL/dx
   */
  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined {
    if (!needInputGradient) return undefined;
    const mask = this.mask;
    if (mask === undefined) return gradOutput;
    const g = gradOutput.data;
    const m = mask.data;
    const out = this.gradInput!.data;
    for (let i = 0; i < m.length; i++) out[i] = g[i]! * m[i]!;
    return this.gradInput;
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
   * @throws {@link SerializationError} If a field is missing or out of range.
   */
  static fromJSON(json: Record<string, unknown>, where: string): Dropout {
    const size = readInteger(json, "size", where);
    return wrapConfig(where, () => new Dropout({ size, rate: json.rate as number }));
  }
}
