// tinynn through its public API, from the built package (dist/), as users run it.

// `secondNetwork`: another network of the same shape is trained first in the process. V8 specialises
// the fused training step only for the first network a process trains (docs/performance.md, "Only
// the first closure is specialised"); this shows what every later one gets.
export async function create(w, secondNetwork = false) {
  const tinynn = await import(process.env.TINYNN_DIST ?? new URL("../../dist/index.js", import.meta.url).href);
  const { Network, fromRows } = tinynn;
  if (secondNetwork && w.kind === "train") {
    const first = new Network({ layers: w.sizes, activation: "sigmoid", bias: w.bias, seed: 1 });
    first.train(w.X, w.Y, { iterations: 2, alpha: w.alpha, loss: w.loss, batchSize: w.batchSize, shuffle: false });
  }
  const net = new Network({ layers: w.sizes, activation: "sigmoid", bias: w.bias, initialize: false });
  const reset = () => {
    for (const p of net.parameters()) {
      const l = Number(p.name.slice(1));
      p.value.data.set(p.isWeight ? w.W[l] : w.b[l]);
    }
  };
  reset();
  const options = { iterations: 1, alpha: w.alpha, loss: w.loss, batchSize: w.batchSize, shuffle: false };
  const X = w.X, Y = w.Y;
  const Xm = fromRows(X);
  return {
    name: secondNetwork ? "tinynn-2nd-net" : "tinynn",
    dtype: "float64",
    notes: w.kind === "infer" ? "net.predict(X), X a float64 ndarray; returns number[][]" : "net.train(X, y, { iterations, alpha, loss, batchSize, shuffle: false })",
    run() {
      if (w.kind === "infer") { for (let p = 0; p < w.passes; p++) net.predict(Xm); return; }
      reset();
      options.iterations = w.iterations;
      net.train(X, Y, options);
    },
    probe(units) {
      if (w.kind === "infer") { for (let p = 0; p < units; p++) net.predict(Xm); return; }
      options.iterations = units;
      net.train(X, Y, options);
    },
    output: () => net.predict(Xm).flat(),
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
