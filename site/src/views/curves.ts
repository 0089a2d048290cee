import { type TrainingHistory, trainingCurveSvg } from "tinynn";
import { accessible, short, size, svgDocument, text } from "./svg.js";

/** Options of {@link curvesSvg}. */
export interface CurvesOptions {
  /** Image width in pixels (at least 160); default 560. */
  width?: number;
  /** Image height in pixels (at least 120); default 300. */
  height?: number;
  /** Title above the plot; default none (the page's heading names it). */
  title?: string;
  /** Logarithmic iteration axis (iteration + 1); default `false`. */
  logIterations?: boolean;
}

/**
 * The training curves: loss and mean |error| per iteration on a log y scale, drawn by tinynn's
 * {@link trainingCurveSvg} and made accessible. Long live histories cost little: each pixel column
 * keeps only its lowest and highest value (oscillations stay visible), so 60,000 iterations draw as
 * about 2 points per pixel of width.
 *
 * ```text
 * x = iteration (or log10(iteration + 1)),  y = log10(value);  values <= 0 or not finite are gaps
 * ```
 *
 * An empty history (before the first slice of training) draws the frame with a note instead.
 *
 * @param history - the run's `{ loss, meanAbsoluteError }` so far (Snapshot.history)
 * @param options - size, title, log iterations
 * @returns a standalone SVG string with `role="img"`, an `aria-label` (iterations and last values) and a `<title>`
 * @throws {RangeError} If a size is out of range.
 *
 * @example
 * curvesSvg({ loss: [0.5, 0.25, 0.125], meanAbsoluteError: [0.5, 0.4, 0.3] });
 * // => '<svg ... role="img" aria-label="Training curves over 3 iterations on a log scale: loss 0.5 to 0.125, mean |error| 0.5 to 0.3" ...'
 */
export function curvesSvg(history: Pick<TrainingHistory, "loss" | "meanAbsoluteError">, options: CurvesOptions = {}): string {
  const width = size(options.width, "width", 560, 160);
  const height = size(options.height, "height", 300, options.title === undefined ? 120 : 140);
  const { loss, meanAbsoluteError } = history;
  const n = loss.length;
  const title = options.title ?? "Training curves";
  if (n === 0) {
    const body = [
      `<rect x="70" y="16" width="${width - 90}" height="${height - 66}" fill="none" stroke="#ccc"/>`,
      text(70 + (width - 90) / 2, 16 + (height - 66) / 2, "no training yet", { "text-anchor": "middle", fill: "#666" }),
    ];
    return svgDocument(width, height, title, "Training curves: no iterations yet", body);
  }
  const svg = trainingCurveSvg(
    { loss, meanAbsoluteError },
    { width, height, log: true, logIterations: options.logIterations ?? false, ...(options.title === undefined ? {} : { title: options.title }) },
  );
  const span = (s: readonly number[]): string => `${short(s[0]!)} to ${short(s[s.length - 1]!)}`;
  const label = `Training curves over ${n} iteration${n === 1 ? "" : "s"} on a log scale: loss ${span(loss)}, mean |error| ${span(meanAbsoluteError)}`;
  return accessible(svg, title, label);
}
