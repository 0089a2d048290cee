// Network.train has two paths: the fused one for Dense-only networks trained by plain gradient
// descent on sse/mse (src/network/dense-chain.ts), and runIteration for everything else. Every
// configuration here is trained both ways, from the same weights; histories, weights, gradients
// and predictions must be equal bit for bit. An empty monitor `{}` forces the general path.
import { describe, expect, it } from "vitest";
import {
  Dense,
  GradientDescent,
  Network,
  Softmax,
  TrainingError,
  exponentialDecay,
  numpyRandom,
  type Layer,
  type TrainOptions,
  type TrainingSummary,
} from "../src/index.js";
import { setWasmMinWork } from "../src/matrix/wasm.js";

const XOR_X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const XOR_Y = [[0], [1], [1], [0]];

/** 7 samples x 3 inputs, 2 targets in (0, 1): an odd count, so mini-batches leave a partial one. */
const X7 = [[0.1, 0.9, 0.3], [0.5, 0.2, 0.8], [0.9, 0.4, 0.1], [0.3, 0.3, 0.7], [0.7, 0.8, 0.5], [0.2, 0.6, 0.9], [0.8, 0.1, 0.4]];
const Y7 = [[0.2, 0.8], [0.6, 0.1], [0.9, 0.5], [0.4, 0.3], [0.7, 0.9], [0.1, 0.6], [0.5, 0.4]];

/** The IEEE-754 bit patterns, so that -0 vs 0 and NaN payloads count too. */
const bits = (values: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(values).buffer));

/** The chain of each network when `tookFusedPath` last looked. */
const chainsSeen = new WeakMap<Network, unknown>();

/**
 * Whether `net` trained on the fused path since the last call for it (call it after every train).
 * Every fused run leaves a new run object in `lastChain`; the general path leaves it as it was.
 */
const tookFusedPath = (net: Network): boolean => {
  const chain = (net as unknown as { lastChain?: unknown }).lastChain;
  const before = chainsSeen.get(net);
  chainsSeen.set(net, chain);
  return chain !== undefined && chain !== before;
};

type Build = () => Network;

function trainBothWays(build: Build, X: number[][], y: number[][], options: TrainOptions, fused = true): [TrainingSummary, TrainingSummary] {
  const fast = build();
  const slow = build();
  const a = fast.train(X, y, options);
  expect(tookFusedPath(fast)).toBe(fused);
  const b = slow.train(X, y, { ...options, monitors: [{}] });
  expect(tookFusedPath(slow)).toBe(false);
  expect(a.iterations).toBe(b.iterations);
  expect(a.steps).toBe(b.steps);
  expect(a.stoppedEarly).toBe(b.stoppedEarly);
  expect(a.stopReason).toBe(b.stopReason);
  expect(bits([a.loss, a.meanAbsoluteError])).toEqual(bits([b.loss, b.meanAbsoluteError]));
  expect(bits(a.history.loss)).toEqual(bits(b.history.loss));
  expect(bits(a.history.meanAbsoluteError)).toEqual(bits(b.history.meanAbsoluteError));
  const pa = fast.parameters();
  const pb = slow.parameters();
  expect(pa.map((p) => p.name)).toEqual(pb.map((p) => p.name));
  for (let i = 0; i < pa.length; i++) {
    expect(bits(pa[i]!.value.data)).toEqual(bits(pb[i]!.value.data));
    expect(bits(pa[i]!.grad.data)).toEqual(bits(pb[i]!.grad.data));
  }
  expect(bits(fast.predict(X).flat())).toEqual(bits(slow.predict(X).flat()));
  // a second run continues from the trained weights and reuses the first run's buffers
  const a2 = fast.train(X, y, options);
  expect(tookFusedPath(fast)).toBe(fused);
  const b2 = slow.train(X, y, { ...options, monitors: [{}] });
  expect(tookFusedPath(slow)).toBe(false);
  expect(bits(a2.history.loss)).toEqual(bits(b2.history.loss));
  expect(bits(a2.history.meanAbsoluteError)).toEqual(bits(b2.history.meanAbsoluteError));
  expect(bits(fast.predict(X).flat())).toEqual(bits(slow.predict(X).flat()));
  return [a, b];
}

describe("fused Dense training path: same results as the general path", () => {
  it("the blog's XOR net (W1): sigmoid, no bias, sse, alpha 1, full batch", () => {
    const [a] = trainBothWays(() => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) }), XOR_X, XOR_Y, {
      iterations: 3000,
      alpha: 1,
      loss: "sse",
    });
    expect(a.history.meanAbsoluteError[0]).toBe(0.49641003190272537);
  });

  it("tanh hidden, sigmoid output, with bias, mse, full batch", () => {
    trainBothWays(() => new Network({ layers: [3, 5, 2], activation: "tanh", outputActivation: "sigmoid", seed: 3 }), X7, Y7, {
      iterations: 500,
      alpha: 0.5,
      loss: "mse",
    });
  });

  it("relu hidden, identity output, with bias, sse, explicit GradientDescent", () => {
    trainBothWays(() => new Network({ layers: [3, 6, 2], activation: "relu", outputActivation: "identity", seed: 11 }), X7, Y7, {
      iterations: 300,
      optimizer: new GradientDescent({ alpha: 0.01 }),
    });
  });

  it("three Dense layers with different activations, leakyRelu, no bias", () => {
    const build = (): Network =>
      new Network({
        layers: [
          new Dense({ inputSize: 3, outputSize: 6, activation: "leakyRelu", bias: false }),
          new Dense({ inputSize: 6, outputSize: 5, activation: "tanh", bias: true }),
          new Dense({ inputSize: 5, outputSize: 2, activation: "sigmoid", bias: false }),
        ],
        seed: 5,
      });
    trainBothWays(build, X7, Y7, { iterations: 400, alpha: 0.2, loss: "sse" });
  });

  it("a single layer (the input layer is the output layer): the blog's first program", () => {
    trainBothWays(() => new Network({ layers: [3, 1], bias: false, random: numpyRandom(1) }), XOR_X, [[0], [0], [1], [1]], { iterations: 500 });
    trainBothWays(() => new Network({ layers: [3, 2], activation: "tanh", seed: 8 }), X7, Y7, { iterations: 100, batchSize: 3, loss: "mse", alpha: 0.4 });
  });

  it("three hidden layers (the step's loop over hidden layers), bias on some, mini-batches", () => {
    const build = (): Network =>
      new Network({
        layers: [
          new Dense({ inputSize: 3, outputSize: 5, activation: "tanh", bias: true }),
          new Dense({ inputSize: 5, outputSize: 4, activation: "sigmoid", bias: false }),
          new Dense({ inputSize: 4, outputSize: 6, activation: "relu", bias: true }),
          new Dense({ inputSize: 6, outputSize: 3, activation: "leakyRelu", bias: true }),
          new Dense({ inputSize: 3, outputSize: 2, activation: "sigmoid", bias: true }),
        ],
        seed: 17,
      });
    trainBothWays(build, X7, Y7, { iterations: 300, alpha: 0.3, loss: "sse" });
    trainBothWays(build, X7, Y7, { iterations: 100, batchSize: 4, loss: "mse", alpha: 0.5 });
  });

  it("one network trained with changing loss, alpha and batch size reuses its steps and stays equal", () => {
    const fast = new Network({ layers: [3, 4, 2], seed: 6 });
    const slow = new Network({ layers: [3, 4, 2], seed: 6 });
    const runs: TrainOptions[] = [
      { iterations: 50, alpha: 0.5 },
      { iterations: 40, alpha: 0.2, loss: "mse", batchSize: 3 },
      { iterations: 30, alpha: 0.9, batchSize: 2, shuffle: false },
      { iterations: 50, alpha: 0.5 },
      { iterations: 20, alpha: 0.3, loss: "mse" },
    ];
    for (const options of runs) {
      const a = fast.train(X7, Y7, options);
      expect(tookFusedPath(fast)).toBe(true);
      const b = slow.train(X7, Y7, { ...options, monitors: [{}] });
      expect(a.steps).toBe(b.steps);
      expect(bits(a.history.loss)).toEqual(bits(b.history.loss));
      expect(bits(a.history.meanAbsoluteError)).toEqual(bits(b.history.meanAbsoluteError));
      expect(bits(fast.predict(X7).flat())).toEqual(bits(slow.predict(X7).flat()));
    }
  });

  it("with every product on the WebAssembly kernel, and with none", () => {
    const build = (): Network => new Network({ layers: [3, 6, 5, 2], activation: "tanh", outputActivation: "sigmoid", seed: 12 });
    const previous = setWasmMinWork(0);
    try {
      trainBothWays(build, X7, Y7, { iterations: 80, alpha: 0.3, batchSize: 4, loss: "mse" });
      setWasmMinWork(Infinity);
      trainBothWays(build, X7, Y7, { iterations: 80, alpha: 0.3, batchSize: 4, loss: "mse" });
      // switching between runs of one network: its steps are rebuilt for the other kernels
      const net = build();
      const ref = build();
      for (const work of [0, Infinity, 0]) {
        setWasmMinWork(work);
        net.train(X7, Y7, { iterations: 30, alpha: 0.3 });
        expect(tookFusedPath(net)).toBe(true);
        ref.train(X7, Y7, { iterations: 30, alpha: 0.3, monitors: [{}] });
        expect(bits(net.predict(X7).flat())).toEqual(bits(ref.predict(X7).flat()));
      }
    } finally {
      setWasmMinWork(previous);
    }
  });

  it("mini-batches in order, with a partial last batch", () => {
    trainBothWays(() => new Network({ layers: [3, 4, 2], seed: 9 }), X7, Y7, { iterations: 200, batchSize: 3, shuffle: false, loss: "mse", alpha: 0.7 });
  });

  it("shuffled mini-batches draw the same order from the network's random source", () => {
    trainBothWays(() => new Network({ layers: [3, 4, 2], activation: "tanh", seed: 21 }), X7, Y7, { iterations: 150, batchSize: 2, alpha: 0.3 });
  });

  it("more than 128 outputs in a batch: the error sum takes numpy's pairwise order", () => {
    const X = Array.from({ length: 70 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]);
    const y = X.map(([a, b, c]) => [1 / (1 + Math.exp(-(a! - b!))), (c! + 1) / 2]);
    trainBothWays(() => new Network({ layers: [3, 8, 2], seed: 13 }), X, y, { iterations: 60, alpha: 0.02 });
    trainBothWays(() => new Network({ layers: [3, 8, 2], seed: 13 }), X, y, { iterations: 20, batchSize: 16, loss: "mse", alpha: 0.5 });
  });

  it("batches of one sample, and a batch size larger than the data", () => {
    trainBothWays(() => new Network({ layers: [3, 3, 1], seed: 4 }), XOR_X, XOR_Y, { iterations: 100, batchSize: 1, alpha: 0.5 });
    trainBothWays(() => new Network({ layers: [3, 3, 1], seed: 4 }), XOR_X, XOR_Y, { iterations: 100, batchSize: 50, alpha: 0.5 });
  });

  it("onProgress sees the same values and can stop both the same way", () => {
    const seen: number[][] = [[], []];
    let which = 0;
    const options: TrainOptions = {
      iterations: 1000,
      progressEvery: 7,
      onProgress: (p) => {
        seen[which]!.push(p.iteration, p.loss, p.meanAbsoluteError);
        return p.iteration < 300;
      },
    };
    const fast = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const slow = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const a = fast.train(XOR_X, XOR_Y, options);
    which = 1;
    const b = slow.train(XOR_X, XOR_Y, { ...options, monitors: [{}] });
    expect(tookFusedPath(fast)).toBe(true);
    expect(a.stopReason).toBe("onProgress");
    expect(a.iterations).toBe(b.iterations);
    expect(bits(seen[0]!)).toEqual(bits(seen[1]!));
    expect(bits(a.history.loss)).toEqual(bits(b.history.loss));
  });

  it("divergence throws the same TrainingError at the same iteration, with the same weights", () => {
    const errors: unknown[] = [];
    const nets = [0, 1].map(() => new Network({ layers: [3, 4, 1], activation: "identity", seed: 2 }));
    const big = [[1e150, 1e150, 1e150]];
    for (const [i, net] of nets.entries()) {
      try {
        net.train(big, [[1]], { iterations: 50, alpha: 1, ...(i === 1 ? { monitors: [{}] } : {}) });
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(TrainingError);
    expect((errors[0] as Error).message).toBe((errors[1] as Error).message);
    expect((errors[0] as TrainingError).iteration).toBe((errors[1] as TrainingError).iteration);
    const [pa, pb] = nets.map((n) => n.parameters());
    for (let i = 0; i < pa!.length; i++) expect(bits(pa![i]!.value.data)).toEqual(bits(pb![i]!.value.data));
  });

  it("anything else takes the general path", () => {
    const plain = (): Network => new Network({ layers: [3, 4, 1], seed: 1 });
    const general: TrainOptions[] = [
      { iterations: 20, monitors: [{}] },
      { iterations: 20, regularization: { l2: 0.01 } },
      { iterations: 20, clipValue: 0.5 },
      { iterations: 20, clipNorm: 0.5 },
      { iterations: 20, earlyStopping: { lossBelow: 1e-9 } },
      { iterations: 20, optimizer: new GradientDescent({ alpha: exponentialDecay({ alpha: 0.5, rate: 0.9 }) }) },
      { iterations: 20, loss: { name: "mySse", value: () => 0, gradient: (g) => g.data.fill(0) } },
    ];
    for (const options of general) {
      const net = plain();
      net.train(XOR_X, XOR_Y, options);
      expect(tookFusedPath(net)).toBe(false);
    }
    class MyDense extends Dense {}
    const odd: Layer[][] = [
      [new MyDense({ inputSize: 3, outputSize: 1 })],
      [new Dense({ inputSize: 3, outputSize: 1, activation: { name: "half", apply: (x) => x / 2, derivative: () => 0.5 } })],
      [new Dense({ inputSize: 3, outputSize: 2, activation: "identity" }), new Softmax({ size: 2 })],
    ];
    for (const layers of odd) {
      const net = new Network({ layers, seed: 1 });
      net.train(XOR_X, layers.length === 2 ? [[1, 0], [0, 1], [0, 1], [1, 0]] : XOR_Y, { iterations: 5 });
      expect(tookFusedPath(net)).toBe(false);
    }
  });

  it("a general-path run after a fused one on the same network is reported as general", () => {
    const net = new Network({ layers: [3, 4, 1], seed: 1 });
    net.train(XOR_X, XOR_Y, { iterations: 5 });
    expect(tookFusedPath(net)).toBe(true);
    net.train(XOR_X, XOR_Y, { iterations: 5, clipValue: 1 });
    expect(tookFusedPath(net)).toBe(false);
  });

  it("a subclassed GradientDescent is used as it is", () => {
    class Halving extends GradientDescent {
      override step(parameters: Parameters<GradientDescent["step"]>[0], step = 0): void {
        super.step(parameters, step);
        for (const p of parameters) p.value.data.forEach((v, i, d) => (d[i] = v / 2));
      }
    }
    const net = new Network({ layers: [3, 4, 1], seed: 1 });
    net.train(XOR_X, XOR_Y, { iterations: 5, optimizer: new Halving({ alpha: 0.1 }) });
    expect(tookFusedPath(net)).toBe(false);
  });
});
