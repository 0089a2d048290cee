// Training in another thread: a Web Worker in a browser, a worker_threads Worker in Node. The
// network travels as its JSON (numbers, structured-cloned exactly: -0 and every bit of each double
// arrive), its random source as its state, the optimizer as its JSON with its state; the worker
// rebuilds them, runs trainAsync, and sends the same three back with the summary. Both sides run the
// same engine on the same numbers, so the result is the one `train` gives in the main thread, bit
// for bit.
//
//   main thread                                  worker
//   trainInWorker(worker, net, X, y, options)    serveTraining(self | parentPort)
//     { tinynn: "train", id, network, random,  ->  fromJSON, trainAsync
//       X, y, options }
//                                             <-  { tinynn: "progress", id, progress }  (onProgress)
//     { tinynn: "abort", id }  (signal)       ->  aborts the run
//                                             <-  { tinynn: "done", id, network, random, summary }
//                                                 | { tinynn: "error", id, error }

import { abortReason, checkSignal, type AbortSignalLike } from "../engine/train-async.js";
import type { Progress, TrainingSummary, TrainOptions } from "../engine/options.js";
import { checkKnownKeys, ConfigError, DataError, describe, LimitError, SerializationError, ShapeError, TinyNNError, TrainingError, type ErrorCode } from "../errors.js";
import { losses as builtinLosses } from "../losses/builtins.js";
import type { Loss } from "../losses/loss.js";
import { toMatrix, type MatrixInput, type PackedMatrix } from "../matrix/matrix.js";
import type { EarlyStopping } from "../engine/options.js";
import { GradientDescent } from "../optimizers/gradient-descent.js";
import type { Optimizer, OptimizerJSON } from "../optimizers/optimizer.js";
import { optimizerFromJSON } from "../optimizers/optimizer-from-json.js";
import { randomFromState, type RandomState } from "../random.js";
import { Network } from "../network/network.js";
import type { FromJSONOptions, NetworkJSON } from "../network/serialization.js";

/**
 * Either end of a message channel: a `Worker` or a worker's `self` (browsers), a `Worker` or
 * `parentPort` (Node's worker_threads), or a `MessagePort`. `on` is used where there is one (Node),
 * else `addEventListener`.
 *
 * @example
 * const port: MessagePortLike = new Worker(new URL("./train.worker.js", import.meta.url), { type: "module" });
 */
export interface MessagePortLike {
  /** Sends a message (structured clone). */
  postMessage(message: unknown): void;
  /** Node: subscribes to messages, each given as its value. */
  on?(event: "message", listener: (value: unknown) => void): unknown;
  /** Node: unsubscribes. */
  off?(event: "message", listener: (value: unknown) => void): unknown;
  // the listeners' event is `any`: the DOM's MessageEvent and Node's typings of it differ, and
  // each side's own type must fit here
  /** Browsers: subscribes to message events, each carrying the message as `data`. */
  addEventListener?(type: "message", listener: (event: any) => void): void;
  /** Browsers: unsubscribes. */
  removeEventListener?(type: "message", listener: (event: any) => void): void;
  /** A MessagePort's: delivery starts once called (a Worker has none). */
  start?(): void;
}

/**
 * Options of {@link trainInWorker}: {@link TrainOptions} that can travel to another thread, and
 * what the main thread needs to rebuild the result.
 *
 * `onProgress` runs in the main thread on a report the worker sends; its return value cannot stop
 * the worker in time (the worker has run on meanwhile), so it is not used: stop with `signal`.
 * `monitors` run where training runs and are not accepted; `optimizer` must be a built-in one
 * (it travels as its JSON); a `loss` of your own travels by its name, and the worker must have it
 * ({@link ServeTrainingOptions}).
 *
 * @example
 * const options: WorkerTrainOptions = { iterations: 60000, alpha: 1, progressEvery: 10000, onProgress: (p) => console.log(p.meanAbsoluteError) };
 */
export interface WorkerTrainOptions extends Omit<TrainOptions, "monitors" | "onProgress"> {
  /** Called in the main thread with the worker's reports, every `progressEvery` iterations. */
  onProgress?: (progress: Progress) => void;
  /** Aborting rejects the promise with `signal.reason` at once and stops the worker's run. */
  signal?: AbortSignalLike;
  /** How often the worker's run gives its event loop a turn (to read an abort), in ms; default 16. */
  yieldEveryMs?: number;
  /** Your activations and layer types, to rebuild the trained network in the main thread (as {@link Network.fromJSON} takes them). */
  fromJSON?: Pick<FromJSONOptions, "activations" | "layerTypes">;
}

/**
 * What {@link trainInWorker} resolves to: the trained network (a new one: `net` is not changed),
 * the optimizer with its state (to resume), and the summary `train` returns.
 *
 * @example
 * const { network, optimizer, summary } = await trainInWorker(worker, net, X, y, { iterations: 100 });
 */
export interface WorkerTrainingResult {
  /** The trained network, with a random source that continues the stream where the run left it. */
  readonly network: Network;
  /** The optimizer after the run, state included (an optimizer made for `alpha` when none was given). */
  readonly optimizer: Optimizer;
  /** What `train` returns. */
  readonly summary: TrainingSummary;
}

/**
 * Options of {@link serveTraining}: the pieces of yours that the networks and options sent to this
 * worker name.
 *
 * @example
 * serveTraining(self, { activations: { softsign }, losses: { huber } });
 */
export interface ServeTrainingOptions extends Pick<FromJSONOptions, "activations" | "layerTypes"> {
  /** Your losses by name (a `loss` of yours travels by its name). */
  losses?: Readonly<Record<string, Loss>>;
}

/** The messages, by their `tinynn` field. */
interface TrainRequest {
  tinynn: "train";
  id: number;
  network: NetworkJSON;
  random: RandomState;
  X: number[][];
  y: number[][];
  options: Record<string, unknown>;
}
interface ErrorReply {
  name: string;
  code: ErrorCode | undefined;
  message: string;
  iteration: number | undefined;
}

let nextId = 1;

/**
 * Trains a copy of `net` in a worker that runs {@link serveTraining}, and resolves to the trained
 * network: the same numbers as `net.train(X, y, options)` in this thread, bit for bit, while this
 * thread stays free.
 *
 * ```text
 * send   net.toJSON({ optimizer }), net.random's state, X, y, options   (structured clone)
 * worker Network.fromJSON -> trainAsync -> progress reports -> toJSON
 * get    { network, optimizer, summary }
 * ```
 *
 * @param worker - the worker (a `Worker`, or a `MessagePort` to it)
 * @param net - the network to train; not changed (its random source must have `getState`, as numpyRandom's and seededRandom's do)
 * @param X - `[samples x inputSize]`; validated and copied here
 * @param y - `[samples x outputSize]`; validated and copied here
 * @param options - see {@link WorkerTrainOptions}
 * @returns a promise of the trained network, its optimizer and the summary
 * @throws (rejects with) what `train` throws, of the same class and code (from the worker); a
 *   ConfigError for options that cannot travel; `signal.reason` when aborted
 *
 * @example
 * const worker = new Worker(new URL("./train.worker.js", import.meta.url), { type: "module" });
 * const { network, summary } = await trainInWorker(worker, net, X, y, { iterations: 60000 });
 * summary.meanAbsoluteError; // => 0.0031835307355949105, as net.train gives
 */
export async function trainInWorker(worker: MessagePortLike, net: Network, X: MatrixInput, y: MatrixInput, options: WorkerTrainOptions = {}): Promise<WorkerTrainingResult> {
  const port = checkPort(worker, "worker");
  if (!(net instanceof Network)) throw new ConfigError(`net must be a Network, got ${describe(net)}`);
  if (typeof options !== "object" || options === null) throw new ConfigError(`trainInWorker options must be an object like { iterations: 1000 }, got ${describe(options)}`);
  checkKnownKeys(options, "trainInWorker", WORKER_OPTION_KEYS);
  const { onProgress, signal: givenSignal, fromJSON, optimizer: given, alpha, loss, earlyStopping, ...rest } = options;
  if (onProgress !== undefined && typeof onProgress !== "function") throw new ConfigError(`onProgress must be a function, got ${describe(onProgress)}`);
  const signal = checkSignal(givenSignal);
  if (signal?.aborted) throw abortReason(signal);
  const getState = net.random.getState;
  if (typeof getState !== "function") {
    throw new ConfigError("net.random has no getState(), so the worker cannot continue its stream: make the network with numpyRandom(seed) or seededRandom(seed) (or a source with getState and setState)");
  }
  const x = toMatrix(X, "X", { count: net.inputSize, what: "the network's input size" });
  const t = toMatrix(y, "y", { count: net.outputSize, what: "the network's output size" });
  if (given !== undefined && alpha !== undefined) throw new ConfigError("Pass either alpha (plain gradient descent) or optimizer, not both");
  const optimizer = given ?? new GradientDescent({ alpha: alpha ?? 1 });
  if (typeof optimizer.toJSON !== "function") {
    throw new ConfigError(`optimizer must be a built-in one (it travels to the worker as its JSON), got ${describe(optimizer.name ?? optimizer)}`);
  }
  const request: TrainRequest = {
    tinynn: "train",
    id: nextId++,
    network: net.toJSON({ optimizer }),
    random: getState.call(net.random),
    X: rowsOf(x),
    y: rowsOf(t),
    options: {
      ...rest,
      ...(loss === undefined ? {} : { loss: typeof loss === "string" ? loss : lossName(loss) }),
      ...(earlyStopping === undefined ? {} : { earlyStopping: travellingEarlyStopping(earlyStopping, net) }),
      reportProgress: onProgress !== undefined,
    },
  };
  return new Promise<WorkerTrainingResult>((resolve, reject) => {
    const id = request.id;
    const finish = (): void => {
      unsubscribe();
      signal?.removeEventListener("abort", abort);
    };
    const abort = (): void => {
      finish();
      port.postMessage({ tinynn: "abort", id });
      reject(abortReason(signal!));
    };
    const unsubscribe = listen(port, (message) => {
      const m = message as { tinynn?: unknown; id?: unknown } | null;
      if (typeof m !== "object" || m === null || m.id !== id) return;
      try {
        if (m.tinynn === "progress") {
          onProgress?.((m as unknown as { progress: Progress }).progress);
        } else if (m.tinynn === "done") {
          finish();
          const done = m as unknown as { network: NetworkJSON; random: RandomState; summary: TrainingSummary };
          const network = Network.fromJSON(done.network, { ...fromJSON, random: randomFromState(done.random) });
          resolve({ network, optimizer: optimizerFromJSON(done.network.optimizer), summary: done.summary });
        } else if (m.tinynn === "error") {
          finish();
          reject(errorFrom((m as unknown as { error: ErrorReply }).error));
        }
      } catch (e) {
        finish();
        reject(e);
      }
    });
    signal?.addEventListener("abort", abort);
    port.postMessage(request);
  });
}

/**
 * Answers {@link trainInWorker}'s requests on `port`: call it once in the worker's module.
 * Returns a function that stops answering.
 *
 * ```text
 * on { tinynn: "train" }: Network.fromJSON(network, { random }) -> trainAsync -> post the result
 * on { tinynn: "abort" }: abort that run
 * ```
 *
 * @param port - `self` in a Web Worker, `parentPort` in a worker_threads Worker
 * @param options - your activations, layer types and losses that the requests name
 * @returns stops listening
 *
 * @example
 * // train.worker.ts
 * import { serveTraining } from "tinynn";
 * serveTraining(self); // => a function that stops serving
 */
export function serveTraining(port: MessagePortLike, options: ServeTrainingOptions = {}): () => void {
  const p = checkPort(port, "port");
  if (typeof options !== "object" || options === null) throw new ConfigError(`serveTraining options must be an object like { activations, layerTypes, losses }, got ${describe(options)}`);
  checkKnownKeys(options, "serveTraining", ["activations", "layerTypes", "losses"]);
  const { losses, ...pieces } = options;
  const running = new Map<number, AbortController>();
  return listen(p, (message) => {
    const m = message as { tinynn?: unknown; id?: unknown } | null;
    if (typeof m !== "object" || m === null || typeof m.id !== "number") return;
    if (m.tinynn === "abort") running.get(m.id)?.abort();
    if (m.tinynn !== "train") return;
    const request = m as TrainRequest;
    const controller = new AbortController();
    running.set(request.id, controller);
    serve(p, request, pieces, losses, controller.signal).finally(() => running.delete(request.id));
  });
}

async function serve(
  port: MessagePortLike,
  request: TrainRequest,
  pieces: Pick<FromJSONOptions, "activations" | "layerTypes">,
  losses: Readonly<Record<string, Loss>> | undefined,
  signal: AbortSignal,
): Promise<void> {
  const id = request.id;
  try {
    const net = Network.fromJSON(request.network, { ...pieces, random: randomFromState(request.random) });
    const { reportProgress, loss, ...options } = request.options;
    const optimizer = optimizerFromJSON(request.network.optimizer);
    const trainOptions: Record<string, unknown> = { ...options, optimizer, signal };
    if (loss !== undefined) trainOptions.loss = typeof loss === "string" && losses !== undefined && Object.hasOwn(losses, loss) ? losses[loss] : loss;
    if (reportProgress === true) trainOptions.onProgress = (progress: Progress) => port.postMessage({ tinynn: "progress", id, progress });
    const summary = await net.trainAsync(request.X, request.y, trainOptions);
    port.postMessage({ tinynn: "done", id, network: net.toJSON({ optimizer }), random: net.random.getState!(), summary: plainSummary(summary) });
  } catch (e) {
    if (signal.aborted) return;
    const error = e as { name?: unknown; code?: unknown; message?: unknown; iteration?: unknown };
    const reply: ErrorReply = {
      name: typeof error?.name === "string" ? error.name : "Error",
      code: e instanceof TinyNNError ? e.code : undefined,
      message: typeof error?.message === "string" ? error.message : String(e),
      iteration: e instanceof TrainingError ? e.iteration : undefined,
    };
    port.postMessage({ tinynn: "error", id, error: reply });
  }
}

/** trainInWorker's option keys: train's that can travel, and its own. */
const WORKER_OPTION_KEYS = [
  "iterations", "alpha", "optimizer", "loss", "batchSize", "shuffle", "onProgress", "progressEvery",
  "regularization", "clipValue", "clipNorm", "earlyStopping", "signal", "yieldEveryMs", "fromJSON",
];

function checkPort(port: unknown, name: string): MessagePortLike {
  const p = port as Partial<MessagePortLike> | null;
  const ok = typeof p === "object" && p !== null && typeof p.postMessage === "function" && (typeof p.on === "function" || typeof p.addEventListener === "function");
  if (!ok) throw new ConfigError(`${name} must be a Worker, a worker's self or parentPort, or a MessagePort (postMessage and on/addEventListener), got ${describe(port)}`);
  return p as MessagePortLike;
}

/** Calls `handle` with every message's value on `port`; returns the unsubscribe. */
function listen(port: MessagePortLike, handle: (message: unknown) => void): () => void {
  if (typeof port.on === "function") {
    port.on("message", handle);
    return () => void port.off?.("message", handle);
  }
  const listener = (event: { data: unknown }): void => handle(event.data);
  port.addEventListener!("message", listener);
  port.start?.();
  return () => port.removeEventListener?.("message", listener);
}

/** A packed matrix as rows: what travels (an ndarray would arrive without its methods). */
function rowsOf(m: PackedMatrix): number[][] {
  const [rows, cols] = m.shape;
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(m.data.subarray(i * cols, (i + 1) * cols)));
  return out;
}

/** A loss travels by name: a built-in one's, or yours, which the worker must have by that name. */
function lossName(loss: Loss): string {
  if (typeof loss === "object" && loss !== null && typeof loss.name === "string") {
    const builtin = (builtinLosses as Readonly<Record<string, Loss>>)[loss.name];
    if (builtin === undefined || builtin === loss) return loss.name;
  }
  throw new ConfigError(`loss must be a name or a Loss with its own name (your loss travels to the worker by name; give it to serveTraining's losses), got ${describe(loss)}`);
}

function travellingEarlyStopping(es: EarlyStopping, net: Network): EarlyStopping {
  if (typeof es !== "object" || es === null || es.validation === undefined) return es;
  const v: unknown = es.validation;
  if (typeof v !== "object" || v === null) throw new ConfigError(`earlyStopping.validation must be an object { X, y }, got ${describe(v)}`);
  const X = toMatrix(es.validation.X, "earlyStopping.validation.X", { count: net.inputSize, what: "the network's input size" });
  const y = toMatrix(es.validation.y, "earlyStopping.validation.y", { count: net.outputSize, what: "the network's output size" });
  return { ...es, validation: { X: rowsOf(X), y: rowsOf(y) } };
}

/** The worker's error, as the class it was thrown as. */
function errorFrom(reply: ErrorReply): Error {
  const { name, code, message } = reply;
  switch (name) {
    case "ConfigError":
      return new ConfigError(message);
    case "DataError":
      return new DataError(message);
    case "ShapeError":
      return new ShapeError(message);
    case "SerializationError":
      return new SerializationError(message);
    case "LimitError":
      return new LimitError(message);
    case "TrainingError":
      return new TrainingError(message, reply.iteration ?? -1);
  }
  if (code !== undefined) return new TinyNNError(code, message);
  const e = new Error(message);
  e.name = name;
  return e;
}

/** The summary with its history read into plain arrays (they are made on first read). */
function plainSummary(summary: TrainingSummary): TrainingSummary {
  return { ...summary, history: { ...summary.history } };
}
