// A finite-difference checker for single layers (input and parameter gradients, training mode). Network-level
// checks use the library's checkGradients (test/lab/check-gradients.test.ts); this one also checks dL/dx
// and the training-mode paths of Dropout and BatchNorm, which checkGradients (inference mode) does not.
import { fromRows, seededRandom, zeros, type Layer, type Matrix, type Random } from "tinynn";

export interface CheckResult {
  /** max over all checked entries of |analytic - numeric| / max(1e-4, |analytic| + |numeric|): relative, absolute for gradients near 0 */
  maxRelError: number;
  /** max absolute difference */
  maxAbsError: number;
  /** entries checked */
  count: number;
}

function compare(results: CheckResult, analytic: number, numeric: number): void {
  const abs = Math.abs(analytic - numeric);
  const rel = abs / Math.max(1e-4, Math.abs(analytic) + Math.abs(numeric));
  results.maxRelError = Math.max(results.maxRelError, rel);
  results.maxAbsError = Math.max(results.maxAbsError, abs);
  results.count++;
}

/** Central difference of f at x[i], with step h. */
export function centralDiff(x: Float64Array, i: number, f: () => number, h = 1e-6): number {
  const keep = x[i]!;
  x[i] = keep + h;
  const up = f();
  x[i] = keep - h;
  const down = f();
  x[i] = keep;
  return (up - down) / (2 * h);
}

/**
 * Checks a layer's backward pass: L = Σ G ⊙ forward(X) for a fixed random G, so dL/da = G.
 * `beforeForward` runs before every forward (e.g. to replay dropout's random stream).
 */
export function checkLayer(layer: Layer, X: number[][], options: { training?: boolean; seed?: number; beforeForward?: () => void } = {}): CheckResult {
  const training = options.training ?? true;
  const random: Random = seededRandom(options.seed ?? 3);
  const x = fromRows(X);
  const n = X.length;
  const G = zeros(n, layer.outputSize);
  for (let i = 0; i < G.data.length; i++) G.data[i] = 2 * random() - 1;
  const lossOf = (): number => {
    options.beforeForward?.();
    const a = layer.forward(x, training);
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i]! * G.data[i]!;
    return s;
  };
  lossOf();
  const gradIn = layer.backward(G, true)!;
  const gx = Float64Array.from(gradIn.data);
  const gp = layer.parameters.map((p) => Float64Array.from(p.grad.data));
  const r: CheckResult = { maxRelError: 0, maxAbsError: 0, count: 0 };
  for (let i = 0; i < x.data.length; i++) compare(r, gx[i]!, centralDiff(x.data, i, lossOf));
  layer.parameters.forEach((p, k) => {
    for (let i = 0; i < p.value.data.length; i++) compare(r, gp[k]![i]!, centralDiff(p.value.data, i, lossOf));
  });
  return r;
}

/** Checks dL/d(output) of a loss-like function against central differences at `output`. */
export function checkOutputGradient(
  value: (o: Matrix) => number,
  gradient: (g: Matrix, o: Matrix) => void,
  output: Matrix,
): CheckResult {
  const g = zeros(output.shape[0]!, output.shape[1]!);
  gradient(g, output);
  const r: CheckResult = { maxRelError: 0, maxAbsError: 0, count: 0 };
  for (let i = 0; i < output.data.length; i++) compare(r, g.data[i]!, centralDiff(output.data, i, () => value(output)));
  return r;
}

/** Compares given parameter grads with central differences of `loss()` over every parameter value. */
export function checkParameters(params: readonly { value: Matrix }[], grads: Float64Array[], loss: () => number): CheckResult {
  const r: CheckResult = { maxRelError: 0, maxAbsError: 0, count: 0 };
  params.forEach((p, k) => {
    for (let i = 0; i < p.value.data.length; i++) compare(r, grads[k]![i]!, centralDiff(p.value.data, i, loss));
  });
  return r;
}
