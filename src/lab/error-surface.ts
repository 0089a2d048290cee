import { checkInteger, ConfigError, describe } from "../errors.js";
import type { Loss } from "../losses/loss.js";
import type { MatrixInput } from "../matrix/matrix.js";
import type { Network } from "../network/network.js";

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
  /** The loss when `metric` is `"loss"`: `"sse"` (default), `"mse"` or your own. */
  loss?: string | Loss;
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
 * @throws {@link ConfigError} If a parameter name is unknown (the message lists them), an index is out of
 *   range, `steps` is not an integer >= 2, `from`/`to` are not finite, or both axes are the same weight.
 * @throws {@link DataError} / {@link ShapeError} As {@link Network.evaluate}.
 *
 * @example
 * const net = new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
 * const s = errorSurface(net, X, y, { x: { parameter: "W0", row: 0 }, y: { parameter: "W0", row: 1 }, metric: "meanAbsoluteError" });
 * s.values.length;   // => 41
 * s.min;             // => { x: 10, y: -10, value: 0.000045397868702412385 }
 */
export function errorSurface(network: Network, X: MatrixInput, y: MatrixInput, options: ErrorSurfaceOptions): ErrorSurface {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`errorSurface options must be an object { x: { parameter: "W0" }, y: { parameter: "W0", row: 1 } }, got ${describe(options)}`);
  }
  const metric = options.metric ?? "loss";
  if (metric !== "loss" && metric !== "meanAbsoluteError") {
    throw new ConfigError(`metric must be "loss" or "meanAbsoluteError", got ${describe(metric)}`);
  }
  const ax = resolveAxis(network, options.x, "x");
  const ay = resolveAxis(network, options.y, "y");
  if (ax.data === ay.data && ax.index === ay.index) {
    throw new ConfigError(`x and y must be two different weights, got ${ax.label} twice`);
  }
  const measure = (): number => {
    const e = network.evaluate(X, y, options.loss ?? "sse");
    return metric === "loss" ? e.loss : e.meanAbsoluteError;
  };
  const x0 = ax.data[ax.index]!;
  const y0 = ay.data[ay.index]!;
  const values: number[][] = [];
  let min = { x: Number.NaN, y: Number.NaN, value: Number.POSITIVE_INFINITY };
  try {
    for (const vy of ay.values) {
      const row: number[] = [];
      ay.data[ay.index] = vy;
      for (const vx of ax.values) {
        ax.data[ax.index] = vx;
        const v = measure();
        row.push(v);
        if (v < min.value) min = { x: vx, y: vy, value: v };
      }
      values.push(row);
    }
  } finally {
    ax.data[ax.index] = x0;
    ay.data[ay.index] = y0;
  }
  return { xLabel: ax.label, yLabel: ay.label, metric, xs: ax.values, ys: ay.values, values, min, current: { x: x0, y: y0, value: measure() } };
}

function resolveAxis(network: Network, axis: SurfaceAxis, name: string): { data: Float64Array; index: number; label: string; values: number[] } {
  if (typeof axis !== "object" || axis === null) {
    throw new ConfigError(`${name} must be an axis like { parameter: "W0", row: 0, col: 0 }, got ${describe(axis)}`);
  }
  const params = network.parameters();
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
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === to) {
    throw new ConfigError(`${name}.from and ${name}.to must be two different finite numbers, got ${describe(from)} and ${describe(to)}`);
  }
  const steps = checkInteger(`${name}.steps`, axis.steps ?? 41, 2);
  const values = Array.from({ length: steps }, (_, i) => (i === steps - 1 ? to : from + (i * (to - from)) / (steps - 1)));
  const v = p.value;
  return { data: v.data, index: v.offset + row * v.stride[0]! + col * v.stride[1]!, label: `${p.name}[${row}][${col}]`, values };
}
