// `trace` (without apply) and `checkGradients` look inside a training step: they must leave the
// network exactly as it was, weights, gradients, batch-norm running statistics and the random
// source's state, so that the next `train` is the one it would have been.
import { describe, expect, it } from "vitest";
import {
  BatchNorm,
  checkGradients,
  ConfigError,
  Dense,
  Dropout,
  Network,
  numpyRandom,
  seededRandom,
  Softmax,
  trace,
  type Random,
} from "../../src/index.js";

const bits = (values: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(values).buffer));

const X = Array.from({ length: 9 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 4) / 4]);
const Y = X.map((_, i) => [i % 3 === 0 ? 1 : 0, i % 3 === 1 ? 1 : 0, i % 3 === 2 ? 1 : 0]);

const build = (random: Random): Network =>
  new Network({
    layers: [
      new Dense({ inputSize: 3, outputSize: 6, activation: "tanh" }),
      new BatchNorm({ size: 6 }),
      new Dropout({ size: 6, rate: 0.3 }),
      new Dense({ inputSize: 6, outputSize: 3, activation: "identity" }),
      new Softmax({ size: 3 }),
    ],
    random,
  });

/** Everything that makes the network what it is, and its random source's next draws. */
function snapshot(net: Network): unknown {
  const bn = net.layers[1] as BatchNorm;
  return {
    values: net.parameters().map((p) => bits(p.value.data)),
    grads: net.parameters().map((p) => bits(p.grad.data)),
    running: [bits(bn.runningMean.data), bits(bn.runningVariance.data)],
    random: net.random.getState!(),
  };
}

describe("trace and checkGradients leave the network as it was", () => {
  for (const [name, random] of [
    ["numpyRandom", () => numpyRandom(3)],
    ["seededRandom", () => seededRandom(3)],
  ] as const) {
    it(`trace without apply (${name}): weights, gradients, running statistics and random state unchanged; the next train is unchanged`, () => {
      const net = build(random());
      const twin = build(random());
      net.train(X, Y, { iterations: 3, batchSize: 4, loss: "crossEntropy" });
      twin.train(X, Y, { iterations: 3, batchSize: 4, loss: "crossEntropy" });
      const before = snapshot(net);
      const step = trace(net, X, Y, { loss: "crossEntropy", alpha: 0.5 });
      expect(step.applied).toBe(false);
      expect(Object.values(step.updates).flat(2).some((u) => u !== 0)).toBe(true);
      expect(snapshot(net)).toEqual(before);
      const a = net.train(X, Y, { iterations: 5, batchSize: 4, loss: "crossEntropy" });
      const b = twin.train(X, Y, { iterations: 5, batchSize: 4, loss: "crossEntropy" });
      expect(bits(a.history.loss)).toEqual(bits(b.history.loss));
    });
  }

  it("trace with apply takes the step: weights, running statistics and draws move on", () => {
    const net = build(numpyRandom(3));
    const before = snapshot(net) as { values: bigint[][]; running: bigint[][]; random: unknown };
    trace(net, X, Y, { loss: "crossEntropy", apply: true });
    const after = snapshot(net) as typeof before;
    expect(after.values).not.toEqual(before.values);
    expect(after.running).not.toEqual(before.running);
    expect(after.random).not.toEqual(before.random);
  });

  it("checkGradients: the same, and it draws nothing (inference behaviour)", () => {
    const net = build(seededRandom(8));
    net.train(X, Y, { iterations: 2, loss: "crossEntropy" });
    const before = snapshot(net);
    const report = checkGradients(net, X, Y, { loss: "crossEntropy" });
    expect(report.maxRelativeError).toBeLessThan(1e-5);
    expect(snapshot(net)).toEqual(before);
  });

  it("a random source without state: trace without apply refuses rather than take draws it cannot put back", () => {
    let s = 1;
    const plain: Random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const net = build(plain);
    expect(() => trace(net, X, Y, { loss: "crossEntropy" })).toThrow(ConfigError);
    expect(() => trace(net, X, Y, { loss: "crossEntropy" })).toThrow(/no state to put back/);
    // a network that draws nothing at training time traces with any source
    const dense = new Network({ layers: [3, 4, 3], random: plain });
    expect(trace(dense, X, Y).applied).toBe(false);
  });
});
