// trainAsync: the same run as `train` (the same TrainingLoop, so the same bits), in slices of at
// most `yieldEveryMs`, with a wait for the event loop between two slices so that a page keeps
// painting and a server keeps answering. A slice ends at the end of an iteration: the loop runs
// groups of iterations sized from the time the last group took, and reads the clock after each
// group only (a clock read per iteration costs W1 about a tenth of its time).
//
// An AbortSignal stops the run at the end of the iteration being run when it fires (from a timer,
// a click, or a callback of the run itself) and the promise rejects with `signal.reason`, as
// `fetch` does. The network keeps what the completed iterations made.

import { checkKnownKeys, checkPositive, ConfigError, describe } from "../errors.js";
import type { MatrixInput } from "../matrix/matrix.js";
import { TRAIN_OPTION_KEYS, type TrainingSummary, type TrainOptions } from "./options.js";
import { PAUSED_OPTIMIZERS, startTraining, type Model } from "./train.js";

/**
 * What `trainAsync` needs of an `AbortSignal` (the DOM's and Node's both fit): its `aborted` flag,
 * its `reason`, and its "abort" event.
 *
 * @example
 * const controller = new AbortController();
 * const signal: AbortSignalLike = controller.signal;
 */
export interface AbortSignalLike {
  /** Whether `abort()` has been called. */
  readonly aborted: boolean;
  /** What `abort(reason)` was given: by default a `DOMException` named `"AbortError"`. */
  readonly reason?: unknown;
  /** Subscribes to the "abort" event. */
  addEventListener(type: "abort", listener: () => void): void;
  /** Unsubscribes from the "abort" event. */
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * Options of {@link Network.trainAsync}: every option of {@link TrainOptions}, and when to give the
 * event loop a turn and when to stop.
 *
 * @example
 * const options: AsyncTrainOptions = { iterations: 60000, yieldEveryMs: 16, signal: new AbortController().signal };
 */
export interface AsyncTrainOptions extends TrainOptions {
  /**
   * Give the event loop a turn at least this often, in milliseconds, a number >= 0; default 16 (a
   * frame at 60 Hz). The turns come between iterations: an iteration that takes longer than this
   * runs to its end first.
   */
  yieldEveryMs?: number;
  /**
   * Stops training at the end of the iteration being run when aborted; the promise then rejects
   * with `signal.reason` (an `AbortError` by default). Already aborted: rejects before any work.
   */
  signal?: AbortSignalLike;
}

/** trainAsync's defaults: a frame at 60 Hz. */
const DEFAULT_YIELD_EVERY_MS = 16;
/** A group of iterations between two reads of the clock aims at this share of a slice. */
const GROUP_SHARE = 0.25;

/**
 * Trains `model` on X and y, giving the event loop a turn between slices: see
 * {@link Network.trainAsync}. @internal
 */
export async function trainAsync(model: Model, X: MatrixInput, y: MatrixInput, options: AsyncTrainOptions = {}): Promise<TrainingSummary> {
  const now = clock();
  // the first slice counts the checks and copies of the call
  let sliceStart = now();
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`trainAsync options must be an object like { iterations: 1000, yieldEveryMs: 16 }, got ${describe(options)}`);
  }
  // a misspelling is named as trainAsync's, with its two options among the known ones
  checkKnownKeys(options, "trainAsync", [...TRAIN_OPTION_KEYS, "yieldEveryMs", "signal"]);
  if (model.run !== undefined && model.run.active && !model.run.paused) {
    // a callback of this network's training (onProgress, a monitor): a run that outlived it would
    // update the network while the outer one does
    throw new ConfigError("trainAsync cannot start from inside this network's own training (onProgress, a monitor, a layer or loss of yours): call train there, or start it after that training ends");
  }
  const { yieldEveryMs: every, signal: given, ...trainOptions } = options;
  const sliceMs = every === undefined ? DEFAULT_YIELD_EVERY_MS : checkPositive("yieldEveryMs", every, true);
  const signal = checkSignal(given);
  if (signal?.aborted) throw abortReason(signal);
  const loop = startTraining(model, X, y, trainOptions);
  const run = loop.run;
  const optimizer = loop.optimizer;
  const halt = (): void => {
    run.halted = true;
  };
  signal?.addEventListener("abort", halt);
  PAUSED_OPTIMIZERS.add(optimizer);
  try {
    // iterations per group, grown from 1 while groups are short, so that a slow iteration is not
    // run many times before the clock is read
    let group = 1;
    while (!loop.done) {
      const groupStart = now();
      const before = loop.iteration;
      loop.advance(before + group);
      if (signal?.aborted) throw abortReason(signal);
      const t = now();
      const took = t - groupStart;
      // fewer than `group` when a callback came first
      const perIteration = took / (loop.iteration - before);
      group = perIteration > 0 ? Math.max(1, Math.floor((GROUP_SHARE * sliceMs) / perIteration)) : group * 2;
      // a turn now unless the next group (taking about as long as this one, with room for
      // noise) would still end within the slice
      if (!loop.done && t - sliceStart + 1.5 * Math.max(took, GROUP_SHARE * sliceMs) >= sliceMs) {
        run.paused = true;
        await turn();
        run.paused = false;
        if (signal?.aborted) throw abortReason(signal);
        sliceStart = now();
      }
    }
    return loop.summary();
  } finally {
    signal?.removeEventListener("abort", halt);
    PAUSED_OPTIMIZERS.delete(optimizer);
    loop.end();
  }
}

/** `signal` checked to be an AbortSignal, or undefined. @internal */
export function checkSignal(signal: unknown): AbortSignalLike | undefined {
  if (signal === undefined) return undefined;
  const s = signal as Partial<AbortSignalLike> | null;
  if (typeof s !== "object" || s === null || typeof s.aborted !== "boolean" || typeof s.addEventListener !== "function" || typeof s.removeEventListener !== "function") {
    throw new ConfigError(`signal must be an AbortSignal (new AbortController().signal), got ${describe(signal)}`);
  }
  return s as AbortSignalLike;
}

/** What the promise rejects with: the signal's reason, or an AbortError where the signal has none (an old polyfill). @internal */
export function abortReason(signal: AbortSignalLike): unknown {
  if (signal.reason !== undefined) return signal.reason;
  if (typeof DOMException === "function") return new DOMException("This operation was aborted", "AbortError");
  const e = new Error("This operation was aborted");
  e.name = "AbortError";
  return e;
}

/** Milliseconds from a monotonic clock where there is one. */
function clock(): () => number {
  const p = (globalThis as { performance?: { now?: () => number } }).performance;
  if (p !== undefined && typeof p.now === "function") return () => p.now!();
  return Date.now;
}

type Scheduler = (callback: () => void) => void;

/**
 * A turn of the event loop: timers, I/O, input and painting may run before the promise resolves.
 * Node: setImmediate (after I/O and due timers). Browsers and workers: a message to a
 * MessageChannel, a new task without setTimeout's 4 ms minimum after nested calls. Else setTimeout.
 */
function turn(): Promise<void> {
  return new Promise((resolve) => schedule()(resolve));
}

let scheduler: Scheduler | undefined;

function schedule(): Scheduler {
  if (scheduler !== undefined) return scheduler;
  const g = globalThis as { setImmediate?: Scheduler; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === "function") {
    const setImmediate = g.setImmediate;
    scheduler = (callback) => setImmediate(callback);
  } else if (typeof g.MessageChannel === "function") {
    const Channel = g.MessageChannel;
    // a channel per turn, closed after it: an open port with a listener keeps some runtimes (Deno) from exiting
    scheduler = (callback) => {
      const channel = new Channel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        callback();
      };
      channel.port2.postMessage(null);
    };
  } else {
    scheduler = (callback) => setTimeout(callback, 0);
  }
  return scheduler;
}
