// Starts a TypeScript worker through tsx (examples run as TypeScript, without a build): Node 20 does not pass
// tsx's loader on to a worker. A compiled app starts its .js worker directly and needs none of this.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.tsxWorker);
