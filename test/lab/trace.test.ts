import { describe, expect, it } from "vitest";
import { ConfigError, Network, ShapeError, numpyRandom, trace } from "../../src/index.js";
import { fixture, maxDiff, neg, XOR_X, XOR_Y } from "./fixtures.js";

const ref = fixture("lab_trace_b.json");
const golden = fixture("b_part1_3layer.json");
const blogNet = (): Network => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });

describe("trace", () => {
  it("names the blog's values and matches numpy's first three iterations of program b", () => {
    const net = blogNet();
    for (const s of ref.steps) {
      const step = trace(net, XOR_X, XOR_Y, { apply: true });
      expect(Object.keys(step.layers)).toEqual(["l0", "l1", "l2"]);
      expect(Object.keys(step.errors)).toEqual(["l1_error", "l2_error"]);
      expect(Object.keys(step.deltas)).toEqual(["l1_delta", "l2_delta"]);
      expect(Object.keys(step.updates)).toEqual(["W0", "W1"]);
      expect(maxDiff(step.weights.W0, s.syn0)).toBeLessThanOrEqual(1e-15);
      expect(maxDiff(step.weights.W1, s.syn1)).toBeLessThanOrEqual(1e-15);
      expect(step.layers.l0).toEqual(s.l0);
      expect(maxDiff(step.layers.l1, s.l1)).toBeLessThanOrEqual(1e-15);
      expect(maxDiff(step.layers.l2, s.l2)).toBeLessThanOrEqual(1e-15);
      // tinynn's sign (Part 2): errors and deltas are gradients, the negation of Part 1's
      expect(maxDiff(step.errors.l2_error, neg(s.l2_error))).toBeLessThanOrEqual(1e-15);
      expect(maxDiff(step.deltas.l2_delta, neg(s.l2_delta))).toBeLessThanOrEqual(1e-15);
      expect(maxDiff(step.errors.l1_error, neg(s.l1_error))).toBeLessThanOrEqual(1e-15);
      expect(maxDiff(step.deltas.l1_delta, neg(s.l1_delta))).toBeLessThanOrEqual(1e-15);
      expect(maxDiff(step.gradients.W1, neg(s.syn1_update))).toBeLessThanOrEqual(1e-15);
      expect(maxDiff(step.gradients.W0, neg(s.syn0_update))).toBeLessThanOrEqual(1e-15);
      // updates are what was added: Part 1's l1.T.dot(l2_delta)
      expect(maxDiff(step.updates.W1, s.syn1_update)).toBeLessThanOrEqual(1e-15);
      expect(maxDiff(step.updates.W0, s.syn0_update)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(step.meanAbsoluteError - s.mean_abs_error)).toBeLessThanOrEqual(2e-16); // 1 ulp: V8's exp vs numpy's
      expect(step.applied).toBe(true);
    }
    expect(ref.steps[0].mean_abs_error).toBe(golden.runs[0].checkpoints[0].error);
  });

  it("applied n times leaves the network exactly where train(n) does", () => {
    const a = blogNet();
    const b = blogNet();
    for (let i = 0; i < 10; i++) trace(a, XOR_X, XOR_Y, { apply: true, alpha: 10 });
    b.train(XOR_X, XOR_Y, { iterations: 10, alpha: 10 });
    expect(a.weights()).toEqual(b.weights());
  });

  it("matches the golden weights after 1, 2, 3 and 10 updates", () => {
    const net = blogNet();
    const w = golden.runs[0].weights_after_n_updates;
    for (let n = 1; n <= 10; n++) {
      trace(net, XOR_X, XOR_Y, { apply: true });
      if (w[String(n)]) expect(maxDiff(net.weights(), [w[String(n)].syn0, w[String(n)].syn1])).toBeLessThanOrEqual(1e-15);
    }
  });

  it("changes nothing unless asked to apply", () => {
    const net = blogNet();
    const before = net.weights();
    const grads = net.parameters().map((p) => Array.from(p.grad.data));
    const step = trace(net, XOR_X, XOR_Y, { alpha: 0.5 });
    expect(net.weights()).toEqual(before);
    expect(net.parameters().map((p) => Array.from(p.grad.data))).toEqual(grads);
    expect(step.applied).toBe(false);
    expect(maxDiff(step.updates.W1, step.gradients.W1!.map((r) => r.map((g) => -0.5 * g)))).toBeLessThanOrEqual(1e-16);
  });

  it("reports any optimizer's change as the update, and restores the weights", () => {
    const net = blogNet();
    const before = net.weights();
    const zeroing = { name: "zeroing", step: (ps: readonly { value: { data: Float64Array } }[]) => ps.forEach((p) => p.value.data.fill(0)) };
    const step = trace(net, XOR_X, XOR_Y, { optimizer: zeroing });
    expect(step.updates.W0).toEqual(before[0]!.map((r) => r.map((v) => 0 - v)));
    expect(net.weights()).toEqual(before);
  });

  it("traces networks with biases and other activations", () => {
    const net = new Network({ layers: [3, 5, 2, 1], activation: "tanh", outputActivation: "sigmoid", seed: 3 });
    const step = trace(net, XOR_X, XOR_Y);
    expect(Object.keys(step.layers)).toEqual(["l0", "l1", "l2", "l3"]);
    expect(Object.keys(step.updates)).toEqual(["W0", "b0", "W1", "b1", "W2", "b2"]);
    // bias gradient = column sums of the delta
    const d = step.deltas.l2_delta!;
    expect(step.gradients.b1![0]![1]).toBeCloseTo(d.reduce((s, r) => s + r[1]!, 0), 15);
    // tanh' = 1 - l^2
    const l2 = step.layers.l2!;
    expect(d[0]![0]).toBeCloseTo(step.errors.l2_error![0]![0]! * (1 - l2[0]![0]! ** 2), 15);
    expect(step.loss).toBeCloseTo(net.evaluate(XOR_X, XOR_Y).loss, 15);
  });

  it("rejects bad input with typed errors", () => {
    const net = blogNet();
    expect(() => trace(net, [[1, 2]], [[1]])).toThrow(ShapeError);
    expect(() => trace(net, XOR_X, XOR_Y, { alpha: 1, optimizer: { name: "x", step() {} } })).toThrow(ConfigError);
    expect(() => trace(net, XOR_X, XOR_Y, { alpha: -1 })).toThrow(/alpha must be a finite number > 0, got -1/);
    expect(() => trace(net, XOR_X, XOR_Y, { step: -1 })).toThrow(/step must be an integer >= 0, got -1/);
    expect(() => trace(net, XOR_X, XOR_Y, { optimizer: {} as never })).toThrow(/optimizer must be an object with a step/);
  });
});
