import { resolveActivation, type Activation } from "../activations/activation.js";
import { activations as builtinActivations, type ActivationName } from "../activations/builtins.js";
import { checkData, train, type Model } from "../engine/train.js";
import { trainAsync, type AsyncTrainOptions } from "../engine/train-async.js";
import type { TrainingSummary, TrainOptions } from "../engine/options.js";
import { Plans } from "../engine/plan.js";
import { checkLossDomain } from "../engine/loss-domain.js";
import { predictFloat32 } from "../engine/float32.js";
import { predictedLoss, predictPacked, predictRows } from "../engine/predict.js";
import { predictSmall } from "../engine/small-predict.js";
import { checkInteger, checkKnownKeys, ConfigError, DataError, describe, quote, ShapeError } from "../errors.js";
import { checkMemory, memoryBudgetOption } from "../limits.js";
import { Dense } from "../layers/dense.js";
import type { Initializer, InitializerName } from "../layers/initializers.js";
import type { Layer } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import { Softmax } from "../layers/softmax.js";
import { losses as builtinLosses, type LossName } from "../losses/builtins.js";
import { resolveLoss, type Loss } from "../losses/loss.js";
import { sumAbsDiff } from "../matrix/elementwise.js";
import { checkInput, packedInput, packedView, toRows, type CheckedInput, type MatrixInput } from "../matrix/matrix.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { checkedRandom, resolveRandom, type Random } from "../random.js";
import { cloneParts, getWeightsOf, layerCounts, setWeightsOf, summaryOf, type CloneOptions } from "./inspect.js";
import { FORMAT_VERSION, layersFromJSON, trainingStateFromJSON, trainingStateJSON, type FromJSONOptions, type NetworkJSON } from "./serialization.js";

/**
 * Options of the {@link Network} constructor.
 *
 * @example
 * const options: NetworkOptions = { layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) };
 */
export interface NetworkOptions {
  /** Layer sizes, input first (`[3, 4, 1]`: 3 inputs, 4 hidden units, 1 output), or {@link Layer} objects. */
  layers: readonly number[] | readonly Layer[];
  /** Activation of every layer built from sizes: a built-in {@link ActivationName} (`"sigmoid"`, `"tanh"`, `"relu"`, ...) or your own {@link Activation}; default `"sigmoid"`. */
  activation?: ActivationName | Activation;
  /**
   * Activation of the output layer when it differs from `activation`: an {@link ActivationName},
   * `"softmax"` (a {@link Softmax} layer after an identity output, for classification) or your own
   * {@link Activation}.
   */
  outputActivation?: ActivationName | "softmax" | Activation;
  /** Give layers built from sizes a bias; default `true` (the blog's networks have none: pass `false`). */
  bias?: boolean;
  /** The source of every random draw (initialisation, shuffling); see {@link numpyRandom}. */
  random?: Random;
  /** Shorthand for `random: seededRandom(seed)`. Without `random` or `seed` the stream is seeded from the platform's entropy. */
  seed?: number | string;
  /** Draw initial weights from `random` (default `true`); `false` keeps the layers' current values. */
  initialize?: boolean;
  /**
   * Weight initialisation of layers built from sizes: a built-in {@link InitializerName}
   * (`"xavierUniform"`, `"heNormal"`, ...) or your own {@link Initializer}; default the blog's
   * uniform [-1, 1), weights row by row then biases, `2 * random() - 1`.
   */
  initializer?: InitializerName | Initializer;
  /**
   * Bytes this network may allocate: its parameters and gradients, the buffers of a training or
   * prediction pass, and a training run's history. Checked before anything is allocated (a
   * {@link LimitError} says what would need how much); default 1 GiB.
   */
  memoryBudget?: number;
}

/**
 * What {@link Network.evaluate} returns.
 *
 * @example
 * net.evaluate(X, y); // => { loss: 0.0000206948..., meanAbsoluteError: 0.0031835... }  (the blog network after 60000 iterations)
 */
export interface Evaluation {
  /** The loss over all of X in one batch. */
  readonly loss: number;
  /** mean |y - output| over all samples and outputs. */
  readonly meanAbsoluteError: number;
}

/**
 * Options of {@link Network.predict}.
 *
 * @example
 * const options: PredictOptions = { precision: "float64" };  // the default
 * net.predict([[1, 0, 1]], options);                          // as net.predict([[1, 0, 1]])
 */
export interface PredictOptions {
  /**
   * The arithmetic of the pass: `"float64"` (the default), every value a double as in training,
   * bit for bit; or `"float32"`: inputs and Dense weights rounded to float32 and Dense layers
   * computed in float32 (see {@link Network.predict}), for speed on large inputs.
   */
  precision?: "float64" | "float32";
}

/**
 * A feedforward neural network: layers, trained by backpropagation and an optimizer.
 *
 * ```text
 * predict:  a_0 = X,  a_{l+1} = f_l(a_l W_l + b_l)
 * train:    forward, loss, backward, optimizer step; `iterations` times over the data
 * ```
 *
 * @example
 * const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
 * const y = [[0], [1], [1], [0]];
 * const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
 * net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
 * net.predict(X); // => [[0.0026057...], [0.9967221...], [0.9970171...], [0.0038675...]]
 */
export class Network {
  /** The layers, input to output. */
  readonly layers: readonly Layer[];
  /** The random source used for shuffling (and by layers that draw at training time). */
  readonly random: Random;
  private readonly params: Parameter[];
  private readonly plans: Plans;

  /**
   * @param options - layer sizes or layers, activation, bias and random source
   * @throws {@link ConfigError} If there are fewer than 2 sizes (or no layer), a size is not a
   *   positive integer, or an activation is unknown.
   * @throws {@link ShapeError} If consecutive layer objects do not fit.
   */
  constructor(options: NetworkOptions) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError(`Network options must be an object like { layers: [3, 4, 1] }, got ${describe(options)}`);
    }
    checkKnownKeys(options, "Network", NETWORK_OPTION_KEYS);
    const budget = memoryBudgetOption(options.memoryBudget);
    this.random = resolveRandom(options.random, options.seed);
    this.layers = buildLayers(options, budget);
    this.params = nameParameters(this.layers);
    for (const layer of this.layers) OWNERS.set(layer, this);
    for (const layer of this.layers) layer.setRandom?.(this.random);
    if (options.initialize !== undefined && typeof options.initialize !== "boolean") {
      throw new ConfigError(`initialize must be true or false, got ${describe(options.initialize)}`);
    }
    if (options.initialize ?? true) {
      const random = checkedRandom(this.random);
      for (const layer of this.layers) layer.initialize(random);
    }
    this.plans = new Plans(this.layers, budget);
    const network = this;
    MODELS.set(this, {
      layers: this.layers,
      parameters: this.params,
      random: this.random,
      plans: this.plans,
      run: undefined,
      count: { updates: 0 },
      get inputSize() {
        return network.inputSize;
      },
      get outputSize() {
        return network.outputSize;
      },
    });
  }

  /** Number of input columns. */
  get inputSize(): number {
    return this.layers[0]!.inputSize;
  }

  /** Number of output columns. */
  get outputSize(): number {
    return this.layers[this.layers.length - 1]!.outputSize;
  }

  /**
   * Every trainable parameter (`W0`, `b0`, `W1`, ...), live: reading `value` shows the current
   * weights.
   *
   * @example
   * net.parameters().map((p) => p.name); // => ["W0", "W1"]
   */
  parameters(): readonly Parameter[] {
    return this.params;
  }

  /**
   * The weights of every layer as plain arrays, `[fanIn x fanOut]` each: the blog's
   * `[syn0, syn1]` (a copy).
   *
   * @example
   * new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) }).weights()[1]; // => [[-0.5910955005369651], [0.7562348727818908], ...]
   */
  weights(): number[][][] {
    return this.params.filter((p) => p.isWeight).map((p) => toRows(p.value));
  }

  /**
   * The number of trainable values: the sizes of every parameter in {@link Network.parameters}
   * summed. BatchNorm's running statistics are not trained and not counted (the summary's
   * `Non-trainable params`).
   *
   * ```text
   * parameterCount = Σ_parameters rows · cols        [3, 4, 1] without bias: 3·4 + 4·1 = 16
   * ```
   *
   * @example
   * new Network({ layers: [3, 4, 1], bias: false, seed: 1 }).parameterCount; // => 16
   * new Network({ layers: [3, 4, 1], seed: 1 }).parameterCount;              // => 21 (the biases add 4 + 1)
   */
  get parameterCount(): number {
    return this.layers.reduce((sum, layer) => sum + layerCounts(layer).trainable, 0);
  }

  /**
   * A table of the network's layers, as Keras's `model.summary()` prints, returned as text (tinynn
   * never prints: `console.log(net.summary())`).
   *
   * The first line is the input shape; then one row per layer: its index (the one its parameters
   * are named by: `W1` is layer 1's), its `type` tag with its class in parentheses (a Dense layer
   * adds its activation: `dense (Dense, sigmoid)`; a layer of yours shows its class's name, or
   * `Layer` when it is a plain object), its output shape written `[null, outputSize]` (TF.js's
   * notation: `null` is any number of rows) and its number of values. Then the totals:
   *
   * ```text
   * Trainable params      Σ parameter values                       = parameterCount
   * Non-trainable params  Σ state values (BatchNorm's running mean and variance, as Keras counts them)
   * Total params          trainable + non-trainable                = the numbers getWeights() returns
   * ```
   *
   * Columns are aligned with spaces (the last one right-aligned, no trailing spaces); counts group
   * thousands with commas. The text is ASCII: a character of your type or activation names outside
   * printable ASCII is written `\uXXXX`.
   *
   * @example
   * new Network({ layers: [3, 4, 1], bias: false, seed: 1 }).summary();
   * // => Input shape: [null, 3]
   * //    #  Layer (type)            Output shape  Param #
   * //    ================================================
   * //    0  dense (Dense, sigmoid)  [null, 4]          12
   * //    1  dense (Dense, sigmoid)  [null, 1]           4
   * //    ================================================
   * //    Total params: 16
   * //    Trainable params: 16
   * //    Non-trainable params: 0
   */
  summary(): string {
    return summaryOf(this.layers, this.inputSize);
  }

  /**
   * Every value the network learned or keeps, as plain arrays (copies), in the order of Keras's
   * `get_weights()`: layer by layer, its parameters in {@link Network.parameters} order (Dense: W,
   * then b; BatchNorm: γ, then β), then its `state` (BatchNorm: the running mean, then the running
   * variance, which Keras includes too: with them, another network given these arrays predicts as
   * this one). Without BatchNorm (no layer with `state`), array i is `parameters()[i]`'s values.
   *
   * ```text
   * a weight (isWeight, W [fanIn x fanOut], Keras's kernel)      number[][], its rows
   * a one-row bias, γ, β or running statistic                    number[]
   * anything else (a parameter of yours with several rows)       number[][], its rows
   * ```
   *
   * @example
   * new Network({ layers: [2, 1], random: numpyRandom(1) }).getWeights();
   * // => [[[-0.165955990594852], [0.4406489868843162]], [-0.9997712503653102]]   (W0, then b0)
   */
  getWeights(): (number[] | number[][])[] {
    return getWeightsOf(this.layers);
  }

  /**
   * Writes every value {@link Network.getWeights} returns, from arrays of the same form and
   * order: `net.setWeights(net.getWeights())` changes nothing, bit for bit, and
   * `b.setWeights(a.getWeights())` makes a network of the same layers predict as `a`.
   *
   * Every array and value is checked before anything is written, so a bad argument leaves the
   * network as it was; values are copied, the arrays are not kept.
   *
   * @param weights - one array per array of `getWeights()`, each of the same shape, finite numbers
   * @throws {@link DataError} If `weights` or one of its entries or rows is not an array, or a
   *   value is not a finite number (or a running variance is negative).
   * @throws {@link ShapeError} If it has another number of arrays than `getWeights()`, or an
   *   array or row another length. Messages name the place, `weights[0][2]`, what it should be and
   *   what came.
   *
   * @example
   * const net = new Network({ layers: [2, 1], seed: 1 });
   * net.setWeights([[[1], [2]], [0.5]]);
   * net.predict([[1, 1]]);          // => [[0.9706877692486436]]   (sigmoid(1 + 2 + 0.5))
   * net.setWeights([[[1], [2]]]);   // throws ShapeError: weights must have 2 arrays, one for each of W0, b0 (getWeights() order), got 1
   * net.setWeights([[[1], [NaN]], [0.5]]); // throws DataError: weights[0][1][0] must be a finite number (W0[1][0]), got NaN
   */
  setWeights(weights: readonly (readonly number[] | readonly (readonly number[])[])[]): void {
    setWeightsOf(this.layers, weights);
  }

  /**
   * An independent copy: new layers with parameters and state of their own, equal bit for bit, so
   * that it predicts exactly as this network, and training one leaves the other as it was.
   *
   * - The built-in layers are made anew by their class with the same options (sharing the
   *   Activation and Initializer objects, which hold no state).
   * - A layer of yours (or a built-in one with a method replaced on it, or of a subclass) is copied
   *   through its `toJSON()` and the reader for its type in `options.layerTypes`, as
   *   {@link Network.fromJSON} restores it; the copy must have the original's sizes and its
   *   parameter and state values, bit for bit, in storage of its own. Without a reader, `clone`
   *   throws a ConfigError that names the layer and what to pass.
   * - The random source continues from the same state, independently: a {@link numpyRandom} or
   *   {@link seededRandom} source (the default one too), recognised by its `getState()`, gets a new
   *   source of its kind set to that state. Any other source (a function of yours, with or without
   *   a state) is shared, the only option there is: draws of either network (shuffling, dropout)
   *   then advance it for both. Pass `{ random }` or `{ seed }` to give the copy its own.
   * - The count of updates made so far (the step optimizers are given) is copied too, so that
   *   `toJSON({ training: true })` saves the same training state for both.
   * - An optimizer is not part of a network: copy one with `optimizerFromJSON(optimizer.toJSON())`.
   *
   * @param options - readers for your layer types, activations they may look up, and the copy's
   *   random source ({@link CloneOptions})
   * @throws {@link ConfigError} If an option is unknown or wrong, a layer has no way to be copied,
   *   or a reader returns a layer that is not an equal, independent copy. Checked before any
   *   layer is copied, but for what a reader returns.
   *
   * @example
   * const copy = net.clone();
   * copy.predict(X);                          // => exactly net.predict(X)
   * copy.train(X, y, { iterations: 100 });    // net.predict(X) is unchanged
   */
  clone(options: CloneOptions = {}): Network {
    const { layers, random } = cloneParts(this.layers, this.random, options, this.plans.budget);
    const copy = new Network({ layers, random, initialize: false, memoryBudget: this.plans.budget });
    MODELS.get(copy)!.count.updates = MODELS.get(this)!.count.updates;
    return copy;
  }

  /**
   * Trains the network on X and y.
   *
   * ```text
   * repeat `iterations` times, for each batch:
   *   output = forward(X_batch);   g = dLoss/d(output)
   *   backward(g);                 optimizer.step(parameters)
   * ```
   *
   * Optional steps, each skipped entirely when its option is absent: `regularization` adds its
   * penalty to the loss and its gradient to every weight's grad; `clipValue` then `clipNorm` clip
   * the gradients; a loss that fuses with the output layer (`crossEntropy` after a `Softmax`)
   * writes dL/d(softmax input) and that layer's backward is skipped; `earlyStopping` checks after
   * every iteration.
   *
   * @param X - `[samples x inputSize]`, rows of numbers or a 2-D ndarray; not modified
   * @param y - `[samples x outputSize]` targets; not modified
   * @param options - iterations, alpha or optimizer, loss, batch size, callbacks
   * @returns the summary, with the loss and mean absolute error of every iteration
   * @throws {@link DataError} If X or y are empty, ragged, not numeric, NaN or Infinity.
   * @throws {@link ShapeError} If their sizes do not fit the network or each other.
   * @throws {@link ConfigError} If an option is invalid.
   * @throws {@link TrainingError} If the loss or weights become NaN or Infinity (try a smaller alpha).
   *
   * @example
   * const summary = net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
   * summary.history.meanAbsoluteError[0]; // => 0.49641003190272537  (the blog prints 0.496410031903)
   */
  train(X: MatrixInput, y: MatrixInput, options: TrainOptions = {}): TrainingSummary {
    return train(MODELS.get(this)!, X, y, options);
  }

  /**
   * Trains the network as {@link Network.train} does, without blocking: the same updates in the
   * same order (the same bits), run in slices between which the event loop gets a turn, so that a
   * page keeps painting and answering clicks, and a server keeps serving.
   *
   * ```text
   * repeat until done:
   *   run iterations for at most yieldEveryMs (default 16 ms; whole iterations)
   *   give the event loop a turn;  stop if signal was aborted
   * ```
   *
   * While it runs, `predict`, `evaluate` and `toJSON` see the weights of the last completed
   * iteration; another `train`, `trainAsync` or `trace` of this network is refused until it ends.
   *
   * @param X - `[samples x inputSize]`, rows of numbers or a 2-D ndarray; copied at the call
   * @param y - `[samples x outputSize]` targets; copied at the call
   * @param options - everything `train` takes, plus `yieldEveryMs` and an AbortSignal `signal`
   * @returns a promise of the summary `train` would return
   * @throws (rejects with) everything `train` throws; `signal.reason` (an `AbortError` by default)
   *   when the signal is aborted: the network keeps the updates of the iterations completed.
   *
   * @example
   * const controller = new AbortController();
   * const summary = await net.trainAsync(X, y, { iterations: 60000, signal: controller.signal });
   * summary.meanAbsoluteError; // => 0.0031835307355949105, as net.train gives
   */
  trainAsync(X: MatrixInput, y: MatrixInput, options: AsyncTrainOptions = {}): Promise<TrainingSummary> {
    return trainAsync(MODELS.get(this)!, X, y, options);
  }

  /**
   * The network's output for every row of X.
   *
   * ```text
   * a_0 = X,  a_{l+1} = f_l(a_l W_l + b_l)        row by row: each row's output is the same in any batch
   * ```
   *
   * With the default `precision: "float64"` every value is computed in float64, bit for bit as
   * training computes the forward pass. A few rows of `number[][]` through a small network (the
   * calls made one sample at a time: up to 8 rows of the blog's `[3, 4, 1]`) take a shorter path
   * with the same arithmetic, and give the same bits.
   *
   * With `precision: "float32"` the input and each Dense layer's weights and bias are rounded to
   * float32 and each Dense layer is computed in float32 (products, sums, bias, sigmoid, relu,
   * leakyRelu and identity; other activations in float64 on the float32 sums, rounded); other
   * layers run their float64 step on the float32 values. About twice as fast on large inputs (four
   * values per WebAssembly SIMD instruction instead of two); the outputs differ from float64's by
   * 2e-7 to 1.2e-6 of the largest output on the networks measured, more relative to outputs near
   * zero (docs/performance.md); the same bits in every engine, with or without WebAssembly.
   * Training is always float64.
   *
   * @param X - `[samples x inputSize]`, rows of numbers or a 2-D ndarray
   * @param options - the arithmetic's precision ({@link PredictOptions}); default float64
   * @returns `[samples x outputSize]` as plain arrays
   * @throws {@link DataError} If X is empty, ragged, not numeric, NaN or Infinity.
   * @throws {@link ShapeError} If X does not have `inputSize` columns.
   * @throws {@link ConfigError} If `options` is not an object, has an unknown key, or
   *   `options.precision` is not `"float64"` or `"float32"`.
   *
   * @example
   * net.predict([[1, 0, 1]]);                          // => [[0.99701...]]
   * net.predict([[1, 0, 1]], { precision: "float64" }); // the same bits: float64 is the default
   * net.predict([[1, 0, 1]], { precision: "float32" }); // => [[0.9970171451568604]]  (a float32 value; float64: 0.9970171337897594)
   */
  predict(X: MatrixInput, options?: PredictOptions): number[][] {
    if (options !== undefined && precisionOf(options) === "float32") return predictFloat32(this.plans, this.checkedX(X), this.outputSize);
    if (Array.isArray(X)) {
      const few = predictSmall(this.plans, X, this.outputSize);
      if (few !== undefined) return few;
    }
    return predictRows(this.plans, this.checkedX(X), this.outputSize);
  }

  /** X checked as predict's input. */
  private checkedX(X: MatrixInput): CheckedInput {
    return checkInput(X, "X", { count: this.inputSize, what: "the network's input size" });
  }

  /**
   * Loss and mean absolute error of the network on X and y, without training.
   *
   * @param X - `[samples x inputSize]`
   * @param y - `[samples x outputSize]`
   * @param loss - a built-in {@link LossName} (`"sse"`, the default; `"mse"`; ...) or your own {@link Loss}
   * @throws {@link DataError} / {@link ShapeError} As {@link Network.train}.
   *
   * @example
   * net.evaluate(X, y).meanAbsoluteError; // => 0.0031835023858748303  (numpy: ...8277, 2.6e-18 away)
   */
  evaluate(X: MatrixInput, y: MatrixInput, loss: LossName | Loss = "sse"): Evaluation {
    const [x, t] = checkData(MODELS.get(this)!, X, y);
    const lossFn = resolveLoss(loss, "loss", builtinLosses);
    const rows = x.shape[0];
    checkLossDomain(this.layers, lossFn, t.data, rows, this.outputSize);
    // the loss training reports: from the output layer's logits where the loss fuses with it
    const { value, output: out } = predictedLoss(this.plans, packedInput(x), lossFn, t);
    const n = rows * this.outputSize;
    const meanAbsoluteError = sumAbsDiff(out, t.data, n) / n;
    if (!Number.isFinite(value) || !Number.isFinite(meanAbsoluteError)) {
      throw new DataError(`evaluate: the ${describe(lossFn.name)} loss of the network's outputs is ${value} (mean |y - output| ${meanAbsoluteError}): outputs too far from y for a finite number`);
    }
    return { loss: value, meanAbsoluteError };
  }

  /**
   * The network as plain, versioned JSON ({@link NetworkJSON}): its layers. With `{ optimizer }`
   * (or `{ training: true }`) also its training state, so that training resumes exactly where it
   * stopped: the optimizer's hyperparameters and state, the network's update count, and the state of
   * its random source (the next shuffle and dropout draws) when that is a {@link numpyRandom} or
   * {@link seededRandom} (a source of yours is not saved: give it to `fromJSON` again).
   *
   * ```text
   * net.train(X, y, { optimizer, iterations: n }); json = net.toJSON({ optimizer })
   * copy = Network.fromJSON(json); copy.train(X, y, { optimizer: optimizerFromJSON(json.optimizer), iterations: m })
   *   == net.train(X, y, { optimizer, iterations: n + m }), bit for bit
   * ```
   *
   * @param options - `optimizer`: an optimizer with `toJSON()` to save alongside; `training`: save the
   *   training state (default: whether an optimizer is given)
   * @throws {@link ConfigError} If the optimizer cannot be saved (it has no `toJSON`), or an option is unknown.
   *
   * @example
   * const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
   * copy.predict(X); // => exactly net.predict(X)
   * net.toJSON({ training: true }).training?.updates; // => the updates made so far, e.g. 60000
   */
  toJSON(options: { optimizer?: Optimizer; training?: boolean } = {}): NetworkJSON {
    // JSON.stringify(net) calls toJSON(key) with the property name, a string
    if (typeof options === "string") return this.toJSON();
    if (typeof options !== "object" || options === null) throw new ConfigError(`toJSON options must be an object like { optimizer }, got ${describe(options)}`);
    checkKnownKeys(options, "toJSON", ["optimizer", "training"]);
    const optimizer: unknown = options.optimizer;
    if (options.training !== undefined && typeof options.training !== "boolean") throw new ConfigError(`training must be true or false, got ${describe(options.training)}`);
    const json: { -readonly [K in keyof NetworkJSON]: NetworkJSON[K] } = { format: "tinynn", version: FORMAT_VERSION, layers: this.layers.map((l) => l.toJSON()) };
    if (optimizer !== undefined) {
      if (typeof optimizer !== "object" || optimizer === null || typeof (optimizer as Optimizer).toJSON !== "function") {
        const name = (optimizer as { name?: unknown } | null)?.name;
        throw new ConfigError(`optimizer must have a toJSON() method to be saved (the built-in optimizers do), got ${typeof name === "string" ? `optimizer "${name}"` : describe(optimizer)}`);
      }
      json.optimizer = (optimizer as Required<Optimizer>).toJSON();
    }
    if (options.training ?? optimizer !== undefined) json.training = trainingStateJSON(MODELS.get(this)!.count.updates, this.random);
    return json;
  }

  /**
   * Restores a network saved with {@link Network.toJSON}.
   *
   * @param json - the parsed JSON
   * @param options - your own activations and layer types by name, and a random source for further training
   * @throws {@link SerializationError} If a field is missing or wrong, the version is not 1 to
   *   {@link FORMAT_VERSION}, a name is unknown, or shapes do not fit.
   * @throws {@link ConfigError} If an option is unknown or not what it should be.
   * @throws {@link LimitError} If the network would take more than `options.memoryBudget` (default 1 GiB).
   *
   * @example
   * Network.fromJSON(JSON.parse(text), { activations: { softsign } });
   */
  static fromJSON(json: unknown, options: FromJSONOptions = {}): Network {
    const layers = layersFromJSON(json, options);
    const training = trainingStateFromJSON(json);
    const netOptions: NetworkOptions = { layers, initialize: false };
    if (options?.memoryBudget !== undefined) netOptions.memoryBudget = options.memoryBudget;
    if (options.random !== undefined) netOptions.random = options.random;
    if (options.seed !== undefined) netOptions.seed = options.seed;
    // the saved stream continues unless another source is given
    else if (options.random === undefined && training?.random !== undefined) netOptions.random = training.random;
    const net = new Network(netOptions);
    if (training !== undefined) MODELS.get(net)!.count.updates = training.updates;
    return net;
  }
}

function buildLayers(options: NetworkOptions, budget: number): Layer[] {
  const spec: unknown = options.layers;
  if (!Array.isArray(spec)) {
    throw new ConfigError(`layers must be an array of sizes like [3, 4, 1] or of Layer objects, got ${describe(spec)}`);
  }
  if (spec.length > 0 && spec.every((s) => typeof s === "object" && s !== null)) {
    if (options.initializer !== undefined) {
      throw new ConfigError("initializer applies to layers built from sizes; with Layer objects pass it to each Dense ({ initializer })");
    }
    const layers = spec as Layer[];
    layers.forEach(checkLayer);
    layers.forEach((layer, i) => {
      const first = layers.indexOf(layer);
      if (first !== i) throw new ConfigError(`layers[${i}] is layers[${first}] again: a layer object can appear once (its buffers and gradients are its own); make another layer`);
      if (OWNERS.has(layer)) {
        throw new ConfigError(
          `layers[${i}] already belongs to another Network (its parameters are named and trained there); make a new layer, or copy that network with Network.fromJSON(net.toJSON())`,
        );
      }
    });
    for (let i = 1; i < layers.length; i++) {
      if (layers[i]!.inputSize !== layers[i - 1]!.outputSize) {
        throw new ShapeError(
          `layers[${i}].inputSize must equal layers[${i - 1}].outputSize (${layers[i - 1]!.outputSize}), got ${layers[i]!.inputSize}`,
        );
      }
    }
    return [...layers];
  }
  if (spec.length < 2) {
    throw new ConfigError(`layers needs at least 2 sizes (inputs and outputs), like [3, 4, 1]; got [${spec.join(", ")}]`);
  }
  spec.forEach((s, i) => checkInteger(`layers[${i}]`, s, 1));
  const sizes = spec as number[];
  // the weights, biases and their gradients, before any is allocated
  let parameters = 0;
  for (let i = 1; i < sizes.length; i++) parameters += (sizes[i - 1]! + 1) * sizes[i]!;
  checkMemory(16 * parameters, budget, `layers [${sizes.join(", ")}] (${parameters} weights and biases, with their gradients)`);
  // only undefined means the default: a null is a value, refused below
  // "softmax" does not compile as `activation`, but a JavaScript caller can pass it (widened to be refused below)
  const activation = options.activation === undefined ? "sigmoid" : (options.activation as ActivationName | "softmax" | Activation);
  const outputActivation = options.outputActivation === undefined ? activation : options.outputActivation;
  // resolved here for the messages: each Dense would name its own option "activation"
  if (activation !== "softmax") resolveActivation(activation, "activation", builtinActivations);
  if (outputActivation !== "softmax") resolveActivation(outputActivation, "outputActivation", { ...builtinActivations, softmax: builtinActivations.identity! });
  if (activation === "softmax") {
    throw new ConfigError('activation "softmax" is row-wise and only fits the output: pass outputActivation: "softmax" (or a Softmax layer)');
  }
  if (outputActivation === "softmax" && sizes[sizes.length - 1]! < 2) {
    throw new ConfigError(`outputActivation "softmax" needs at least 2 outputs (classes): a softmax over 1 output is always 1; got layers [${sizes.join(", ")}]`);
  }
  // softmax is row-wise: the output Dense gets the identity and a Softmax layer follows it
  const softmax = outputActivation === "softmax";
  const layers: Layer[] = sizes.slice(1).map((outputSize, i) => {
    const last = i === sizes.length - 2;
    const dense: ConstructorParameters<typeof Dense>[0] = {
      inputSize: sizes[i]!,
      outputSize,
      activation: last ? (softmax ? "identity" : outputActivation) : activation,
    };
    dense.memoryBudget = budget;
    if (options.bias !== undefined) dense.bias = options.bias;
    if (options.initializer !== undefined) dense.initializer = options.initializer;
    return new Dense(dense);
  });
  if (softmax) layers.push(new Softmax({ size: sizes[sizes.length - 1]!, memoryBudget: budget }));
  return layers;
}

/** A layer object must have what the Layer protocol promises, before anything is built on it. */
function checkLayer(layer: Layer, i: number): void {
  const where = `layers[${i}]`;
  const l = layer as unknown as Record<string, unknown>;
  for (const size of ["inputSize", "outputSize"]) checkInteger(`${where}.${size}`, l[size], 1);
  if (typeof l.type !== "string") throw new ConfigError(`${where}.type must be a string (the tag saved in JSON), got ${describe(l.type)}`);
  for (const method of ["forward", "backward", "initialize", "toJSON"]) {
    if (typeof l[method] !== "function") throw new ConfigError(`${where}.${method} must be a function (the Layer protocol), got ${describe(l[method])}`);
  }
  if (l.setRandom !== undefined && typeof l.setRandom !== "function") throw new ConfigError(`${where}.setRandom must be a function when present, got ${describe(l.setRandom)}`);
  const state = l.state;
  if (state !== undefined && (!Array.isArray(state) || state.some((m: unknown) => typeof m !== "object" || m === null || !((m as { data?: unknown }).data instanceof Float64Array)))) {
    throw new ConfigError(`${where}.state must be an array of Matrices over Float64Arrays (as zeros makes) when present, got ${describe(state)}`);
  }
  const ps = l.parameters;
  if (!Array.isArray(ps) || ps.some((p: unknown) => typeof p !== "object" || p === null || typeof (p as Parameter).name !== "string")) {
    throw new ConfigError(`${where}.parameters must be an array of Parameters { name, isWeight, value, grad }, got ${describe(ps)}`);
  }
}

/**
 * Names each parameter `{its name without trailing digits}{layer index}` (`W0`, `b0`, `gamma2`);
 * a name taken already in this network (a layer of yours whose parameters have the same name, or
 * none) gets `_{its index in the layer's parameters}` appended until it is unique (`W3`, `W3_1`;
 * `3`, `3_1`): optimizer state is saved by name, and two parameters of one name would share it.
 */
function nameParameters(layers: readonly Layer[]): Parameter[] {
  const params: Parameter[] = [];
  const taken = new Set<string>();
  layers.forEach((layer, l) => {
    for (const [k, p] of layer.parameters.entries()) {
      let name = p.name.replace(/\d+$/, "") + String(l);
      while (taken.has(name)) name += `_${k}`;
      taken.add(name);
      if (name !== p.name && !Reflect.set(p, "name", name)) {
        throw new ConfigError(`layers[${l}]'s parameter ${quote(p.name)} cannot be renamed ${quote(name)} (it is frozen or read-only): a network names its parameters by layer`);
      }
      params.push(p);
    }
  });
  return params;
}

/** The precision `options` of {@link Network.predict} asks for, after checking them. */
function precisionOf(options: unknown): "float64" | "float32" {
  if (typeof options !== "object" || options === null || Array.isArray(options) || ![Object.prototype, null].includes(Object.getPrototypeOf(options))) {
    throw new ConfigError(`predict options must be a plain object like { precision: "float32" }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "predict", ["precision"]);
  const precision: unknown = (options as PredictOptions).precision;
  if (precision === undefined || precision === "float64" || precision === "float32") return precision ?? "float64";
  throw new ConfigError(`options.precision must be "float64" or "float32", got ${describe(precision)}`);
}

/** Every key of {@link NetworkOptions}. */
const NETWORK_OPTION_KEYS = [
  "layers", "activation", "outputActivation", "bias", "random", "seed", "initialize", "initializer", "memoryBudget",
] as const satisfies readonly (keyof NetworkOptions)[];

/** The network each layer belongs to: a layer is in one network at most. */
const OWNERS = new WeakMap<Layer, Network>();

/** The engine's view of each network (its layers, parameters, random source and plans). */
const MODELS = new WeakMap<Network, Model>();

/** What the engine needs of `network`: for the lab's functions, which run its plans. @internal */
export function modelOf(network: Network): Model {
  const model = MODELS.get(network);
  if (model === undefined) throw new ConfigError(`expected a Network, got ${describe(network)}`);
  return model;
}
