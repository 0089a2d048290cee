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
  type Activation,
  type ActivationName,
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

// Measured maxima (epsilon 1e-6, sse / mse): sigmoid 6.7e-8 / 5.8e-8, tanh 3.7e-8 / 2.8e-8, relu 5.1e-7 / 6.0e-7,
// leakyRelu 1.8e-7 / 1.5e-7, identity 4.7e-9 / 1.0e-8. They come from rounding in the finite differences of small
// gradients (~1e-4); a wrong derivative gives > 0.1.
const BOUNDS: Record<string, number> = { sigmoid: 2e-7, tanh: 2e-7, relu: 2e-6, leakyRelu: 1e-6, identity: 1e-7 };

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
        // softmax + cross-entropy, measured: sigmoid 2.4e-7, tanh 6.7e-7, relu < 2e-6, leakyRelu 2.0e-6, identity 1.7e-7
        const bound = probabilities ? 5e-6 : (BOUNDS[name] ?? 1e-6); // activations added later: 1e-6
        expect(report.maxRelativeError).toBeLessThan(bound);
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
