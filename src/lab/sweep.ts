import { checkTrainOptions, type TrainingSummary, type TrainOptions } from "../engine/options.js";
import { checkData } from "../engine/train.js";
import { checkKnownKeys, ConfigError, DataError, describe, quote, TrainingError } from "../errors.js";
import { checkCeiling, checkMemory, DEFAULT_MEMORY_BUDGET, MAX_SWEEP_RUNS } from "../limits.js";
import type { MatrixInput } from "../matrix/matrix.js";
import type { TrainingMonitor } from "../monitors/monitor.js";
import { modelOf, Network, type Evaluation, type NetworkOptions } from "../network/network.js";
import { numpyRandom, type Random } from "../random.js";

/**
 * One point of a sweep's grid: option name to value, e.g. `{ alpha: 10, hiddenSize: 32 }`.
 *
 * @example
 * const point: SweepPoint = { alpha: 10 };
 */
export type SweepPoint = Readonly<Record<string, unknown>>;

/**
 * Options of {@link sweep}.
 *
 * Grid keys are option names: `hiddenSize` sets every hidden layer's size in `network.layers`;
 * `layers`, `activation`, `outputActivation` and `bias` go to the {@link Network} constructor;
 * every other key (`alpha`, `iterations`, `loss`, `batchSize`, `optimizer`, ...) goes to
 * {@link Network.train}. A grid `alpha` replaces an `optimizer` given in `train`.
 *
 * @example
 * const options: SweepOptions = {
 *   network: { layers: [3, 4, 1], bias: false },
 *   train: { iterations: 60000 },
 *   grid: { alpha: [0.001, 0.01, 0.1, 1, 10, 100, 1000] },
 * };
 */
export interface SweepOptions {
  /** The network every run starts from (sizes, activation, bias); not `random`/`seed` (refused: see the sweep's own `seed` and `random`). */
  network: Omit<NetworkOptions, "random" | "seed" | "initialize">;
  /** Training options shared by every run. */
  train?: TrainOptions;
  /** Values to try for each option; runs are the cartesian product, first key outermost. */
  grid: Readonly<Record<string, readonly unknown[]>>;
  /** Seed of the numpy-compatible random source each run starts from ({@link numpyRandom}); default 1, the blog's. */
  seed?: number;
  /** A fresh random source per run, instead of `seed`. */
  random?: (point: SweepPoint) => Random;
  /** Fresh monitors for each run (e.g. `() => [new DirectionChanges()]`). */
  monitors?: (point: SweepPoint) => TrainingMonitor[];
}

/**
 * One run of a {@link sweep}.
 *
 * @example
 * results[4].label;                         // => "alpha=10"
 * results[4].summary.history.meanAbsoluteError[50000]; // => 0.00131...
 */
export interface SweepResult {
  /** The grid point of this run. */
  readonly point: SweepPoint;
  /** `"alpha=10"`, `"alpha=10, hiddenSize=32"`: for legends. */
  readonly label: string;
  /** The trained network. */
  readonly network: Network;
  /**
   * What {@link Network.train} returned, with the full history. When the run diverged: an empty
   * history, and the loss and error of the network as training left it: put back to its last
   * state whose loss and predictions are finite (see {@link TrainingError}), at worst its starting weights.
   */
  readonly summary: TrainingSummary;
  /** The monitors made for this run by `options.monitors`, after training. */
  readonly monitors: readonly TrainingMonitor[];
  /** The {@link TrainingError} when the run diverged (NaN or Infinity); the sweep goes on. */
  readonly error?: TrainingError;
}

const NETWORK_KEYS = new Set(["layers", "activation", "outputActivation", "bias", "initializer"]);

/**
 * Trains the same configuration once per point of a grid, every run from the same seed: the blog's
 * alpha and hidden-size experiments in one call.
 *
 * ```text
 * for point in grid_1 × grid_2 × ...:
 *   net = new Network({ ...network, ...networkPart(point), random: numpyRandom(seed) })
 *   summary = net.train(X, y, { ...train, ...trainPart(point) })
 * ```
 *
 * @param X - `[samples x inputSize]`
 * @param y - `[samples x outputSize]`
 * @param options - the network, training options, grid, seed and monitors
 * @returns one {@link SweepResult} per grid point, in grid order
 * @throws {@link ConfigError} If the grid is empty, a grid value list is empty, an option is unknown or
 *   invalid, or a grid value is invalid for its option (every run is checked before the first is trained).
 * @throws {@link LimitError} If the grid has more than 10,000 points.
 * @throws {@link DataError} / {@link ShapeError} As {@link Network.train}.
 *
 * @example
 * const results = sweep(X, y, { network: { layers: [3, 4, 1], bias: false }, train: { iterations: 60000 }, grid: { alpha: [0.1, 1, 10] } });
 * results.map((r) => r.summary.history.meanAbsoluteError[50000]); // => [0.0130..., 0.00351..., 0.00131...]
 */
export function sweep(X: MatrixInput, y: MatrixInput, options: SweepOptions): SweepResult[] {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`sweep options must be an object { network, train, grid }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "sweep", SWEEP_OPTION_KEYS);
  if (typeof options.network !== "object" || options.network === null) {
    throw new ConfigError(`sweep options.network must be network options like { layers: [3, 4, 1] }, got ${describe(options.network)}`);
  }
  if (options.train !== undefined && (typeof options.train !== "object" || options.train === null)) {
    throw new ConfigError(`sweep options.train must be training options like { iterations: 1000 }, got ${describe(options.train)}`);
  }
  for (const key of ["random", "seed", "initialize"]) {
    if (Object.hasOwn(options.network, key)) {
      throw new ConfigError(`sweep options.network must not have ${key}: every run starts from the sweep's own seed (or random), made afresh`);
    }
  }
  if (options.seed !== undefined && options.random !== undefined) {
    throw new ConfigError("sweep takes seed or random, not both (random makes each run's source, so seed would be ignored)");
  }
  for (const key of ["random", "monitors"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") {
      throw new ConfigError(`sweep options.${key} must be a function of the grid point, got ${describe(options[key])}`);
    }
  }
  const grid: unknown = options.grid;
  if (typeof grid !== "object" || grid === null || Array.isArray(grid) || Object.keys(grid).length === 0) {
    throw new ConfigError(`sweep options.grid must be an object like { alpha: [0.1, 1, 10] } with at least one key, got ${describe(grid)}`);
  }
  const keys = Object.keys(grid);
  let runs = 1;
  for (const k of keys) {
    const vals: unknown = (grid as Record<string, unknown>)[k];
    if (!Array.isArray(vals) || vals.length === 0) {
      throw new ConfigError(`sweep options.grid.${k} must be a non-empty array of values, got ${describe(vals)}`);
    }
    runs *= vals.length;
  }
  checkCeiling("the sweep's runs (the product of the grid's lengths)", runs, MAX_SWEEP_RUNS);
  if (keys.includes("hiddenSize") && keys.includes("layers")) {
    throw new ConfigError("sweep options.grid may vary hiddenSize or layers, not both");
  }
  const seed = options.seed ?? 1;
  // every run's network and options are made and checked before the first is trained: a bad value
  // late in the grid throws before any work
  const points = cartesian(keys, options.grid);
  // the results keep every run's network: their weights and gradients together, before any is made
  let values = 0;
  for (const point of points) {
    const layers: unknown = "hiddenSize" in point ? withHidden(options.network.layers, point.hiddenSize) : (point.layers ?? options.network.layers);
    if (Array.isArray(layers) && layers.every((s) => typeof s === "number")) {
      for (let i = 1; i < layers.length; i++) values += ((layers[i - 1] as number) + 1) * (layers[i] as number);
    }
  }
  checkMemory(16 * values, DEFAULT_MEMORY_BUDGET, `the sweep's ${points.length} networks (its results keep each one)`, null);
  const prepared = points.map((point) => prepare(X, y, options, point, seed));
  return prepared.map(runPoint);
}

/** Every key of {@link SweepOptions}: anything else is a misspelling. */
const SWEEP_OPTION_KEYS = ["network", "train", "grid", "seed", "random", "monitors"] as const satisfies readonly (keyof SweepOptions)[];

interface PreparedRun {
  readonly point: SweepPoint;
  readonly label: string;
  readonly network: Network;
  readonly X: MatrixInput;
  readonly y: MatrixInput;
  readonly trainOptions: TrainOptions;
  readonly monitors: readonly TrainingMonitor[];
}

function prepare(X: MatrixInput, y: MatrixInput, options: SweepOptions, point: SweepPoint, seed: number): PreparedRun {
  const netOptions: Record<string, unknown> = { ...options.network };
  const trainOptions: Record<string, unknown> = { ...(options.train ?? {}) };
  for (const [k, v] of Object.entries(point)) {
    if (k === "hiddenSize") netOptions.layers = withHidden(options.network.layers, v);
    else if (NETWORK_KEYS.has(k)) netOptions[k] = v;
    else trainOptions[k] = v;
  }
  if ("alpha" in point && "optimizer" in trainOptions && !("optimizer" in point)) delete trainOptions.optimizer;
  netOptions.random = options.random ? options.random(point) : numpyRandom(seed);
  const monitors: unknown = options.monitors ? options.monitors(point) : [];
  if (!Array.isArray(monitors)) throw new ConfigError(`sweep options.monitors must return an array of monitors, got ${describe(monitors)}`);
  if (monitors.length > 0) trainOptions.monitors = [...((trainOptions.monitors as TrainingMonitor[] | undefined) ?? []), ...monitors];
  const network = new Network(netOptions as unknown as NetworkOptions);
  const [x] = checkData(modelOf(network), X, y);
  checkTrainOptions(trainOptions as TrainOptions, x.shape[0]);
  const label = Object.entries(point).map(([k, v]) => `${k}=${formatValue(v)}`).join(", ");
  return { point, label, network, X, y, trainOptions: trainOptions as TrainOptions, monitors: monitors as TrainingMonitor[] };
}

function runPoint({ point, label, network, X, y, trainOptions, monitors }: PreparedRun): SweepResult {
  try {
    const summary = network.train(X, y, trainOptions);
    return { point, label, network, summary, monitors };
  } catch (e) {
    if (!(e instanceof TrainingError)) throw e;
    // the loss and error of the network as training left it: put back to its last state whose loss
    // and predictions are finite (at worst the one it started from), so that no NaN is reported
    const at = finiteEvaluation(network, X, y, trainOptions.loss ?? "sse");
    if (at === undefined) throw e;
    const summary: TrainingSummary = {
      iterations: e.iteration,
      steps: 0,
      loss: at.loss,
      meanAbsoluteError: at.meanAbsoluteError,
      stoppedEarly: true,
      history: { loss: [], meanAbsoluteError: [] },
    };
    return { point, label, network, summary, monitors, error: e };
  }
}

function finiteEvaluation(network: Network, X: MatrixInput, y: MatrixInput, loss: NonNullable<TrainOptions["loss"]>): Evaluation | undefined {
  let e: Evaluation;
  try {
    e = network.evaluate(X, y, loss);
  } catch (error) {
    // X and y were checked before training: a DataError is an output that is not finite
    if (error instanceof DataError) return undefined;
    throw error;
  }
  return Number.isFinite(e.loss) && Number.isFinite(e.meanAbsoluteError) ? e : undefined;
}

function withHidden(layers: unknown, size: unknown): number[] {
  if (!Array.isArray(layers) || layers.length < 3 || !layers.every((s) => typeof s === "number")) {
    throw new ConfigError(
      `sweeping hiddenSize needs network.layers as sizes with a hidden layer, like [3, 4, 1]; got ${describe(layers)}`,
    );
  }
  return layers.map((s: number, i) => (i === 0 || i === layers.length - 1 ? s : (size as number)));
}

function cartesian(keys: readonly string[], grid: Readonly<Record<string, readonly unknown[]>>): SweepPoint[] {
  let points: Record<string, unknown>[] = [{}];
  for (const k of keys) {
    const next: Record<string, unknown>[] = [];
    for (const p of points) for (const v of grid[k]!) next.push({ ...p, [k]: v });
    points = next;
  }
  return points;
}

function formatValue(v: unknown): string {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return v.length <= 60 ? v : quote(v);
  if (Array.isArray(v)) return `[${v.join(",")}]`;
  if (typeof v === "object" && v !== null && typeof (v as { name?: unknown }).name === "string") return (v as { name: string }).name;
  return describe(v);
}
