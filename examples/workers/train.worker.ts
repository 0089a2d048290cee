// The worker of examples/workers/node-worker.ts: answers trainInWorker's requests. In a browser's
// module Web Worker the same line is `serveTraining(self)` (examples/runtimes/web-worker/).
import { parentPort } from "node:worker_threads";
import { serveTraining } from "tinynn";

if (parentPort === null) throw new Error("train.worker.ts runs as a worker: see examples/workers/node-worker.ts");
serveTraining(parentPort);
