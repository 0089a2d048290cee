// node bench/alloc-sweep.mjs [--json] [--one-process]
//
// Heap bytes allocated per training step in steady state, for every built-in configuration:
// each activation, loss, optimizer (with and without a schedule), layer, regularization, clipping,
// monitor, shuffling and random source, each in a fresh `node --expose-gc` process, as an app
// trains. Measured inside train(), over at least 10,000 steps between iterations k and 2k (read
// from onProgress, which runs only there), after 1,000 iterations of warm-up, with v8.GCProfiler
// adding what each GC freed to the growth of the used heap: setup and the returned history are not
// counted. A configuration at 8 B/step or more is flagged. tinynn is imported from dist/ (npm run
// build first; npm run bench does).
//
// --one-process runs them all in one process instead: there V8 sees every activation, optimizer
// and random source at the same call sites, gives up inlining some of them, and the code that
// is not optimised boxes doubles (see docs/performance.md).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";

const tinynn = await import(process.env.TINYNN_DIST ?? new URL("../dist/index.js", import.meta.url).href);
const { Network, Dense, BatchNorm, Dropout, Softmax, GradientDescent, Momentum, Adam, RMSprop, Adagrad } = tinynn;
const { stepDecay, exponentialDecay, DirectionChanges, LargestWeight, UpdateSizes, numpyRandom, seededRandom, oneHot } = tinynn;
const gc = globalThis.gc;

// 203 samples (the last mini-batch of 16 is partial), 8 features, 3 classes
const n = 203;
const X = Array.from({ length: n }, (_, i) => Array.from({ length: 8 }, (_, j) => Math.sin(i * 8 + j)));
const labels = X.map((row) => (row[0] + row[1] > 0.5 ? 0 : row[2] > 0 ? 1 : 2));
const Y = oneHot(labels, 3);
const Yr = X.map((row) => [1 / (1 + Math.exp(-row[0])), (row[1] + 1) / 2, (row[2] * row[3] + 1) / 2]);

const dense = (sizes, activation, outputActivation, extra = {}) => () =>
  new Network({ layers: sizes, activation, outputActivation, seed: 1, ...extra });
const layered = (rate) => () =>
  new Network({
    layers: [
      new Dense({ inputSize: 8, outputSize: 16, activation: "relu" }),
      new BatchNorm({ size: 16 }),
      new Dropout({ size: 16, rate }),
      new Dense({ inputSize: 16, outputSize: 3, activation: "identity" }),
      new Softmax({ size: 3 }),
    ],
    seed: 1,
  });

const configs = [];
for (const act of ["sigmoid", "tanh", "relu", "leakyRelu", "identity"]) {
  configs.push([`${act} hidden, sigmoid output, sse`, dense([8, 16, 3], act, "sigmoid"), Yr, { loss: "sse", alpha: 0.1 }]);
}
configs.push(["identity output, mse", dense([8, 16, 3], "tanh", "identity"), Yr, { loss: "mse", alpha: 0.1 }]);
configs.push(["softmax output, crossEntropy", dense([8, 16, 3], "relu", "softmax"), Y, { loss: "crossEntropy", alpha: 0.1 }]);
const optimizers = {
  "GradientDescent, stepDecay": () => new GradientDescent({ alpha: stepDecay({ alpha: 0.1, drop: 0.5, every: 100 }) }),
  Momentum: () => new Momentum({ alpha: 0.05, beta: 0.9 }),
  "Momentum, nesterov": () => new Momentum({ alpha: 0.05, beta: 0.9, nesterov: true }),
  Adam: () => new Adam({ alpha: 0.001 }),
  "Adam, exponentialDecay": () => new Adam({ alpha: exponentialDecay({ alpha: 0.01, rate: 0.999 }) }),
  RMSprop: () => new RMSprop({ alpha: 0.001 }),
  Adagrad: () => new Adagrad({ alpha: 0.01 }),
};
for (const [name, make] of Object.entries(optimizers)) {
  configs.push([name, dense([8, 16, 3], "relu", "softmax"), Y, { loss: "crossEntropy", optimizer: make }]);
}
configs.push(["Dense, BatchNorm, Dropout, Softmax; Adam", layered(0.3), Y, { loss: "crossEntropy", optimizer: () => new Adam({ alpha: 0.001 }) }]);
configs.push(["regularization l1 + l2", dense([8, 16, 3], "tanh", "sigmoid"), Yr, { alpha: 0.1, regularization: { l1: 1e-4, l2: 1e-3 } }]);
configs.push(["clipValue + clipNorm", dense([8, 16, 3], "tanh", "sigmoid"), Yr, { alpha: 0.1, clipValue: 0.5, clipNorm: 1 }]);
configs.push(["monitors: DirectionChanges, LargestWeight, UpdateSizes", dense([8, 16, 3], "tanh", "sigmoid"), Yr, {
  alpha: 0.1,
  monitors: () => [new DirectionChanges(), new LargestWeight({ every: 50 }), new UpdateSizes({ every: 50 })],
}]);
configs.push(["in order (no shuffle)", dense([8, 16, 3], "tanh", "sigmoid"), Yr, { alpha: 0.1, shuffle: false }]);
configs.push(["shuffled by numpyRandom", dense([8, 16, 3], "tanh", "sigmoid", { seed: undefined, random: numpyRandom(1) }), Yr, { alpha: 0.1 }]);
configs.push(["shuffled by seededRandom", dense([8, 16, 3], "tanh", "sigmoid", { seed: undefined, random: seededRandom(1) }), Yr, { alpha: 0.1 }]);
configs.push(["full batch", dense([8, 16, 3], "sigmoid", "sigmoid"), Yr, { alpha: 0.1, batchSize: n }]);

/** Bytes allocated between start() and stop(): growth of the used heap plus what GCs freed. */
function meter() {
  let profiler;
  let before = 0;
  return {
    start() {
      gc();
      profiler = new v8.GCProfiler();
      profiler.start();
      before = v8.getHeapStatistics().used_heap_size;
    },
    stop() {
      const after = v8.getHeapStatistics().used_heap_size;
      const { statistics } = profiler.stop();
      let freed = 0;
      for (const s of statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
      return after - before + freed;
    },
  };
}

/** Bytes per step of configuration `index`, measured in this process. */
function measure(index) {
  const [name, make, y, raw] = configs[index];
  const options = { batchSize: 16, ...raw };
  if (typeof options.optimizer === "function") options.optimizer = options.optimizer();
  if (typeof options.monitors === "function") options.monitors = options.monitors();
  const net = make();
  net.train(X, y, { ...options, iterations: 1000 }); // warm up, so that the JIT has compiled every path
  const m = meter();
  const perIteration = Math.ceil(n / options.batchSize);
  const k = Math.max(1000, Math.ceil(10000 / perIteration));
  let bytes = 0;
  net.train(X, y, {
    ...options,
    iterations: 3 * k,
    progressEvery: k,
    onProgress: ({ iteration }) => {
      if (iteration === k) m.start();
      else if (iteration === 2 * k) bytes = m.stop();
    },
  });
  return { name, bytesPerStep: Math.max(0, bytes / (k * perIteration)) };
}

const self = fileURLToPath(import.meta.url);
const results = [];
if (process.env.ALLOC_SWEEP_CHILD !== undefined) {
  process.stdout.write(JSON.stringify(measure(Number(process.env.ALLOC_SWEEP_CHILD))) + "\n");
  process.exit(0);
} else if (process.argv.includes("--one-process")) {
  if (typeof gc !== "function") throw new Error("run with node --expose-gc");
  for (let i = 0; i < configs.length; i++) results.push(measure(i));
} else {
  for (let i = 0; i < configs.length; i++) {
    const r = spawnSync(process.execPath, ["--expose-gc", self], { env: { ...process.env, ALLOC_SWEEP_CHILD: String(i) }, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`configuration ${configs[i][0]} failed:\n${r.stderr}`);
    results.push(JSON.parse(r.stdout));
  }
}

if (process.argv.includes("--json")) {
  process.stdout.write(JSON.stringify(results) + "\n");
} else {
  const width = Math.max(...results.map((r) => r.name.length));
  const where = process.argv.includes("--one-process") ? "all in one process" : "each in its own process";
  process.stdout.write(`heap bytes allocated per training step in steady state (${n} samples, batch 16; ${where})\n`);
  for (const r of results) process.stdout.write(`${r.name.padEnd(width)}  ${r.bytesPerStep.toFixed(1).padStart(8)} B/step${r.bytesPerStep >= 8 ? "  <- allocates" : ""}\n`);
}
