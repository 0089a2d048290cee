// What the browser pages run, written once: the page bundles this file with tinynn (esbuild), and
// test/runtimes/chromium.test.ts runs the same functions in Node to compare.
import { Dense, Network, formatFloat, numpyRandom, seededRandom } from "tinynn";

const BLOG_X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
const BLOG_Y = [[0], [1], [1], [0]];

/**
 * The blog's network b (examples/blog/b_part1_3layer.ts), trained with trainAsync so that the page
 * keeps painting: returns what the numpy program prints.
 */
export async function blogB(): Promise<string> {
  const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  let printed = "";
  await net.trainAsync(BLOG_X, BLOG_Y, {
    iterations: 60000,
    alpha: 1,
    loss: "sse",
    progressEvery: 10000,
    onProgress: ({ meanAbsoluteError }) => {
      printed += `Error:${formatFloat(meanAbsoluteError)}\n`;
    },
  });
  return printed;
}

/** What {@link kernelWorkload} computes: every number of it. */
export interface KernelResult {
  /** The loss of each of the training iterations. */
  loss: number[];
  /** predict on the 256 rows after training, row by row. */
  outputs: number[];
}

/**
 * Work for the matrix kernels, big enough that every product crosses the WebAssembly threshold
 * (4096 multiply-adds): a [64, 128, 10] network, relu then identity, trained 3 full-batch
 * iterations on 256 rows with mse (forward A·B, weight gradients Aᵀ·B, the hidden delta A·Bᵀ),
 * then predict on the same rows. Only multiplications, additions and max: no Math.exp, which is
 * not bit-identical across JavaScript engines (Chromium's differs from Node's by 1 ulp on some
 * arguments), so any difference is the kernels'.
 */
export function kernelWorkload(): KernelResult {
  const draw = seededRandom("tinynn in a browser");
  const rows = (n: number, cols: number) => Array.from({ length: n }, () => Array.from({ length: cols }, () => 2 * draw() - 1));
  const X = rows(256, 64);
  const y = rows(256, 10);
  const net = new Network({
    layers: [new Dense({ inputSize: 64, outputSize: 128, activation: "relu" }), new Dense({ inputSize: 128, outputSize: 10, activation: "identity" })],
    seed: 11,
  });
  const summary = net.train(X, y, { iterations: 3, alpha: 0.05, loss: "mse" });
  return { loss: [...summary.history.loss], outputs: net.predict(X).flat() };
}

/** The bytes of float64 values, as hex (little-endian, as both sides store them): equal text, equal bits. */
export function float64Hex(values: readonly number[]): string {
  const bytes = new Uint8Array(Float64Array.from(values).buffer);
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}
