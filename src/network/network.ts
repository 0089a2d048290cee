import type { Activation } from "../activations/activation.js";
import { backward, forward } from "../backprop/backprop.js";
import { checkInteger, checkKnownKeys, checkPositive, ConfigError, describe, ShapeError } from "../errors.js";
import { Dense } from "../layers/dense.js";
import type { Layer } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import { resolveLoss, type Loss } from "../losses/loss.js";
import { losses as builtinLosses } from "../losses/builtins.js";
import { addSumAbsDiff, allFinite, sumAbsDiff } from "../matrix/elementwise.js";
import { colsOf, gatherRows, rowsOf, toMatrix, toMatrixView, toRows, zeros, type Matrix, type MatrixInput } from "../matrix/matrix.js";
import type { StepInfo } from "../monitors/monitor.js";
import { GradientDescent } from "../optimizers/gradient-descent.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { resolveRandom, shuffleInPlace, type Random } from "../random.js";
import { FORMAT_VERSION, layersFromJSON, type FromJSONOptions, type NetworkJSON } from "./serialization.js";
import type { EarlyStopping, TrainingSummary, TrainOptions } from "./train-options.js";
import { EarlyStopper } from "./early-stopping.js";
import { diverged } from "./diverged.js";
import { chainIterations, denseChain, type DenseChain } from "./dense-chain.js";
import { ABS_SUM, ACC_SIZE, BATCH_LOSS, HistoryRecorder, LOSS_SUM, recordIteration } from "./history.js";
import type { Initializer } from "../layers/initializers.js";
import { Softmax } from "../layers/softmax.js";
import { clipGradientsByNorm, clipGradientsByValue } from "../optimizers/clipping.js";
import {
  addRegularizationGradient,
  checkRegularization,
  regularizationPenalty,
  type CheckedRegularization,
} from "../optimizers/regularization.js";

/**
 * Options of the {@link Network} constructor.
 *
 * @example
 * const options: NetworkOptions = { layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) };
 */
export interface NetworkOptions {
  /** Layer sizes, input first (`[3, 4, 1]`: 3 inputs, 4 hidden units, 1 output), or {@link Layer} objects. */
  layers: readonly number[] | readonly Layer[];
  /** Activation of every layer built from sizes: a built-in name or your own; default `"sigmoid"`. */
  activation?: string | Activation;
  /** Activation of the output layer when it differs from `activation`. */
  outputActivation?: string | Activation;
  /** Give layers built from sizes a bias; default `true` (the blog's networks have none: pass `false`). */
  bias?: boolean;
  /** The source of every random draw (initialisation, shuffling); see {@link numpyRandom}. */
  random?: Random;
  /** Shorthand for `random: seededRandom(seed)`. Without `random` or `seed` the stream is seeded from the platform's entropy. */
  seed?: number | string;
  /** Draw initial weights from `random` (default `true`); `false` keeps the layers' current values. */
  initialize?: boolean;
  /**
   * Weight initialisation of layers built from sizes: a built-in name (`"xavierUniform"`,
   * `"heNormal"`, ...) or your own {@link Initializer}; default the blog's uniform [-1, 1),
   * weights row by row then biases, `2 * random() - 1`.
   */
  initializer?: string | Initializer;
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

const DEFAULT_ITERATIONS = 10000;

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
  /** the last run on the fused training path, whose buffers the next one reuses */
  private lastChain: DenseChain | undefined;
  /**
   * A one-entry history recorder, kept for the reason `lastChain` is kept: when every recorder has
   * been collected, V8 drops the optimised training loop that checks their layout (map), and the
   * next run warms up again (seen with `--trace-deopt`, "weak objects": the loop was re-optimised
   * in 15 of 30 W1 runs). A small one keeps the layout alive without keeping the last run's history.
   */
  private readonly historyLayout = new HistoryRecorder(1, 1);

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
    this.random = resolveRandom(options.random, options.seed);
    this.layers = buildLayers(options);
    this.params = nameParameters(this.layers);
    for (const layer of this.layers) layer.setRandom?.(this.random);
    if (options.initialize ?? true) for (const layer of this.layers) layer.initialize(this.random);
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
    const [x, t] = this.checkData(X, y);
    const o = checkTrainOptions(options, rowsOf(x));
    const n = rowsOf(x);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const batches = o.batchSize >= n ? undefined : batchBuffers(o.batchSize, n, this.inputSize, this.outputSize);
    const gradFull = zeros(n, this.outputSize);
    const history = new HistoryRecorder(o.iterations, n * this.outputSize);
    // Optional features: each is undefined when its option is absent, and then skipped entirely.
    const last = this.layers[this.layers.length - 1]!;
    const backLayers = o.loss.fusedLayer !== undefined && o.loss.fusedLayer === last.type ? this.layers.slice(0, -1) : undefined;
    const stopper = o.earlyStopping === undefined ? undefined : this.earlyStopper(o.earlyStopping, o.loss);
    const run: RunState = {
      layers: this.layers,
      params: this.params,
      x,
      t,
      n,
      order,
      batches,
      gradFull,
      o,
      random: this.random,
      acc: new Float64Array(ACC_SIZE),
      info: { iteration: 0, batch: 0, step: 0, loss: 0, output: gradFull, parameters: this.params },
      step: 0,
      regularization: o.regularization,
      backLayers,
    };
    // Dense layers, sse/mse and plain gradient descent and nothing else: the fused path (see dense-chain.ts)
    const chain = denseChain(this.layers, x, t, order, o, this.random, this.lastChain);
    if (chain !== undefined) this.lastChain = chain;
    let iteration = 0;
    let stopReason: TrainingSummary["stopReason"];

    for (; iteration < o.iterations; iteration++) {
      if (chain === undefined) {
        runIteration(run, iteration, history);
      } else if (o.onProgress === undefined) {
        // nothing to call between iterations (the fused path has no early stopping): all in one call
        chainIterations(chain, iteration, o.iterations, history);
        iteration = o.iterations - 1;
      } else {
        chainIterations(chain, iteration, iteration + 1, history);
      }
      if (o.onProgress !== undefined && iteration % o.progressEvery === 0) {
        const progress = { iteration, loss: history.lossAt(iteration), meanAbsoluteError: history.meanAbsoluteErrorAt(iteration) };
        if (o.onProgress(progress) === false) {
          iteration++;
          stopReason = "onProgress";
          break;
        }
      }
      if (stopper !== undefined) {
        const reason = stopper.check(iteration, history.lossAt(iteration));
        if (reason !== undefined) {
          iteration++;
          stopReason = reason;
          break;
        }
      }
    }
    const restored = stopper?.restore() ?? false;
    for (const p of this.params) {
      if (!allFinite(p.value)) throw diverged(`parameter ${p.name} became NaN or Infinity`, iteration - 1, o.optimizer);
    }
    const summary: { -readonly [K in keyof TrainingSummary]: TrainingSummary[K] } = {
      iterations: iteration,
      steps: chain?.steps ?? run.step,
      loss: iteration > 0 ? history.lossAt(iteration - 1) : Number.NaN,
      meanAbsoluteError: iteration > 0 ? history.meanAbsoluteErrorAt(iteration - 1) : Number.NaN,
      stoppedEarly: stopReason !== undefined,
      history: history.toHistory(iteration),
    };
    if (stopReason !== undefined) summary.stopReason = stopReason;
    if (stopper !== undefined && o.earlyStopping?.validation !== undefined) {
      summary.history = { ...summary.history, validationLoss: stopper.validationLoss };
      if (stopper.bestIteration >= 0) {
        summary.best = { iteration: stopper.bestIteration, validationLoss: stopper.bestLoss, restored };
      }
    }
    return summary;
  }

  private earlyStopper(options: EarlyStopping, loss: Loss): EarlyStopper {
    let validation: { x: Matrix; y: Matrix } | undefined;
    if (options.validation !== undefined) {
      const v: unknown = options.validation;
      if (typeof v !== "object" || v === null) throw new ConfigError(`earlyStopping.validation must be an object { X, y }, got ${describe(v)}`);
      const x = toMatrix(options.validation.X, "earlyStopping.validation.X", { count: this.inputSize, what: "the network's input size" });
      const y = toMatrix(options.validation.y, "earlyStopping.validation.y", { count: this.outputSize, what: "the network's output size" });
      if (rowsOf(x) !== rowsOf(y)) {
        throw new ShapeError(`earlyStopping.validation X and y must have the same number of rows, got ${rowsOf(x)} and ${rowsOf(y)}`);
      }
      validation = { x, y };
    }
    return new EarlyStopper(options, validation, this.layers, this.params, loss);
  }

  /**
   * The network's output for every row of X.
   *
   * @param X - `[samples x inputSize]`, rows of numbers or a 2-D ndarray
   * @returns `[samples x outputSize]` as plain arrays
   * @throws {@link DataError} If X is empty, ragged, not numeric, NaN or Infinity.
   * @throws {@link ShapeError} If X does not have `inputSize` columns.
   *
   * @example
   * net.predict([[1, 0, 1]]); // => [[0.99701...]]
   */
  predict(X: MatrixInput): number[][] {
    // a packed float64 ndarray is read in place: predict then allocates only its result
    const x = toMatrixView(X, "X", { count: this.inputSize, what: "the network's input size" });
    return toRows(forward(this.layers, x, false));
  }

  /**
   * Loss and mean absolute error of the network on X and y, without training.
   *
   * @param X - `[samples x inputSize]`
   * @param y - `[samples x outputSize]`
   * @param loss - `"sse"` (default), `"mse"` or your own {@link Loss}
   * @throws {@link DataError} / {@link ShapeError} As {@link Network.train}.
   *
   * @example
   * net.evaluate(X, y).meanAbsoluteError; // => 0.0031835023858748303  (numpy: ...8277, 2.6e-18 away)
   */
  evaluate(X: MatrixInput, y: MatrixInput, loss: string | Loss = "sse"): Evaluation {
    const [x, t] = this.checkData(X, y);
    const lossFn = resolveLoss(loss, "loss", builtinLosses);
    const out = forward(this.layers, x, false);
    return { loss: lossFn.value(out, t), meanAbsoluteError: sumAbsDiff(out, t) / (rowsOf(t) * colsOf(t)) };
  }

  /**
   * The network as plain, versioned JSON ({@link NetworkJSON}); with `{ optimizer }`, the
   * optimizer's hyperparameters and state too, so training can resume (see {@link optimizerFromJSON}).
   *
   * @param options - `optimizer`: an optimizer with `toJSON()` to save alongside
   * @throws {@link ConfigError} If the optimizer cannot be saved (it has no `toJSON`).
   *
   * @example
   * const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
   * copy.predict(X); // => exactly net.predict(X)
   */
  toJSON(options: { optimizer?: Optimizer } = {}): NetworkJSON {
    const json = { format: "tinynn" as const, version: FORMAT_VERSION, layers: this.layers.map((l) => l.toJSON()) };
    const optimizer = options?.optimizer;
    if (optimizer === undefined) return json;
    if (typeof optimizer.toJSON !== "function") {
      throw new ConfigError(`optimizer ${describe(optimizer.name)} has no toJSON() method, so its state cannot be saved`);
    }
    return { ...json, optimizer: optimizer.toJSON() };
  }

  /**
   * Restores a network saved with {@link Network.toJSON}.
   *
   * @param json - the parsed JSON
   * @param options - your own activations and layer types by name, and a random source for further training
   * @throws {@link SerializationError} If a field is missing or wrong, the version is not 1 to
   *   {@link FORMAT_VERSION}, a name is unknown, or shapes do not fit.
   *
   * @example
   * Network.fromJSON(JSON.parse(text), { activations: { softsign } });
   */
  static fromJSON(json: unknown, options: FromJSONOptions = {}): Network {
    const layers = layersFromJSON(json, options);
    const netOptions: NetworkOptions = { layers, initialize: false };
    if (options.random !== undefined) netOptions.random = options.random;
    if (options.seed !== undefined) netOptions.seed = options.seed;
    return new Network(netOptions);
  }

  private checkData(X: MatrixInput, y: MatrixInput): [Matrix, Matrix] {
    const x = toMatrix(X, "X", { count: this.inputSize, what: "the network's input size" });
    const t = toMatrix(y, "y", { count: this.outputSize, what: "the network's output size" });
    if (rowsOf(x) !== rowsOf(t)) {
      throw new ShapeError(`X and y must have the same number of rows (samples), got ${rowsOf(x)} and ${rowsOf(t)}`);
    }
    return [x, t];
  }
}

function buildLayers(options: NetworkOptions): Layer[] {
  const spec: unknown = options.layers;
  if (!Array.isArray(spec)) {
    throw new ConfigError(`layers must be an array of sizes like [3, 4, 1] or of Layer objects, got ${describe(spec)}`);
  }
  if (spec.length > 0 && spec.every((s) => typeof s === "object" && s !== null)) {
    if (options.initializer !== undefined) {
      throw new ConfigError("initializer applies to layers built from sizes; with Layer objects pass it to each Dense ({ initializer })");
    }
    const layers = spec as Layer[];
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
  const activation = options.activation ?? "sigmoid";
  const outputActivation = options.outputActivation ?? activation;
  if (activation === "softmax") {
    throw new ConfigError('activation "softmax" is row-wise and only fits the output: pass outputActivation: "softmax" (or a Softmax layer)');
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
    if (options.bias !== undefined) dense.bias = options.bias;
    if (options.initializer !== undefined) dense.initializer = options.initializer;
    return new Dense(dense);
  });
  if (softmax) layers.push(new Softmax({ size: sizes[sizes.length - 1]! }));
  return layers;
}

function nameParameters(layers: readonly Layer[]): Parameter[] {
  const params: Parameter[] = [];
  layers.forEach((layer, l) => {
    for (const p of layer.parameters) {
      p.name = p.name.replace(/\d+$/, "") + String(l);
      params.push(p);
    }
  });
  return params;
}

interface CheckedOptions {
  regularization: CheckedRegularization | undefined;
  clipValue: number | undefined;
  clipNorm: number | undefined;
  earlyStopping: EarlyStopping | undefined;
  iterations: number;
  optimizer: Optimizer;
  loss: Loss;
  batchSize: number;
  shuffle: boolean;
  onProgress: TrainOptions["onProgress"];
  progressEvery: number;
  monitors: NonNullable<TrainOptions["monitors"]>;
}

/** Every key of {@link TrainOptions}: anything else is a misspelling. */
const TRAIN_OPTION_KEYS = [
  "iterations", "alpha", "optimizer", "loss", "batchSize", "shuffle", "onProgress", "progressEvery",
  "monitors", "regularization", "clipValue", "clipNorm", "earlyStopping",
] as const satisfies readonly (keyof TrainOptions)[];

/** Every key of {@link NetworkOptions}. */
const NETWORK_OPTION_KEYS = [
  "layers", "activation", "outputActivation", "bias", "random", "seed", "initialize", "initializer",
] as const satisfies readonly (keyof NetworkOptions)[];

function checkTrainOptions(options: TrainOptions, n: number): CheckedOptions {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`train options must be an object like { iterations: 1000, alpha: 1 }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "train", TRAIN_OPTION_KEYS);
  const iterations = checkInteger("iterations", options.iterations ?? DEFAULT_ITERATIONS, 1);
  if (options.alpha !== undefined && options.optimizer !== undefined) {
    throw new ConfigError("Pass either alpha (plain gradient descent) or optimizer, not both");
  }
  let optimizer: Optimizer;
  if (options.optimizer !== undefined) {
    const opt: unknown = options.optimizer;
    if (typeof opt !== "object" || opt === null || typeof (opt as Optimizer).step !== "function") {
      throw new ConfigError(`optimizer must be an object with a step(parameters, step) method, got ${describe(opt)}`);
    }
    optimizer = opt as Optimizer;
  } else {
    // a number or a schedule; GradientDescent validates both
    optimizer = new GradientDescent({ alpha: options.alpha ?? 1 });
  }
  const batchSize = Math.min(checkInteger("batchSize", options.batchSize ?? n, 1), n);
  if (options.shuffle !== undefined && typeof options.shuffle !== "boolean") {
    throw new ConfigError(`shuffle must be true or false, got ${describe(options.shuffle)}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new ConfigError(`onProgress must be a function, got ${describe(options.onProgress)}`);
  }
  const monitors: unknown = options.monitors ?? [];
  if (!Array.isArray(monitors) || monitors.some((m) => typeof m !== "object" || m === null)) {
    throw new ConfigError(`monitors must be an array of TrainingMonitor objects, got ${describe(monitors)}`);
  }
  const es: unknown = options.earlyStopping;
  if (es !== undefined) {
    if (typeof es !== "object" || es === null) throw new ConfigError(`earlyStopping must be an object, got ${describe(es)}`);
    checkKnownKeys(es, "earlyStopping", ["lossBelow", "validation", "patience", "every", "minDelta", "restoreBest"]);
    const below = (es as EarlyStopping).lossBelow;
    if (below !== undefined && (typeof below !== "number" || !Number.isFinite(below))) {
      throw new ConfigError(`earlyStopping.lossBelow must be a finite number, got ${describe(below)}`);
    }
  }
  const loss = resolveLoss(options.loss ?? "sse", "loss", builtinLosses);
  if (loss.fusedLayer !== undefined && typeof loss.fusedGradient !== "function") {
    throw new ConfigError(`loss ${JSON.stringify(loss.name)} declares fusedLayer but has no fusedGradient method`);
  }
  return {
    regularization: checkRegularization(options.regularization),
    clipValue: options.clipValue === undefined ? undefined : checkPositive("clipValue", options.clipValue),
    clipNorm: options.clipNorm === undefined ? undefined : checkPositive("clipNorm", options.clipNorm),
    earlyStopping: es as EarlyStopping | undefined,
    iterations,
    optimizer,
    loss,
    batchSize,
    shuffle: options.shuffle ?? true,
    onProgress: options.onProgress,
    progressEvery: checkInteger("progressEvery", options.progressEvery ?? 1, 1),
    monitors: monitors as NonNullable<TrainOptions["monitors"]>,
  };
}

interface BatchBuffer {
  x: Matrix;
  y: Matrix;
  grad: Matrix;
}

function batchBuffers(size: number, n: number, inputs: number, outputs: number): { full: BatchBuffer; last: BatchBuffer | undefined } {
  const make = (rows: number): BatchBuffer => ({ x: zeros(rows, inputs), y: zeros(rows, outputs), grad: zeros(rows, outputs) });
  const rest = n % size;
  return { full: make(size), last: rest === 0 ? undefined : make(rest) };
}


// The work of an iteration lives in these small functions, not in `train`: `train` is usually
// called once, so V8 runs its body unoptimised (every double boxed, ~100 bytes a step) until
// on-stack replacement, while a function called once per iteration or batch is optimised within
// a few calls. Sums travel in a Float64Array for the same reason: a double returned from a call
// that is not inlined is boxed.

/** What one training run carries from iteration to iteration. */
interface RunState {
  readonly layers: readonly Layer[];
  readonly params: readonly Parameter[];
  readonly x: Matrix;
  readonly t: Matrix;
  readonly n: number;
  readonly order: Int32Array;
  readonly batches: { full: BatchBuffer; last: BatchBuffer | undefined } | undefined;
  readonly gradFull: Matrix;
  readonly o: CheckedOptions;
  readonly random: Random;
  /** [loss of the last batch, Σ loss·count, Σ |output - y|] of the current iteration */
  readonly acc: Float64Array;
  readonly info: StepInfo & { iteration: number; batch: number; step: number; loss: number; output: Matrix };
  /** updates made so far */
  step: number;
  /** L1/L2 on the weights, when asked */
  readonly regularization: CheckedOptions["regularization"];
  /** the layers to send dL/dz back through when the loss fuses with the output layer (softmax + cross-entropy) */
  readonly backLayers: readonly Layer[] | undefined;
}

/** One pass over the data (every batch: forward, loss, backward, update), recorded in the history. */
function runIteration(r: RunState, iteration: number, history: HistoryRecorder): void {
  const { o, n, acc, batches } = r;
  if (batches !== undefined && o.shuffle) shuffleInPlace(r.order, r.random);
  acc[LOSS_SUM] = 0;
  acc[ABS_SUM] = 0;
  for (let start = 0, batch = 0; start < n; start += o.batchSize, batch++) {
    const count = Math.min(o.batchSize, n - start);
    let xb = r.x;
    let tb = r.t;
    let grad = r.gradFull;
    if (batches !== undefined) {
      const b = count === o.batchSize ? batches.full : batches.last!;
      gatherRows(b.x, r.x, r.order, start, count);
      gatherRows(b.y, r.t, r.order, start, count);
      xb = b.x;
      tb = b.y;
      grad = b.grad;
    }
    const out = forward(r.layers, xb, true);
    let batchLoss = o.loss.value(out, tb);
    if (r.regularization !== undefined) batchLoss += regularizationPenalty(r.params, r.regularization);
    acc[BATCH_LOSS] = batchLoss;
    if (!Number.isFinite(batchLoss)) throw diverged(`the loss became ${batchLoss}`, iteration, o.optimizer);
    acc[LOSS_SUM]! += batchLoss * count;
    addSumAbsDiff(acc, ABS_SUM, out, tb);
    if (r.backLayers === undefined) {
      o.loss.gradient(grad, out, tb);
      backward(r.layers, grad);
    } else {
      // the loss fuses with the output layer (softmax + cross-entropy): dL/dz directly
      o.loss.fusedGradient!(grad, out, tb);
      backward(r.backLayers, grad);
    }
    if (r.regularization !== undefined) addRegularizationGradient(r.params, r.regularization);
    if (o.clipValue !== undefined) clipGradientsByValue(r.params, o.clipValue);
    if (o.clipNorm !== undefined) clipGradientsByNorm(r.params, o.clipNorm);
    const monitors = o.monitors;
    if (monitors.length > 0) {
      const info = r.info;
      info.iteration = iteration;
      info.batch = batch;
      info.step = r.step;
      info.loss = batchLoss;
      info.output = out;
      for (const m of monitors) m.beforeUpdate?.(info);
    }
    o.optimizer.step(r.params, r.step);
    r.step++;
    if (monitors.length > 0) for (const m of monitors) m.afterUpdate?.(r.info);
  }
  recordIteration(acc, batches !== undefined, n, iteration, history);
}
