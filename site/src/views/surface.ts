import { errorSurface, errorSurfaceSvg, type LossName, type Network, type SurfaceAxis } from "tinynn";
import type { DataSet } from "../types.js";
import { accessible, short, size } from "./svg.js";

/** Options of {@link errorSurfaceViewSvg}. */
export interface ErrorSurfaceViewOptions {
  /** Image width in pixels (at least 220); default 480. */
  width?: number;
  /** Image height in pixels (at least 120); default 420. */
  height?: number;
  /** Title above the plot; default none. */
  title?: string;
  /**
   * The descent path: the two weights' values over training, `[[w_x, w_y], ...]` in order; drawn as a
   * line ending at the network's current point. Default none.
   */
  path?: readonly (readonly [number, number])[];
  /** `"loss"` (default) or `"meanAbsoluteError"` (the blog's printed error). */
  metric?: "loss" | "meanAbsoluteError";
  /** The loss when metric is `"loss"`; default `"sse"`. Pass the run's loss. */
  loss?: LossName;
  /** Grid points per axis, 2 to 200; default 41 (each point is one forward pass over the data). */
  steps?: number;
  /** Colour by log10 of the error (the valleys show); default `true`. */
  log?: boolean;
  /** Contour levels; default 8. */
  contours?: number;
}

/** Which weight an axis varies: a parameter's name and the weight's row and column (as errorSurface takes them). */
export type SurfacePick = Pick<SurfaceAxis, "parameter" | "row" | "col" | "from" | "to">;

/**
 * The blog's error plane for two chosen weights: the error over a grid of their values, every other
 * weight as it is now (tinynn's {@link errorSurface}), drawn as a heat map with contours
 * ({@link errorSurfaceSvg}), the descent path on top and the network's current point.
 *
 * ```text
 * values[j][i] = E(net with w_x = xs[i], w_y = ys[j])
 * axis range   = the pick's from/to when given, else the path and current value, padded by
 *                a quarter of their span (at least 2 either side)
 * ```
 *
 * The network is left as it was.
 *
 * @param net - the network
 * @param data - the data set the error is measured on
 * @param pick - the two weights: `[{ parameter: "W0", row: 0, col: 0 }, { parameter: "W0", row: 1, col: 0 }]`
 * @param options - size, title, path, metric, loss, steps, log colours, contours
 * @returns a standalone SVG string with `role="img"`, an `aria-label` (the weights, current and lowest error) and a `<title>`
 * @throws {RangeError} If a size or steps is out of range.
 * @throws {ConfigError} (tinynn's) If a pick names no weight of the network (the message lists them) or both picks are the same weight.
 *
 * @example
 * errorSurfaceViewSvg(net, data, [{ parameter: "W0", row: 0 }, { parameter: "W0", row: 1 }], { path });
 * // => '<svg ... aria-label="Error surface of loss over W0[0][0] (x) and W0[1][0] (y) ..." ...'
 */
export function errorSurfaceViewSvg(
  net: Network,
  data: Pick<DataSet, "X" | "y">,
  pick: readonly [SurfacePick, SurfacePick],
  options: ErrorSurfaceViewOptions = {},
): string {
  const width = size(options.width, "width", 480, 220);
  const height = size(options.height, "height", 420, options.title === undefined ? 120 : 140);
  const steps = options.steps ?? 41;
  if (!Number.isInteger(steps) || steps < 2 || steps > 200) throw new RangeError(`steps must be an integer from 2 to 200, got ${String(steps)}`);
  const path = options.path ?? [];
  const metric = options.metric ?? "loss";
  const axis = (p: SurfacePick, k: 0 | 1): SurfaceAxis => {
    const row = p.row ?? 0;
    const col = p.col ?? 0;
    const param = net.parameters().find((q) => q.name === p.parameter);
    // the weight now (the current point); an unknown name or index is left to errorSurface to explain
    const now = param?.value.data[param.value.offset + row * param.value.stride[0]! + col * param.value.stride[1]!];
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of [...path.map((q) => q[k]), ...(now === undefined ? [] : [now])]) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!(lo <= hi)) [lo, hi] = [-10, 10];
    const pad = Math.max(2, (hi - lo) / 4);
    return { parameter: p.parameter, row, col, from: p.from ?? lo - pad, to: p.to ?? hi + pad, steps };
  };
  const surface = errorSurface(net, data.X, data.y, { x: axis(pick[0], 0), y: axis(pick[1], 1), metric, loss: options.loss ?? "sse" });
  const log = options.log ?? true;
  // a log colour scale needs an error above 0 somewhere
  const positive = surface.values.some((r) => r.some((v) => v > 0 && Number.isFinite(v)));
  const svg = errorSurfaceSvg(surface, {
    width,
    height,
    log: log && positive,
    contours: options.contours ?? 8,
    ...(path.length > 0 ? { path: path.filter((q) => Number.isFinite(q[0]) && Number.isFinite(q[1])) } : {}),
    ...(options.title === undefined ? {} : { title: options.title }),
  });
  const name = metric === "loss" ? "loss" : "mean |error|";
  const label =
    `Error surface of ${name} over ${surface.xLabel} (x) and ${surface.yLabel} (y): ` +
    `now ${short(surface.current.value)} at (${short(surface.current.x)}, ${short(surface.current.y)}), ` +
    `lowest ${short(surface.min.value)} at (${short(surface.min.x)}, ${short(surface.min.y)})` +
    (path.length > 0 ? `; the descent path of ${path.length} points is drawn` : "");
  return accessible(svg, options.title ?? `Error surface over ${surface.xLabel} and ${surface.yLabel}`, label);
}
