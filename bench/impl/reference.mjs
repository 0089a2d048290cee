// The hand-written reference: plain Float64Array loops, buffers allocated once, register-blocked
// (4 x 2 tile) matrix products specialised for each layout, activation fused with the bias add.
// It is what "as fast as JavaScript goes" means in the table. Each entry of each product sums the
// shared index left to right, as numpy and tinynn do, so its results equal tinynn's bit for bit.

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

export async function create(w) {
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
