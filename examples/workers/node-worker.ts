// Training off the main thread in Node: the blog's network b trained in a worker_threads Worker
// while this thread stays free, then checked against the same training here (bit for bit).
// Prints the blog's errors as the worker reports them, and the predictions of the trained network.
import { Worker } from "node:worker_threads";
import { formatFloat, formatMatrix, Network, numpyRandom, trainInWorker } from "tinynn";

const X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
const y = [[0], [1], [1], [0]];
const options = { iterations: 60000, alpha: 1, loss: "sse", progressEvery: 10000 } as const;

// compiled to JavaScript, this is `new Worker(new URL("./train.worker.js", import.meta.url))`; run as
// TypeScript (tsx, no build), the worker is started through tsx-worker.mjs
const worker = new Worker(new URL("./tsx-worker.mjs", import.meta.url), { workerData: { tsxWorker: new URL("./train.worker.ts", import.meta.url).href } });
const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

// the network travels as its JSON, with its random source's state; it comes back as a new Network
const { network, summary } = await trainInWorker(worker, net, X, y, {
  ...options,
  onProgress: ({ meanAbsoluteError }) => console.log("Error:" + formatFloat(meanAbsoluteError)),
});
await worker.terminate();

console.log(`${summary.iterations} iterations in the worker; output:`);
console.log(formatMatrix(network.predict(X)));

// the same training in this thread gives the same bits
net.train(X, y, options);
console.log("identical to training here:", JSON.stringify(net.toJSON()) === JSON.stringify(network.toJSON()));
