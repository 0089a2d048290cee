// One implementation on one workload, in its own process (node --expose-gc bench/run.mjs <impl> <W1|...|W5> [reps]).
// Prints one JSON line: timings, final error (and the last epoch's loss where the implementation
// reports it; on W5 the sum of a run's outputs), bytes allocated per training step (W3: per
// forward pass, W5: per call), peak heap.
import v8 from "node:v8";
import { makeWorkload, meanAbsDiff } from "./workloads.mjs";
import { load } from "./impl/index.mjs";

const [implName, workloadName, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 5);
const gc = globalThis.gc ?? (() => {});

function emit(result) {
  process.stdout.write(JSON.stringify(result) + "\n");
}

/** Bytes allocated on the V8 heap while fn runs: growth of the used heap plus everything GCs freed. */
async function allocatedBy(fn) {
  gc();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = v8.getHeapStatistics().used_heap_size;
  await fn();
  const after = v8.getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const s of statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return after - before + freed;
}

const w = makeWorkload(workloadName);
let impl;
try {
  impl = await load(implName, w);
} catch (e) {
  emit({ impl: implName, workload: workloadName, ...(e?.dtype ? { dtype: e.dtype } : {}), unavailable: String(e?.message ?? e).split("\n")[0] });
  process.exit(0);
}

// warm-up, so the JIT has compiled every path: one whole run (W3: 10 passes; W5: 10 runs of
// 10,000 calls), or for slow implementations as many units as fit in ~2 s (a first short probe tells)
const firstUnits = w.name === "W1" ? 1000 : 1;
let tw = performance.now();
let warmUnits = firstUnits;
await impl.probe(firstUnits);
let msPerUnit = (performance.now() - tw) / firstUnits;
if (w.kind === "infer") {
  warmUnits = 10;
  tw = performance.now();
  await impl.probe(warmUnits);
} else if (w.kind === "calls") {
  warmUnits = 10 * w.unitsPerRun;
  tw = performance.now();
  await impl.probe(warmUnits);
} else if (msPerUnit * w.unitsPerRun < 2000) {
  warmUnits = w.unitsPerRun;
  tw = performance.now();
  await impl.run();
} else {
  warmUnits = Math.max(1, Math.floor(2000 / msPerUnit));
  tw = performance.now();
  await impl.probe(warmUnits);
}
msPerUnit = (performance.now() - tw) / warmUnits;

// memory: steady-state allocation per training step (W3: per forward pass), from the difference
// between a short and a long probe so the one-time setup cancels out; the long probe lasts ~0.5 s
const k2 = Math.max(2, Math.min(50000, Math.floor(500 / msPerUnit)));
const k1 = Math.max(1, Math.floor(k2 / 10));
// (the first measurements include one-time costs of the measuring itself: discard two)
await allocatedBy(() => {});
await allocatedBy(() => {});
// the smallest of 3 tries: V8 compiling in the background also allocates on the heap
let bytesPerStep = Infinity;
for (let attempt = 0; attempt < 3; attempt++) {
  const a1 = await allocatedBy(() => impl.probe(k1));
  const a2 = await allocatedBy(() => impl.probe(k2));
  bytesPerStep = Math.min(bytesPerStep, Math.max(0, (a2 - a1) / ((k2 - k1) * w.stepsPerUnit)));
}
let memoryMethod = "probe difference";
if (impl.steadyState) {
  // an implementation that can be observed mid-loop: measure there (see impl/tinynn.mjs)
  let profiler, before;
  const measure = {
    start() { gc(); profiler = new v8.GCProfiler(); profiler.start(); before = v8.getHeapStatistics().used_heap_size; },
    stop() {
      const after = v8.getHeapStatistics().used_heap_size;
      let freed = 0;
      for (const s of profiler.stop().statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
      return after - before + freed;
    },
  };
  // three times first: warms the measuring itself and lets V8 re-optimise for the callback
  // (at least 500 steps in the window, so the callback's own few objects do not count)
  const kIn = Math.max(k1, Math.ceil(500 / w.stepsPerUnit));
  for (let r = 0; r < 3; r++) impl.steadyState(kIn, measure);
  const first = impl.steadyState(kIn, measure);
  const inLoop = first === undefined ? undefined : Math.min(first, impl.steadyState(kIn, measure), impl.steadyState(kIn, measure));
  if (inLoop !== undefined) {
    memoryMethod = "inside the training loop";
    bytesPerStep = Math.max(0, inLoop);
  }
}

// timing: reps whole runs, each from the initial weights (W5: 10 x reps, a run lasts ~1 ms); peak
// heap seen during them
const timedReps = reps * (w.repsFactor ?? 1);
const times = [];
let peakHeap = 0;
let peakArrayBuffers = 0;
const profiler = new v8.GCProfiler();
profiler.start();
for (let r = 0; r < timedReps; r++) {
  gc();
  const t0 = performance.now();
  await impl.run();
  times.push(performance.now() - t0);
  const mu = process.memoryUsage();
  peakHeap = Math.max(peakHeap, mu.heapUsed);
  peakArrayBuffers = Math.max(peakArrayBuffers, mu.arrayBuffers);
}
for (const s of profiler.stop().statistics) peakHeap = Math.max(peakHeap, s.beforeGC.heapStatistics.usedHeapSize);

const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const finalError = meanAbsDiff(await impl.output(), w.y);
const finalLoss = impl.finalLoss === undefined ? undefined : await impl.finalLoss();
const outputSum = impl.outputSum === undefined ? undefined : impl.outputSum();
emit({
  impl: impl.name, workload: workloadName, dtype: impl.dtype, notes: impl.notes,
  times, medianMs: median, minMs: sorted[0], gflops: w.flops / (median * 1e6),
  finalError, ...(finalLoss === undefined ? {} : { finalLoss }), ...(outputSum === undefined ? {} : { outputSum }), bytesPerStep, memoryMethod, peakHeapBytes: peakHeap, peakArrayBufferBytes: peakArrayBuffers,
});
