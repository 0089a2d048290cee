// A Cloudflare Worker that trains the blog's 3-layer XOR network (examples/blog/b_part1_3layer.ts)
// on each request and answers with what the program prints and the trained network's outputs.
// `/big` runs a wider network through the matrix kernels that a 4-input XOR never reaches.
//
// The types are declared here, not taken from @cloudflare/workers-types: a module worker is a
// default export with a `fetch(request)` method, and Request/Response are the web's own.
import { Network, formatFloat, numpyRandom, seededRandom } from "tinynn";

/** The part of Cloudflare's `ExportedHandler` this worker uses. */
interface FetchHandler {
  fetch(request: Request): Promise<Response>;
}

/** GET /: the blog's network b, trained as the blog trains it. */
export interface BlogResult {
  /** The lines the program prints (each ending in "\n"), as console.log would print them. */
  printed: string;
  /** `net.predict(X)` after training: 4 rows of 1 output. */
  predict: number[][];
}

/** GET /big: a [64, 128, 10] relu/identity network's outputs on 256 rows, after a few steps of training. */
export interface BigResult {
  /** The loss before each of the training iterations. */
  loss: number[];
  /** `net.predict(X)` after training: 256 rows of 10 outputs. */
  predict: number[][];
}

function blog(): BlogResult {
  const X = [
    [0, 0, 1],
    [0, 1, 1],
    [1, 0, 1],
    [1, 1, 1],
  ];
  const y = [[0], [1], [1], [0]];
  // np.random.seed(1); syn0 = 2*np.random.random((3,4)) - 1; syn1 = 2*np.random.random((4,1)) - 1
  const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  const lines: string[] = [];
  net.train(X, y, {
    iterations: 60000,
    alpha: 1,
    loss: "sse",
    progressEvery: 10000,
    onProgress: ({ meanAbsoluteError }) => {
      lines.push("Error:" + formatFloat(meanAbsoluteError));
    },
  });
  return { printed: lines.map((line) => line + "\n").join(""), predict: net.predict(X) };
}

/** Seeded rows of values in [-1, 1). */
function rows(count: number, columns: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: columns }, () => 2 * random() - 1));
}

function big(): BigResult {
  // relu and identity: +, *, max and the kernels' left-to-right sums, the same everywhere (so are
  // sigmoid, tanh and softmax: tinynn computes exp itself, Node's bits in any engine). The
  // products here (256 x 64 · 64 x 128 and the backward ones) are above the size at which tinynn
  // tries its WebAssembly kernel, so they run on whichever kernels the runtime allows (on Workers,
  // the JavaScript ones) and can be compared with Node's bit for bit.
  const X = rows(256, 64, 2);
  const y = rows(256, 10, 3);
  const net = new Network({
    layers: [64, 128, 10],
    activation: "relu",
    outputActivation: "identity",
    initializer: "heUniform",
    seed: 1,
  });
  const summary = net.train(X, y, { iterations: 3, alpha: 0.01, loss: "mse" });
  return { loss: summary.history.loss, predict: net.predict(X) };
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const worker: FetchHandler = {
  async fetch(request) {
    // JSON.stringify writes each float64 as its shortest round-trip decimal: the bits survive.
    const { pathname } = new URL(request.url);
    if (pathname === "/") return json(blog());
    if (pathname === "/big") return json(big());
    return json({ error: `No route ${pathname}: try / or /big` }, 404);
  },
};

export default worker;
