// trainInWorker / serveTraining with Node's worker_threads: the worker runs tinynn bundled from
// source (as an app bundles it), the main thread the source; the network comes back trained, bit for
// bit as train leaves it in this thread, with progress reports, a working abort and the worker's
// errors as tinynn's classes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Adam,
  BatchNorm,
  ConfigError,
  Dense,
  Dropout,
  Network,
  numpyRandom,
  oneHot,
  seededRandom,
  serveTraining,
  Softmax,
  trainInWorker,
  TrainingError,
  WorkerError,
  type Activation,
  type Progress,
  type Random,
} from "../src/index.js";
import { bundleLibrary } from "./bundle.js";
import { XOR_X as X, XOR_Y as y } from "./lab/fixtures.js";

let dir: string;
let remove: () => void;
let worker: Worker;

beforeAll(() => {
  ({ dir, remove } = bundleLibrary("tinynn-worker-"));
  writeFileSync(
    join(dir, "train.worker.mjs"),
    `import { parentPort } from "node:worker_threads";\nimport { serveTraining } from "./tinynn.mjs";\nserveTraining(parentPort);\n`,
  );
  // the same, counting the messages its runs post on their reply ports (asked with { count: true }):
  // an aborted run must stop posting
  writeFileSync(
    join(dir, "counting.worker.mjs"),
    `import { parentPort } from "node:worker_threads";
import { serveTraining } from "./tinynn.mjs";
let posted = 0;
const counted = (port) => ({
  postMessage: (m) => { posted++; port.postMessage(m); },
  close: () => port.close(),
  get onmessage() { return port.onmessage; },
  set onmessage(f) { port.onmessage = f; },
});
serveTraining({
  postMessage: (m, t) => parentPort.postMessage(m, t),
  on: (event, listener) => parentPort.on(event, (m) => {
    if (m && m.count === true) return parentPort.postMessage({ posted });
    listener(m && m.port ? { ...m, port: counted(m.port) } : m);
  }),
  off: () => {},
});
`,
  );
  writeFileSync(join(dir, "broken.worker.mjs"), `throw new Error("this worker cannot load");\n`);
  worker = new Worker(join(dir, "train.worker.mjs"));
});

afterAll(async () => {
  await worker.terminate();
  remove();
});

const softsign: Activation = { name: "softsign", apply: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / (1 + Math.abs(x)) ** 2 };

const blog = (): Network => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });

function classifier(): { net: Network; X: number[][]; y: number[][] } {
  const labels = Array.from({ length: 30 }, (_, i) => i % 3);
  const Xc = labels.map((c, i) => [c + 0.3 * Math.sin(i), c * c - 0.2 * Math.cos(3 * i), (i % 4) / 4]);
  const net = new Network({
    layers: [
      new Dense({ inputSize: 3, outputSize: 8, activation: "relu" }),
      new BatchNorm({ size: 8 }),
      new Dropout({ size: 8, rate: 0.2 }),
      new Dense({ inputSize: 8, outputSize: 3, activation: "identity" }),
      new Softmax({ size: 3 }),
    ],
    random: seededRandom("worker"),
  });
  return { net, X: Xc, y: oneHot(labels) };
}

describe("trainInWorker (worker_threads)", () => {
  it("the blog's network b: the same summary, weights and reports as train in this thread", async () => {
    const here = blog();
    const printed: string[] = [];
    const sync = here.train(X, y, { iterations: 60000, progressEvery: 10000, onProgress: (p) => void printed.push(String(p.meanAbsoluteError)) });
    const net = blog();
    const before = JSON.stringify(net.toJSON());
    const reports: Progress[] = [];
    const { network, summary } = await trainInWorker(worker, net, X, y, { iterations: 60000, alpha: 1, loss: "sse", progressEvery: 10000, onProgress: (p) => void reports.push(p) });
    expect(summary).toEqual(sync);
    // trainInWorker's TSDoc example
    expect(summary.meanAbsoluteError).toBe(0.0031835307355949105);
    expect(network.toJSON()).toEqual(here.toJSON());
    expect(network.predict(X)).toEqual(here.predict(X));
    expect(reports.map((p) => String(p.meanAbsoluteError))).toEqual(printed);
    expect(reports.map((p) => p.iteration)).toEqual([0, 10000, 20000, 30000, 40000, 50000]);
    // the network given is not changed
    expect(JSON.stringify(net.toJSON())).toBe(before);
  });

  it("shuffled mini-batches, BatchNorm, Dropout and Adam: the same bits, the random stream continued, the optimizer's state returned", async () => {
    const options = () => ({ iterations: 40, batchSize: 7, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }) }) as const;
    const a = classifier();
    const o = options();
    a.net.train(a.X, a.y, o);
    const b = classifier();
    const result = await trainInWorker(worker, b.net, b.X, b.y, options());
    expect(result.network.toJSON()).toEqual(a.net.toJSON());
    expect(result.optimizer.toJSON!()).toEqual(o.optimizer.toJSON());
    // resuming from the result equals one run of 40 + 10 iterations
    a.net.train(a.X, a.y, { ...o, iterations: 10 });
    result.network.train(b.X, b.y, { iterations: 10, batchSize: 7, loss: "crossEntropy", optimizer: result.optimizer });
    expect(result.network.toJSON()).toEqual(a.net.toJSON());
    expect(result.network.random()).toBe(a.net.random());
  });

  it("metrics and validation data travel: the worker's history has train's records", async () => {
    const options = { iterations: 30, progressEvery: 10, metrics: ["accuracy", "meanAbsoluteError"], validation: { X: X.slice(0, 2), y: y.slice(0, 2) } } as const;
    const here = blog();
    const sync = here.train(X, y, { ...options, metrics: [...options.metrics] });
    const { summary } = await trainInWorker(worker, blog(), X, y, { ...options, metrics: [...options.metrics] });
    expect(summary.history.metrics).toEqual(sync.history.metrics);
    expect(summary.history.metrics!.validation!.loss).toHaveLength(4);
  });

  it("a network and its JSON are structured-cloneable: the clone restores the same bits", () => {
    const { net } = classifier();
    const optimizer = new Adam({ alpha: 0.01 });
    const json = net.toJSON({ optimizer });
    const clone = structuredClone(json);
    expect(clone).toEqual(json);
    expect(Network.fromJSON(clone).predict([[1, 2, 3]])).toEqual(net.predict([[1, 2, 3]]));
  });

  it("an abort rejects at once with the signal's reason, and the worker's run stops posting", async () => {
    const counting = new Worker(join(dir, "counting.worker.mjs"));
    const posted = async (): Promise<number> => {
      const answer = new Promise<{ posted: number }>((resolve) => counting.once("message", resolve));
      counting.postMessage({ count: true });
      return (await answer).posted;
    };
    try {
      const controller = new AbortController();
      const run = trainInWorker(counting, blog(), X, y, {
        iterations: 50_000_000,
        progressEvery: 1000,
        signal: controller.signal,
        onProgress: (p) => void (p.iteration === 5000 && controller.abort()),
      });
      await expect(run).rejects.toMatchObject({ name: "AbortError" });
      // a report every 1000 iterations, about one a millisecond while it runs: after the abort
      // reached the worker, none
      const first = await posted();
      await new Promise((r) => setTimeout(r, 200));
      expect(await posted()).toBe(first);
      expect(first).toBeGreaterThan(5);
    } finally {
      await counting.terminate();
    }
  });

  it("an onProgress that throws, or returns false, rejects and stops the worker's run", async () => {
    const thrown = new Error("from onProgress");
    await expect(trainInWorker(worker, blog(), X, y, { iterations: 1_000_000, progressEvery: 1000, onProgress: () => { throw thrown; } })).rejects.toBe(thrown);
    await expect(trainInWorker(worker, blog(), X, y, { iterations: 1_000_000, progressEvery: 1000, onProgress: () => false })).rejects.toThrow(/onProgress returned false.*signal/);
  });

  it("two requests on one worker at once each get their own answer", async () => {
    const [long, short] = await Promise.all([
      trainInWorker(worker, blog(), X, y, { iterations: 20000 }),
      trainInWorker(worker, blog(), X, y, { iterations: 10 }),
    ]);
    expect(long.summary.iterations).toBe(20000);
    expect(short.summary.iterations).toBe(10);
    const here = blog();
    here.train(X, y, { iterations: 10 });
    expect(short.network.toJSON()).toEqual(here.toJSON());
  });

  it("a worker that dies, is terminated or fails to load rejects with a WorkerError instead of waiting forever", async () => {
    const doomed = new Worker(join(dir, "train.worker.mjs"));
    const run = trainInWorker(doomed, blog(), X, y, { iterations: 50_000_000, progressEvery: 1000, onProgress: (p) => void (p.iteration === 2000 && doomed.terminate()) });
    await expect(run).rejects.toBeInstanceOf(WorkerError);
    await expect(run).rejects.toThrow(/the worker exited \(code 1\) before it answered/);
    const broken = new Worker(join(dir, "broken.worker.mjs"));
    await expect(trainInWorker(broken, blog(), X, y, { iterations: 10 })).rejects.toThrow(/the worker failed before it answered: this worker cannot load/);
    await broken.terminate();
  });

  it("the worker's errors arrive as tinynn's classes with their messages", async () => {
    const diverging = trainInWorker(worker, blog(), X, [[0], [1e200], [1], [0]], { iterations: 100, alpha: 1e300 });
    await expect(diverging).rejects.toBeInstanceOf(TrainingError);
    await expect(trainInWorker(worker, blog(), X, y, { iterations: 10, batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(trainInWorker(worker, blog(), X, y, { iterations: 10, batchSize: 0 })).rejects.toBeInstanceOf(ConfigError);
  });

  it("refuses in this thread what cannot travel, with a ConfigError naming it", async () => {
    const bad: [Parameters<typeof trainInWorker>, RegExp][] = [
      [[{} as Worker, blog(), X, y], /worker must be a Worker/],
      [[worker, {} as Network, X, y], /net must be a Network/],
      [[worker, blog(), X, y, { monitors: [] } as object], /trainInWorker.*monitors/],
      [[worker, blog(), X, y, { optimizer: { name: "mine", step() {} } }], /optimizer must be a built-in one/],
      [[worker, new Network({ layers: [3, 1], random: () => 0.5 }), X, y], /getState/],
      [[worker, blog(), X, y, { signal: {} as AbortSignal }], /signal must be an AbortSignal/],
      [[worker, blog(), X, y, { alpha: (t: number) => 1 / (1 + t) }], /a learning-rate schedule of your own \(a function\) cannot travel/],
      [[worker, blog(), X, y, { clipValue: (() => 1) as unknown as number }], /must be plain data to travel/],
      [[worker, new Network({ layers: [3, 1], random: Object.assign(() => 0.5, { getState: () => ({ type: "lcg", s: 1 }), setState: () => {} }) as unknown as Random }), X, y], /state of type "lcg"/],
      [[worker, new Network({ layers: [3, 2, 1], activation: softsign, random: numpyRandom(1) }), X, y], /softsign/],
    ];
    for (const [args, message] of bad) {
      const error = await trainInWorker(...args).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
    }
    expect(() => serveTraining({} as Worker)).toThrow(/port must be a Worker/);
  });
});
