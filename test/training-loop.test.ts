// The speed work restructured Network.train's loop, the history storage and predict's input
// path; these pin down the behaviour they must keep.
import { inspect } from "node:util";
import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import { Network, numpyRandom } from "../src/index.js";
import { HistoryRecorder } from "../src/engine/history.js";

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

  it("history: plain arrays, made once on first read, seen by JSON.stringify and spread", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const s = net.train(X, y, { iterations: 60000 });
    const loss = s.history.loss;
    expect(Array.isArray(loss)).toBe(true);
    expect(Array.isArray(s.history.meanAbsoluteError)).toBe(true);
    expect(s.history.loss).toBe(loss);
    expect(loss).toHaveLength(60000);
    // the blog's printed errors (golden b, 12 significant digits) at j = 0 and j = 50000
    expect(s.history.meanAbsoluteError[0]).toBe(0.49641003190272537);
    expect(s.history.meanAbsoluteError[50000]!.toPrecision(12)).toBe("0.00351012256786");
    expect(Object.keys(s.history)).toEqual(["loss", "meanAbsoluteError"]);
    const copy = { ...s.history };
    expect(copy.loss).toBe(loss);
    const parsed = JSON.parse(JSON.stringify(s)) as { history: { loss: number[]; meanAbsoluteError: number[] } };
    expect(parsed.history.loss).toHaveLength(60000);
    expect(parsed.history.meanAbsoluteError[1]).toBe(s.history.meanAbsoluteError[1]);
    // a later run of the same network leaves this summary's history as it was
    const first = s.history.meanAbsoluteError[7]!;
    const s2 = net.train(X, y, { iterations: 10 });
    expect(s.history.meanAbsoluteError[7]).toBe(first);
    expect(s2.history.loss).toHaveLength(10);
  });

  it("history properties become plain writable data after the first read; assigning before a read works too", () => {
    "use strict";
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const s = net.train(X, y, { iterations: 5 });
    const first = s.history.loss;
    const d = Object.getOwnPropertyDescriptor(s.history, "loss")!;
    expect(d.value).toBe(first);
    expect(d.writable).toBe(true);
    const h = s.history as { loss: number[]; meanAbsoluteError: number[] };
    h.meanAbsoluteError = [42];
    expect(s.history.meanAbsoluteError).toEqual([42]);
    h.loss = [7];
    expect(s.history.loss).toEqual([7]);
  });

  it("util.inspect (console.log) shows the history arrays, not getters", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const s = net.train(X, y, { iterations: 2 });
    const shown = inspect(s, { depth: 4 });
    expect(shown).not.toContain("Getter");
    expect(shown).toContain(`meanAbsoluteError: [ ${s.history.meanAbsoluteError[0]}, ${s.history.meanAbsoluteError[1]} ]`);
    expect(Object.keys(s.history)).toEqual(["loss", "meanAbsoluteError"]);
  });

  it("a run stopped early keeps only the iterations it ran", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const s = net.train(X, y, { iterations: 1000, onProgress: ({ iteration }) => iteration < 4 });
    expect(s.history.loss).toHaveLength(5);
    expect(s.history.meanAbsoluteError).toHaveLength(5);
    expect(s.history.meanAbsoluteError[0]).toBe(0.49641003190272537);
    const h = new HistoryRecorder(100, 2);
    for (let i = 0; i < 3; i++) h.record(i, i, 2 * i);
    const part = h.toHistory(3);
    expect(part.loss).toEqual([0, 1, 2]);
    expect(part.meanAbsoluteError).toEqual([0, 1, 2]);
  });

  it("HistoryRecorder grows past its first capacity, keeps every entry, and divides the error sum by the cells", () => {
    const h = new HistoryRecorder(3, 4);
    for (let i = 0; i < 10; i++) h.record(i, i + 0.5, -4 * i);
    const history = h.toHistory(10);
    expect(history.loss).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]);
    expect(history.meanAbsoluteError[9]).toBe(-9);
    expect(h.toHistory(4).meanAbsoluteError).toEqual([-0, -1, -2, -3]);
    expect([h.lossAt(9), h.meanAbsoluteErrorAt(9)]).toEqual([9.5, -9]);
    // reserve makes room at once, keeping what is there
    h.reserve(5000);
    expect(h.values.length).toBe(10000);
    expect(h.lossAt(7)).toBe(7.5);
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
