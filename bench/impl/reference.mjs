// The hand-written reference: plain Float64Array loops, buffers allocated once, register-blocked
// (4 x 2 tile) matrix products specialised for each layout, activation fused with the bias add.
// It is what "as fast as JavaScript goes" means in the table. Each entry of each product sums the
// shared index left to right, as numpy and tinynn do, so its results equal tinynn's bit for bit.
import { numpyRandom } from "../workloads.mjs";

// o[n x m] = a[n x p] · b[p x m]
function mm(o, a, b, n, p, m) {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = i * p, r1 = r0 + p, r2 = r1 + p, r3 = r2 + p;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      let q = j;
      let x0 = a[r0], x1 = a[r1], x2 = a[r2], x3 = a[r3], y0 = b[q], y1 = b[q + 1];
      let c00 = x0 * y0, c01 = x0 * y1, c10 = x1 * y0, c11 = x1 * y1, c20 = x2 * y0, c21 = x2 * y1, c30 = x3 * y0, c31 = x3 * y1;
      for (let k = 1; k < p; k++) {
        q += m;
        x0 = a[r0 + k]; x1 = a[r1 + k]; x2 = a[r2 + k]; x3 = a[r3 + k]; y0 = b[q]; y1 = b[q + 1];
        c00 += x0 * y0; c01 += x0 * y1; c10 += x1 * y0; c11 += x1 * y1; c20 += x2 * y0; c21 += x2 * y1; c30 += x3 * y0; c31 += x3 * y1;
      }
      const t = i * m + j;
      o[t] = c00; o[t + 1] = c01; o[t + m] = c10; o[t + m + 1] = c11;
      o[t + 2 * m] = c20; o[t + 2 * m + 1] = c21; o[t + 3 * m] = c30; o[t + 3 * m + 1] = c31;
    }
    for (; j < m; j++) {
      let c0 = a[r0] * b[j], c1 = a[r1] * b[j], c2 = a[r2] * b[j], c3 = a[r3] * b[j];
      for (let k = 1; k < p; k++) { const y = b[k * m + j]; c0 += a[r0 + k] * y; c1 += a[r1 + k] * y; c2 += a[r2 + k] * y; c3 += a[r3 + k] * y; }
      o[i * m + j] = c0; o[(i + 1) * m + j] = c1; o[(i + 2) * m + j] = c2; o[(i + 3) * m + j] = c3;
    }
  }
  for (; i < n; i++) for (let j = 0; j < m; j++) {
    let c = a[i * p] * b[j];
    for (let k = 1; k < p; k++) c += a[i * p + k] * b[k * m + j];
    o[i * m + j] = c;
  }
}

// o[p x m] = a[s x p]ᵀ · b[s x m]
function mmTA(o, a, b, s, p, m) {
  let i = 0;
  for (; i + 4 <= p; i += 4) {
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      let x0 = a[i], x1 = a[i + 1], x2 = a[i + 2], x3 = a[i + 3], y0 = b[j], y1 = b[j + 1];
      let c00 = x0 * y0, c01 = x0 * y1, c10 = x1 * y0, c11 = x1 * y1, c20 = x2 * y0, c21 = x2 * y1, c30 = x3 * y0, c31 = x3 * y1;
      for (let k = 1; k < s; k++) {
        const ra = k * p + i, rb = k * m + j;
        x0 = a[ra]; x1 = a[ra + 1]; x2 = a[ra + 2]; x3 = a[ra + 3]; y0 = b[rb]; y1 = b[rb + 1];
        c00 += x0 * y0; c01 += x0 * y1; c10 += x1 * y0; c11 += x1 * y1; c20 += x2 * y0; c21 += x2 * y1; c30 += x3 * y0; c31 += x3 * y1;
      }
      const t = i * m + j;
      o[t] = c00; o[t + 1] = c01; o[t + m] = c10; o[t + m + 1] = c11;
      o[t + 2 * m] = c20; o[t + 2 * m + 1] = c21; o[t + 3 * m] = c30; o[t + 3 * m + 1] = c31;
    }
    for (; j < m; j++) {
      let c0 = a[i] * b[j], c1 = a[i + 1] * b[j], c2 = a[i + 2] * b[j], c3 = a[i + 3] * b[j];
      for (let k = 1; k < s; k++) { const y = b[k * m + j], ra = k * p + i; c0 += a[ra] * y; c1 += a[ra + 1] * y; c2 += a[ra + 2] * y; c3 += a[ra + 3] * y; }
      o[i * m + j] = c0; o[(i + 1) * m + j] = c1; o[(i + 2) * m + j] = c2; o[(i + 3) * m + j] = c3;
    }
  }
  for (; i < p; i++) {
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      let c0 = a[i] * b[j], c1 = a[i] * b[j + 1];
      for (let k = 1; k < s; k++) { const x = a[k * p + i], rb = k * m + j; c0 += x * b[rb]; c1 += x * b[rb + 1]; }
      o[i * m + j] = c0; o[i * m + j + 1] = c1;
    }
    for (; j < m; j++) {
      let c = a[i] * b[j];
      for (let k = 1; k < s; k++) c += a[k * p + i] * b[k * m + j];
      o[i * m + j] = c;
    }
  }
}

// o[n x p] = a[n x m] · b[p x m]ᵀ
function mmTB(o, a, b, n, m, p) {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = i * m, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m;
    let j = 0;
    for (; j + 2 <= p; j += 2) {
      const s0 = j * m, s1 = s0 + m;
      let x0 = a[r0], x1 = a[r1], x2 = a[r2], x3 = a[r3], y0 = b[s0], y1 = b[s1];
      let c00 = x0 * y0, c01 = x0 * y1, c10 = x1 * y0, c11 = x1 * y1, c20 = x2 * y0, c21 = x2 * y1, c30 = x3 * y0, c31 = x3 * y1;
      for (let k = 1; k < m; k++) {
        x0 = a[r0 + k]; x1 = a[r1 + k]; x2 = a[r2 + k]; x3 = a[r3 + k]; y0 = b[s0 + k]; y1 = b[s1 + k];
        c00 += x0 * y0; c01 += x0 * y1; c10 += x1 * y0; c11 += x1 * y1; c20 += x2 * y0; c21 += x2 * y1; c30 += x3 * y0; c31 += x3 * y1;
      }
      const t = i * p + j;
      o[t] = c00; o[t + 1] = c01; o[t + p] = c10; o[t + p + 1] = c11;
      o[t + 2 * p] = c20; o[t + 2 * p + 1] = c21; o[t + 3 * p] = c30; o[t + 3 * p + 1] = c31;
    }
    for (; j < p; j++) {
      const s0 = j * m;
      let c0 = a[r0] * b[s0], c1 = a[r1] * b[s0], c2 = a[r2] * b[s0], c3 = a[r3] * b[s0];
      for (let k = 1; k < m; k++) { const y = b[s0 + k]; c0 += a[r0 + k] * y; c1 += a[r1 + k] * y; c2 += a[r2 + k] * y; c3 += a[r3 + k] * y; }
      o[i * p + j] = c0; o[(i + 1) * p + j] = c1; o[(i + 2) * p + j] = c2; o[(i + 3) * p + j] = c3;
    }
  }
  for (; i < n; i++) for (let j = 0; j < p; j++) {
    let c = a[i * m] * b[j * m];
    for (let k = 1; k < m; k++) c += a[i * m + k] * b[j * m + k];
    o[i * p + j] = c;
  }
}

// a = sigmoid(z + b) over [n x m] (b may be null), z kept for nothing: written straight into a
function biasSigmoid(a, b, n, m) {
  if (b === null) {
    for (let i = 0; i < n * m; i++) a[i] = 1 / (1 + Math.exp(-a[i]));
    return;
  }
  for (let i = 0, q = 0; i < n; i++) for (let j = 0; j < m; j++, q++) a[q] = 1 / (1 + Math.exp(-(a[q] + b[j])));
}

/** A 2-layer sigmoid network over the workload's sizes, trained and run with the loops above. */
function makeNet(w, rows) {
  // hyperparameters captured once: a double passed as an argument to a call that is not inlined is boxed (16 B)
  const mse = w.loss === "mse", alpha = w.alpha ?? 1;
  const [ni, nh, no] = w.sizes;
  const W0 = new Float64Array(ni * nh), W1 = new Float64Array(nh * no);
  const b0 = w.bias ? new Float64Array(nh) : null, b1 = w.bias ? new Float64Array(no) : null;
  const l1 = new Float64Array(rows * nh), l2 = new Float64Array(rows * no);
  const d2 = new Float64Array(rows * no), d1 = new Float64Array(rows * nh);
  const gW0 = new Float64Array(ni * nh), gW1 = new Float64Array(nh * no);
  const gb0 = new Float64Array(nh), gb1 = new Float64Array(no);
  const reset = () => {
    W0.set(w.W[0]); W1.set(w.W[1]);
    if (b0) { b0.set(w.b[0]); b1.set(w.b[1]); }
  };
  reset();
  const forward = (x, l1o, l2o, n) => {
    mm(l1o, x, W0, n, ni, nh);
    biasSigmoid(l1o, b0, n, nh);
    mm(l2o, l1o, W1, n, nh, no);
    biasSigmoid(l2o, b1, n, no);
  };
  const colSums = (g, d, n, m) => {
    for (let j = 0; j < m; j++) g[j] = d[j];
    for (let i = 1; i < n; i++) for (let j = 0; j < m; j++) g[j] += d[i * m + j];
  };
  // one gradient-descent step on rows [x, y] (n of them), loss sse (scale 1) or mse (scale 1/n)
  const step = (x, y, n) => {
    forward(x, l1, l2, n);
    for (let i = 0; i < n * no; i++) {
      const o = l2[i];
      const g = mse ? (o - y[i]) / n : o - y[i];
      d2[i] = g * (o * (1 - o));
    }
    mmTA(gW1, l1, d2, n, nh, no);
    if (b1) colSums(gb1, d2, n, no);
    mmTB(d1, d2, W1, n, no, nh);
    for (let i = 0; i < n * nh; i++) { const a = l1[i]; d1[i] = d1[i] * (a * (1 - a)); }
    mmTA(gW0, x, d1, n, ni, nh);
    if (b0) colSums(gb0, d1, n, nh);
    for (let i = 0; i < W0.length; i++) W0[i] -= alpha * gW0[i];
    if (b0) for (let i = 0; i < nh; i++) b0[i] -= alpha * gb0[i];
    for (let i = 0; i < W1.length; i++) W1[i] -= alpha * gW1[i];
    if (b1) for (let i = 0; i < no; i++) b1[i] -= alpha * gb1[i];
  };
  return { reset, forward, step };
}

// W4: softmax + cross-entropy + Adam over shuffled mini-batches. Every operation in tinynn's
// order (docs/performance.md and src/): a Fisher-Yates shuffle of 0 .. n-1 drawn afresh at the
// start of every epoch, rows gathered into the batch buffer, z = x·W + b with relu, softmax as
// exp(z - row max) / row sum, the fused gradient (p - y) / rows, delta0 = (delta1·W1ᵀ) · relu'(z),
// and Adam's update per element, so that the result equals tinynn's bit for bit.

/** The W4 classifier: relu hidden layer, softmax output, cross-entropy, Adam, shuffled mini-batches. */
function makeClassifier(w) {
  // hyperparameters captured once (see makeNet)
  const [ni, nh, no] = w.sizes;
  const n = w.n, bs = w.batchSize, alpha = w.alpha;
  const beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  const W0 = new Float64Array(ni * nh), W1 = new Float64Array(nh * no);
  const b0 = new Float64Array(nh), b1 = new Float64Array(no);
  const gW0 = new Float64Array(ni * nh), gW1 = new Float64Array(nh * no);
  const gb0 = new Float64Array(nh), gb1 = new Float64Array(no);
  // Adam's moments, one pair per parameter
  const mW0 = new Float64Array(ni * nh), vW0 = new Float64Array(ni * nh), mW1 = new Float64Array(nh * no), vW1 = new Float64Array(nh * no);
  const mb0 = new Float64Array(nh), vb0 = new Float64Array(nh), mb1 = new Float64Array(no), vb1 = new Float64Array(no);
  // one batch: its rows, hidden activations, probabilities, dL/dz of both layers
  const xb = new Float64Array(bs * ni), yb = new Float64Array(bs * no);
  const h = new Float64Array(bs * nh), p = new Float64Array(bs * no);
  const d1 = new Float64Array(bs * no), d0 = new Float64Array(bs * nh);
  const order = new Int32Array(n);
  // [updates made (Adam's t), loss of the last epoch]: in memory, so no double is boxed
  const state = new Float64Array(2);
  let random = numpyRandom(w.shuffleSeed);
  const reset = () => {
    W0.set(w.W[0]); W1.set(w.W[1]); b0.set(w.b[0]); b1.set(w.b[1]);
    for (const a of [mW0, vW0, mW1, vW1, mb0, vb0, mb1, vb1]) a.fill(0);
    for (let i = 0; i < n; i++) order[i] = i;
    state.fill(0);
    random = numpyRandom(w.shuffleSeed);
  };
  reset();
  // h = relu(x·W0 + b0); p = softmax(h·W1 + b1), row by row
  const forward = (x, ho, po, rows) => {
    mm(ho, x, W0, rows, ni, nh);
    for (let i = 0, q = 0; i < rows; i++) for (let j = 0; j < nh; j++, q++) { const z = ho[q] + b0[j]; ho[q] = z > 0 ? z : 0; }
    mm(po, ho, W1, rows, nh, no);
    for (let i = 0; i < rows; i++) {
      const o = i * no;
      let max = -Infinity;
      for (let j = 0; j < no; j++) { const z = po[o + j] + b1[j]; po[o + j] = z; if (z > max) max = z; }
      let sum = 0;
      for (let j = 0; j < no; j++) { const e = Math.exp(po[o + j] - max); po[o + j] = e; sum += e; }
      for (let j = 0; j < no; j++) po[o + j] /= sum;
    }
  };
  const colSums = (g, d, rows, m) => {
    for (let j = 0; j < m; j++) g[j] = d[j];
    for (let i = 1; i < rows; i++) for (let j = 0; j < m; j++) g[j] += d[i * m + j];
  };
  const adam = (value, grad, m, v, c1, c2) => {
    for (let i = 0; i < value.length; i++) {
      const g = grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      value[i] -= (alpha * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
    }
  };
  // one update on the `rows` rows in xb, yb; returns nothing, adds loss · rows to state[1]
  const step = (rows) => {
    forward(xb, h, p, rows);
    // cross-entropy -1/rows Σ y ln(max(p, 1e-15)) (the history's loss), and its gradient through the softmax
    let s = 0;
    for (let i = 0; i < rows * no; i++) if (yb[i] !== 0) s -= yb[i] * Math.log(Math.max(p[i], 1e-15));
    state[1] += (s / rows) * rows;
    for (let i = 0; i < rows * no; i++) d1[i] = (p[i] - yb[i]) / rows;
    mmTA(gW1, h, d1, rows, nh, no);
    colSums(gb1, d1, rows, no);
    mmTB(d0, d1, W1, rows, no, nh);
    for (let i = 0; i < rows * nh; i++) d0[i] = d0[i] * (h[i] > 0 ? 1 : 0); // relu'(z): h > 0 exactly when z > 0
    mmTA(gW0, xb, d0, rows, ni, nh);
    colSums(gb0, d0, rows, nh);
    const t = ++state[0];
    const c1 = 1 - beta1 ** t, c2 = 1 - beta2 ** t;
    adam(W0, gW0, mW0, vW0, c1, c2);
    adam(b0, gb0, mb0, vb0, c1, c2);
    adam(W1, gW1, mW1, vW1, c1, c2);
    adam(b1, gb1, mb1, vb1, c1, c2);
  };
  const x = w.x, y = w.y;
  const epoch = () => {
    // a new permutation of 0 .. n-1 every epoch, as np.random.permutation(n) (tinynn's randomPermutation)
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]; order[i] = order[j]; order[j] = t;
    }
    state[1] = 0;
    for (let start = 0; start < n; start += bs) {
      const rows = Math.min(bs, n - start);
      for (let r = 0; r < rows; r++) {
        const fx = order[start + r] * ni, fy = order[start + r] * no;
        for (let k = 0; k < ni; k++) xb[r * ni + k] = x[fx + k];
        for (let k = 0; k < no; k++) yb[r * no + k] = y[fy + k];
      }
      step(rows);
    }
    state[1] /= n;
  };
  return { reset, forward, epoch, lastLoss: () => state[1] };
}

/**
 * W5: one row per call, as tinynn's predict computes it: z_j = x_0 W_0j + x_1 W_1j + ... left to
 * right, a = 1 / (1 + exp(-z)), and a fresh `number[][]` (one row) returned. Plain JS over the
 * caller's number[] and Float64Array weights; the hidden layer's buffer is allocated once.
 */
function createCalls(w) {
  const [ni, nh, no] = w.sizes;
  const W0 = Float64Array.from(w.W[0]), W1 = Float64Array.from(w.W[1]);
  const b0 = w.bias ? Float64Array.from(w.b[0]) : null, b1 = w.bias ? Float64Array.from(w.b[1]) : null;
  const h = new Float64Array(nh);
  const predict = (X) => {
    const x = X[0];
    for (let j = 0; j < nh; j++) {
      let z = x[0] * W0[j];
      for (let k = 1; k < ni; k++) z += x[k] * W0[k * nh + j];
      if (b0 !== null) z += b0[j];
      h[j] = 1 / (1 + Math.exp(-z));
    }
    const row = new Array(no);
    for (let j = 0; j < no; j++) {
      let z = h[0] * W1[j];
      for (let k = 1; k < nh; k++) z += h[k] * W1[k * no + j];
      if (b1 !== null) z += b1[j];
      row[j] = 1 / (1 + Math.exp(-z));
    }
    const result = new Array(1);
    result[0] = row;
    return result;
  };
  const inputs = w.inputs;
  let lastSum = 0;
  const calls = (count) => {
    let s = 0;
    for (let i = 0; i < count; i++) {
      const out = predict(inputs[i & 3])[0];
      for (let j = 0; j < no; j++) s += out[j];
    }
    return s;
  };
  return {
    name: "hand-written",
    dtype: "float64",
    notes: "one row per call: plain loops over number[] and Float64Array weights, a fresh number[][] returned",
    run() { lastSum = calls(w.calls); },
    probe(units) { calls(units); },
    output: () => inputs.flatMap((X) => predict(X)[0]),
    outputSum: () => lastSum,
  };
}

export async function create(w) {
  if (w.kind === "calls") return createCalls(w);
  if (w.optimizer === "adam") return createClassifier(w);
  const no = w.sizes[2];
  const outAll = new Float64Array(w.n * no), hidAll = new Float64Array(w.n * w.sizes[1]);
  const net = makeNet(w, w.kind === "train" ? w.batchSize : w.n);
  const predict = () => { net.forward(w.x, hidAll, outAll, w.n); return outAll; };
  const bs = w.batchSize, ni = w.sizes[0];
  // the mini-batches, in order, as views made once (a subarray per step would allocate)
  const xs = [], ys = [];
  for (let s = 0; s + bs <= w.n; s += bs) {
    xs.push(w.x.subarray(s * ni, (s + bs) * ni));
    ys.push(w.y.subarray(s * no, (s + bs) * no));
  }
  const train = (units) => {
    for (let u = 0; u < units; u++) for (let q = 0; q < xs.length; q++) net.step(xs[q], ys[q], bs);
  };
  return {
    name: "hand-written",
    dtype: "float64",
    notes: "Float64Array loops, 4x2 register tiles, buffers allocated once",
    // one repetition: from the initial weights, the whole workload
    run() {
      if (w.kind === "infer") { for (let p = 0; p < w.passes; p++) predict(); return; }
      net.reset();
      train(w.unitsPerRun);
    },
    // the memory probe: `units` more units of work on the current state
    probe(units) {
      if (w.kind === "infer") { for (let p = 0; p < units; p++) predict(); return; }
      train(units);
    },
    output: () => predict(),
  };
}

async function createClassifier(w) {
  const [, nh, no] = w.sizes;
  const net = makeClassifier(w);
  const hidAll = new Float64Array(w.n * nh), outAll = new Float64Array(w.n * no);
  return {
    name: "hand-written",
    dtype: "float64",
    notes: "Float64Array loops, 4x2 register tiles, buffers allocated once; Adam, shuffle in tinynn's order",
    run() {
      net.reset();
      for (let e = 0; e < w.unitsPerRun; e++) net.epoch();
    },
    probe(units) {
      for (let e = 0; e < units; e++) net.epoch();
    },
    output: () => { net.forward(w.x, hidAll, outAll, w.n); return outAll; },
    finalLoss: () => net.lastLoss(),
  };
}
