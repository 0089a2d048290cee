// Training in a module Web Worker while the page stays responsive: the blog's network b, its errors
// shown as the worker reports them (numpy's text), then the trained network's predictions.
// Bundle main.ts and train.worker.ts with your bundler (esbuild: `esbuild main.ts train.worker.ts
// --bundle --format=esm --outdir=dist`) and serve index.html beside them.
import { formatFloat, formatMatrix, Network, numpyRandom, trainInWorker } from "tinynn";

const X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
const y = [[0], [1], [1], [0]];

const printed = document.getElementById("printed")!;
const output = document.getElementById("output")!;
const status = document.getElementById("status")!;

const worker = new Worker(new URL("./train.worker.js", import.meta.url), { type: "module" });
const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

status.textContent = "training in the worker ...";
const { network, summary } = await trainInWorker(worker, net, X, y, {
  iterations: 60000,
  alpha: 1,
  loss: "sse",
  progressEvery: 10000,
  onProgress: ({ meanAbsoluteError }) => {
    printed.textContent += "Error:" + formatFloat(meanAbsoluteError) + "\n";
  },
});
worker.terminate();
output.textContent = formatMatrix(network.predict(X));
status.textContent = `done: ${summary.iterations} iterations`;
