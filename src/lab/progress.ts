import { checkInteger, ConfigError, describe } from "../errors.js";
import { optionsArg } from "./network-arg.js";
import type { Progress } from "../engine/options.js";

/**
 * Where {@link progressReporter} writes: `process.stderr`, `process.stdout`, or anything with `write`.
 *
 * @example
 * const lines: string[] = [];
 * const stream: ProgressStream = { write: (text) => lines.push(text) };
 */
export interface ProgressStream {
  /** Writes text (no newline added). */
  write(text: string): unknown;
  /** When true, each report overwrites the previous line (`\r`) instead of adding one. */
  readonly isTTY?: boolean;
}

/**
 * Options of {@link progressReporter}.
 *
 * @example
 * const options: ProgressReporterOptions = { iterations: 60000, label: "alpha=10" };
 */
export interface ProgressReporterOptions {
  /** The run's total iterations, to show `10000/60000 (16.7%)` and, on a TTY, end the line after the last report. */
  iterations?: number;
  /** A prefix, e.g. the sweep point. */
  label?: string;
  /** Milliseconds clock, for the rate; default `performance.now`. */
  now?: () => number;
}

/**
 * An `onProgress` callback for {@link Network.train} that writes iteration, loss, error and rate to a
 * stream you choose. The library itself never prints; this is how you ask it to.
 *
 * ```text
 * iteration 10000/60000 (16.7%)  loss 1.508e-4  error 0.00858453  98,421 it/s
 * rate = (iterations since the last report) / (seconds since the last report)
 * ```
 *
 * @param stream - where to write, e.g. `process.stderr`
 * @param options - total iterations, label, clock
 * @returns a callback to pass as `onProgress` (with `progressEvery` to choose how often)
 * @throws {@link ConfigError} If the stream has no `write` method, or an option is unknown or invalid;
 *   the callback throws it when called with anything but a {@link Progress}.
 *
 * @example
 * net.train(X, y, { iterations: 60000, progressEvery: 10000, onProgress: progressReporter(process.stderr, { iterations: 60000 }) });
 * // stderr: iteration 10000/60000 (16.7%)  loss 1.508e-4  error 0.00858453  98,421 it/s   (program b; the rate varies)
 */
export function progressReporter(stream: ProgressStream, options: ProgressReporterOptions = {}): (progress: Progress) => void {
  if (typeof stream !== "object" || stream === null || typeof (stream as ProgressStream).write !== "function") {
    throw new ConfigError(`stream must have a write(text) method, like process.stderr, got ${describe(stream)}`);
  }
  const o = optionsArg(options, "progressReporter", ["iterations", "label", "now"], "{ iterations: 60000 }");
  const total = o.iterations === undefined ? undefined : checkInteger("iterations", o.iterations, 1);
  if (o.label !== undefined && typeof o.label !== "string") {
    throw new ConfigError(`label must be a string, got ${describe(o.label)}`);
  }
  if (o.now !== undefined && typeof o.now !== "function") {
    throw new ConfigError(`now must be a function returning milliseconds, like () => performance.now(), got ${describe(o.now)}`);
  }
  const now = o.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const prefix = o.label === undefined ? "" : `${o.label}  `;
  let lastTime = now();
  let lastIteration = -1;
  let width = 0;
  return (progress) => {
    // training passes a Progress; a direct call with anything else is told what it must pass
    const { iteration, loss, meanAbsoluteError } = (typeof progress === "object" && progress !== null ? progress : {}) as Partial<Progress>;
    if (typeof iteration !== "number" || !Number.isInteger(iteration) || iteration < 0 || typeof loss !== "number" || typeof meanAbsoluteError !== "number") {
      throw new ConfigError(`progress must be { iteration, loss, meanAbsoluteError } as training passes it, got ${describe(progress)}`);
    }
    const time = now();
    const elapsed = time - lastTime;
    const every = lastIteration < 0 ? 0 : iteration - lastIteration;
    const rate = every > 0 && elapsed > 0 ? (every * 1000) / elapsed : Number.NaN;
    lastTime = time;
    lastIteration = iteration;
    const of = total === undefined ? "" : `/${total} (${((100 * (iteration + 1)) / total).toFixed(1)}%)`;
    const rateText = Number.isFinite(rate) ? `${Math.round(rate).toLocaleString("en-US")} it/s` : "- it/s";
    const line = `${prefix}iteration ${iteration}${of}  loss ${loss.toExponential(3)}  error ${meanAbsoluteError.toPrecision(6)}  ${rateText}`;
    if (!tty) {
      stream.write(`${line}\n`);
      return;
    }
    const last = total !== undefined && iteration + Math.max(every, 1) >= total;
    stream.write(`\r${line.padEnd(width)}${last ? "\n" : ""}`);
    width = last ? 0 : line.length;
  };
}
