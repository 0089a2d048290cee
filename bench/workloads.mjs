// The five workloads and their seeded data, shared by every implementation so the math is identical.

/** mulberry32: a tiny seeded uniform [0, 1) source for the synthetic data (not for the library). */
export function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** numpy's legacy np.random.seed(s); np.random.random() stream (MT19937), for the blog's weights. */
export function numpyRandom(seed) {
  const N = 624, M = 397, mt = new Uint32Array(N);
  mt[0] = seed >>> 0;
  for (let i = 1; i < N; i++) {
    const p = (mt[i - 1] ^ (mt[i - 1] >>> 30)) >>> 0;
    mt[i] = (Math.imul(1812433253, p) + i) >>> 0;
  }
  let pos = N;
  const next = () => {
    if (pos >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      pos = 0;
    }
    let y = mt[pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

const rowsToF64 = (rows) => Float64Array.from(rows.flat());

/**
 * Every workload: sizes, hyperparameters, data as rows and as packed Float64Array, initial weights
 * (W[l] is [sizes[l] x sizes[l+1]] row-major, b[l] is null without bias), and FLOPs counted as
 * 2 per multiply-add of the matrix products.
 */
export function makeWorkload(name) {
  if (name === "W1") {
    const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
    const Y = [[0], [1], [1], [0]];
    // np.random.seed(1); syn0 = 2*np.random.random((3,4)) - 1; syn1 = 2*np.random.random((4,1)) - 1
    const r = numpyRandom(1);
    const W = [Float64Array.from({ length: 12 }, () => 2 * r() - 1), Float64Array.from({ length: 4 }, () => 2 * r() - 1)];
    const macPerStep = 4 * 3 * 4 + 4 * 4 * 1 + 4 * 4 * 1 + 4 * 1 * 4 + 3 * 4 * 4;
    return {
      name, title: "blog XOR 3-4-1, sse, alpha 1, full batch, 60,000 iterations",
      sizes: [3, 4, 1], bias: false, loss: "sse", alpha: 1, batchSize: 4, iterations: 60000, kind: "train",
      X, Y, x: rowsToF64(X), y: rowsToF64(Y), n: 4, W, b: [null, null],
      steps: 60000, flops: 2 * macPerStep * 60000, unit: "iteration", unitsPerRun: 60000, stepsPerUnit: 1,
    };
  }
  if (name === "W4") return digitsWorkload();
  if (name === "W5") return callsWorkload();
  const n = 4096, nin = 64, nh = 128, nout = 10;
  const r = mulberry32(2024);
  const X = Array.from({ length: n }, () => Array.from({ length: nin }, () => r()));
  // targets in [0, 1]: a fixed random "teacher" layer, so there is something to learn
  const T = Array.from({ length: nin * nout }, () => (2 * r() - 1) * 0.5);
  const Y = X.map((row) => Array.from({ length: nout }, (_, j) => {
    let s = 0;
    for (let k = 0; k < nin; k++) s += row[k] * T[k * nout + j];
    return 1 / (1 + Math.exp(-s));
  }));
  const w = (fanIn, count) => Float64Array.from({ length: count }, () => (2 * r() - 1) / Math.sqrt(fanIn));
  const W = [w(nin, nin * nh), w(nh, nh * nout)];
  const b = [w(nin, nh), w(nh, nout)];
  const common = { sizes: [nin, nh, nout], bias: true, X, Y, x: rowsToF64(X), y: rowsToF64(Y), n, W, b };
  if (name === "W2") {
    const batch = 32, epochs = 5, steps = (n / batch) * epochs;
    const mac = batch * (nin * nh + nh * nout) + nh * nout * batch + batch * nout * nh + nin * nh * batch;
    return {
      name, title: "64-128-10 sigmoid+bias, mse per mini-batch of 32 in order, alpha 0.1, 5 epochs",
      ...common, loss: "mse", alpha: 0.1, batchSize: batch, iterations: epochs, kind: "train",
      steps, flops: 2 * mac * steps, unit: "epoch", unitsPerRun: epochs, stepsPerUnit: n / batch,
    };
  }
  if (name === "W3") {
    const passes = 100;
    return {
      name, title: "inference: the W2 network's forward pass over 4096 samples, 100 times",
      ...common, kind: "infer", passes,
      steps: passes, flops: 2 * n * (nin * nh + nh * nout) * passes, unit: "pass", unitsPerRun: passes, stepsPerUnit: 1,
    };
  }
  throw new Error(`unknown workload ${name}`);
}

/**
 * W4: a classifier on digits-like data. 1,797 samples (the size of scikit-learn's digits set) of
 * 64 features in 10 classes: per class a seeded random prototype in [0, 16]; sample i is of class
 * i % 10 (the digits set cycles through its classes the same way), prototype + uniform noise in
 * [-6, 6), clipped to [0, 16], divided by 16. One-hot targets. 64-32-10, relu hidden layer with
 * bias, softmax output, cross-entropy, Adam (alpha 0.001), mini-batches of 32 shuffled every epoch
 * (56 of 32 and a last one of 1797 % 32 = 5 rows), 20 epochs. The shuffle draws from numpy's
 * MT19937 stream seeded with shuffleSeed (tinynn's numpyRandom, and numpyRandom below for the
 * reference) in tinynn's Fisher-Yates order (see impl/reference.mjs).
 */
function digitsWorkload() {
  const n = 1797, nin = 64, nh = 32, nout = 10, batch = 32, epochs = 20;
  const r = mulberry32(1797);
  const prototypes = Array.from({ length: nout }, () => Array.from({ length: nin }, () => 16 * r()));
  const X = Array.from({ length: n }, (_, i) =>
    prototypes[i % nout].map((v) => Math.min(16, Math.max(0, v + 6 * (2 * r() - 1))) / 16),
  );
  const Y = Array.from({ length: n }, (_, i) => Array.from({ length: nout }, (_, j) => (j === i % nout ? 1 : 0)));
  const w = (fanIn, count) => Float64Array.from({ length: count }, () => (2 * r() - 1) / Math.sqrt(fanIn));
  const W = [w(nin, nin * nh), w(nh, nh * nout)];
  const b = [w(nin, nh), w(nh, nout)];
  const batches = Math.ceil(n / batch), steps = batches * epochs;
  // per sample: forward x·W0 and h·W1, backward hᵀ·delta, delta·W1ᵀ and xᵀ·delta0 (no dL/dx)
  const macPerSample = nin * nh + nh * nout + nh * nout + nout * nh + nin * nh;
  return {
    name: "W4", title: "digits-like 1797 x 64, 10 classes: 64-32-10 relu+bias, softmax, cross-entropy, Adam 0.001, batch 32 shuffled, 20 epochs",
    sizes: [nin, nh, nout], bias: true, activation: "relu", outputActivation: "softmax",
    loss: "crossEntropy", optimizer: "adam", alpha: 0.001, batchSize: batch, shuffle: true, shuffleSeed: 32,
    iterations: epochs, kind: "train",
    X, Y, x: rowsToF64(X), y: rowsToF64(Y), n, W, b,
    steps, flops: 2 * macPerSample * n * epochs, unit: "epoch", unitsPerRun: epochs, stepsPerUnit: batches,
  };
}

/**
 * W5: single-row predictions, as a user calls `net.predict([[0, 1, 1]])` in a loop or a request
 * handler. The blog network (3-4-1 sigmoid, no bias) with W1's initial weights (numpy's
 * `np.random.seed(1)` stream, untrained: the cost of a call does not depend on the values), 10,000
 * calls per run, call i on `inputs[i % 4]`, one XOR row each. The four `number[][]` inputs are
 * built once, so the run measures predict and not the building of its argument (a user's literal
 * would add one small array pair per call on top). A unit of work is one call.
 */
function callsWorkload() {
  const w1 = makeWorkload("W1");
  const calls = 10000;
  return {
    name: "W5", title: "10,000 single-row predict calls on the blog's 3-4-1 network (W1's initial weights), cycling through the 4 XOR rows",
    sizes: w1.sizes, bias: false, X: w1.X, Y: w1.Y, x: w1.x, y: w1.y, n: 4, W: w1.W, b: w1.b,
    inputs: w1.X.map((row) => [row]), kind: "calls", calls,
    steps: calls, flops: 2 * (3 * 4 + 4 * 1) * calls, unit: "call", unitsPerRun: calls, stepsPerUnit: 1,
    // a run lasts about a millisecond: 10 x reps of them are timed
    repsFactor: 10,
  };
}

/** mean |a - b| over two equal-length arrays: the "final error" column. */
export function meanAbsDiff(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}
