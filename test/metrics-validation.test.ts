// train's `metrics`, `validation` and `validationSplit`: each recorded value against the same
// quantity computed another way (a network trained to that iteration, evaluate, the outputs a
// monitor saw), training left unchanged by recording, and the typed errors.
import { describe, expect, it } from "vitest";
import { accuracy, ConfigError, Network, numpyRandom, oneHot, ShapeError, type Matrix, type TrainOptions } from "../src/index.js";

const labels = Array.from({ length: 40 }, (_, i) => i % 3);
const X = labels.map((c, i) => [c + 0.6 * Math.sin(i), c * c - 0.5 * Math.cos(3 * i)]);
const Y = oneHot(labels);
const classifier = (): Network => new Network({ layers: [2, 6, 3], activation: "tanh", outputActivation: "softmax", random: numpyRandom(1) });
const base: TrainOptions = { alpha: 0.3, loss: "crossEntropy" };

describe("metrics and validation in the history", () => {
  it("records every progressEvery iterations and the last: training accuracy as the network predicted before that iteration's update", () => {
    const net = classifier();
    const s = net.train(X, Y, { ...base, iterations: 25, progressEvery: 10, metrics: ["accuracy", "meanAbsoluteError"] });
    const m = s.history.metrics!;
    expect(m.iterations).toEqual([0, 10, 20, 24]);
    expect(m.validation).toBeUndefined();
    m.iterations.forEach((iteration, k) => {
      // the network before iteration `iteration`'s update: trained `iteration` times
      const before = classifier();
      if (iteration > 0) before.train(X, Y, { ...base, iterations: iteration });
      const p = before.predict(X);
      expect(m.training.accuracy![k]).toBe(accuracy(p, labels));
      // the full batch: the history's own mean |o - y| of that iteration (summed in another order)
      expect(m.training.meanAbsoluteError![k]).toBeCloseTo(s.history.meanAbsoluteError[iteration]!, 15);
    });
  });

  it("validation: the loss and metrics of the validation data after that iteration's update, as evaluate gives them", () => {
    const Xv = X.slice(0, 9).map(([a, b]) => [a! + 0.1, b! - 0.1]);
    const Yv = Y.slice(0, 9);
    const net = classifier();
    const s = net.train(X, Y, { ...base, iterations: 12, progressEvery: 5, metrics: ["accuracy"], validation: { X: Xv, y: Yv } });
    const m = s.history.metrics!;
    expect(m.iterations).toEqual([0, 5, 10, 11]);
    m.iterations.forEach((iteration, k) => {
      const after = classifier();
      after.train(X, Y, { ...base, iterations: iteration + 1 });
      expect(m.validation!.loss![k]).toBe(after.evaluate(Xv, Yv, "crossEntropy").loss);
      expect(m.validation!.accuracy![k]).toBe(accuracy(after.predict(Xv), labels.slice(0, 9)));
    });
  });

  it("mini-batches: a metric of yours is the batches' values weighted by their rows, from the outputs the batches had", () => {
    const outputs: number[][] = [];
    const meanOutput = (o: Matrix): number => o.data.slice(0, o.shape[0]! * o.shape[1]!).reduce((a, b) => a + b, 0) / (o.shape[0]! * o.shape[1]!);
    const watch = { beforeUpdate: ({ iteration, output }: { iteration: number; output: Matrix }) => void (iteration === 3 && outputs.push(Array.from(output.data.slice(0, output.shape[0]! * 3)))) };
    const net = classifier();
    const s = net.train(X, Y, { ...base, iterations: 4, batchSize: 15, shuffle: false, progressEvery: 3, metrics: [meanOutput], monitors: [watch] });
    // 40 rows in batches of 15, 15 and 10
    expect(outputs.map((o) => o.length / 3)).toEqual([15, 15, 10]);
    const expected = outputs.reduce((sum, o) => sum + (o.reduce((a, b) => a + b, 0) / o.length) * (o.length / 3), 0) / 40;
    expect(s.history.metrics!.iterations).toEqual([0, 3]);
    expect(s.history.metrics!.training.meanOutput![1]).toBeCloseTo(expected, 15);
  });

  it("binary accuracy for sigmoid outputs: the share of outputs on the target's side of 0.5", () => {
    const net = new Network({ layers: [2, 4, 2], outputActivation: "sigmoid", random: numpyRandom(2) });
    const targets = X.map(([a, b]) => [a! > 1 ? 1 : 0, b! > 0 ? 1 : 0]);
    const s = net.train(X, targets, { iterations: 3, alpha: 0.5, loss: "binaryCrossEntropy", metrics: ["accuracy"], progressEvery: 2 });
    const before = new Network({ layers: [2, 4, 2], outputActivation: "sigmoid", random: numpyRandom(2) });
    before.train(X, targets, { iterations: 2, alpha: 0.5, loss: "binaryCrossEntropy" });
    const p = before.predict(X).flat();
    const t = targets.flat();
    expect(s.history.metrics!.training.accuracy![1]).toBe(p.filter((v, i) => v >= 0.5 === t[i]! >= 0.5).length / p.length);
  });

  it("validationSplit holds out the last rows: training equals training on the rows before them, validation is recorded on the rest", () => {
    const a = classifier();
    const s = a.train(X, Y, { ...base, iterations: 30, validationSplit: 0.25, progressEvery: 29 });
    const b = classifier();
    b.train(X.slice(0, 30), Y.slice(0, 30), { ...base, iterations: 30 });
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(s.history.loss).toHaveLength(30);
    expect(s.history.metrics!.iterations).toEqual([0, 29]);
    expect(s.history.metrics!.validation!.loss![1]).toBe(b.evaluate(X.slice(30), Y.slice(30), "crossEntropy").loss);
  });

  it("recording changes nothing of the training; trainAsync records the same", async () => {
    const plain = classifier();
    const sp = plain.train(X, Y, { ...base, iterations: 20, batchSize: 7 });
    const options: TrainOptions = { ...base, iterations: 20, batchSize: 7, metrics: ["accuracy", function spread(o) { return Math.max(...o.data) - Math.min(...o.data); }], validation: { X, y: Y }, progressEvery: 4 };
    const measured = classifier();
    const sm = measured.train(X, Y, options);
    expect(measured.toJSON()).toEqual(plain.toJSON());
    expect(sm.history.loss).toEqual(sp.history.loss);
    const async = classifier();
    const sa = await async.trainAsync(X, Y, { ...options, yieldEveryMs: 0 });
    expect(sa.history.metrics).toEqual(sm.history.metrics);
    expect(Object.keys(sm.history.metrics!.training)).toEqual(["accuracy", "spread"]);
    expect(JSON.parse(JSON.stringify(sm)).history.metrics.validation.loss).toHaveLength(6);
  });

  it("with early stopping (checked after every iteration): records only every progressEvery iterations and the last", () => {
    const net = classifier();
    const s = net.train(X, Y, { ...base, iterations: 12, progressEvery: 5, metrics: ["accuracy", "meanAbsoluteError"], earlyStopping: { lossBelow: 1e-9 } });
    expect(s.history.metrics!.iterations).toEqual([0, 5, 10, 11]);
    const plain = classifier().train(X, Y, { ...base, iterations: 12, progressEvery: 5, metrics: ["accuracy", "meanAbsoluteError"] });
    expect(s.history.metrics).toEqual(plain.history.metrics);
  });

  it("a metric of yours that writes into what it is given changes nothing of the training", () => {
    const vandal = function vandal(o: Matrix, t: Matrix): number {
      o.data.fill(0);
      t.data.fill(1);
      return 0;
    };
    const a = classifier();
    a.train(X, Y, { ...base, iterations: 6, metrics: [vandal], validation: { X, y: Y } });
    const b = classifier();
    b.train(X, Y, { ...base, iterations: 6 });
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(() => classifier().train(X, Y, { ...base, iterations: 2, metrics: [function nan() { return Number.NaN; }] })).toThrow(/metric "nan" must return a finite number, got NaN/);
  });

  it("refuses bad metrics and validation options with typed errors naming them", () => {
    const net = classifier();
    const bad: [TrainOptions, typeof ConfigError | typeof ShapeError, RegExp][] = [
      [{ metrics: ["acc" as never] }, ConfigError, /metrics\[0\] "acc" is unknown; built-in metrics: accuracy, meanAbsoluteError/],
      [{ metrics: "accuracy" as never }, ConfigError, /metrics must be an array/],
      [{ metrics: ["accuracy", "accuracy"] }, ConfigError, /two metrics are named "accuracy"/],
      [{ metrics: [{ name: "loss", value: () => 0 }] }, ConfigError, /may not be named "loss"/],
      [{ metrics: [() => 1] }, ConfigError, /metrics\[0\] must be .*named function/],
      [{ validationSplit: 1.5 }, ConfigError, /validationSplit must be a number between 0 and 1.*1.5/],
      [{ validationSplit: 0.99 }, ConfigError, /validationSplit 0.99 of 40 rows leaves 0 for training and 40 for validation: each needs at least one/],
      [{ validationSplit: 0.2, validation: { X, y: Y } }, ConfigError, /either validation or validationSplit/],
      [{ validation: [X, Y] as never }, ConfigError, /validation must be an object \{ X, y \}/],
      [{ validation: { X: X.map((r) => [...r, 1]), y: Y } }, ShapeError, /validation.X/],
    ];
    const before = JSON.stringify(net.toJSON());
    for (const [options, type, message] of bad) {
      let error: unknown;
      try {
        net.train(X, Y, { ...base, iterations: 2, ...options });
      } catch (e) {
        error = e;
      }
      expect(error, message.source).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
    }
    // refused before any update
    expect(JSON.stringify(net.toJSON())).toBe(before);
    // a metric's value is checked when it is measured, in iteration 0's forward pass
    expect(() => net.train(X, Y, { ...base, iterations: 2, metrics: [function bad() { return "x" as never; }] })).toThrow(/metric "bad" must return a finite number, got "x"/);
  });
});
