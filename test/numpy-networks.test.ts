// tinynn against numpy on other seeds, depths, output counts, biases, losses, activations,
// mini-batches and data sets (test/fixtures/numpy-networks.json, written by
// test/fixtures/generate/numpy_reference.py with tinynn's semantics in numpy).
import { describe, expect, it } from "vitest";
import { Network, numpyRandom, type ActivationName } from "tinynn";
import { fixture, maxAbsDiff, type Rows } from "./golden.js";

interface Case {
  name: string;
  seed: number;
  layers: number[];
  X: Rows;
  y: Rows;
  activation: ActivationName;
  outputActivation: ActivationName | "softmax";
  bias: boolean;
  loss: "sse" | "mse";
  alpha: number;
  iterations: number;
  batchSize: number | null;
  initial: Rows[];
  history: number[];
  final: Rows[];
  predictions: Rows;
}

const { cases } = fixture<{ cases: Case[] }>("numpy-networks");

describe("tinynn matches numpy", () => {
  for (const c of cases) {
    it(c.name, () => {
      const net = new Network({
        layers: c.layers,
        activation: c.activation,
        outputActivation: c.outputActivation,
        bias: c.bias,
        random: numpyRandom(c.seed),
      });
      const params = () => {
        const p = net.parameters();
        return [...p.filter((q) => q.isWeight), ...p.filter((q) => !q.isWeight)].map((q) => Array.from({ length: q.value.shape[0]! }, (_, i) => Array.from({ length: q.value.shape[1]! }, (_, j) => q.value.get(i, j))));
      };
      expect(params()).toEqual(c.initial); // bit for bit
      const summary = net.train(c.X, c.y, {
        iterations: c.iterations,
        alpha: c.alpha,
        loss: c.loss,
        ...(c.batchSize === null ? {} : { batchSize: c.batchSize, shuffle: false }),
      });
      const dev = Math.max(...summary.history.meanAbsoluteError.map((e, i) => Math.abs(e - c.history[i]!)));
      expect(dev).toBeLessThanOrEqual(1e-12);
      params().forEach((m, k) => expect(maxAbsDiff(m, c.final[k]!)).toBeLessThanOrEqual(1e-12));
      expect(maxAbsDiff(net.predict(c.X), c.predictions)).toBeLessThanOrEqual(1e-12);
    });
  }
});
