// TF.js (tfjs-core 4.22) on its CPU backend (plain JS) or its WebAssembly backend (XNNPACK, SIMD when
// the runtime has it). TF.js computes in float32. W1 to W3: the backprop is written out with tf ops,
// the same math as the other implementations (no autodiff, which would only add work). W4: the
// layers API (tfjs-layers 4.22), as TF.js users train a classifier: tf.sequential + model.fit.
import { createRequire } from "node:module";

export async function create(w, backend) {
  const require = createRequire(import.meta.url);
  const tf = require("@tensorflow/tfjs-core");
  require("@tensorflow/tfjs-backend-cpu");
  if (backend === "wasm") require("@tensorflow/tfjs-backend-wasm");
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") failed`);
  await tf.ready();
  let flags = "";
  if (backend === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
    flags = `, SIMD ${simd ? "on" : "off"}, threads ${threads ? "on" : "off"}`;
  }
  if (w.optimizer === "adam") return createClassifier(tf, require, w, backend, flags);
  const [ni, nh, no] = w.sizes;
  const f32 = (a) => Float32Array.from(a);
  const W0 = tf.variable(tf.tensor2d(f32(w.W[0]), [ni, nh], "float32"));
  const W1 = tf.variable(tf.tensor2d(f32(w.W[1]), [nh, no], "float32"));
  const b0 = w.bias ? tf.variable(tf.tensor1d(f32(w.b[0]), "float32")) : null;
  const b1 = w.bias ? tf.variable(tf.tensor1d(f32(w.b[1]), "float32")) : null;
  const reset = () => tf.tidy(() => {
    W0.assign(tf.tensor2d(f32(w.W[0]), [ni, nh], "float32"));
    W1.assign(tf.tensor2d(f32(w.W[1]), [nh, no], "float32"));
    if (b0) { b0.assign(tf.tensor1d(f32(w.b[0]), "float32")); b1.assign(tf.tensor1d(f32(w.b[1]), "float32")); }
  });
  const X = tf.tensor2d(f32(w.x), [w.n, ni], "float32");
  const bs = w.batchSize ?? w.n;
  const xs = [], ys = [];
  for (let s = 0; s + bs <= w.n; s += bs) {
    xs.push(w.n === bs ? X : tf.slice(X, [s, 0], [bs, ni]));
    ys.push(tf.tensor2d(f32(w.y.subarray(s * no, (s + bs) * no)), [bs, no], "float32"));
  }
  const one = tf.scalar(1), alpha = tf.scalar(w.alpha ?? 1), inv = tf.scalar(1 / bs);
  const layer = (x, W, b) => tf.sigmoid(b ? tf.add(tf.matMul(x, W), b) : tf.matMul(x, W));
  const step = (x, y) => tf.tidy(() => {
    const a1 = layer(x, W0, b0);
    const a2 = layer(a1, W1, b1);
    let g = tf.sub(a2, y);
    if (w.loss === "mse") g = tf.mul(g, inv);
    const d2 = tf.mul(g, tf.mul(a2, tf.sub(one, a2)));
    const d1 = tf.mul(tf.matMul(d2, W1, false, true), tf.mul(a1, tf.sub(one, a1)));
    W1.assign(tf.sub(W1, tf.mul(alpha, tf.matMul(a1, d2, true, false))));
    W0.assign(tf.sub(W0, tf.mul(alpha, tf.matMul(x, d1, true, false))));
    if (b0) {
      b1.assign(tf.sub(b1, tf.mul(alpha, tf.sum(d2, 0))));
      b0.assign(tf.sub(b0, tf.mul(alpha, tf.sum(d1, 0))));
    }
  });
  const train = (units) => {
    for (let u = 0; u < units; u++) for (let q = 0; q < xs.length; q++) step(xs[q], ys[q]);
  };
  const predict = () => {
    const out = tf.tidy(() => layer(layer(X, W0, b0), W1, b1));
    const values = out.dataSync();
    out.dispose();
    return values;
  };
  return {
    name: `tfjs-${backend}`,
    dtype: "float32",
    notes: `TF.js ${tf.version_core} ${backend} backend${flags}`,
    run() {
      if (w.kind === "infer") { for (let p = 0; p < w.passes; p++) predict(); return; }
      reset();
      train(w.unitsPerRun);
      W0.dataSync(); // wait for the work (both backends are synchronous; this is for symmetry)
    },
    probe(units) {
      if (w.kind === "infer") { for (let p = 0; p < units; p++) predict(); return; }
      train(units);
    },
    output: () => predict(),
  };
}

/**
 * W4 with the layers API: Dense(relu) -> Dense(softmax), categoricalCrossentropy, Adam(alpha, 0.9,
 * 0.999, 1e-8), model.fit({ batchSize, epochs, shuffle: true }). Initial weights are the workload's
 * (as float32). Differences from the others, all TF.js's own: float32; fit shuffles with
 * Math.random (not seedable), so its batches and final digits differ from run to run; its
 * cross-entropy clips p to [1e-7, 1 - 1e-7]. `yieldEvery: "never"`: fit does not give the event
 * loop a turn between batches (its default, "auto", would, which only adds time here).
 */
async function createClassifier(tf, require, w, backend, flags) {
  const tfl = require("@tensorflow/tfjs-layers");
  const [ni, nh, no] = w.sizes;
  const f32 = (a) => Float32Array.from(a);
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [ni], units: nh, activation: "relu", useBias: true }),
      tfl.layers.dense({ units: no, activation: "softmax", useBias: true }),
    ],
  });
  const X = tf.tensor2d(f32(w.x), [w.n, ni], "float32");
  const Y = tf.tensor2d(f32(w.y), [w.n, no], "float32");
  let optimizer;
  const compile = () => {
    optimizer?.dispose();
    optimizer = tf.train.adam(w.alpha, 0.9, 0.999, 1e-8);
    model.compile({ optimizer, loss: "categoricalCrossentropy" });
  };
  const reset = () => {
    tf.tidy(() => {
      model.layers[0].setWeights([tf.tensor2d(f32(w.W[0]), [ni, nh]), tf.tensor1d(f32(w.b[0]))]);
      model.layers[1].setWeights([tf.tensor2d(f32(w.W[1]), [nh, no]), tf.tensor1d(f32(w.b[1]))]);
    });
    compile(); // a fresh Adam: moments 0, t = 0
  };
  reset();
  const fitOptions = { batchSize: w.batchSize, epochs: 1, shuffle: true, verbose: 0, yieldEvery: "never" };
  let lastLoss = Number.NaN;
  const fit = async (epochs) => {
    fitOptions.epochs = epochs;
    const history = await model.fit(X, Y, fitOptions);
    return history.history.loss[history.history.loss.length - 1];
  };
  return {
    name: `tfjs-${backend}`,
    dtype: "float32",
    notes: `TF.js ${tf.version_core} ${backend} backend${flags}; tfjs-layers sequential + model.fit({ batchSize: ${w.batchSize}, epochs: ${w.iterations}, shuffle: true })`,
    async run() {
      reset();
      lastLoss = await fit(w.unitsPerRun);
    },
    async probe(units) {
      await fit(units);
    },
    output: () => {
      const out = tf.tidy(() => model.predict(X));
      const values = out.dataSync();
      out.dispose();
      return values;
    },
    finalLoss: () => lastLoss,
  };
}
