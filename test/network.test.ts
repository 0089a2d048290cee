import { describe, expect, it } from "vitest";
import {
  activations,
  DirectionChanges,
  fromRows,
  GradientDescent,
  mse,
  Network,
  numpyRandom,
  seededRandom,
  sse,
  zeros,
  type Activation,
  type Optimizer,
} from "tinynn";
import { sumAbsDiff } from "../src/matrix/elementwise.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

describe("the issue's acceptance snippet", () => {
  it("trains the blog's network and restores it from JSON with identical predictions", () => {
    const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
    net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
    const out = net.predict(X);
    // golden b post_training outputs
    const blog = [[0.002605701537521613], [0.996722116665879], [0.9970171337897594], [0.003867558461616077]];
    out.forEach((row, i) => expect(Math.abs(row[0]! - blog[i]![0]!)).toBeLessThanOrEqual(1e-12));
    const restored = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
    expect(restored.predict(X)).toEqual(out);
  });
});

describe("serialization", () => {
  it("round-trips biases, activations and custom activations bit for bit", () => {
    const softsign: Activation = { name: "softsign", apply: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / (1 + Math.abs(x)) ** 2 };
    const net = new Network({ layers: [3, 5, 2], activation: softsign, outputActivation: "tanh", seed: 7 });
    net.train(X, [[0, 1], [1, 0], [1, 0], [0, 1]], { iterations: 300, alpha: 0.1 });
    const json = JSON.parse(JSON.stringify(net.toJSON()));
    expect(json).toMatchObject({ format: "tinynn", version: 3, layers: [{ type: "dense", activation: "softsign" }, { type: "dense", activation: "tanh" }] });
    expect(() => Network.fromJSON(json)).toThrow(/softsign/);
    const back = Network.fromJSON(json, { activations: { softsign } });
    expect(back.predict(X)).toEqual(net.predict(X));
    expect(back.toJSON()).toEqual(net.toJSON());
  });
});

describe("training", () => {
  it("records history before each update, and onProgress can stop", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const seen: number[] = [];
    const s = net.train(X, y, {
      iterations: 100,
      progressEvery: 10,
      onProgress: ({ iteration }) => {
        seen.push(iteration);
        return iteration < 30;
      },
    });
    expect(seen).toEqual([0, 10, 20, 30]);
    expect(s).toMatchObject({ iterations: 31, steps: 31, stoppedEarly: true });
    expect(s.history.meanAbsoluteError).toHaveLength(31);
    // golden b, iteration 0 (numpy's SIMD exp and V8's Math.exp may differ by an ulp)
    expect(Math.abs(s.history.meanAbsoluteError[0]! - 0.4964100319027255)).toBeLessThanOrEqual(1e-15);
    expect(s.loss).toBe(s.history.loss[30]);
  });

  it("mini-batches: one update per batch, shuffled reproducibly from the network's seed", () => {
    const run = (seed: number, shuffle: boolean) => {
      const net = new Network({ layers: [3, 4, 1], seed });
      const s = net.train(X, y, { iterations: 20, batchSize: 3, shuffle });
      return { s, out: net.predict(X) };
    };
    const a = run(3, true);
    const b = run(3, true);
    expect(a.s.steps).toBe(40); // batches of 3 and 1
    expect(b.out).toEqual(a.out);
    expect(run(3, false).out).not.toEqual(a.out);
  });

  it("full-batch history equals evaluate() at the same weights", () => {
    const net = new Network({ layers: [3, 3, 1], seed: 1 });
    const before = net.evaluate(X, y, "mse");
    const s = net.train(X, y, { iterations: 1, loss: "mse" });
    expect(s.history.loss[0]).toBe(before.loss);
    expect(s.history.meanAbsoluteError[0]).toBe(before.meanAbsoluteError);
  });

  it("accepts a learning-rate schedule as alpha, the same as GradientDescent with it", () => {
    const a = new Network({ layers: [3, 2, 1], random: numpyRandom(5) });
    const b = new Network({ layers: [3, 2, 1], random: numpyRandom(5) });
    const schedule = (t: number) => 1 / (1 + t);
    a.train(X, y, { iterations: 20, alpha: schedule });
    b.train(X, y, { iterations: 20, optimizer: new GradientDescent({ alpha: schedule }) });
    expect(a.predict(X)).toEqual(b.predict(X));
    const c = new Network({ layers: [3, 2, 1], random: numpyRandom(5) });
    c.train(X, y, { iterations: 20, alpha: 1 });
    expect(c.predict(X)).not.toEqual(a.predict(X));
  });

  it("accepts a user optimizer and hands it every parameter and the step count", () => {
    const steps: number[] = [];
    const names: string[][] = [];
    const half: Optimizer = {
      name: "half",
      step(parameters, step) {
        steps.push(step);
        names.push(parameters.map((p) => p.name));
        for (const p of parameters) for (let i = 0; i < p.value.data.length; i++) p.value.data[i]! -= 0.5 * p.grad.data[i]!;
      },
    };
    const a = new Network({ layers: [3, 2, 1], random: numpyRandom(5) });
    const b = new Network({ layers: [3, 2, 1], random: numpyRandom(5) });
    a.train(X, y, { iterations: 3, optimizer: half });
    b.train(X, y, { iterations: 3, alpha: 0.5 });
    expect(steps).toEqual([0, 1, 2]);
    expect(names[0]).toEqual(["W0", "b0", "W1", "b1"]);
    expect(a.predict(X)).toEqual(b.predict(X));
  });
});

describe("DirectionChanges", () => {
  it("counts sign flips of the descent direction, per weight", () => {
    const d = new DirectionChanges();
    const grads = [[1, -1], [-1, -1], [2, 3], [0, 1]];
    const value = zeros(1, 2);
    for (const g of grads) {
      d.beforeUpdate({ iteration: 0, batch: 0, step: 0, loss: 0, output: value, parameters: [{ name: "W0", isWeight: true, value, grad: fromRows([g]) }] });
    }
    // up = -g > 0: [F,T] [T,T] [F,F] [F,F]  -> flips: w0: 2 (F->T, T->F), w1: 1 (T->F)
    expect(d.counts()).toEqual({ W0: [[2, 1]] });
    expect(d.total()).toBe(3);
  });
});

describe("losses, by hand", () => {
  const o = fromRows([[0.5, 1], [2, 0]]);
  const t = fromRows([[0, 1], [1, 1]]);
  it("sse = 1/2 Σ (o - y)^2, gradient o - y", () => {
    expect(sse.value(o, t)).toBe(0.5 * (0.25 + 0 + 1 + 1));
    const g = zeros(2, 2);
    sse.gradient(g, o, t);
    expect(Array.from(g.data)).toEqual([0.5, 0, 1, -1]);
  });
  it("mse = sse / n, gradient (o - y) / n", () => {
    expect(mse.value(o, t)).toBe((0.5 * 2.25) / 2);
    const g = zeros(2, 2);
    mse.gradient(g, o, t);
    expect(Array.from(g.data)).toEqual([0.25, 0, 0.5, -0.5]);
  });
  it("gradients match central finite differences", () => {
    for (const loss of [sse, mse]) {
      const g = zeros(2, 2);
      loss.gradient(g, o, t);
      for (let k = 0; k < 4; k++) {
        const h = 1e-6;
        const plus = fromRows([[0.5, 1], [2, 0]]);
        const minus = fromRows([[0.5, 1], [2, 0]]);
        plus.data[k]! += h;
        minus.data[k]! -= h;
        expect(Math.abs((loss.value(plus, t) - loss.value(minus, t)) / (2 * h) - g.data[k]!)).toBeLessThan(1e-8);
      }
    }
  });
  it("sumAbsDiff is numpy's pairwise sum", () => {
    // 9 elements: 8 running sums then the tail, ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) + t8
    const a = fromRows([[1e16, 1, -1e16, 1, 1, 1, 1, 1, 1]]);
    const b = zeros(1, 9);
    expect(sumAbsDiff(a.data, b.data, 9)).toBe((1e16 + 1 + (1e16 + 1)) + (1 + 1 + (1 + 1)) + 1);
  });
});

describe("activations", () => {
  it.each(Object.entries(activations))("%s: derivative(x, f(x)) matches finite differences", (_name, f) => {
    for (const x of [-2.5, -0.7, 0.3, 1.1, 3]) {
      const h = 1e-6;
      const numeric = (f.apply(x + h) - f.apply(x - h)) / (2 * h);
      expect(Math.abs(numeric - f.derivative(x, f.apply(x)))).toBeLessThan(1e-8);
    }
  });
  it("sigmoid is the blog's nonlin", () => {
    expect(activations.sigmoid!.apply(0)).toBe(0.5);
    expect(activations.sigmoid!.derivative(0, 0.75)).toBe(0.75 * 0.25);
  });
});
