// The module Web Worker of index.html: answers trainInWorker's requests (bundled by the app's
// bundler as main.ts is; `new Worker(url, { type: "module" })`).
import { serveTraining } from "tinynn";

serveTraining(self);
