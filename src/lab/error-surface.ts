import { checkData, type Model } from "../engine/train.js";
import { checkInteger, checkKnownKeys, ConfigError, DataError, describe, TrainingError } from "../errors.js";
import { checkCeiling, MAX_SURFACE_POINTS } from "../limits.js";
import { losses as builtinLosses, type LossName } from "../losses/builtins.js";
import { resolveLoss, type Loss } from "../losses/loss.js";
import type { MatrixInput } from "../matrix/matrix.js";
import type { Network } from "../network/network.js";
import { modelArg } from "./network-arg.js";

/**
 * One axis of an {@link errorSurface}: which weight varies and over which values.
 *
 * @example
 * const axis: SurfaceAxis = { parameter: "W0", row: 0, col: 0, from: -10, to: 10, steps: 41 };
 */
export interface SurfaceAxis {
  /** The parameter's name, e.g. `"W0"` (the blog's `syn0`). */
  parameter: string;
  /** Row of the weight in that parameter; default 0. */
  row?: number;
  /** Column of the weight in that parameter; default 0. */
  col?: number;
  /** First value; default -10 (the blog's range). */
  from?: number;
  /** Last value; default 10. */
  to?: number;
  /** Number of values, evenly spaced from `from` to `to`, an integer >= 2; default 41. */
  steps?: number;
}

/**
 * Options of {@link errorSurface}.
 *
 * @example
 * const options: ErrorSurfaceOptions = { x: { parameter: "W0", row: 0 }, y: { parameter: "W0", row: 1 }, metric: "meanAbsoluteError" };
 */
export interface ErrorSurfaceOptions {
  /** The weight along the horizontal axis. */
  x: SurfaceAxis;
  /** The weight along the vertical axis. */
  y: SurfaceAxis;
  /** `"loss"` (default) or `"meanAbsoluteError"` (the blog's printed error). */
  metric?: "loss" | "meanAbsoluteError";
  /** The loss when `metric` is `"loss"`: a built-in {@link LossName} (`"sse"`, the default; `"mse"`; ...) or your own {@link Loss}. */
  loss?: LossName | Loss;
}

/**
 * A point of an {@link ErrorSurface}: the two weights and the error there.
 *
 * @example
 * surface.min; // => { x: 10, y: -10, value: 0.000045397868702412385 }
 */
export interface SurfacePoint {
  /** The horizontal weight's value. */
  readonly x: number;
  /** The vertical weight's value. */
  readonly y: number;
  /** The error (loss or mean |error|) at (x, y). */
  readonly value: number;
}

/**
 * The error over a grid of two weights, all other weights fixed: what {@link errorSurface} returns.
 *
 * @example
 * surface.values[0]![0]; // the error at (xs[0], ys[0])
 */
export interface ErrorSurface {
  /** The horizontal weight, e.g. `"W0[0][0]"`. */
  readonly xLabel: string;
  /** The vertical weight, e.g. `"W0[1][0]"`. */
  readonly yLabel: string;
  /** The metric measured. */
  readonly metric: "loss" | "meanAbsoluteError";
  /** Values of the horizontal weight. */
  readonly xs: number[];
  /** Values of the vertical weight. */
  readonly ys: number[];
  /** `values[j][i]`: the error with x weight `xs[i]` and y weight `ys[j]`. */
  readonly values: number[][];
  /** Where the grid's smallest error is. */
  readonly min: SurfacePoint;
  /** The two weights' values in the network (the point training has reached) and the error there. */
  readonly current: SurfacePoint;
}

/**
 * The blog's "error plane": the error of the network over a grid of two chosen weights, every other
 * weight fixed at its current value.
 *
 * ```text
 * values[j][i] = E(network with w_x = xs[i], w_y = ys[j])       E = loss or mean |y - output|
 * xs[i] = from + i (to - from) / (steps - 1)
 * ```
 *
 * The network is left exactly as it was.
 *
 * @param network - the network (e.g. the blog's 2-input, 1-output network of Part 2)
 * @param X - `[samples x inputSize]`
 * @param y - `[samples x outputSize]`
 * @param options - the two axes, metric and loss
 * @returns the grid of errors with its axes, minimum and the network's current point
 * @throws {@link ConfigError} If network is not a Network, a parameter name is unknown (the message lists
 *   them), an index is out of range, `steps` is not an integer >= 2, `from`/`to` are not finite, both
 *   axes are the same weight, an option is unknown, or the error at a grid point is NaN or Infinity
 *   (narrow the axes).
 * @throws {@link LimitError} If `x.steps × y.steps` is past 1,000,000 points (each is a forward pass).
 * @throws {@link TrainingError} If the error at the network's own weights is NaN or Infinity.
 * @throws {@link DataError} / {@link ShapeError} As {@link Network.evaluate}.
 *
 * @example
 * const net = new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
 * const s = errorSurface(net, X, y, { x: { parameter: "W0", row: 0 }, y: { parameter: "W0", row: 1 }, metric: "meanAbsoluteError" });
 * s.values.length;   // => 41
 * s.min;             // => { x: 10, y: -10, value: 0.000045397868702412385 }
 */
export function errorSurface(network: Network, X: MatrixInput, y: MatrixInput, options: ErrorSurfaceOptions): ErrorSurface {
  const model = modelArg(network, "errorSurface's network");
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`errorSurface options must be an object { x: { parameter: "W0" }, y: { parameter: "W0", row: 1 } }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "errorSurface", ["x", "y", "metric", "loss"]);
  const metric = options.metric ?? "loss";
  if (metric !== "loss" && metric !== "meanAbsoluteError") {
    throw new ConfigError(`metric must be "loss" or "meanAbsoluteError", got ${describe(metric)}`);
  }
  const ax = resolveAxis(model, options.x, "x");
  const ay = resolveAxis(model, options.y, "y");
  if (ax.data === ay.data && ax.index === ay.index) {
    throw new ConfigError(`x and y must be two different weights, got ${ax.label} twice`);
  }
  // each point is a forward pass over X: the grid's size is checked before any is made
  checkCeiling("x.steps × y.steps", ax.steps * ay.steps, MAX_SURFACE_POINTS);
  const loss = resolveLoss(options.loss ?? "sse", "loss", builtinLosses);
  const [x, t] = checkData(model, X, y);
  const measure = (): number => {
    const e = network.evaluate(x, t, loss);
    return metric === "loss" ? e.loss : e.meanAbsoluteError;
  };
  const x0 = ax.data[ax.index]!;
  const y0 = ay.data[ay.index]!;
  const current = { x: x0, y: y0, value: measure() };
  if (!Number.isFinite(current.value)) {
    throw new TrainingError(`errorSurface: the ${metric} at the network's own weights is ${current.value}, so there is no surface to draw; check X, y and the weights`, 0);
  }
  const xs = axisValues(ax);
  const ys = axisValues(ay);
  const values: number[][] = [];
  let min = current;
  let first = true;
  try {
    for (const vy of ys) {
      const row: number[] = [];
      ay.data[ay.index] = vy;
      for (const vx of xs) {
        ax.data[ax.index] = vx;
        let v: number;
        try {
          v = measure();
        } catch (e) {
          // X and y were checked: a DataError here is the output, or its loss, overflowing at this point
          if (!(e instanceof DataError)) throw e;
          v = Number.NaN;
        }
        if (!Number.isFinite(v)) {
          throw new ConfigError(
            `errorSurface: the ${metric} at ${ax.label} = ${vx}, ${ay.label} = ${vy} is ${Number.isNaN(v) ? "not finite (the output or its loss overflows)" : v}; narrow x.from/x.to or y.from/y.to`,
          );
        }
        row.push(v);
        if (first || v < min.value) min = { x: vx, y: vy, value: v };
        first = false;
      }
      values.push(row);
    }
  } finally {
    ax.data[ax.index] = x0;
    ay.data[ay.index] = y0;
  }
  return { xLabel: ax.label, yLabel: ay.label, metric, xs, ys, values, min, current };
}

const AXIS_KEYS = ["parameter", "row", "col", "from", "to", "steps"] as const satisfies readonly (keyof SurfaceAxis)[];

interface Axis {
  data: Float64Array;
  index: number;
  label: string;
  from: number;
  to: number;
  steps: number;
}

function resolveAxis(model: Model, axis: SurfaceAxis, name: string): Axis {
  if (typeof axis !== "object" || axis === null) {
    throw new ConfigError(`${name} must be an axis like { parameter: "W0", row: 0, col: 0 }, got ${describe(axis)}`);
  }
  checkKnownKeys(axis, `errorSurface ${name}`, AXIS_KEYS);
  const params = model.parameters;
  const p = params.find((q) => q.name === axis.parameter);
  if (p === undefined) {
    throw new ConfigError(`${name}.parameter must be one of ${params.map((q) => q.name).join(", ")}, got ${describe(axis.parameter)}`);
  }
  const [rows, cols] = p.value.shape as [number, number];
  const row = axis.row ?? 0;
  const col = axis.col ?? 0;
  if (!Number.isInteger(row) || row < 0 || row >= rows) throw new ConfigError(`${name}.row must be an integer in [0, ${rows - 1}] (${p.name} is ${rows}x${cols}), got ${describe(row)}`);
  if (!Number.isInteger(col) || col < 0 || col >= cols) throw new ConfigError(`${name}.col must be an integer in [0, ${cols - 1}] (${p.name} is ${rows}x${cols}), got ${describe(col)}`);
  const from = axis.from ?? -10;
  const to = axis.to ?? 10;
  if (typeof from !== "number" || typeof to !== "number" || !Number.isFinite(to - from) || from === to) {
    throw new ConfigError(`${name}.from and ${name}.to must be two different finite numbers less than 1.7e308 apart, got ${describe(from)} and ${describe(to)}`);
  }
  const steps = checkInteger(`${name}.steps`, axis.steps ?? 41, 2);
  const v = p.value;
  return { data: v.data, index: v.offset + row * v.stride[0]! + col * v.stride[1]!, label: `${p.name}[${row}][${col}]`, from, to, steps };
}

function axisValues({ from, to, steps }: Axis): number[] {
  return Array.from({ length: steps }, (_, i) => (i === steps - 1 ? to : from + (i * (to - from)) / (steps - 1)));
}
