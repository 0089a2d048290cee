// The metrics stage of a run: what `metrics`, `validation` and `validationSplit` record in the
// history. Training metrics are measured during the forward passes of a record iteration (the
// outputs the loss is computed from, before the updates), weighted by each batch's rows;
// validation values are computed after that iteration's updates, with the inference plan.

import { ConfigError, describe, listNames, quote } from "../errors.js";
import type { Layer } from "../layers/layer.js";
import { crossEntropy } from "../losses/builtins.js";
import type { Loss } from "../losses/loss.js";
import { packedView, type Matrix } from "../matrix/matrix.js";
import { Views } from "./layer-adapter.js";
import type { Metric, MetricHistory } from "./options.js";

/** A metric, resolved: its name and a function of packed matrices. @internal */
export interface CheckedMetric {
  readonly name: string;
  value(output: Matrix, target: Matrix): number;
  /** a metric of yours: it gets copies of the run's buffers (it could write into them) */
  readonly own?: boolean;
}

/** Share of rows whose largest output is the target's largest (the first of equal ones). */
function categoricalAccuracy(output: Matrix, target: Matrix): number {
  const [rows, cols] = output.shape as [number, number];
  const o = output.data;
  const t = target.data;
  let right = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let truth = 0;
    for (let j = 1; j < cols; j++) {
      if (o[i * cols + j]! > o[i * cols + best]!) best = j;
      if (t[i * cols + j]! > t[i * cols + truth]!) truth = j;
    }
    if (best === truth) right++;
  }
  return right / rows;
}

/** Share of outputs on the target's side of 0.5: round(o) = round(y), each output a yes/no. */
function binaryAccuracy(output: Matrix, target: Matrix): number {
  const n = output.shape[0]! * output.shape[1]!;
  const o = output.data;
  const t = target.data;
  let right = 0;
  for (let i = 0; i < n; i++) if (o[i]! >= 0.5 === t[i]! >= 0.5) right++;
  return right / n;
}

/** mean |o - y| over every output. */
function meanAbsoluteError(output: Matrix, target: Matrix): number {
  const n = output.shape[0]! * output.shape[1]!;
  const o = output.data;
  const t = target.data;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(o[i]! - t[i]!);
  return s / n;
}

const BUILT_IN = ["accuracy", "meanAbsoluteError"] as const;

/**
 * The `metrics` option, resolved against the network (accuracy: categorical after a Softmax or
 * with crossEntropy, else binary) and checked: names unique, not `"loss"` (the validation loss's). @internal
 */
export function checkMetrics(metrics: unknown, layers: readonly Layer[], loss: Loss): CheckedMetric[] {
  if (metrics === undefined) return [];
  if (!Array.isArray(metrics)) throw new ConfigError(`metrics must be an array like ["accuracy"], got ${describe(metrics)}`);
  const categorical = layers[layers.length - 1]!.type === "softmax" || loss === crossEntropy;
  const out: CheckedMetric[] = [];
  for (let k = 0; k < metrics.length; k++) {
    const m: unknown = metrics[k];
    let metric: CheckedMetric;
    if (m === "accuracy") metric = { name: "accuracy", value: categorical ? categoricalAccuracy : binaryAccuracy };
    else if (m === "meanAbsoluteError") metric = { name: "meanAbsoluteError", value: meanAbsoluteError };
    else if (typeof m === "string") throw new ConfigError(`metrics[${k}] ${quote(m)} is unknown; built-in metrics: ${listNames([...BUILT_IN])}, or your own { name, value(output, target) } or named function`);
    else if (typeof m === "function" && typeof m.name === "string" && m.name !== "") metric = { name: m.name, value: m as CheckedMetric["value"], own: true };
    else if (typeof m === "object" && m !== null && typeof (m as CheckedMetric).name === "string" && (m as CheckedMetric).name !== "" && typeof (m as CheckedMetric).value === "function") {
      const own = m as CheckedMetric;
      metric = { name: own.name, value: (o, t) => own.value(o, t), own: true };
    } else {
      throw new ConfigError(`metrics[${k}] must be "accuracy", "meanAbsoluteError", an object { name, value(output, target) } or a named function, got ${describe(m)}`);
    }
    if (metric.name === "loss") throw new ConfigError(`metrics[${k}] may not be named "loss": the validation loss is recorded under that name`);
    if (out.some((o) => o.name === metric.name)) throw new ConfigError(`metrics[${k}]: two metrics are named ${quote(metric.name)}; names must be unique`);
    out.push(metric);
  }
  return out;
}

/** What a record's validation values are computed from: the network's loss and outputs on the validation X, and its y. @internal */
export interface ValidationPass {
  run(): { loss: number; output: Matrix };
  readonly y: Matrix;
}

/**
 * The metrics of one run: the sums of the iteration being measured, and the records so far. @internal
 */
export class MetricRecorder {
  private readonly iterations: number[] = [];
  private readonly training: Record<string, number[]> = {};
  private readonly validation: Record<string, number[]> | undefined;
  /** Σ value · rows of each metric over the batches of the iteration being measured */
  private readonly sums: Float64Array;
  private readonly outputs: Views;
  private readonly targets: Views;

  constructor(
    readonly metrics: readonly CheckedMetric[],
    cols: number,
    private readonly pass: ValidationPass | undefined,
  ) {
    for (const m of metrics) this.training[m.name] = [];
    if (pass !== undefined) {
      this.validation = { loss: [] };
      for (const m of metrics) this.validation[m.name] = [];
    }
    this.sums = new Float64Array(metrics.length);
    this.outputs = new Views(cols);
    this.targets = new Views(cols);
  }

  /** Adds a batch of the iteration being measured: `rows` rows of packed output and target. */
  measure(output: Float64Array, target: Float64Array, rows: number): void {
    const o = this.outputs.of(output, rows);
    const t = this.targets.of(target, rows);
    for (let k = 0; k < this.metrics.length; k++) {
      const m = this.metrics[k]!;
      this.sums[k]! += checkedValue(m, m.own === true ? copyOf(o) : o, m.own === true ? copyOf(t) : t) * rows;
    }
  }

  /** Records iteration `iteration`: the measured sums over its `n` rows, then the validation values. */
  record(iteration: number, n: number): void {
    this.iterations.push(iteration);
    for (let k = 0; k < this.metrics.length; k++) {
      this.training[this.metrics[k]!.name]!.push(this.sums[k]! / n);
      this.sums[k] = 0;
    }
    const pass = this.pass;
    if (pass === undefined) return;
    const { loss, output } = pass.run();
    this.validation!.loss!.push(loss);
    for (const m of this.metrics) this.validation![m.name]!.push(checkedValue(m, output, m.own === true ? copyOf(pass.y) : pass.y));
  }

  /** The records as the history's `metrics`. */
  toHistory(): MetricHistory {
    return this.validation === undefined
      ? { iterations: this.iterations, training: this.training }
      : { iterations: this.iterations, training: this.training, validation: this.validation };
  }
}

/** A metric's value, checked: a finite number. */
function checkedValue(m: CheckedMetric, output: Matrix, target: Matrix): number {
  const v: unknown = m.value(output, target);
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ConfigError(`metric ${quote(m.name)} must return a finite number, got ${describe(v)}`);
  return v;
}

/** A packed copy of a packed matrix view. */
function copyOf(m: Matrix): Matrix {
  const [rows, cols] = m.shape as [number, number];
  return packedView(m.data.slice(0, rows * cols), rows, cols);
}
