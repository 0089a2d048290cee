// Every layer, loss and training-path gradient against central finite differences.
import { describe, expect, it } from "vitest";
import {
  BatchNorm,
  crossEntropy,
  Dense,
  Dropout,
  fromRows,
  Network,
  regularizationPenalty,
  seededRandom,
  Softmax,
  type Optimizer,
  type Parameter,
} from "tinynn";
import { checkLayer, checkOutputGradient, checkParameters } from "./finite-difference.js";

const X = [
  [0.5, -1.2, 0.3],
  [1.5, 0.2, -0.7],
  [-0.4, 0.9, 1.1],
  [0.1, -0.3, -1.6],
];

// Collected for the report: name -> max relative error.
export const measured: Record<string, number> = {};

describe("layer gradients (finite differences, h = 1e-6)", () => {
  it("Softmax: Jacobian backward", () => {
    const r = checkLayer(new Softmax({ size: 3 }), X);
    measured.softmax = r.maxRelError;
    expect(r.count).toBe(12);
    expect(r.maxRelError).toBeLessThan(1e-7);
  });

  it("Dropout (training, same mask replayed for every evaluation)", () => {
    const layer = new Dropout({ size: 3, rate: 0.4 });
    const r = checkLayer(layer, X, { beforeForward: () => layer.setRandom(seededRandom(11)) });
    measured.dropout = r.maxRelError;
    expect(r.maxRelError).toBeLessThan(1e-7);
    // some units really were dropped and the rest scaled by 1/(1-0.4)
    layer.setRandom(seededRandom(11));
    const out = layer.forward(fromRows(X), true).data;
    const ratios = Array.from(out, (v, i) => v / fromRows(X).data[i]!);
    expect(ratios.filter((q) => q === 0).length).toBeGreaterThan(0);
    for (const q of ratios) expect(q === 0 || Math.abs(q - 1 / 0.6) < 1e-12).toBe(true);
  });

  it("BatchNorm in training mode (through the batch statistics) and inference mode", () => {
    const bn = new BatchNorm({ size: 3 });
    bn.gamma.value.data.set([1.5, -0.7, 0.9]);
    bn.beta.value.data.set([0.1, 0.2, -0.3]);
    const r = checkLayer(bn, X, { training: true });
    measured.batchNormTraining = r.maxRelError;
    expect(r.count).toBe(12 + 6);
    expect(r.maxRelError).toBeLessThan(1e-6);
    const ri = checkLayer(bn, X, { training: false });
    measured.batchNormInference = ri.maxRelError;
    expect(ri.maxRelError).toBeLessThan(1e-7);
  });

  it("Dense with bias and tanh (the existing layer, as a control)", () => {
    const d = new Dense({ inputSize: 3, outputSize: 2, activation: "tanh" });
    d.initialize(seededRandom(5));
    const r = checkLayer(d, X);
    measured.dense = r.maxRelError;
    expect(r.maxRelError).toBeLessThan(1e-7);
  });
});

describe("loss gradients", () => {
  const p = fromRows([
    [0.2, 0.5, 0.3],
    [0.7, 0.1, 0.2],
  ]);
  const y = fromRows([
    [0, 1, 0],
    [0, 0, 1],
  ]);

  it("crossEntropy value is -1/n Σ y ln p", () => {
    expect(crossEntropy.value(p, y)).toBeCloseTo(-(Math.log(0.5) + Math.log(0.2)) / 2, 15);
  });

  it("crossEntropy gradient -y/(n p) matches finite differences", () => {
    const r = checkOutputGradient((o) => crossEntropy.value(o, y), (g, o) => crossEntropy.gradient(g, o, y), p);
    measured.crossEntropy = r.maxRelError;
    expect(r.maxRelError).toBeLessThan(1e-7);
  });

  it("fused softmax + crossEntropy gradient (p - y)/n is d CE(softmax(z)) / dz", () => {
    const z = fromRows([
      [0.3, -1.1, 2.0],
      [1.2, 0.4, -0.5],
    ]);
    const s = new Softmax({ size: 3 });
    const r = checkOutputGradient(
      (zz) => crossEntropy.value(s.forward(zz, true), y),
      (g, zz) => crossEntropy.fusedGradient!(g, s.forward(zz, true), y),
      z,
    );
    measured.fusedSoftmaxCrossEntropy = r.maxRelError;
    expect(r.maxRelError).toBeLessThan(1e-7);
  });
});

// Captures each parameter's grad as train() hands it to the optimizer, without updating.
function capturedGradients(net: Network, Xs: number[][], ys: number[][], options: object): { grads: Float64Array[]; loss: number } {
  let grads: Float64Array[] = [];
  let loss = Number.NaN;
  const noop: Optimizer = { name: "noop", step: () => undefined };
  net.train(Xs, ys, {
    ...options,
    iterations: 1,
    optimizer: noop,
    monitors: [{ beforeUpdate: (info) => ((grads = info.parameters.map((q: Parameter) => Float64Array.from(q.grad.data))), (loss = info.loss)) }],
  });
  return { grads, loss };
}

describe("whole-network gradients as train() computes them", () => {
  const Y3 = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [0, 1, 0],
  ];

  it("softmax output + crossEntropy takes the fused path and its gradient is right", () => {
    const net = new Network({ layers: [3, 5, 3], activation: "tanh", outputActivation: "softmax", seed: 2 });
    expect(net.layers.map((l) => l.type)).toEqual(["dense", "dense", "softmax"]);
    const { grads, loss } = capturedGradients(net, X, Y3, { loss: "crossEntropy" });
    expect(loss).toBeCloseTo(net.evaluate(X, Y3, "crossEntropy").loss, 14);
    const r = checkParameters(net.parameters(), grads, () => net.evaluate(X, Y3, "crossEntropy").loss);
    measured.networkSoftmaxCE = r.maxRelError;
    expect(r.maxRelError).toBeLessThan(1e-6);
  });

  it("L1 + L2 regularization is in the loss and its gradient (weights only by default)", () => {
    const net = new Network({ layers: [3, 4, 3], activation: "sigmoid", outputActivation: "softmax", seed: 4 });
    const reg = { l1: 0.01, l2: 0.05 };
    const { grads, loss } = capturedGradients(net, X, Y3, { loss: "crossEntropy", regularization: reg });
    const total = (): number => net.evaluate(X, Y3, "crossEntropy").loss + regularizationPenalty(net.parameters(), reg);
    expect(loss).toBeCloseTo(total(), 14);
    const r = checkParameters(net.parameters(), grads, total);
    measured.regularization = r.maxRelError;
    expect(r.maxRelError).toBeLessThan(1e-6);
    // biases untouched: their grads equal the unregularized ones
    const plain = capturedGradients(net, X, Y3, { loss: "crossEntropy" });
    net.parameters().forEach((q, k) => {
      if (q.isWeight) expect(grads[k]).not.toEqual(plain.grads[k]);
      else expect(grads[k]).toEqual(plain.grads[k]);
    });
  });

  it("regularization with bias: true penalizes biases too; penalty formula by hand", () => {
    const net = new Network({ layers: [1, 1], activation: "identity", seed: 1 });
    net.parameters()[0]!.value.data[0] = -2;
    net.parameters()[1]!.value.data[0] = 3;
    expect(regularizationPenalty(net.parameters(), { l1: 0.1, l2: 0.2 })).toBeCloseTo(0.1 * 2 + 0.1 * 4, 15);
    expect(regularizationPenalty(net.parameters(), { l1: 0.1, l2: 0.2, bias: true })).toBeCloseTo(0.1 * 5 + 0.1 * 13, 15);
  });

  it("a network with BatchNorm and Dropout layers trains through them (gradients exact when dropout rate is 0)", () => {
    const layers = [
      new Dense({ inputSize: 3, outputSize: 4, activation: "identity" }),
      new BatchNorm({ size: 4 }),
      new Dropout({ size: 4, rate: 0 }),
      new Dense({ inputSize: 4, outputSize: 1, activation: "sigmoid" }),
    ];
    const net = new Network({ layers, seed: 9 });
    const ys = [[1], [0], [0], [1]];
    const { grads } = capturedGradients(net, X, ys, { loss: "mse" });
    // the training-mode loss, recomputed by hand through the layers
    const lossTraining = (): number => {
      let a = fromRows(X);
      for (const l of net.layers) a = l.forward(a, true);
      let s = 0;
      for (let i = 0; i < 4; i++) s += (a.data[i]! - ys[i]![0]!) ** 2;
      return s / 8;
    };
    const r = checkParameters(net.parameters(), grads, lossTraining);
    measured.networkBatchNorm = r.maxRelError;
    expect(r.maxRelError).toBeLessThan(1e-6);
  });
});

describe("report", () => {
  it("prints the measured max relative errors", () => {
    if (process.env.TINYNN_REPORT) console.log(JSON.stringify(measured));
    expect(Object.keys(measured).length).toBeGreaterThan(8);
  });
});
