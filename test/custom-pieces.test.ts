// One engine for every configuration: a user's activation, optimizer, layer or loss that computes
// what a built-in one computes takes the same training path and gives the same bits. Each case
// trains the same network twice from the same weights, once with the built-in pieces and once with
// hand-written ones, and compares histories, weights, gradients and predictions bit for bit.
import { describe, expect, it } from "vitest";
import {
  Adam,
  Dense,
  GradientDescent,
  Network,
  numpyRandom,
  Softmax,
  TrainingError,
  zeros,
  type Activation,
  type ActivationName,
  type Layer,
  type LayerJSON,
  type Loss,
  type Matrix,
  type Optimizer,
  type Parameter,
  type Random,
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

// ---- the user's pieces, written as a student would, from the formulas -------------------------

const userActivations: Record<string, Activation> = {
  sigmoid: { name: "userSigmoid", apply: (x) => 1 / (1 + Math.exp(-x)), derivative: (_x, y) => y * (1 - y) },
  tanh: { name: "userTanh", apply: (x) => Math.tanh(x), derivative: (_x, y) => 1 - y * y },
  relu: { name: "userRelu", apply: (x) => (x > 0 ? x : 0), derivative: (x) => (x > 0 ? 1 : 0) },
  leakyRelu: { name: "userLeaky", apply: (x) => (x > 0 ? x : 0.01 * x), derivative: (x) => (x > 0 ? 1 : 0.01) },
  identity: { name: "userIdentity", apply: (x) => x, derivative: () => 1 },
};

/** θ <- θ - α g, by hand. */
function userGradientDescent(alpha: number): Optimizer {
  return {
    name: "userGD",
    step(parameters) {
      for (const p of parameters) {
        const v = p.value.data;
        const g = p.grad.data;
        for (let i = 0; i < v.length; i++) v[i]! -= alpha * g[i]!;
      }
    },
  };
}

/** sse by hand: L = 1/2 Σ e², dL/do = e. */
const userSse: Loss = {
  name: "userSse",
  value(o, t) {
    let s = 0;
    for (let i = 0; i < o.data.length; i++) {
      const e = o.data[i]! - t.data[i]!;
      s += e * e;
    }
    return 0.5 * s;
  },
  gradient(g, o, t) {
    for (let i = 0; i < o.data.length; i++) g.data[i] = o.data[i]! - t.data[i]!;
  },
};

/**
 * A fully connected layer written from the formulas with plain loops over `get` / `set`:
 * z = x W + b, a = f(z); delta = g ⊙ f'(z, a), dW = xᵀ delta, db = Σ delta, dx = delta Wᵀ. Every
 * sum starts from its first term and runs left to right, as the built-in kernels do.
 */
class UserDense implements Layer {
  readonly type = "userDense";
  readonly parameters: readonly Parameter[];
  readonly weights: Parameter;
  readonly bias: Parameter | undefined;
  private x: Matrix | undefined;
  private z: Matrix | undefined;
  private a: Matrix | undefined;

  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
    private readonly f: Activation,
    withBias: boolean,
  ) {
    this.weights = { name: "W", isWeight: true, value: zeros(inputSize, outputSize), grad: zeros(inputSize, outputSize) };
    this.bias = withBias ? { name: "b", isWeight: false, value: zeros(1, outputSize), grad: zeros(1, outputSize) } : undefined;
    this.parameters = this.bias ? [this.weights, this.bias] : [this.weights];
  }

  initialize(random: Random): void {
    for (const p of this.parameters) for (let i = 0; i < p.value.data.length; i++) p.value.data[i] = 2 * random() - 1;
  }

  forward(x: Matrix, _training: boolean): Matrix {
    const n = x.shape[0]!;
    const W = this.weights.value;
    const z = zeros(n, this.outputSize);
    const a = zeros(n, this.outputSize);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < this.outputSize; j++) {
        let s = x.get(i, 0) * W.get(0, j);
        for (let k = 1; k < this.inputSize; k++) s += x.get(i, k) * W.get(k, j);
        if (this.bias) s += this.bias.value.get(0, j);
        z.set(i, j, s);
        a.set(i, j, this.f.apply(s));
      }
    }
    this.x = x;
    this.z = z;
    this.a = a;
    return a;
  }

  backward(g: Matrix, needInputGradient: boolean): Matrix | undefined {
    const x = this.x!;
    const n = x.shape[0]!;
    const delta = zeros(n, this.outputSize);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < this.outputSize; j++) delta.set(i, j, g.get(i, j) * this.f.derivative(this.z!.get(i, j), this.a!.get(i, j)));
    }
    const gW = this.weights.grad;
    for (let k = 0; k < this.inputSize; k++) {
      for (let j = 0; j < this.outputSize; j++) {
        let s = x.get(0, k) * delta.get(0, j);
        for (let i = 1; i < n; i++) s += x.get(i, k) * delta.get(i, j);
        gW.set(k, j, s);
      }
    }
    if (this.bias) {
      for (let j = 0; j < this.outputSize; j++) {
        let s = delta.get(0, j);
        for (let i = 1; i < n; i++) s += delta.get(i, j);
        this.bias.grad.set(0, j, s);
      }
    }
    if (!needInputGradient) return undefined;
    const W = this.weights.value;
    const dx = zeros(n, this.inputSize);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < this.inputSize; k++) {
        let s = delta.get(i, 0) * W.get(k, 0);
        for (let j = 1; j < this.outputSize; j++) s += delta.get(i, j) * W.get(k, j);
        dx.set(i, k, s);
      }
    }
    return dx;
  }

  toJSON(): LayerJSON {
    return { type: this.type };
  }
}

// ---- the comparison ---------------------------------------------------------------------------

interface Spec {
  sizes: number[];
  activations: ActivationName[];
  bias: boolean[];
  seed: number;
}

/** The network of `spec` with built-in Dense layers, or with the user's layers and activations. */
function build(spec: Spec, user: "none" | "activation" | "layer"): Network {
  const layers: Layer[] = spec.activations.map((name, l) => {
    const [inputSize, outputSize] = [spec.sizes[l]!, spec.sizes[l + 1]!];
    if (user === "layer") return new UserDense(inputSize, outputSize, userActivations[name]!, spec.bias[l]!);
    return new Dense({ inputSize, outputSize, bias: spec.bias[l]!, activation: user === "activation" ? userActivations[name]! : name });
  });
  return new Network({ layers, random: numpyRandom(spec.seed) });
}

function expectSameSummary(a: TrainingSummary, b: TrainingSummary): void {
  expect(a.iterations).toBe(b.iterations);
  expect(a.steps).toBe(b.steps);
  expect(bits(a.history.loss)).toEqual(bits(b.history.loss));
  expect(bits(a.history.meanAbsoluteError)).toEqual(bits(b.history.meanAbsoluteError));
}

function expectSameRun(a: TrainingSummary, b: TrainingSummary, na: Network, nb: Network, X: number[][]): void {
  expectSameSummary(a, b);
  expectSameNetwork(na, nb, X);
}

function expectSameNetwork(na: Network, nb: Network, X: number[][]): void {
  const pa = na.parameters();
  const pb = nb.parameters();
  expect(pa.map((p) => p.name)).toEqual(pb.map((p) => p.name));
  for (let i = 0; i < pa.length; i++) {
    expect(bits(pa[i]!.value.data)).toEqual(bits(pb[i]!.value.data));
    expect(bits(pa[i]!.grad.data)).toEqual(bits(pb[i]!.grad.data));
  }
  expect(bits(na.predict(X).flat())).toEqual(bits(nb.predict(X).flat()));
}

/** Trains the built-in network and each user variant with the same options; all must agree bit for bit, twice in a row. */
function compare(spec: Spec, X: number[][], y: number[][], options: TrainOptions & { alpha?: number }): TrainingSummary {
  const reference = build(spec, "none");
  const first = reference.train(X, y, options);
  const second = reference.train(X, y, options);
  const { alpha = 1, ...rest } = options;
  const withOptimizer: TrainOptions = { ...rest, optimizer: userGradientDescent(alpha) };
  const variants: [string, Network, TrainOptions][] = [
    ["user activation", build(spec, "activation"), options],
    ["user optimizer", build(spec, "none"), withOptimizer],
    ["user layer", build(spec, "layer"), options],
    ["all three", build(spec, "layer"), withOptimizer],
  ];
  for (const [, net, clean] of variants) {
    expectSameSummary(first, net.train(X, y, clean));
    // the next run continues from the trained weights with the plan kept from the first
    expectSameSummary(second, net.train(X, y, clean));
    expectSameNetwork(reference, net, X);
  }
  return first;
}

describe("your pieces equal to the built-ins give the same bits", () => {
  it("the blog's XOR network: sigmoid, no bias, sse, alpha 1, full batch", () => {
    const s = compare({ sizes: [3, 4, 1], activations: ["sigmoid", "sigmoid"], bias: [false, false], seed: 1 }, XOR_X, XOR_Y, {
      iterations: 2000,
      alpha: 1,
    });
    expect(s.history.meanAbsoluteError[0]).toBe(0.49641003190272537);
  });

  it("tanh hidden, sigmoid output, with bias, mse", () => {
    compare({ sizes: [3, 5, 2], activations: ["tanh", "sigmoid"], bias: [true, true], seed: 3 }, X7, Y7, { iterations: 300, alpha: 0.5, loss: "mse" });
  });

  it("relu and leakyRelu hidden layers, identity output, some biases, sse", () => {
    compare({ sizes: [3, 6, 5, 2], activations: ["relu", "leakyRelu", "identity"], bias: [true, false, true], seed: 11 }, X7, Y7, {
      iterations: 200,
      alpha: 0.01,
    });
  });

  it("a single layer (the blog's first program)", () => {
    compare({ sizes: [3, 1], activations: ["sigmoid"], bias: [false], seed: 1 }, XOR_X, [[0], [0], [1], [1]], { iterations: 300 });
  });

  it("mini-batches in order with a partial last batch, and shuffled ones", () => {
    const spec: Spec = { sizes: [3, 4, 2], activations: ["tanh", "sigmoid"], bias: [true, true], seed: 9 };
    compare(spec, X7, Y7, { iterations: 60, batchSize: 3, shuffle: false, loss: "mse", alpha: 0.7 });
    compare(spec, X7, Y7, { iterations: 60, batchSize: 2, alpha: 0.3 });
    compare(spec, X7, Y7, { iterations: 30, batchSize: 1, alpha: 0.3 });
  });

  it("more than 128 outputs in a batch: the error sum takes numpy's pairwise order", () => {
    const X = Array.from({ length: 70 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]);
    const y = X.map(([a, b, c]) => [1 / (1 + Math.exp(-(a! - b!))), (c! + 1) / 2]);
    compare({ sizes: [3, 8, 2], activations: ["sigmoid", "sigmoid"], bias: [true, true], seed: 13 }, X, y, { iterations: 30, alpha: 0.02 });
  });

  it("with every product on the WebAssembly kernel, and with none", () => {
    const spec: Spec = { sizes: [3, 6, 5, 2], activations: ["tanh", "relu", "sigmoid"], bias: [true, true, true], seed: 12 };
    const previous = setWasmMinWork(0);
    try {
      const onWasm = compare(spec, X7, Y7, { iterations: 40, alpha: 0.3, batchSize: 4, loss: "mse" });
      setWasmMinWork(Infinity);
      const onJs = compare(spec, X7, Y7, { iterations: 40, alpha: 0.3, batchSize: 4, loss: "mse" });
      expect(bits(onWasm.history.loss)).toEqual(bits(onJs.history.loss));
    } finally {
      setWasmMinWork(previous);
    }
  });

  it("a loss of yours equal to sse gives sse's bits (through value and gradient, not the fused head)", () => {
    const a = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const b = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const sa = a.train(XOR_X, XOR_Y, { iterations: 500, loss: "sse" });
    const sb = b.train(XOR_X, XOR_Y, { iterations: 500, loss: userSse });
    expectSameRun(sa, sb, a, b, XOR_X);
  });

  it("a cross-entropy of yours fused with Softmax (fusedLayer, fusedGradient) gives the built-in's bits", () => {
    const userCrossEntropy: Loss = {
      name: "userCrossEntropy",
      value(o, t) {
        const n = o.shape[0]!;
        let s = 0;
        for (let i = 0; i < o.data.length; i++) if (t.data[i] !== 0) s -= t.data[i]! * Math.log(Math.max(o.data[i]!, 1e-15));
        return s / n;
      },
      gradient(g, o, t) {
        for (let i = 0; i < o.data.length; i++) g.data[i] = -t.data[i]! / (o.shape[0]! * Math.max(o.data[i]!, 1e-15));
      },
      fusedLayer: "softmax",
      fusedGradient(g, o, t) {
        for (let i = 0; i < o.data.length; i++) g.data[i] = (o.data[i]! - t.data[i]!) / o.shape[0]!;
      },
    };
    const Y3 = Y7.map(([p]) => (p! < 0.35 ? [1, 0, 0] : p! < 0.65 ? [0, 1, 0] : [0, 0, 1]));
    const make = (): Network => new Network({ layers: [3, 6, 3], activation: "tanh", outputActivation: "softmax", seed: 5 });
    const a = make();
    const b = make();
    const options: TrainOptions = { iterations: 40, batchSize: 3, alpha: 0.3 };
    expectSameRun(a.train(X7, Y3, { ...options, loss: "crossEntropy" }), b.train(X7, Y3, { ...options, loss: userCrossEntropy }), a, b, X7);
  });

  it("an Adam of yours equal to the built-in gives its bits, with softmax and cross-entropy", () => {
    const userAdam = (alpha: number): Optimizer => {
      const m = new Map<Parameter, Float64Array[]>();
      let t = 0;
      return {
        name: "userAdam",
        step(parameters) {
          t++;
          const c1 = 1 - 0.9 ** t;
          const c2 = 1 - 0.999 ** t;
          for (const p of parameters) {
            let s = m.get(p);
            if (s === undefined) m.set(p, (s = [new Float64Array(p.value.data.length), new Float64Array(p.value.data.length)]));
            const [mm, vv] = s as [Float64Array, Float64Array];
            const v = p.value.data;
            const g = p.grad.data;
            for (let i = 0; i < v.length; i++) {
              mm[i] = 0.9 * mm[i]! + (1 - 0.9) * g[i]!;
              vv[i] = 0.999 * vv[i]! + (1 - 0.999) * g[i]! * g[i]!;
              v[i]! -= (alpha * (mm[i]! / c1)) / (Math.sqrt(vv[i]! / c2) + 1e-8);
            }
          }
        },
      };
    };
    const Y3 = Y7.map(([p]) => (p! < 0.35 ? [1, 0, 0] : p! < 0.65 ? [0, 1, 0] : [0, 0, 1]));
    const make = (): Network =>
      new Network({ layers: [new Dense({ inputSize: 3, outputSize: 6, activation: "relu" }), new Dense({ inputSize: 6, outputSize: 3, activation: "identity" }), new Softmax({ size: 3 })], seed: 4 });
    const a = make();
    const b = make();
    const options: TrainOptions = { iterations: 50, batchSize: 3, loss: "crossEntropy" };
    expectSameRun(a.train(X7, Y3, { ...options, optimizer: new Adam({ alpha: 0.01 }) }), b.train(X7, Y3, { ...options, optimizer: userAdam(0.01) }), a, b, X7);
  });
});

describe("what the engine runs", () => {
  it("a replaced Dense.prototype.forward / backward, or a subclass's, is called by training, never bypassed", () => {
    const calls = { forward: 0, backward: 0 };
    const forward = Dense.prototype.forward;
    const backward = Dense.prototype.backward;
    Dense.prototype.forward = function (this: Dense, input, training) {
      calls.forward++;
      return forward.call(this, input, training);
    };
    Dense.prototype.backward = function (this: Dense, g, need) {
      calls.backward++;
      return backward.call(this, g, need);
    };
    let patched: TrainingSummary;
    try {
      patched = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) }).train(XOR_X, XOR_Y, { iterations: 100 });
    } finally {
      Dense.prototype.forward = forward;
      Dense.prototype.backward = backward;
    }
    // two layers, 100 iterations
    expect(calls).toEqual({ forward: 200, backward: 200 });
    // the wrapped methods compute what the packed step computes
    const plain = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) }).train(XOR_X, XOR_Y, { iterations: 100 });
    expect(bits(patched.history.loss)).toEqual(bits(plain.history.loss));

    class Doubling extends Dense {
      override forward(input: Matrix, training: boolean): Matrix {
        const a = super.forward(input, training);
        for (let i = 0; i < a.data.length; i++) a.data[i]! *= 2;
        return a;
      }
    }
    const net = new Network({ layers: [new Doubling({ inputSize: 3, outputSize: 1, activation: "identity" })], seed: 1 });
    const out = net.predict(XOR_X);
    const w = net.parameters().map((p) => p.value.data);
    expect(out[3]![0]).toBe(2 * (w[0]![0]! + w[0]![1]! + w[0]![2]! + w[1]![0]!));
  });

  it("a patched optimizer step is called for every update", () => {
    class Halving extends GradientDescent {
      calls = 0;
      override step(parameters: readonly Parameter[], step = 0): void {
        this.calls++;
        super.step(parameters, step);
      }
    }
    const opt = new Halving({ alpha: 0.1 });
    new Network({ layers: [3, 4, 1], seed: 1 }).train(XOR_X, XOR_Y, { iterations: 7, batchSize: 3, optimizer: opt });
    expect(opt.calls).toBe(14);
  });

  it("divergence throws a TrainingError naming the iteration, the same with built-in and user pieces", () => {
    const errors: TrainingError[] = [];
    const big = [[1e150, 1e150, 1e150]];
    for (const options of [{ alpha: 1 }, { optimizer: userGradientDescent(1) }]) {
      try {
        new Network({ layers: [3, 4, 1], activation: "identity", seed: 2 }).train(big, [[1]], { iterations: 50, ...options });
      } catch (e) {
        errors.push(e as TrainingError);
      }
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(TrainingError);
    expect(errors[0]!.iteration).toBe(errors[1]!.iteration);
    // the hint differs: the built-in optimizer's alpha is known ("try a smaller alpha than 1"), yours is not
    expect(errors[0]!.message.split(";")[0]).toBe(errors[1]!.message.split(";")[0]);
    expect(errors[0]!.message).toMatch(/^Training diverged at iteration \d+: the loss became (Infinity|NaN); the network is back to its state .*; try a smaller/);
    // both put the network back to the same state: the one before training (the first update already overflows)
    expect(errors[1]!.message.split(";")[1]).toBe(errors[0]!.message.split(";")[1]);
  });
});
