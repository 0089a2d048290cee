// binaryCrossEntropy: its value by hand, its gradient against central differences, training
// against a hand-written loop of the same operations (the fused (p - y) / n through the sigmoid),
// a loss of yours equal to it giving the same bits, and the domain checks.
import { describe, expect, it } from "vitest";
import {
  binaryCrossEntropy,
  checkGradients,
  ConfigError,
  DataError,
  fromRows,
  GradientDescent,
  losses,
  Network,
  numpyRandom,
  zeros,
  type Loss,
} from "../src/index.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
// multi-label: "exactly one input set" and "the last two both set"
const Y = [[0, 0], [1, 0], [1, 0], [0, 1]];

describe("binaryCrossEntropy", () => {
  it("value: -1/n Σ [y ln p + (1 - y) ln(1 - p)], by hand", () => {
    expect(binaryCrossEntropy.value(fromRows([[0.8], [0.4]]), fromRows([[1], [0]]))).toBe(0.3669845875401002);
    expect(0.3669845875401002).toBe(-(Math.log(0.8) + Math.log(0.6)) / 2);
    // soft targets use both terms
    expect(binaryCrossEntropy.value(fromRows([[0.7]]), fromRows([[0.25]]))).toBeCloseTo(-(0.25 * Math.log(0.7) + 0.75 * Math.log(0.3)), 15);
    // a saturated output gives a finite loss: ln(1e-15)
    expect(binaryCrossEntropy.value(fromRows([[1]]), fromRows([[0]]))).toBeCloseTo(-Math.log(1e-15), 12);
    expect(Object.keys(losses)).toEqual(["sse", "mse", "crossEntropy", "binaryCrossEntropy"]);
  });

  it("gradient: dL/dp equals central differences of value", () => {
    const p = [[0.2, 0.9], [0.6, 0.35]];
    const y = [[0, 1], [1, 0.5]];
    const g = zeros(2, 2);
    binaryCrossEntropy.gradient(g, fromRows(p), fromRows(y));
    const h = 1e-7;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const up = p.map((r) => [...r]);
        const down = p.map((r) => [...r]);
        up[i]![j]! += h;
        down[i]![j]! -= h;
        const numeric = (binaryCrossEntropy.value(fromRows(up), fromRows(y)) - binaryCrossEntropy.value(fromRows(down), fromRows(y))) / (2 * h);
        expect(Math.abs(g.data[i * 2 + j]! - numeric)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it("trains as a hand-written loop of the same operations: sigmoid layers, dL/dz = (p - y) / n at the output, bit for bit", () => {
    const net = new Network({ layers: [3, 4, 2], bias: false, random: numpyRandom(1) });
    const [W0, W1] = net.parameters().map((p) => Float64Array.from(p.value.data));
    const iterations = 3000;
    const alpha = 2;
    const summary = net.train(X, Y, { iterations, alpha, loss: "binaryCrossEntropy" });

    // the reference: plain loops, every sum left to right
    const n = 4;
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const losses: number[] = [];
    for (let it = 0; it < iterations; it++) {
      const a1 = Array.from({ length: n }, (_, r) => Array.from({ length: 4 }, (_, j) => {
        let z = X[r]![0]! * W0![j]!;
        for (let k = 1; k < 3; k++) z += X[r]![k]! * W0![k * 4 + j]!;
        return sig(z);
      }));
      const z2 = a1.map((row) => Array.from({ length: 2 }, (_, j) => {
        let z = row[0]! * W1![j]!;
        for (let k = 1; k < 4; k++) z += row[k]! * W1![k * 2 + j]!;
        return z;
      }));
      const p = z2.map((row) => row.map(sig));
      // the loss from the logits: max(z, 0) - z y + ln(1 + e^-|z|)
      let s = 0;
      for (let r = 0; r < n; r++) for (let j = 0; j < 2; j++) {
        const z = z2[r]![j]!;
        s += Math.max(z, 0) - z * Y[r]![j]! + Math.log1p(Math.exp(-Math.abs(z)));
      }
      losses.push(s / n);
      const d2 = p.map((row, r) => row.map((v, j) => (v - Y[r]![j]!) / n));
      const d1 = a1.map((row, r) => row.map((a, j) => {
        let g = d2[r]![0]! * W1![j * 2]!;
        g += d2[r]![1]! * W1![j * 2 + 1]!;
        return g * (a * (1 - a));
      }));
      const gW1 = new Float64Array(8);
      for (let k = 0; k < 4; k++) for (let j = 0; j < 2; j++) {
        let g = a1[0]![k]! * d2[0]![j]!;
        for (let r = 1; r < n; r++) g += a1[r]![k]! * d2[r]![j]!;
        gW1[k * 2 + j] = g;
      }
      const gW0 = new Float64Array(12);
      for (let k = 0; k < 3; k++) for (let j = 0; j < 4; j++) {
        let g = X[0]![k]! * d1[0]![j]!;
        for (let r = 1; r < n; r++) g += X[r]![k]! * d1[r]![j]!;
        gW0[k * 4 + j] = g;
      }
      for (let i = 0; i < 12; i++) W0![i]! -= alpha * gW0[i]!;
      for (let i = 0; i < 8; i++) W1![i]! -= alpha * gW1[i]!;
    }
    expect(summary.history.loss).toEqual(losses);
    expect(Array.from(net.parameters()[0]!.value.data)).toEqual(Array.from(W0!));
    expect(Array.from(net.parameters()[1]!.value.data)).toEqual(Array.from(W1!));
    // and it learned the labels
    expect(net.predict(X).map((r) => r.map(Math.round))).toEqual(Y);
  });

  it("a loss of yours with the same formulas and fusedActivation 'sigmoid' trains to the same bits", () => {
    const mine: Loss = {
      name: "myBce",
      value: (o, t) => binaryCrossEntropy.value(o, t),
      gradient: (g, o, t) => binaryCrossEntropy.gradient(g, o, t),
      fusedActivation: "sigmoid",
      fusedValue: (z, t) => {
        let s = 0;
        for (let i = 0; i < z.data.length; i++) s += Math.max(z.data[i]!, 0) - z.data[i]! * t.data[i]! + Math.log1p(Math.exp(-Math.abs(z.data[i]!)));
        return s / z.shape[0]!;
      },
      fusedGradient: (g, o, t) => {
        const rows = o.shape[0]!;
        for (let i = 0; i < o.data.length; i++) g.data[i] = (o.data[i]! - t.data[i]!) / rows;
      },
    };
    const a = new Network({ layers: [3, 5, 2], random: numpyRandom(4) });
    const b = new Network({ layers: [3, 5, 2], random: numpyRandom(4) });
    const sa = a.train(X, Y, { iterations: 300, optimizer: new GradientDescent({ alpha: 0.3 }), loss: "binaryCrossEntropy", batchSize: 3 });
    const sb = b.train(X, Y, { iterations: 300, optimizer: new GradientDescent({ alpha: 0.3 }), loss: mine, batchSize: 3 });
    expect(sb.history).toEqual(sa.history);
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it("a saturated output (p = 1 to the last bit) still learns: the fused gradient has no 1 / (p (1 - p))", () => {
    const net = new Network({ layers: [1, 1], bias: false, random: numpyRandom(1) });
    net.parameters()[0]!.value.data[0] = 50; // sigmoid(50) is 1 in float64
    expect(net.predict([[1]])[0]![0]).toBe(1);
    const summary = net.train([[1]], [[0]], { iterations: 1, alpha: 1, loss: "binaryCrossEntropy" });
    // from the logit: -ln(1 - σ(50)) = 50 + ln(1 + e^-50), where the clamped probability would say 34.5
    expect(summary.loss).toBe(50);
    expect(net.parameters()[0]!.value.data[0]).toBe(49);
    expect(net.evaluate([[1]], [[0]], "binaryCrossEntropy").loss).toBe(49);
  });

  it("the loss is computed from the logits wherever it is reported: training, evaluate, validation; exact for any z", () => {
    const net = new Network({ layers: [1, 1], bias: false, random: numpyRandom(1) });
    for (const w of [30, 40, 800, -30, -800]) {
      net.setWeights([[[w]]]);
      const exact = (y: number) => Math.max(w, 0) - w * y + Math.log1p(Math.exp(-Math.abs(w)));
      expect(net.evaluate([[1]], [[0]], "binaryCrossEntropy").loss).toBe(exact(0));
      expect(net.evaluate([[1]], [[1]], "binaryCrossEntropy").loss).toBe(exact(1));
      const copy = net.clone();
      const s = copy.train([[1]], [[0.25]], { iterations: 1, alpha: 1e-9, loss: "binaryCrossEntropy", validation: { X: [[1]], y: [[1]] } });
      expect(s.history.loss[0]).toBe(exact(0.25));
    }
    // the same bits from evaluate as from training (the history's loss is the network's before the update)
    const a = new Network({ layers: [3, 4, 2], outputActivation: "sigmoid", random: numpyRandom(5) });
    const before = a.evaluate(X, Y, "binaryCrossEntropy").loss;
    expect(a.train(X, Y, { iterations: 1, loss: "binaryCrossEntropy" }).loss).toBe(before);
  });

  it("the gradient check passes on correct networks whose sigmoid output saturates (the clamped value would fail it)", () => {
    for (const w of [40, 60, 100]) {
      const net = new Network({ layers: [2, 3, 1], activation: "tanh", outputActivation: "sigmoid", random: numpyRandom(3) });
      const weights = net.getWeights();
      weights[2] = [[w], [w / 2], [-w / 3]];
      net.setWeights(weights);
      const report = checkGradients(net, [[1, 0.5], [-0.5, 1], [0.2, -0.3]], [[0], [1], [0.5]], { loss: "binaryCrossEntropy" });
      expect(report.maxRelativeError, `w = ${w}`).toBeLessThan(1e-5);
    }
  });

  it("checkGradients agrees with the fused backward pass", () => {
    const net = new Network({ layers: [3, 6, 2], activation: "tanh", outputActivation: "sigmoid", random: numpyRandom(2) });
    const report = checkGradients(net, X, [[0, 0.5], [1, 0], [1, 0.25], [0, 1]], { loss: "binaryCrossEntropy" });
    expect(report.maxRelativeError).toBeLessThan(1e-6);
  });

  it("refuses outputs outside (0, 1) and targets outside [0, 1]; a sigmoid output with crossEntropy is pointed to it", () => {
    const relu = new Network({ layers: [3, 2], activation: "relu", random: numpyRandom(1) });
    expect(() => relu.train(X, Y, { loss: "binaryCrossEntropy", iterations: 1 })).toThrow(ConfigError);
    expect(() => relu.train(X, Y, { loss: "binaryCrossEntropy", iterations: 1 })).toThrow(/"binaryCrossEntropy" needs outputs in \(0, 1\).*activation "relu"/);
    // an activation of yours whose outputs leave [0, 1]: refused when the loss is computed
    const softsign = { name: "softsign", apply: (x: number) => x / (1 + Math.abs(x)), derivative: (x: number) => 1 / (1 + Math.abs(x)) ** 2 };
    const soft = new Network({ layers: [3, 2], activation: softsign, random: numpyRandom(1) });
    soft.setWeights([[[-3, -3], [-3, -3], [-3, -3]], [0, 0]]);
    expect(() => soft.train(X, Y, { loss: "binaryCrossEntropy", iterations: 1 })).toThrow(/binaryCrossEntropy.value: output\[0\]\[0\] is -0.75, not a probability in \[0, 1\]/);
    // the gradient check too: clamped logarithms would make its comparison meaningless
    expect(() => checkGradients(relu, X, Y, { loss: "binaryCrossEntropy" })).toThrow(/"binaryCrossEntropy" needs outputs in \(0, 1\)/);
    const net = new Network({ layers: [3, 2], random: numpyRandom(1) });
    expect(() => net.train(X, [[0, 2], [1, 0], [1, 0], [0, 1]], { loss: "binaryCrossEntropy", iterations: 1 })).toThrow(DataError);
    expect(() => net.train(X, [[0, 2], [1, 0], [1, 0], [0, 1]], { loss: "binaryCrossEntropy", iterations: 1 })).toThrow(/y\[0\]\[1\] must be in \[0, 1\] for loss "binaryCrossEntropy".*got 2/);
    // the trap: a sigmoid output with categorical cross-entropy
    expect(() => net.train(X, Y, { loss: "crossEntropy", iterations: 1 })).toThrow(/activation "sigmoid"; for independent yes\/no outputs .* use "binaryCrossEntropy"/);
    expect(() => net.evaluate(X, Y, "crossEntropy")).toThrow(/binaryCrossEntropy/);
    expect(net.evaluate(X, Y, "binaryCrossEntropy").loss).toBeGreaterThan(0);
  });
});
