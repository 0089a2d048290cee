// tinynn through its public API, from the built package (dist/), as users run it.
import { mulberry32 } from "../workloads.mjs";

// The variants (rows of the table):
//
// - "20th-net": 19 networks of other shapes are trained and dropped in the same process first,
//   then the workload's network is measured exactly as the "tinynn" row. V8 specialises code for
//   what a process has seen so far (docs/performance.md, "Only the first closure is specialised");
//   this row shows what a network gets in a process that has trained many others (a sweep, a
//   server, a test suite).
// - "user-pieces": the activation and the optimizer are the user's own objects (the public
//   `Activation` and `Optimizer` interfaces) computing the same math as the built-in sigmoid and
//   plain gradient descent, so the final error must equal the "tinynn" row's.
// - "f32" (W3 only): `net.predict(X, { precision: "float32" })`. Until tinynn has that option the
//   row is unavailable, with the reason: predict throws, or its outputs are not all float32 values
//   (`Math.fround(v) !== v` for some v), i.e. the option was ignored.

/** A user-written sigmoid: the same formula as the built-in one. */
const userSigmoid = { name: "userSigmoid", apply: (x) => 1 / (1 + Math.exp(-x)), derivative: (_x, y) => y * (1 - y) };

/** A user-written plain gradient descent: the same update as `alpha` (GradientDescent). */
function userGD(alpha) {
  return {
    name: "userGD",
    step(parameters) {
      for (const p of parameters) {
        const v = p.value.data, g = p.grad.data;
        for (let i = 0; i < v.length; i++) v[i] -= alpha * g[i];
      }
    },
  };
}

/**
 * Trains 19 networks of shapes other than the workload's on small seeded data and drops them:
 * [3, h, 1] (no bias) and [2, h, 2] (bias), h from 2 to 12, sigmoid. W1: sse, alpha 1, full batch,
 * 300 iterations (the blog's settings). Mini-batch workloads: their loss, alpha and mini-batches
 * (4 rows out of 10, so a partial last batch too, in order), 100 epochs.
 */
function trainOthers(tinynn, w) {
  const { Network } = tinynn;
  const same = (s) => s.length === w.sizes.length && s.every((v, i) => v === w.sizes[i]);
  const shapes = [];
  for (let h = 2; h <= 12 && shapes.length < 19; h++) if (!same([3, h, 1])) shapes.push([3, h, 1]);
  for (let h = 2; h <= 12 && shapes.length < 19; h++) if (!same([2, h, 2])) shapes.push([2, h, 2]);
  const miniBatch = w.batchSize < w.n;
  let sink = 0;
  shapes.forEach((sizes, k) => {
    const r = mulberry32(100 + k);
    const rows = miniBatch ? 10 : 4;
    const X = Array.from({ length: rows }, () => Array.from({ length: sizes[0] }, () => r()));
    const Y = Array.from({ length: rows }, () => Array.from({ length: sizes[2] }, () => r()));
    const net = new Network({ layers: sizes, activation: "sigmoid", bias: sizes[0] === 2, random: mulberry32(200 + k) });
    const summary = miniBatch
      ? net.train(X, Y, { iterations: 100, alpha: w.alpha, loss: w.loss, batchSize: 4, shuffle: false })
      : net.train(X, Y, { iterations: 300, alpha: 1, loss: "sse" });
    sink += summary.loss;
  });
  if (!Number.isFinite(sink)) throw new Error("a warm-up network diverged");
  globalThis.gc?.();
  return shapes.length;
}

export async function create(w, variant = "") {
  const tinynn = await import(process.env.TINYNN_DIST ?? new URL("../../dist/index.js", import.meta.url).href);
  const { Network, Adam, fromRows, numpyRandom } = tinynn;
  if (variant === "20th-net" && w.kind === "train") trainOthers(tinynn, w);
  if (variant === "user-pieces" && w.name !== "W1") throw new Error("tinynn-user-pieces covers W1 only");
  if (variant === "f32" && w.name !== "W3") throw new Error("tinynn-f32 covers W3 only");
  if (w.kind === "calls") return createCalls(Network, w);
  // W4's shuffle stream: tinynn's numpyRandom (the reference draws the same MT19937 stream),
  // restarted by reset() from its saved state so that every run sees the same batches
  const random = numpyRandom(w.shuffleSeed ?? 0);
  const start = random.getState();
  const net = new Network({
    layers: w.sizes,
    activation: variant === "user-pieces" ? userSigmoid : (w.activation ?? "sigmoid"),
    ...(w.outputActivation === undefined ? {} : { outputActivation: w.outputActivation }),
    bias: w.bias,
    initialize: false,
    random,
  });
  const reset = () => {
    for (const p of net.parameters()) {
      const l = Number(p.name.slice(1));
      p.value.data.set(p.isWeight ? w.W[l] : w.b[l]);
    }
    random.setState(start);
  };
  reset();
  const adam = w.optimizer === "adam";
  const options = { iterations: 1, loss: w.loss, batchSize: w.batchSize, shuffle: w.shuffle ?? false };
  if (adam) options.optimizer = new Adam({ alpha: w.alpha }); // a fresh one (moments 0, t = 0) in every run()
  else if (variant === "user-pieces") options.optimizer = userGD(w.alpha);
  else options.alpha = w.alpha;
  const X = w.X, Y = w.Y;
  const Xm = fromRows(X);
  if (variant === "f32") return createFloat32(net, Xm, w.passes);
  let lastLoss = Number.NaN;
  const optionsNote = adam
    ? `optimizer: new Adam({ alpha: ${w.alpha} }), loss: "${w.loss}", batchSize, shuffle: true, random: numpyRandom(${w.shuffleSeed})`
    : variant === "user-pieces"
      ? "activation: userSigmoid, optimizer: userGD (user objects), loss, batchSize, shuffle: false"
      : "alpha, loss, batchSize, shuffle: false";
  return {
    name: variant === "" ? "tinynn" : `tinynn-${variant}`,
    dtype: "float64",
    notes: w.kind === "infer" ? "net.predict(X), X a float64 ndarray; returns number[][]" : `net.train(X, y, { iterations, ${optionsNote} })`,
    run() {
      if (w.kind === "infer") { for (let p = 0; p < w.passes; p++) net.predict(Xm); return; }
      reset();
      if (adam) options.optimizer = new Adam({ alpha: w.alpha });
      options.iterations = w.iterations;
      lastLoss = net.train(X, Y, options).loss;
    },
    probe(units) {
      if (w.kind === "infer") { for (let p = 0; p < units; p++) net.predict(Xm); return; }
      options.iterations = units;
      net.train(X, Y, options);
    },
    output: () => net.predict(Xm).flat(),
    // the loss of the last epoch of the last run(), as train() reports it
    finalLoss: () => lastLoss,
    // steady state measured inside train(): heap allocated between iterations k and 2k, read from
    // onProgress (which is called only there), so setup and the returned history are excluded
    steadyState(k, measure) {
      if (w.kind === "infer") return undefined;
      let bytes = 0;
      net.train(X, Y, {
        ...options, iterations: 3 * k, progressEvery: k,
        onProgress: ({ iteration }) => {
          if (iteration === k) measure.start();
          else if (iteration === 2 * k) bytes = measure.stop();
        },
      });
      return bytes / (k * w.stepsPerUnit);
    },
  };
}

/** `e` with the row's dtype attached, for the "unavailable" line of the table. */
function unavailable(message, dtype) {
  const e = new Error(message);
  e.dtype = dtype;
  return e;
}

/**
 * W3 in float32: `net.predict(Xm, { precision: "float32" })`. Checked once before any timing: a
 * throw, or an output that is not a float32 value, makes the row unavailable with the reason.
 */
function createFloat32(net, Xm, passes) {
  const options = { precision: "float32" };
  let first;
  try {
    first = net.predict(Xm, options);
  } catch (e) {
    throw unavailable(`net.predict(X, { precision: "float32" }) throws: ${String(e?.message ?? e).split("\n")[0]}`, "float32");
  }
  const flat = first.flat();
  const wide = flat.findIndex((v) => Math.fround(v) !== v);
  if (wide >= 0) {
    throw unavailable(`net.predict(X, { precision: "float32" }) returns float64 values (output ${wide} is ${flat[wide]}): the option is not implemented`, "float32");
  }
  return {
    name: "tinynn-f32",
    dtype: "float32",
    notes: 'net.predict(X, { precision: "float32" }), X a float64 ndarray; returns number[][]',
    run() { for (let p = 0; p < passes; p++) net.predict(Xm, options); },
    probe(units) { for (let p = 0; p < units; p++) net.predict(Xm, options); },
    output: () => net.predict(Xm, options).flat(),
  };
}

/**
 * W5: `net.predict(inputs[i % 4])`, one `number[][]` row per call (the inputs are built once, see
 * workloads.mjs), the network made as a user makes it with W1's initial weights set into it.
 */
function createCalls(Network, w) {
  const net = new Network({ layers: w.sizes, activation: "sigmoid", bias: w.bias, initialize: false });
  for (const p of net.parameters()) {
    const l = Number(p.name.slice(1));
    p.value.data.set(p.isWeight ? w.W[l] : w.b[l]);
  }
  const inputs = w.inputs, no = w.sizes[w.sizes.length - 1];
  let lastSum = 0;
  const calls = (count) => {
    let s = 0;
    for (let i = 0; i < count; i++) {
      const out = net.predict(inputs[i & 3])[0];
      for (let j = 0; j < no; j++) s += out[j];
    }
    return s;
  };
  return {
    name: "tinynn",
    dtype: "float64",
    notes: "net.predict([[x0, x1, x2]]) one row per call; returns number[][]",
    run() { lastSum = calls(w.calls); },
    probe(units) { calls(units); },
    output: () => inputs.flatMap((X) => net.predict(X)[0]),
    outputSum: () => lastSum,
  };
}
