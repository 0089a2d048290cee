// The speed work restructured Network.train's loop, the history storage and predict's input
// path; these pin down the behaviour they must keep.
import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import { Network, numpyRandom } from "../src/index.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

describe("training loop", () => {
  it("records one history entry per iteration, also when onProgress stops early", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const s = net.train(X, y, { iterations: 100, onProgress: ({ iteration }) => iteration < 9 });
    expect(s.iterations).toBe(10);
    expect(s.stoppedEarly).toBe(true);
    expect(s.history.loss).toHaveLength(10);
    expect(s.history.meanAbsoluteError).toHaveLength(10);
    expect(s.loss).toBe(s.history.loss[9]);
    expect(s.meanAbsoluteError).toBe(s.history.meanAbsoluteError[9]);
    expect(s.history.meanAbsoluteError[0]).toBe(0.49641003190272537);
  });

  it("mini-batches: loss is the batch losses weighted by size; same result as one batch at a time", () => {
    const a = new Network({ layers: [3, 5, 1], seed: 7 });
    const b = Network.fromJSON(a.toJSON());
    const sa = a.train(X, y, { iterations: 3, batchSize: 3, shuffle: false, loss: "mse", alpha: 0.5 });
    expect(sa.steps).toBe(6);
    expect(sa.history.loss).toHaveLength(3);
    // the same updates done by hand, batch by batch
    for (let it = 0; it < 3; it++) {
      b.train(X.slice(0, 3), y.slice(0, 3), { iterations: 1, loss: "mse", alpha: 0.5 });
      b.train(X.slice(3), y.slice(3), { iterations: 1, loss: "mse", alpha: 0.5 });
    }
    expect(b.predict(X)).toEqual(a.predict(X));
  });

  it("predict reads a packed float64 ndarray in place, without changing it, and equals predict on rows", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    net.train(X, y, { iterations: 200 });
    const data = Float64Array.from(X.flat());
    const before = Float64Array.from(data);
    expect(net.predict(ndarray(data, [4, 3]))).toEqual(net.predict(X));
    expect(data).toEqual(before);
    // strided and offset views take the copying path and give the same numbers
    const wide = ndarray(Float64Array.from(X.flatMap((r) => [9, ...r])), [4, 4]).lo(0, 1);
    expect(net.predict(wide)).toEqual(net.predict(X));
    expect(() => net.predict(ndarray(new Float64Array([0, Number.NaN, 1]), [1, 3]))).toThrow(/X\[0\]\[1\] must be finite/);
  });

  it("keeps working across many batch sizes (bounded buffer cache)", () => {
    const net = new Network({ layers: [3, 4, 1], seed: 3 });
    const rows = Array.from({ length: 12 }, (_, i) => [i % 2, (i >> 1) % 2, 1]);
    const first = net.predict(rows);
    for (let n = 1; n <= 12; n++) expect(net.predict(rows.slice(0, n))).toEqual(first.slice(0, n));
  });
});
