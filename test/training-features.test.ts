// Training features through Network: dropout / shuffling reproducibility, batch norm statistics, initializers,
// early stopping, clipping, option validation, classification helpers.
import { describe, expect, it } from "vitest";
import {
  accuracy,
  Adam,
  argmaxRows,
  BatchNorm,
  crossEntropy,
  Softmax,
  ConfigError,
  Dense,
  Dropout,
  fromRows,
  Network,
  numpyRandom,
  oneHot,
  seededRandom,
  type InitializerName,
  type Optimizer,
  type Parameter,
  type TrainOptions,
} from "tinynn";
import { XOR_X, XOR_Y } from "./lab/fixtures.js";

// the blog's data, shared with the lab's tests
const X = XOR_X;
const y = XOR_Y;

function dropoutNet(seed: number): Network {
  return new Network({
    layers: [new Dense({ inputSize: 3, outputSize: 6 }), new Dropout({ size: 6, rate: 0.3 }), new Dense({ inputSize: 6, outputSize: 1 })],
    seed,
  });
}

describe("Dropout", () => {
  it("is reproducible from the seed, and the seed matters", () => {
    const train = (seed: number) => {
      const net = dropoutNet(seed);
      net.train(X, y, { iterations: 50, batchSize: 2 });
      return net.weights();
    };
    expect(train(5)).toEqual(train(5));
    expect(train(5)).not.toEqual(train(6));
  });

  it("draws from the network's random source (the same net without training draws the same masks)", () => {
    const a = dropoutNet(5);
    const b = dropoutNet(5);
    const layer = (n: Network) => n.layers[1] as Dropout;
    const masked = (n: Network) => Array.from(layer(n).forward(fromRows([[1, 1, 1, 1, 1, 1]]), true).data);
    expect(masked(a)).toEqual(masked(b));
  });

  it("is off in predict: the output equals the network with the dropout layer removed", () => {
    const net = dropoutNet(3);
    net.train(X, y, { iterations: 30 });
    // the same Dense layers without the Dropout between them (copies: a layer belongs to one network)
    const json = net.toJSON();
    const plain = Network.fromJSON({ ...json, layers: [json.layers[0]!, json.layers[2]!] });
    expect(net.predict(X)).toEqual(plain.predict(X));
    expect(net.predict(X)).toEqual(net.predict(X));
  });

  it("inverted scaling keeps the mean: rate 0.5 on 100 x 50 ones drops about half, survivors are 2", () => {
    const d = new Dropout({ size: 50, rate: 0.5 });
    d.setRandom(seededRandom(1));
    const out = d.forward(fromRows(Array.from({ length: 100 }, () => new Array<number>(50).fill(1))), true).data;
    const zerosCount = out.filter((v) => v === 0).length;
    expect(Math.abs(zerosCount / out.length - 0.5)).toBeLessThan(0.03);
    expect(out.every((v) => v === 0 || v === 2)).toBe(true);
    expect(() => new Dropout({ size: 2, rate: 0.5 }).forward(fromRows([[1, 2]]), true)).toThrow(/needs a random source/);
    expect(() => new Dropout({ size: 2, rate: 1 })).toThrow(/rate must be a finite number in \[0, 1\), got 1/);
  });
});

describe("shuffling", () => {
  it("is reproducible from the seed and really shuffles", () => {
    const train = (seed: number, shuffle: boolean) => {
      const net = new Network({ layers: [3, 4, 1], seed });
      net.train(X, y, { iterations: 40, batchSize: 1, shuffle });
      return net.weights();
    };
    expect(train(8, true)).toEqual(train(8, true));
    expect(train(8, true)).not.toEqual(train(8, false));
  });
});

describe("BatchNorm", () => {
  it("running statistics follow m·run + (1-m)·batch, updated only in training", () => {
    const bn = new BatchNorm({ size: 1, momentum: 0.9 });
    const x = fromRows([[1], [3]]); // mean 2, biased variance 1
    bn.forward(x, true);
    bn.forward(x, true);
    expect(bn.runningMean.data[0]).toBeCloseTo(0.19 * 2, 15);
    expect(bn.runningVariance.data[0]).toBeCloseTo(0.81 * 1 + 0.19 * 1, 15);
    bn.forward(fromRows([[100], [-50]]), false);
    expect(bn.runningMean.data[0]).toBeCloseTo(0.38, 15);
    // training output is the batch-normalized input
    const out = Array.from(bn.forward(x, true).data);
    expect(out[0]).toBeCloseTo(-1 / Math.sqrt(1 + 1e-5), 15);
    expect(out[1]).toBeCloseTo(1 / Math.sqrt(1 + 1e-5), 15);
  });

  it("inference output matches γ (x - μ_run) / sqrt(σ²_run + ε) + β after training, and survives JSON", () => {
    const dense0 = new Dense({ inputSize: 3, outputSize: 4, activation: "identity" });
    const bn = new BatchNorm({ size: 4, momentum: 0.8 });
    const net = new Network({ layers: [dense0, bn, new Dense({ inputSize: 4, outputSize: 1 })], seed: 12 });
    net.train(X, y, { iterations: 25, optimizer: new Adam({ alpha: 0.05 }), batchSize: 2 });
    const z = Array.from(dense0.forward(fromRows(X), false).data);
    const got = Array.from(bn.forward(fromRows([[0, 0, 0, 0]].concat(chunk(z, 4)).slice(1)), false).data);
    let maxErr = 0;
    z.forEach((v, k) => {
      const j = k % 4;
      const want = (bn.gamma.value.data[j]! * (v - bn.runningMean.data[j]!)) / Math.sqrt(bn.runningVariance.data[j]! + 1e-5) + bn.beta.value.data[j]!;
      maxErr = Math.max(maxErr, Math.abs(got[k]! - want));
    });
    expect(maxErr).toBeLessThanOrEqual(1e-15);
    expect(bn.runningMean.data.some((v) => v !== 0)).toBe(true);
    expect(bn.gamma.value.data.some((v) => v !== 1)).toBe(true);
    const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
    expect(copy.predict(X)).toEqual(net.predict(X));
    expect((copy.layers[1] as BatchNorm).runningVariance.data).toEqual(bn.runningVariance.data);
  });
});

function chunk(a: number[], n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n));
  return out;
}

describe("weight initialisation schemes", () => {
  it("the default and 'uniform' are the blog's draw: weights row by row, then bias, 2r - 1", () => {
    const a = new Network({ layers: [3, 4, 1], random: numpyRandom(1) });
    const b = new Network({ layers: [3, 4, 1], random: numpyRandom(1), initializer: "uniform" });
    const r = numpyRandom(1);
    const W0 = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => 2 * r() - 1));
    expect(a.weights()[0]).toEqual(W0);
    const b0 = Array.from({ length: 4 }, () => 2 * r() - 1);
    expect(Array.from(a.parameters()[1]!.value.data)).toEqual(b0);
    expect(b.weights()).toEqual(a.weights());
  });

  it("Xavier / He uniform and normal follow their formulas on the network's stream; biases are 0", () => {
    const r = numpyRandom(2);
    const net = new Network({ layers: [3, 5], random: numpyRandom(2), initializer: "xavierUniform" });
    const l = Math.sqrt(6 / 8);
    expect(net.weights()[0]!.flat()).toEqual(Array.from({ length: 15 }, () => l * (2 * r() - 1)));
    expect(Array.from(net.parameters()[1]!.value.data)).toEqual([0, 0, 0, 0, 0]);
    const r2 = numpyRandom(2);
    const he = new Network({ layers: [3, 5], random: numpyRandom(2), initializer: "heNormal" });
    const gauss = () => {
      const u1 = r2();
      const u2 = r2();
      return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    };
    expect(he.weights()[0]!.flat()).toEqual(Array.from({ length: 15 }, () => Math.sqrt(2 / 3) * gauss()));
  });

  it("the spread is right on a large layer (std within 3%)", () => {
    const std = (init: InitializerName, fanIn: number, fanOut: number) => {
      const w = new Network({ layers: [fanIn, fanOut], seed: 1, initializer: init }).weights()[0]!.flat();
      const m = w.reduce((s, v) => s + v, 0) / w.length;
      return Math.sqrt(w.reduce((s, v) => s + (v - m) ** 2, 0) / w.length);
    };
    expect(std("heNormal", 200, 100) / Math.sqrt(2 / 200)).toBeCloseTo(1, 1);
    expect(Math.abs(std("heUniform", 200, 100) / Math.sqrt(2 / 200) - 1)).toBeLessThan(0.03);
    expect(Math.abs(std("xavierNormal", 200, 100) / Math.sqrt(2 / 300) - 1)).toBeLessThan(0.03);
    expect(Math.abs(std("xavierUniform", 200, 100) / Math.sqrt(2 / 300) - 1)).toBeLessThan(0.03);
    expect(() => new Network({ layers: [2, 1], initializer: "glorot" as never })).toThrow(/Unknown initializer "glorot"; known initializers: uniform, xavierUniform/);
  });
});

describe("early stopping", () => {
  it("stops at the first iteration whose loss is below the threshold", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const s = net.train(X, y, { iterations: 60000, earlyStopping: { lossBelow: 0.01 } });
    expect(s.stopReason).toBe("lossBelow");
    expect(s.stoppedEarly).toBe(true);
    const h = s.history.loss;
    expect(h.length).toBe(s.iterations);
    expect(h[h.length - 1]).toBeLessThan(0.01);
    expect(h[h.length - 2]).toBeGreaterThanOrEqual(0.01);
  });

  it("stops after `patience` checks without improvement and restores the best weights", () => {
    const ones = y.map(() => [1]);
    const flipped = y.map(() => [0]); // fitting all-ones makes this validation loss worse and worse
    const net = new Network({ layers: [3, 4, 1], seed: 3 });
    const twin = new Network({ layers: [3, 4, 1], seed: 3 });
    const s = net.train(X, ones, { iterations: 1000, alpha: 1, earlyStopping: { validation: { X, y: flipped }, patience: 4, restoreBest: true } });
    const v = s.history.validationLoss!;
    expect(s.stopReason).toBe("patience");
    expect(s.iterations).toBe(5);
    expect(v.length).toBe(5);
    expect(s.best).toEqual({ iteration: 0, validationLoss: v[0], restored: true });
    for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThan(v[i - 1]!);
    twin.train(X, ones, { iterations: 1, alpha: 1 });
    expect(net.weights()).toEqual(twin.weights());
    expect(net.evaluate(X, flipped).loss).toBe(v[0]);
  });

  it("minDelta: a validation loss that improves by less does not count as an improvement", () => {
    // plain training at a small alpha: the validation loss (on the training data) falls a little at every iteration
    const run = (minDelta: number) =>
      new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) }).train(X, y, {
        iterations: 50,
        alpha: 0.01,
        earlyStopping: { validation: { X, y }, patience: 3, minDelta },
      });
    const free = run(0);
    const v = free.history.validationLoss!;
    expect(free.stoppedEarly).toBe(false);
    for (let i = 1; i < v.length; i++) expect(v[i]).toBeLessThan(v[i - 1]!);
    // each improvement is far below 0.01: three checks after the first without one, it stops
    expect(v[0]! - v[v.length - 1]!).toBeLessThan(0.01);
    const strict = run(0.01);
    expect(strict.stopReason).toBe("patience");
    expect(strict.iterations).toBe(4);
    expect(strict.best).toEqual({ iteration: 0, validationLoss: v[0], restored: false });
  });

  it("restoreBest puts back BatchNorm's running statistics with the weights", () => {
    const make = () =>
      new Network({
        layers: [new Dense({ inputSize: 3, outputSize: 4 }), new BatchNorm({ size: 4 }), new Dense({ inputSize: 4, outputSize: 1 })],
        seed: 5,
      });
    const ones = y.map(() => [1]);
    const flipped = y.map(() => [0]);
    const net = make();
    const s = net.train(X, ones, { iterations: 1000, alpha: 1, earlyStopping: { validation: { X, y: flipped }, patience: 3, restoreBest: true } });
    expect(s.best?.restored).toBe(true);
    const twin = make();
    twin.train(X, ones, { iterations: s.best!.iteration + 1, alpha: 1 });
    const stats = (n: Network) => n.layers.flatMap((l) => (l.state ?? []).map((m) => Array.from(m.data)));
    // the statistics moved after the best iteration, and were put back to it
    expect(s.iterations).toBeGreaterThan(s.best!.iteration + 1);
    expect(stats(net)).toEqual(stats(twin));
    expect(net.weights()).toEqual(twin.weights());
  });

  it("validates its options", () => {
    const net = new Network({ layers: [3, 1], seed: 1 });
    expect(() => net.train(X, y, { earlyStopping: { restoreBest: true } })).toThrow(/restoreBest needs earlyStopping.validation/);
    expect(() => net.train(X, y, { earlyStopping: { lossBelow: Number.NaN } })).toThrow(/lossBelow must be a finite number, got NaN/);
    expect(() => net.train(X, y, { earlyStopping: { validation: { X, y }, patience: 0 } })).toThrow(/patience must be an integer >= 1, got 0/);
    expect(() => net.train(X, y, { earlyStopping: { validation: { X: [[1, 2]], y: [[1]] } } })).toThrow(/earlyStopping.validation.X with 3 columns/);
  });
});

function gradsOf(options: TrainOptions): Float64Array[] {
  const net = new Network({ layers: [3, 4, 1], seed: 21 });
  let grads: Float64Array[] = [];
  const noop: Optimizer = { name: "noop", step: () => undefined };
  net.train(X, y, { ...options, iterations: 1, optimizer: noop, monitors: [{ beforeUpdate: (i) => (grads = i.parameters.map((p: Parameter) => Float64Array.from(p.grad.data))) }] });
  return grads;
}

describe("gradient clipping (delta trimming)", () => {
  const plain = gradsOf({});
  const all = plain.flatMap((g) => Array.from(g));
  const norm = Math.sqrt(all.reduce((s, v) => s + v * v, 0));

  it("by value: each element is clamped into [-limit, limit]", () => {
    const limit = Math.max(...all.map(Math.abs)) / 2;
    const got = gradsOf({ clipValue: limit });
    got.forEach((g, k) => g.forEach((v, i) => expect(v).toBe(Math.min(Math.max(plain[k]![i]!, -limit), limit))));
    expect(all.some((v) => Math.abs(v) > limit)).toBe(true);
  });

  it("by norm: rescaled to the max norm, direction kept; untouched below it", () => {
    const got = gradsOf({ clipNorm: norm / 4 });
    const gotAll = got.flatMap((g) => Array.from(g));
    expect(Math.abs(Math.sqrt(gotAll.reduce((s, v) => s + v * v, 0)) - norm / 4)).toBeLessThan(1e-15);
    gotAll.forEach((v, i) => expect(Math.abs(v - (all[i]! * (norm / 4)) / norm)).toBeLessThan(1e-16));
    expect(gradsOf({ clipNorm: norm * 2 })).toEqual(plain);
  });

  it("by value, then by norm, when both are asked for", () => {
    const limit = Math.max(...all.map(Math.abs)) / 2;
    const byValue = plain.map((g) => g.map((v) => Math.min(Math.max(v, -limit), limit)));
    const valueNorm = Math.sqrt(byValue.flatMap((g) => Array.from(g)).reduce((s, v) => s + v * v, 0));
    const maxNorm = valueNorm / 3;
    const got = gradsOf({ clipValue: limit, clipNorm: maxNorm });
    got.forEach((g, k) => g.forEach((v, i) => expect(Math.abs(v - (byValue[k]![i]! * maxNorm) / valueNorm)).toBeLessThan(1e-16)));
    // the other order gives other gradients: this test tells them apart
    const scaled = plain.map((g) => g.map((v) => (v * maxNorm) / norm));
    const otherOrder = scaled.map((g) => g.map((v) => Math.min(Math.max(v, -limit), limit)));
    expect(Math.max(...got.flatMap((g, k) => Array.from(g).map((v, i) => Math.abs(v - otherOrder[k]![i]!))))).toBeGreaterThan(1e-6);
  });

  it("bad values are refused, naming the option", () => {
    const net = new Network({ layers: [3, 1], seed: 1 });
    expect(() => net.train(X, y, { clipValue: -1 })).toThrow(/clipValue must be a finite number > 0, got -1/);
    expect(() => net.train(X, y, { clipNorm: 0 })).toThrow(ConfigError);
    expect(() => net.train(X, y, { regularization: { l2: -0.1 } })).toThrow(/regularization.l2 must be a finite number >= 0, got -0.1/);
  });
});

describe("classification helpers and a 3-class problem", () => {
  it("oneHot, argmaxRows, accuracy", () => {
    expect(oneHot([2, 0, 1], 3)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(argmaxRows([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]])).toEqual([1, 0]);
    expect(accuracy([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]], [1, 0, 0])).toBe(2 / 3);
    expect(accuracy([[0.1, 0.9], [0.8, 0.2]], oneHot([1, 0]))).toBe(1);
    expect(() => oneHot([0, 3], 3)).toThrow(/labels\[1\] must be an integer in \[0, 3\), got 3/);
  });

  it("softmax + cross-entropy separates three Gaussian blobs (train accuracy >= 0.97)", () => {
    const r = seededRandom("blobs");
    const centres = [[0, 2], [-2, -1], [2, -1]];
    const pts: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 150; i++) {
      const c = i % 3;
      pts.push([centres[c]![0]! + (r() - 0.5) * 2, centres[c]![1]! + (r() - 0.5) * 2]);
      labels.push(c);
    }
    const net = new Network({ layers: [2, 8, 3], activation: "tanh", outputActivation: "softmax", seed: 1, initializer: "xavierUniform" });
    net.train(pts, oneHot(labels, 3), { iterations: 100, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.05 }), batchSize: 32 });
    expect(accuracy(net.predict(pts), labels)).toBeGreaterThanOrEqual(0.97);
    const rowSums = net.predict(pts).map((p) => p.reduce((s, v) => s + v, 0));
    for (const s of rowSums) expect(Math.abs(s - 1)).toBeLessThan(1e-12);
  });

  it("regression with an identity output fits y = 2x - 1 exactly enough", () => {
    const xs = Array.from({ length: 10 }, (_, i) => [i / 10]);
    const ys = xs.map(([v]) => [2 * v! - 1]);
    const net = new Network({ layers: [1, 1], activation: "identity", seed: 1 });
    net.train(xs, ys, { iterations: 2000, loss: "mse", alpha: 0.5 });
    expect(net.evaluate(xs, ys, "mse").loss).toBeLessThan(1e-12);
    expect(net.weights()[0]![0]![0]).toBeCloseTo(2, 5);
  });
});

describe("serialization of the new layers and the fused path's wiring", () => {
  it("Dropout, BatchNorm and Softmax layers round-trip through JSON with identical predictions", () => {
    const net = new Network({
      layers: [
        new Dense({ inputSize: 3, outputSize: 5, activation: "relu", initializer: "heUniform" }),
        new BatchNorm({ size: 5, momentum: 0.7 }),
        new Dropout({ size: 5, rate: 0.2 }),
        new Dense({ inputSize: 5, outputSize: 2, activation: "identity" }),
        new Softmax({ size: 2 }),
      ],
      seed: 30,
    });
    const Y2 = oneHot([0, 1, 1, 0], 2);
    net.train(X, Y2, { iterations: 20, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.05 }), batchSize: 2 });
    const json = JSON.parse(JSON.stringify(net.toJSON()));
    expect(json.layers.map((l: { type: string }) => l.type)).toEqual(["dense", "batchNorm", "dropout", "dense", "softmax"]);
    const copy = Network.fromJSON(json, { seed: 1 });
    expect(copy.predict(X)).toEqual(net.predict(X));
    expect((copy.layers[2] as Dropout).rate).toBe(0.2);
    expect(() => Network.fromJSON({ ...json, layers: [{ type: "dropout", size: 3, rate: 2 }] })).toThrow(/json.layers\[0\]: rate must be a finite number in \[0, 1\), got 2/);
  });

  it("a loss with fusedLayer 'softmax' uses fusedGradient and skips the softmax backward; other outputs use gradient", () => {
    let fusedCalls = 0;
    const strict = {
      name: "strictCE",
      value: crossEntropy.value,
      gradient: () => {
        throw new Error("the unfused gradient must not be used");
      },
      fusedLayer: "softmax",
      fusedGradient: (g: Parameters<typeof crossEntropy.gradient>[0], o: Parameters<typeof crossEntropy.gradient>[1], t: Parameters<typeof crossEntropy.gradient>[2]) => {
        fusedCalls++;
        crossEntropy.fusedGradient!(g, o, t);
      },
    };
    const Y2 = oneHot([0, 1, 1, 0], 2);
    new Network({ layers: [3, 2], outputActivation: "softmax", seed: 1 }).train(X, Y2, { iterations: 3, loss: strict });
    expect(fusedCalls).toBe(3);
    expect(() => new Network({ layers: [3, 2], outputActivation: "sigmoid", seed: 1 }).train(X, Y2, { iterations: 1, loss: strict })).toThrow(/unfused gradient/);
  });
});

describe("construction errors for the new options", () => {
  it("initializer with Layer objects, and softmax as a hidden activation, are refused with the fix", () => {
    expect(() => new Network({ layers: [new Dense({ inputSize: 2, outputSize: 1 })], initializer: "heNormal" })).toThrow(/pass it to each Dense/);
    expect(() => new Network({ layers: [2, 3, 1], activation: "softmax" as never })).toThrow(/pass outputActivation: "softmax"/);
  });
});
