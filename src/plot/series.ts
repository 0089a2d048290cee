// Finds the series a plot draws for one metric name in a training history: the training values
// (every iteration for loss and mean |error|, at `metrics.iterations` for a recorded metric) and,
// when the history has them, the validation values with the iterations they were measured after.

import { checkInteger, ConfigError, DataError, describe, quote } from "../errors.js";
import type { MetricHistory, TrainingHistory } from "../engine/options.js";

/** Values of a series, at iterations 0, 1, 2, ... (`at` absent) or at the iterations `at`. @internal */
export interface Points {
  readonly values: readonly number[];
  readonly at?: readonly number[];
  /** Where the values come from, for error messages: `history.metrics.validation.loss`. */
  readonly source: string;
}

/** The training and validation series of one metric of a history. @internal */
export interface MetricSeries {
  /** The name asked for: `"loss"`, `"accuracy"`, ... */
  readonly name: string;
  /** `undefined` when only the validation data has this metric. */
  readonly training: Points | undefined;
  /** `undefined` when the history has no validation values of this metric, or they were turned off. */
  readonly validation: (Points & { readonly at: readonly number[] }) | undefined;
}

/** How {@link metricSeries} looks for validation values. @internal */
export interface SeriesOptions {
  /** `false`: none; `true` or `undefined`: the recorded ones. */
  readonly validation: boolean | undefined;
  /** earlyStopping.every of the run, to place `validationLoss`; inferred when `undefined`. */
  readonly earlyStoppingEvery: number | undefined;
}

/** Validates the plots' `validation` and `earlyStoppingEvery` options. @internal */
export function seriesOptions(options: { validation?: unknown; earlyStoppingEvery?: unknown }): SeriesOptions {
  const v = options.validation;
  if (v !== undefined && typeof v !== "boolean") throw new ConfigError(`validation must be true or false, got ${describe(v)}`);
  const e = options.earlyStoppingEvery;
  return { validation: v, earlyStoppingEvery: e === undefined ? undefined : checkInteger("earlyStoppingEvery", e, 1) };
}

const BUILT_IN = ["loss", "meanAbsoluteError"] as const;

/** The message for a metric name that is not a string. @internal */
export function notAName(what: string, value: unknown): ConfigError {
  return new ConfigError(`${what} must be a metric name like "loss", "meanAbsoluteError" or one the history records, got ${describe(value)}`);
}

/** Iterations of the history: the length of its per-iteration series. */
function historyLength(h: TrainingHistory): number {
  return Math.max(h.loss.length, h.meanAbsoluteError.length);
}

/** `history.metrics`, checked as far as every plot needs it: an object with increasing iterations. */
function metricsOf(h: TrainingHistory): MetricHistory | undefined {
  const m: unknown = h.metrics;
  if (m === undefined) return undefined;
  const record = m as Partial<Record<keyof MetricHistory, unknown>>;
  const isRecord = (r: unknown): boolean => typeof r === "object" && r !== null && !Array.isArray(r);
  if (!isRecord(m) || !Array.isArray(record.iterations) || !isRecord(record.training) || (record.validation !== undefined && !isRecord(record.validation))) {
    throw new ConfigError(`history.metrics must be { iterations: number[], training: { name: number[] }, validation?: { name: number[] } }, got ${describe(m)}`);
  }
  const its: readonly unknown[] = record.iterations;
  for (let i = 0; i < its.length; i++) {
    const it = its[i];
    const before = i > 0 ? (its[i - 1] as number) : -1;
    if (typeof it !== "number" || !Number.isInteger(it) || it <= before) {
      throw new DataError(`history.metrics.iterations[${i}] must be an integer > ${before}, got ${describe(it)}`);
    }
  }
  return m as MetricHistory;
}

/** The names a history can plot, for messages: the built-ins, then the recorded metrics. */
function namesOf(m: MetricHistory | undefined): string[] {
  const names: string[] = [...BUILT_IN];
  for (const record of [m?.training, m?.validation]) {
    for (const k of Object.keys(record ?? {})) if (!names.includes(k)) names.push(k);
  }
  return names;
}

/** A recorded series: an array of numbers, one per `metrics.iterations` entry. */
function recorded(values: unknown, iterations: readonly number[], source: string): Points & { at: readonly number[] } {
  if (!Array.isArray(values)) throw new ConfigError(`${source} must be an array of numbers, got ${describe(values)}`);
  if (values.length !== iterations.length) {
    throw new DataError(`${source} must have one value per history.metrics.iterations entry (${iterations.length}), got ${values.length}`);
  }
  checkNumbers(values, source);
  return { values: values as number[], at: iterations, source };
}

function checkNumbers(values: readonly unknown[], source: string): void {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "number") throw new DataError(`${source}[${i}] must be a number, got ${describe(values[i])}`);
  }
}

/**
 * The iterations after which early stopping measured `validationLoss`: every-1, 2 every-1, ...
 * The history does not keep `every`; without `given` it is the largest one that makes this many
 * checks over the history's iterations, floor(iterations / checks), which is the run's whenever its
 * iterations were a multiple of every or patience stopped it.
 */
function checkIterations(checks: number, iterations: number, given: number | undefined): number[] {
  const every = given ?? Math.floor(iterations / checks);
  if (given === undefined && every < 1) {
    throw new DataError(`history.validationLoss has ${checks} checks, more than the history's ${iterations} iterations`);
  }
  // a check after the last iteration is skipped when lossBelow or onProgress stopped the run there
  const made = Math.floor(iterations / every);
  if (given !== undefined && checks !== made && checks !== made - 1) {
    throw new ConfigError(
      `earlyStoppingEvery ${given} does not fit the history: ${iterations} iterations make ${made} checks, but history.validationLoss has ${checks}`,
    );
  }
  return Array.from({ length: checks }, (_, j) => (j + 1) * every - 1);
}

/**
 * The training and validation series of the metric `name` in `h`.
 *
 * ```text
 * "loss"               training: h.loss (every iteration); validation: h.metrics.validation.loss at
 *                      h.metrics.iterations, else h.validationLoss at early stopping's checks
 * "meanAbsoluteError"  training: h.meanAbsoluteError; validation: h.metrics.validation.meanAbsoluteError
 * any other name       h.metrics.training[name] and h.metrics.validation[name] at h.metrics.iterations
 * ```
 *
 * @throws {@link ConfigError} If `name` is not in the history (the message lists what it has).
 * @throws {@link DataError} If a series it needs is malformed.
 * @internal
 */
export function metricSeries(h: TrainingHistory, name: string, what: string, o: SeriesOptions): MetricSeries {
  const builtIn = name === "loss" || name === "meanAbsoluteError";
  const m = builtIn && o.validation === false ? undefined : metricsOf(h);
  const hasTraining = !builtIn && m !== undefined && Object.hasOwn(m.training, name);
  const hasValidation = m?.validation !== undefined && Object.hasOwn(m.validation, name);
  if (!builtIn && !hasTraining && !hasValidation) {
    throw new ConfigError(
      `${what} ${quote(name)} is not in this history; it has ${namesOf(m).map(quote).join(", ")}` +
        (m === undefined ? " (train with metrics to record more)" : ""),
    );
  }
  const training: Points | undefined = builtIn
    ? { values: h[name], source: `history.${name}` }
    : hasTraining
      ? recorded(m!.training[name], m!.iterations, `history.metrics.training.${name}`)
      : undefined;
  let validation: MetricSeries["validation"];
  if (o.validation !== false) {
    if (hasValidation) {
      validation = recorded(m!.validation![name], m!.iterations, `history.metrics.validation.${name}`);
    } else if (name === "loss" && h.validationLoss !== undefined) {
      const v: unknown = h.validationLoss;
      if (!Array.isArray(v)) throw new ConfigError(`history.validationLoss must be an array of numbers, got ${describe(v)}`);
      checkNumbers(v, "history.validationLoss");
      if (v.length > 0) validation = { values: v as number[], at: checkIterations(v.length, historyLength(h), o.earlyStoppingEvery), source: "history.validationLoss" };
    }
    if (validation !== undefined && validation.values.length === 0) validation = undefined;
  }
  return { name, training, validation };
}

/**
 * Resolves every name, and refuses `validation: true` when none of them has validation values.
 * @internal
 */
export function metricSeriesList(h: TrainingHistory, names: readonly string[], what: string, o: SeriesOptions): MetricSeries[] {
  const list = names.map((n) => metricSeries(h, n, what, o));
  if (o.validation === true && list.every((s) => s.validation === undefined)) {
    const asked = list.map((s) => quote(s.name)).join(", ");
    throw new ConfigError(
      `validation is true, but this history has no validation values of ${asked} ` +
        "(train with validation, validationSplit or earlyStopping.validation, or leave validation out)",
    );
  }
  return list;
}
