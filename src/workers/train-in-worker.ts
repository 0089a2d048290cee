// Training in another thread: a Web Worker in a browser, a worker_threads Worker in Node. The
// network travels as its JSON (numbers, structured-cloned exactly: -0 and every bit of each double
// arrive), its random source as its state, the optimizer as its JSON with its state; the worker
// rebuilds them, runs trainAsync, and sends the same three back with the summary. Both sides run the
// same engine on the same numbers, so the result is the one `train` gives in the main thread, bit
// for bit.
//
// Each request brings a MessageChannel port of its own, on which the worker answers and listens
// for an abort: two requests (from two copies of tinynn in one page, say) cannot take each other's
// answers, and a request's port closes when it settles.
//
//   main thread                                   worker
//   trainInWorker(worker, net, X, y, options)     serveTraining(self | parentPort)
//     { tinynn: "train", port, network,       ->   fromJSON, trainAsync
//       random, X, y, options }   (on the worker)
//                                              <-  { tinynn: "progress", progress }   (on port)
//     { tinynn: "abort" }  (on port)           ->  aborts the run
//                                              <-  { tinynn: "done", network, random, summary }
//                                                  | { tinynn: "error", error }       (on port)

import { abortReason, checkSignal, type AbortSignalLike } from "../engine/train-async.js";
import type { Progress, TrainingSummary, TrainOptions } from "../engine/options.js";
import { checkKnownKeys, ConfigError, DataError, describe, LimitError, SerializationError, ShapeError, TinyNNError, TrainingError, WorkerError, type ErrorCode } from "../errors.js";
import { losses as builtinLosses } from "../losses/builtins.js";
import type { Loss } from "../losses/loss.js";
import { toMatrix, type MatrixInput, type PackedMatrix } from "../matrix/matrix.js";
import type { EarlyStopping, ValidationData } from "../engine/options.js";
import { GradientDescent } from "../optimizers/gradient-descent.js";
import type { Optimizer } from "../optimizers/optimizer.js";
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
  // `transfer` and the listeners' arguments are `any`: the DOM's and Node's typings of them
  // differ (and a module worker's `self` is typed as a Window where the DOM library is loaded),
  // and each side's own type must fit here
  /** Sends a message (structured clone), moving the objects in `transfer` (a request's MessagePort). */
  postMessage(message: unknown, transfer?: any): void;
  /** Node: subscribes to an event ("message": each message's value; a Worker's "error" and "exit"). */
  on?(event: string, listener: (value: any) => void): unknown;
  /** Node: unsubscribes. */
  off?(event: string, listener: (value: any) => void): unknown;
  /** Browsers: subscribes to an event ("message": events carrying the message as `data`; a Worker's "error"). */
  addEventListener?(type: string, listener: (event: any) => void): void;
  /** Browsers: unsubscribes. */
  removeEventListener?(type: string, listener: (event: any) => void): void;
  /** A MessagePort's: delivery starts once called (a Worker has none). */
  start?(): void;
}

/**
 * Options of {@link trainInWorker}: {@link TrainOptions} that can travel to another thread, and
 * what the main thread needs to rebuild the result.
 *
 * `onProgress` runs in the main thread on a report the worker sends; the worker has run on
 * meanwhile, so it cannot stop the run at that iteration as `train`'s does: returning `false` (or
 * throwing) rejects the promise and stops the worker's run. Stop with `signal`. `monitors` run where
 * training runs and are not accepted; `optimizer` must be a built-in one (it travels as its JSON),
 * with a built-in schedule if any; a `loss` of your own travels by its name, and the worker must have
 * it ({@link ServeTrainingOptions}).
 *
 * @example
 * const options: WorkerTrainOptions = { iterations: 60000, alpha: 1, progressEvery: 10000, onProgress: (p) => console.log(p.meanAbsoluteError) };
 */
export interface WorkerTrainOptions extends Omit<TrainOptions, "monitors" | "onProgress"> {
  /** Called in the main thread with the worker's reports, every `progressEvery` iterations; `false` rejects (see above). */
  onProgress?: (progress: Progress) => void | boolean;
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

/** A request, as it travels (its reply port beside it, transferred). */
interface TrainRequest {
  tinynn: "train";
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

/** A reply port: a MessagePort (the DOM's and Node's both have these). */
interface ReplyPort {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

/**
 * Trains a copy of `net` in a worker that runs {@link serveTraining}, and resolves to the trained
 * network: the same numbers as `net.train(X, y, options)` in this thread, bit for bit, while this
 * thread stays free.
 *
 * ```text
 * send   net.toJSON({ optimizer }), X, y, options, a reply port   (structured clone)
 * worker Network.fromJSON -> trainAsync -> progress reports -> toJSON({ optimizer })
 * get    { network, optimizer, summary }
 * ```
 *
 * Everything is checked here before anything is sent: X and y, the options, that they can be
 * cloned, that the network comes back from its JSON here, that its random source and schedule can
 * travel.
 *
 * @param worker - the worker (a `Worker`, or a `MessagePort` to it)
 * @param net - the network to train; not changed (its random source must have `getState`, as numpyRandom's and seededRandom's do)
 * @param X - `[samples x inputSize]`; validated and copied here
 * @param y - `[samples x outputSize]`; validated and copied here
 * @param options - see {@link WorkerTrainOptions}
 * @returns a promise of the trained network, its optimizer and the summary
 * @throws (rejects with) what `train` throws, of the same class and code (from the worker); a
 *   ConfigError for options that cannot travel; a {@link WorkerError} when the worker stops
 *   (exits, is terminated, fails to load) before it answers; `signal.reason` when aborted
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
  const { onProgress, signal: givenSignal, fromJSON, optimizer: given, alpha, loss, earlyStopping, validation, ...rest } = options;
  if (onProgress !== undefined && typeof onProgress !== "function") throw new ConfigError(`onProgress must be a function, got ${describe(onProgress)}`);
  const signal = checkSignal(givenSignal);
  if (signal?.aborted) throw abortReason(signal);
  const Channel = (globalThis as { MessageChannel?: typeof MessageChannel }).MessageChannel;
  if (typeof Channel !== "function") throw new ConfigError("trainInWorker needs MessageChannel (browsers, workers, Node >= 15): this runtime has none");
  const getState = net.random.getState;
  if (typeof getState !== "function") {
    throw new ConfigError("net.random has no getState(), so the worker cannot continue its stream: make the network with numpyRandom(seed) or seededRandom(seed)");
  }
  const random = getState.call(net.random);
  const kind = (random as { type?: unknown } | null)?.type;
  if (kind !== "mt19937" && kind !== "arc4") {
    throw new ConfigError(`net.random's state must be numpyRandom's or seededRandom's to travel to a worker, got a state of type ${describe(kind)}`);
  }
  const x = toMatrix(X, "X", { count: net.inputSize, what: "the network's input size" });
  const t = toMatrix(y, "y", { count: net.outputSize, what: "the network's output size" });
  if (given !== undefined && alpha !== undefined) throw new ConfigError("Pass either alpha (plain gradient descent) or optimizer, not both");
  const optimizer = given ?? new GradientDescent({ alpha: alpha ?? 1 });
  if (typeof optimizer.toJSON !== "function") {
    throw new ConfigError(`optimizer must be a built-in one (it travels to the worker as its JSON), got ${describe(optimizer.name ?? optimizer)}`);
  }
  const network = net.toJSON({ optimizer });
  if (network.optimizer?.alpha === null) {
    throw new ConfigError("a learning-rate schedule of your own (a function) cannot travel to a worker: use stepDecay, exponentialDecay or inverseTimeDecay, or train here");
  }
  // the result must come back here: a network of activations or layer types of yours needs them in fromJSON
  try {
    Network.fromJSON(network, { ...fromJSON });
  } catch (e) {
    if (!(e instanceof SerializationError)) throw e;
    throw new ConfigError(`the trained network could not be rebuilt here from its JSON (${e.message}): give trainInWorker the activations and layer types of yours, { fromJSON: { activations, layerTypes } }, and the worker too (serveTraining)`);
  }
  const request: TrainRequest = {
    tinynn: "train",
    network,
    random,
    X: rowsOf(x),
    y: rowsOf(t),
    options: {
      ...rest,
      ...(loss === undefined ? {} : { loss: typeof loss === "string" ? loss : lossName(loss) }),
      ...(earlyStopping === undefined ? {} : { earlyStopping: travellingEarlyStopping(earlyStopping, net) }),
      ...(validation === undefined ? {} : { validation: travellingValidation(validation, "validation", net) }),
      reportProgress: onProgress !== undefined,
    },
  };
  try {
    structuredClone(request);
  } catch (e) {
    throw new ConfigError(`trainInWorker options must be plain data to travel to the worker (no functions, class instances or symbols): ${e instanceof Error ? e.message : String(e)}`);
  }
  const channel = new Channel();
  const reply = channel.port1 as unknown as ReplyPort;
  return new Promise<WorkerTrainingResult>((resolve, reject) => {
    let settled = false;
    const stopWatching = watchWorker(port, (error) => fail(error));
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      stopWatching();
      signal?.removeEventListener("abort", abort);
      reply.onmessage = null;
      return true;
    };
    // stops the worker's run too (it may still be going: an abort, a throwing onProgress)
    const fail = (error: unknown): void => {
      if (!settle()) return;
      reply.postMessage({ tinynn: "abort" });
      reply.close();
      reject(error);
    };
    const abort = (): void => fail(abortReason(signal!));
    reply.onmessage = (event) => {
      const m = event.data as { tinynn?: unknown } | null;
      if (typeof m !== "object" || m === null || settled) return;
      try {
        if (m.tinynn === "progress") {
          if (onProgress?.((m as unknown as { progress: Progress }).progress) === false) {
            fail(new ConfigError("onProgress returned false: trainInWorker cannot stop the worker's run at that iteration (it has run on); stop it with signal instead"));
          }
        } else if (m.tinynn === "done") {
          const done = m as unknown as { network: NetworkJSON; random: RandomState; summary: TrainingSummary };
          const result = { network: Network.fromJSON(done.network, { ...fromJSON, random: randomFromState(done.random) }), optimizer: optimizerFromJSON(done.network.optimizer), summary: done.summary };
          if (settle()) {
            reply.close();
            resolve(result);
          }
        } else if (m.tinynn === "error") {
          if (settle()) {
            reply.close();
            reject(errorFrom((m as unknown as { error: ErrorReply }).error));
          }
        }
      } catch (e) {
        fail(e);
      }
    };
    signal?.addEventListener("abort", abort);
    port.postMessage({ ...request, port: channel.port2 }, [channel.port2]);
  });
}

/**
 * Rejects through `fail` when the worker stops: Node's Worker "error" and "exit", a browser
 * Worker's "error" and "messageerror". Returns the unsubscribe. (A MessagePort has none of these.)
 */
function watchWorker(worker: MessagePortLike, fail: (error: WorkerError) => void): () => void {
  const onError = (e: unknown): void => {
    const message = (e as { message?: unknown } | null)?.message;
    fail(new WorkerError(`the worker failed before it answered: ${typeof message === "string" && message !== "" ? message : "an error without a message (its script may not have loaded)"}`));
  };
  const onExit = (code: unknown): void => fail(new WorkerError(`the worker exited (code ${describe(code)}) before it answered`));
  const onMessageError = (): void => fail(new WorkerError("the worker sent a message that could not be read"));
  if (typeof worker.on === "function") {
    worker.on("error", onError);
    worker.on("exit", onExit);
    return () => {
      worker.off?.("error", onError);
      worker.off?.("exit", onExit);
    };
  }
  worker.addEventListener?.("error", onError);
  worker.addEventListener?.("messageerror", onMessageError);
  return () => {
    worker.removeEventListener?.("error", onError);
    worker.removeEventListener?.("messageerror", onMessageError);
  };
}

/**
 * Answers {@link trainInWorker}'s requests on `port`: call it once in the worker's module.
 * Returns a function that stops answering.
 *
 * ```text
 * on { tinynn: "train", port }: Network.fromJSON(network, { random }) -> trainAsync -> post the result on port
 * on { tinynn: "abort" } (on that port): abort that run
 * ```
 *
 * A message that is not a request is ignored; a request that is not well formed is answered with
 * the error tinynn gives it.
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
  return listen(p, (message) => {
    const m = message as { tinynn?: unknown; port?: unknown } | null;
    if (typeof m !== "object" || m === null || m.tinynn !== "train") return;
    const reply = m.port as Partial<ReplyPort> | undefined;
    // without its port a request cannot be answered
    if (typeof reply !== "object" || reply === null || typeof reply.postMessage !== "function" || typeof reply.close !== "function") return;
    void serve(reply as ReplyPort, m as TrainRequest, pieces, losses);
  });
}

async function serve(reply: ReplyPort, request: TrainRequest, pieces: Pick<FromJSONOptions, "activations" | "layerTypes">, losses: Readonly<Record<string, Loss>> | undefined): Promise<void> {
  const controller = new AbortController();
  reply.onmessage = (event) => {
    if ((event.data as { tinynn?: unknown } | null)?.tinynn === "abort") controller.abort();
  };
  try {
    const net = Network.fromJSON(request.network, { ...pieces, random: randomFromState(request.random) });
    const { reportProgress, loss, ...options } = request.options ?? {};
    const optimizer = optimizerFromJSON(request.network?.optimizer);
    const trainOptions: Record<string, unknown> = { ...options, optimizer, signal: controller.signal };
    if (loss !== undefined) trainOptions.loss = typeof loss === "string" && losses !== undefined && Object.hasOwn(losses, loss) ? losses[loss] : loss;
    if (reportProgress === true) trainOptions.onProgress = (progress: Progress) => reply.postMessage({ tinynn: "progress", progress });
    const summary = await net.trainAsync(request.X, request.y, trainOptions);
    reply.postMessage({ tinynn: "done", network: net.toJSON({ optimizer }), random: net.random.getState!(), summary: plainSummary(summary) });
  } catch (e) {
    if (controller.signal.aborted) return;
    const error = e as { name?: unknown; message?: unknown } | null;
    const answer: ErrorReply = {
      name: typeof error?.name === "string" ? error.name : "Error",
      code: e instanceof TinyNNError ? e.code : undefined,
      message: typeof error?.message === "string" ? error.message : String(e),
      iteration: e instanceof TrainingError ? e.iteration : undefined,
    };
    reply.postMessage({ tinynn: "error", error: answer });
  } finally {
    reply.onmessage = null;
    reply.close();
  }
}

/** trainInWorker's option keys: train's that can travel, and its own. */
const WORKER_OPTION_KEYS = [
  "iterations", "alpha", "optimizer", "loss", "batchSize", "shuffle", "onProgress", "progressEvery",
  "regularization", "clipValue", "clipNorm", "earlyStopping", "metrics", "validation", "validationSplit", "signal", "yieldEveryMs", "fromJSON",
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
  return { ...es, validation: travellingValidation(es.validation, "earlyStopping.validation", net) };
}

/** Validation data as rows: an ndarray would arrive without its methods. */
function travellingValidation(v: ValidationData, name: string, net: Network): ValidationData {
  if (typeof v !== "object" || v === null) throw new ConfigError(`${name} must be an object { X, y }, got ${describe(v)}`);
  const X = toMatrix(v.X, `${name}.X`, { count: net.inputSize, what: "the network's input size" });
  const y = toMatrix(v.y, `${name}.y`, { count: net.outputSize, what: "the network's output size" });
  return { X: rowsOf(X), y: rowsOf(y) };
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
