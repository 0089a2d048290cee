import { describe, expect, it } from "vitest";
import {
  activations,
  BatchNorm,
  checkGradients,
  Dense,
  Dropout,
  Softmax,
  ConfigError,
  losses,
  Network,
  numpyRandom,
  ShapeError,
  seededRandom,
  TrainingError,
  type Activation,
  type ActivationName,
  type Loss,
  type LossName,
} from "../../src/index.js";
import { fixture, XOR_X, XOR_Y } from "./fixtures.js";

// Inputs away from 0 so that relu's kink never falls within epsilon of a unit's input.
const X = [
  [0.3, -1.2, 0.8],
  [1.5, 0.4, -0.7],
  [-0.9, 0.6, 1.1],
  [0.2, 1.3, -1.4],
  [-1.1, -0.5, 0.35],
];
const Y = [
  [0.2, 0.9],
  [0.7, 0.1],
  [0.4, 0.5],
  [0.95, 0.3],
  [0.05, 0.6],
];

// Measured maxima with the default floor (0.1 × the largest gradient), sse / mse / crossEntropy / binaryCrossEntropy:
// sigmoid 4.9e-9 / 5.2e-9 / 1.2e-8 / 1.0e-8, tanh 1.5e-9 / 1.6e-9 / 9.3e-9 / 1.5e-8, relu 1.3e-9 / 1.7e-9 / 9.7e-9 / 1.0e-8,
// leakyRelu 1.1e-9 / 1.6e-9 / 1.0e-8 / 1.3e-8, identity 2.0e-9 / 1.7e-9 / 7.6e-9 / 6.7e-9. With the former floor (1e-8
// alone) they were up to 2.9e-6 (relu, binaryCrossEntropy), from rounding in the finite differences of the
// smallest gradients (~1e-4 of the largest); a wrong derivative gives > 0.1.
const BOUND = 1e-7;

describe("checkGradients", () => {
  for (const name of Object.keys(activations) as ActivationName[]) {
    for (const lossName of Object.keys(losses) as LossName[]) {
      it(`backprop matches finite differences: ${name} with ${lossName}`, () => {
        // cross-entropy needs probabilities: a softmax output and targets whose rows sum to 1
        const probabilities = lossName === "crossEntropy";
        // binary cross-entropy needs outputs in (0, 1): a sigmoid output (fused, dL/dz = (p - y) / n)
        const binary = lossName === "binaryCrossEntropy";
        const net = new Network({
          layers: [3, 5, 4, 2],
          activation: name,
          ...(probabilities ? { outputActivation: "softmax" } : binary ? { outputActivation: "sigmoid" } : {}),
          random: numpyRandom(7),
        });
        const targets = probabilities ? Y.map(([a]) => [a!, 1 - a!]) : Y;
        const before = net.toJSON();
        const report = checkGradients(net, X, targets, { loss: lossName });
        expect(report.entries).toHaveLength(3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2);
        expect(report.maxRelativeError).toBeLessThan(BOUND);
        expect(report.skipped).toBe(0); // inputs away from relu's kink
        expect(report.entries.some((e) => Math.abs(e.analytic) > 1e-3)).toBe(true);
        expect(net.toJSON()).toEqual(before);
      });
    }
  }

  it("agrees with numpy's gradients for the blog's network (program b, iteration 0)", () => {
    const ref = fixture("lab_trace_b.json").steps[0];
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const report = checkGradients(net, XOR_X, XOR_Y);
    for (const e of report.entries) {
      const part1 = e.parameter === "W0" ? ref.syn0_update : ref.syn1_update; // Part 1's update = -dL/dW
      expect(Math.abs(e.analytic + part1[e.row][e.col])).toBeLessThanOrEqual(1e-16);
      expect(Math.abs(e.numeric - e.analytic)).toBeLessThan(1e-9);
    }
    expect(report.maxRelativeError).toBeLessThan(3e-7); // measured 1.1e-7
  });

  it("covers every layer the library ships: Dense, BatchNorm, Dropout and Softmax with cross-entropy", () => {
    // BatchNorm is checked with its running statistics and Dropout is the identity: checkGradients
    // compares in inference mode (their training-mode gradients: test/gradients.test.ts)
    const bn = new BatchNorm({ size: 5 });
    const net = new Network({
      layers: [
        new Dense({ inputSize: 3, outputSize: 5, activation: "tanh" }),
        bn,
        new Dropout({ size: 5, rate: 0.3 }),
        new Dense({ inputSize: 5, outputSize: 2, activation: "identity" }),
        new Softmax({ size: 2 }),
      ],
      seed: 11,
    });
    // move the running statistics away from (0, 1) so the check is not trivial
    net.train(X, Y.map(([a]) => [a!, 1 - a!]), { iterations: 5, loss: "crossEntropy", alpha: 0.1 });
    const report = checkGradients(net, X, Y.map(([a]) => [a!, 1 - a!]), { loss: "crossEntropy" });
    expect(report.entries).toHaveLength(3 * 5 + 5 + 5 + 5 + 5 * 2 + 2);
    expect(report.maxRelativeError).toBeLessThan(5e-6);
  });

  it("finds a wrong derivative and says where", () => {
    const wrongTanh: Activation = { name: "wrongTanh", apply: Math.tanh, derivative: (_x, y) => 1 - y }; // should be 1 - y^2
    const net = new Network({ layers: [3, 4, 2], activation: wrongTanh, seed: 5 });
    const report = checkGradients(net, X, Y);
    expect(report.maxRelativeError).toBeGreaterThan(0.1);
    expect(["W0", "b0", "W1", "b1"]).toContain(report.worst.parameter);
    expect(report.worst.relativeError).toBe(report.maxRelativeError);
  });

  it("rejects bad input", () => {
    const net = new Network({ layers: [3, 2], seed: 1 });
    expect(() => checkGradients(net, [[1, 2]], [[1, 2]])).toThrow(ShapeError);
    expect(() => checkGradients(net, X, Y, { epsilon: 0 })).toThrow(ConfigError);
    expect(() => checkGradients(net, X, Y, { epsilon: 0 })).toThrow(/epsilon must be a finite number > 0, got 0/);
  });
});

describe("checkGradients' measure: the floor follows the largest gradient, kinks are left out", () => {
  const tanhXor = (): Network => new Network({ layers: [3, 4, 1], activation: "tanh", random: numpyRandom(1) });

  it("gives the results of its TSDoc examples (checkGradients, GradientCheckReport)", () => {
    const report = checkGradients(tanhXor(), XOR_X, XOR_Y);
    expect(report.maxRelativeError).toBe(1.6924521447071423e-9);
    expect(checkGradients(tanhXor(), XOR_X, XOR_Y, { relativeFloor: 0 }).maxRelativeError).toBe(1.5405198067056344e-8);
    expect(report.maxRelativeError < 1e-6).toBe(true);
    expect(report.worst.parameter).toBe("W0");
    expect(report.scale).toBe(0.39775193505509066);
    expect(report.scale).toBe(Math.max(...report.entries.map((e) => Math.abs(e.numeric))));
    expect(report.floor).toBe(0.039775193505509066);
    expect(report.floor).toBe(0.1 * report.scale);
    expect(report.skipped).toBe(0);
  });

  it("compares each entry as documented: |a - n| / max(|a|, |n|, max(floor, relativeFloor · scale)), with one-sided differences", () => {
    for (const options of [{}, { relativeFloor: 0 }, { relativeFloor: 0.5, floor: 1e-3 }, { floor: 2 }]) {
      const report = checkGradients(tanhXor(), XOR_X, XOR_Y, options);
      const floor = Math.max(options.floor ?? 1e-8, (options.relativeFloor ?? 0.1) * report.scale);
      expect(report.floor).toBe(floor);
      for (const e of report.entries) {
        expect(e.relativeError).toBe(Math.abs(e.analytic - e.numeric) / Math.max(Math.abs(e.analytic), Math.abs(e.numeric), floor));
        expect(e.smooth).toBe(true);
        // the central difference is the mean of the one-sided ones, to rounding
        expect(Math.abs(e.numeric - (e.forward + e.backward) / 2)).toBeLessThan(1e-9);
      }
      expect(report.maxRelativeError).toBe(Math.max(...report.entries.map((e) => e.relativeError)));
    }
  });

  it("passes the issue's networks: 10-32-32-3 sigmoid with gradients near 1e-6, 4 of 5 failed with the former floor", () => {
    const r = seededRandom("issue");
    let former = 0;
    for (let seed = 0; seed < 5; seed++) {
      const X10 = Array.from({ length: 16 }, () => Array.from({ length: 10 }, () => 2 * r() - 1));
      const y3 = Array.from({ length: 16 }, () => Array.from({ length: 3 }, () => r()));
      const net = new Network({ layers: [10, 32, 32, 3], activation: "sigmoid", random: numpyRandom(seed) });
      const report = checkGradients(net, X10, y3);
      expect(Math.min(...report.entries.map((e) => Math.abs(e.numeric))) / report.scale).toBeLessThan(1e-4);
      expect(report.maxRelativeError).toBeLessThan(1e-7); // measured at most 5.6e-8
      // the former measure, from the same entries: what relativeFloor: 0 gives
      const formerError = Math.max(...report.entries.map((e) => Math.abs(e.analytic - e.numeric) / Math.max(Math.abs(e.analytic), Math.abs(e.numeric), 1e-8)));
      if (formerError > 1e-5) former++;
    }
    expect(former).toBe(4);
  });

  it("leaves out entries at a kink: a relu layer with zero biases and a sample of zeros", () => {
    // z = 0 · W + 0 = 0 for the zero row: moving b0[j] by ±h turns unit j on or leaves it off
    const build = (): Network =>
      new Network({
        layers: [new Dense({ inputSize: 3, outputSize: 4, activation: "relu", initializer: "heNormal" }), new Dense({ inputSize: 4, outputSize: 1, activation: "identity" })],
        random: numpyRandom(3),
      });
    const Xz = [[0, 0, 0], ...X.slice(0, 3)];
    const yz = [[1], [0.5], [-0.5], [0.2]];
    const report = checkGradients(build(), Xz, yz);
    const kinks = report.entries.filter((e) => !e.smooth);
    expect(kinks.map((e) => e.parameter)).toEqual(["b0", "b0", "b0", "b0"]);
    expect(report.skipped).toBe(4);
    for (const e of kinks) {
      // backprop takes relu'(0) = 0: the slope on the side where the unit stays off
      expect(Math.abs(e.analytic - e.backward)).toBeLessThan(1e-6 * report.scale);
      expect(Math.abs(e.forward - e.backward)).toBeGreaterThan(1e-3 * Math.max(Math.abs(e.numeric), report.floor));
    }
    // the central difference averages the two slopes: compared, these entries would fail
    expect(Math.max(...kinks.map((e) => e.relativeError))).toBeGreaterThan(0.01);
    expect(report.maxRelativeError).toBeLessThan(1e-7);
    expect(report.worst.smooth).toBe(true);
  });

  it("throws a TrainingError when every entry sits at a kink, leaving the network as it was", () => {
    // mean absolute error at a perfect fit: |W x + b - y| has a kink in every weight
    const mae: Loss = {
      name: "mae",
      value: (o, t) => Math.abs(o.data[0]! - t.data[0]!),
      gradient: (g, o, t) => {
        g.data[0] = Math.sign(o.data[0]! - t.data[0]!);
      },
    };
    const net = new Network({ layers: [new Dense({ inputSize: 1, outputSize: 1, activation: "identity" })], seed: 1 });
    const [W, b] = net.parameters();
    W!.value.data[0] = 1;
    b!.value.data[0] = 0;
    const before = net.toJSON();
    expect(() => checkGradients(net, [[2]], [[2]], { loss: mae })).toThrow(TrainingError);
    expect(() => checkGradients(net, [[2]], [[2]], { loss: mae })).toThrow(/^checkGradients: all 2 weights sit at a kink of the loss/);
    expect(net.toJSON()).toEqual(before);
  });

  it("refuses bad floors with a ConfigError that names the option", () => {
    const net = tanhXor();
    expect(() => checkGradients(net, XOR_X, XOR_Y, { relativeFloor: -1 })).toThrow(ConfigError);
    expect(() => checkGradients(net, XOR_X, XOR_Y, { relativeFloor: -1 })).toThrow(/^relativeFloor must be a finite number >= 0, got -1$/);
    expect(() => checkGradients(net, XOR_X, XOR_Y, { relativeFloor: Number.POSITIVE_INFINITY })).toThrow(/^relativeFloor must be a finite number >= 0, got Infinity$/);
    expect(() => checkGradients(net, XOR_X, XOR_Y, { relativeFloor: "0.1" as never })).toThrow(/^relativeFloor must be a finite number >= 0, got "0.1"$/);
    expect(() => checkGradients(net, XOR_X, XOR_Y, { floor: 0 })).toThrow(/^floor must be a finite number > 0, got 0$/);
    expect(() => checkGradients(net, XOR_X, XOR_Y, { relativeFlor: 0.1 } as never)).toThrow(/^Unknown checkGradients option "relativeFlor"; known options: loss, epsilon, floor, relativeFloor$/);
  });
});
