// brain.js 1.6.1 (the latest published): NeuralNetwork with sigmoid. Deviations it forces, all documented
// in docs/performance.md: it updates after every sample (no batches), always has biases (set to 0 for
// W1 and trained), stores weights in Float32Array, and its option validator refuses learningRate >= 1
// and momentum 0, so the bench sets those on trainOpts after brain.js validated its own defaults.
import { createRequire } from "node:module";

export async function create(w) {
  if (w.optimizer === "adam") throw new Error("brain.js 1.6.1 has no softmax output, cross-entropy loss or mini-batches (W4)");
  const require = createRequire(import.meta.url);
  const brain = require("brain.js");
  const [ni, nh, no] = w.sizes;
  const net = new brain.NeuralNetwork({ hiddenLayers: [nh], activation: "sigmoid" });
  net.sizes = [ni, nh, no];
  net.initialize();
  const reset = () => {
    for (let node = 0; node < nh; node++) {
      for (let k = 0; k < ni; k++) net.weights[1][node][k] = w.W[0][k * nh + node];
      net.biases[1][node] = w.bias ? w.b[0][node] : 0;
    }
    for (let node = 0; node < no; node++) {
      for (let k = 0; k < nh; k++) net.weights[2][node][k] = w.W[1][k * no + node];
      net.biases[2][node] = w.bias ? w.b[1][node] : 0;
    }
    for (let l = 1; l <= 2; l++) for (const c of net.changes[l]) c.fill(0);
  };
  reset();
  if (w.kind === "calls") return calls(net, w);
  const data = w.X.map((input, i) => ({ input, output: w.Y[i] }));
  // W1: one full-batch step of alpha 1 on the summed loss ~ 4 per-sample steps of 1;
  // W2: a step of 0.1 on the batch mean ~ 32 per-sample steps of 0.1 / 32.
  const learningRate = w.loss === "mse" ? w.alpha / w.batchSize : w.alpha;
  const train = (iterations) => {
    const prep = net.prepTraining(data, { iterations, errorThresh: Number.MIN_VALUE, log: false, learningRate: 0.5, momentum: 0.5 });
    net.trainOpts.learningRate = learningRate;
    net.trainOpts.momentum = 0;
    while (net.trainingTick(prep.data, prep.status, prep.endTime)) { /* brain.js's own loop */ }
  };
  const out = new Float64Array(w.n * no);
  const predict = () => {
    for (let i = 0; i < w.n; i++) {
      const o = net.run(w.X[i]);
      for (let j = 0; j < no; j++) out[i * no + j] = o[j];
    }
    return out;
  };
  return {
    name: "brain.js",
    dtype: "float32 storage",
    notes: "per-sample SGD (no batches), biases always on, lr " + learningRate,
    run() {
      if (w.kind === "infer") { for (let p = 0; p < w.passes; p++) predict(); return; }
      reset();
      train(w.unitsPerRun);
    },
    probe(units) {
      if (w.kind === "infer") { for (let p = 0; p < units; p++) predict(); return; }
      train(units);
    },
    output: () => predict(),
  };
}

/**
 * W5: `net.run([x0, x1, x2])`, brain.js's call for one sample (a flat array in, a Float32Array
 * out), on the same weights as the others (stored as float32 by brain.js), biases 0. The four
 * inputs are built once, as for the others.
 */
function calls(net, w) {
  const inputs = w.X, no = w.sizes[w.sizes.length - 1];
  let lastSum = 0;
  const run = (count) => {
    let s = 0;
    for (let i = 0; i < count; i++) {
      const out = net.run(inputs[i & 3]);
      for (let j = 0; j < no; j++) s += out[j];
    }
    return s;
  };
  return {
    name: "brain.js",
    dtype: "float32 storage",
    notes: "net.run([x0, x1, x2]) one sample per call (a Float32Array back); the workload's weights, biases 0",
    run() { lastSum = run(w.calls); },
    probe(units) { run(units); },
    output: () => inputs.flatMap((x) => Array.from(net.run(x))),
    outputSum: () => lastSum,
  };
}
