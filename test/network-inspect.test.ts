// Network.summary, parameterCount, getWeights / setWeights and clone, and unique parameter names
// for layers of yours: every TSDoc @example result of these is asserted here.
import { describe, expect, it } from "vitest";
import {
  Adam,
  BatchNorm,
  ConfigError,
  DataError,
  Dense,
  Dropout,
  Network,
  numpyRandom,
  optimizerFromJSON,
  seededRandom,
  ShapeError,
  Softmax,
  zeros,
  type Activation,
  type Layer,
  type LayerJSON,
  type Matrix,
  type Parameter,
  type Random,
} from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

/** The bits of every number, so that -0 and 0 differ and equal NaNs compare equal. */
function bits(values: ArrayLike<number>): string[] {
  const f = new Float64Array(1);
  const u = new BigUint64Array(f.buffer);
  return Array.from(values, (v) => {
    f[0] = v;
    return u[0]!.toString(16);
  });
}

function parameterBits(net: Network): string[][] {
  return net.parameters().map((p) => bits(p.value.data));
}

function stateBits(net: Network): string[][] {
  return net.layers.flatMap((l) => (l.state ?? []).map((m) => bits(m.data)));
}

/** The blog's network: [3, 4, 1], sigmoid, no bias, numpy's seed 1. */
const blog = (): Network => new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

/** A network of every built-in layer: Dense (relu), BatchNorm, Dropout, Dense (identity), Softmax. */
function everyLayer(random: Random | undefined = numpyRandom(3)): Network {
  const layers = [
    new Dense({ inputSize: 4, outputSize: 8, activation: "relu" }),
    new BatchNorm({ size: 8 }),
    new Dropout({ size: 8, rate: 0.5 }),
    new Dense({ inputSize: 8, outputSize: 3, activation: "identity" }),
    new Softmax({ size: 3 }),
  ];
  return random === undefined ? new Network({ layers }) : new Network({ layers, random });
}

const CX = [[0.1, 0.2, 0.3, 0.4], [1, 0, -1, 0.5], [0.3, -0.2, 0.8, 0], [-1, 1, 0.5, 0.25], [0, 0, 0, 1], [0.6, 0.6, -0.6, 0.1]];
const CY = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]];

/**
 * A layer of one's own: a = x ⊙ s + t per column, with two parameters named `name` (default none,
 * ""), saved by its toJSON and restored by `Affine.fromJSON`.
 */
class Affine implements Layer {
  readonly type = "affine";
  readonly inputSize: number;
  readonly outputSize: number;
  readonly scale: Parameter;
  readonly shift: Parameter;
  readonly parameters: readonly Parameter[];
  private x: Matrix | undefined;

  constructor(size: number, name = "") {
    this.inputSize = this.outputSize = size;
    this.scale = { name, isWeight: true, value: zeros(1, size), grad: zeros(1, size) };
    this.shift = { name, isWeight: false, value: zeros(1, size), grad: zeros(1, size) };
    this.parameters = [this.scale, this.shift];
  }

  initialize(random: Random): void {
    for (let j = 0; j < this.inputSize; j++) this.scale.value.data[j] = 0.5 + random();
    for (let j = 0; j < this.inputSize; j++) this.shift.value.data[j] = random() - 0.5;
  }

  forward(x: Matrix, _training: boolean): Matrix {
    const n = x.shape[0]!;
    const a = zeros(n, this.outputSize);
    for (let i = 0; i < n; i++) for (let j = 0; j < this.outputSize; j++) a.set(i, j, x.get(i, j) * this.scale.value.data[j]! + this.shift.value.data[j]!);
    this.x = x;
    return a;
  }

  backward(g: Matrix, needInputGradient: boolean): Matrix | undefined {
    const x = this.x!;
    const n = x.shape[0]!;
    for (let j = 0; j < this.outputSize; j++) {
      let ds = g.get(0, j) * x.get(0, j);
      let dt = g.get(0, j);
      for (let i = 1; i < n; i++) {
        ds += g.get(i, j) * x.get(i, j);
        dt += g.get(i, j);
      }
      this.scale.grad.data[j] = ds;
      this.shift.grad.data[j] = dt;
    }
    if (!needInputGradient) return undefined;
    const dx = zeros(n, this.inputSize);
    for (let i = 0; i < n; i++) for (let j = 0; j < this.inputSize; j++) dx.set(i, j, g.get(i, j) * this.scale.value.data[j]!);
    return dx;
  }

  toJSON(): LayerJSON {
    return { type: this.type, size: this.inputSize, scale: Array.from(this.scale.value.data), shift: Array.from(this.shift.value.data) };
  }

  static fromJSON(json: Record<string, unknown>): Affine {
    const layer = new Affine(json.size as number);
    layer.scale.value.data.set(json.scale as number[]);
    layer.shift.value.data.set(json.shift as number[]);
    return layer;
  }
}

describe("summary", () => {
  it("is the TSDoc example's table for the blog's network [3, 4, 1]", () => {
    const expected = [
      "Input shape: [null, 3]",
      "#  Layer (type)            Output shape  Param #",
      "================================================",
      "0  dense (Dense, sigmoid)  [null, 4]          12",
      "1  dense (Dense, sigmoid)  [null, 1]           4",
      "================================================",
      "Total params: 16",
      "Trainable params: 16",
      "Non-trainable params: 0",
    ].join("\n");
    expect(blog().summary()).toBe(expected);
    expect(new Network({ layers: [3, 4, 1], bias: false, seed: 1 }).summary()).toBe(expected);
  });

  it("counts BatchNorm's running statistics as non-trainable, as Keras does, for a network of every built-in layer", () => {
    expect(everyLayer().summary()).toBe(
      [
        "Input shape: [null, 4]",
        "#  Layer (type)             Output shape  Param #",
        "=================================================",
        "0  dense (Dense, relu)      [null, 8]          40",
        "1  batchNorm (BatchNorm)    [null, 8]          32",
        "2  dropout (Dropout)        [null, 8]           0",
        "3  dense (Dense, identity)  [null, 3]          27",
        "4  softmax (Softmax)        [null, 3]           0",
        "=================================================",
        "Total params: 99",
        "Trainable params: 83",
        "Non-trainable params: 16",
      ].join("\n"),
    );
  });

  it("shows outputActivation softmax as an identity Dense and a Softmax layer, and groups thousands", () => {
    expect(new Network({ layers: [100, 20, 10], activation: "tanh", outputActivation: "softmax", seed: 1 }).summary()).toBe(
      [
        "Input shape: [null, 100]",
        "#  Layer (type)             Output shape  Param #",
        "=================================================",
        "0  dense (Dense, tanh)      [null, 20]      2,020",
        "1  dense (Dense, identity)  [null, 10]        210",
        "2  softmax (Softmax)        [null, 10]          0",
        "=================================================",
        "Total params: 2,230",
        "Trainable params: 2,230",
        "Non-trainable params: 0",
      ].join("\n"),
    );
    const big = new Network({ layers: [1000, 1000], bias: true, seed: 1 }).summary();
    expect(big).toContain("0  dense (Dense, sigmoid)  [null, 1000]  1,001,000");
    expect(big).toContain("Total params: 1,001,000");
  });

  it("names a layer of yours by its type and class (Layer for a plain object), a custom activation by its name, in ASCII; counts a layer's state as non-trainable", () => {
    const softsign: Activation = { name: "softsign", apply: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / (1 + Math.abs(x)) ** 2 };
    const plain: Layer = Object.assign(Object.create(null) as object, {
      type: "idé\n",
      inputSize: 3,
      outputSize: 3,
      parameters: [],
      state: [zeros(1, 3)],
      initialize: () => {},
      forward: (x: Matrix) => x,
      backward: (g: Matrix) => g,
      toJSON: () => ({ type: "idé\n" }),
    });
    const net = new Network({ layers: [new Affine(2), new Dense({ inputSize: 2, outputSize: 3, activation: softsign }), plain], seed: 1 });
    const text = net.summary();
    expect(text).toBe(
      [
        "Input shape: [null, 2]",
        "#  Layer (type)             Output shape  Param #",
        "=================================================",
        "0  affine (Affine)          [null, 2]           4",
        "1  dense (Dense, softsign)  [null, 3]           9",
        "2  id\\u00e9\\u000a (Layer)   [null, 3]           3",
        "=================================================",
        "Total params: 16",
        "Trainable params: 13",
        "Non-trainable params: 3",
      ].join("\n"),
    );
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    for (const line of text.split("\n")) expect(line).toBe(line.trimEnd());
  });
});

describe("parameterCount", () => {
  it("is the TSDoc example's 16 for [3, 4, 1] without bias and 21 with biases", () => {
    expect(new Network({ layers: [3, 4, 1], bias: false, seed: 1 }).parameterCount).toBe(16);
    expect(new Network({ layers: [3, 4, 1], seed: 1 }).parameterCount).toBe(21);
    expect(blog().parameterCount).toBe(16);
  });

  it("counts the trainable values only: γ and β but not BatchNorm's running statistics", () => {
    const net = everyLayer();
    expect(net.parameterCount).toBe(83);
    expect(net.parameterCount).toBe(net.parameters().reduce((s, p) => s + p.value.data.length, 0));
    expect(net.summary()).toContain(`Trainable params: ${net.parameterCount}`);
  });
});

describe("getWeights", () => {
  it("is the TSDoc example's [W0, b0] for [2, 1] from numpyRandom(1)", () => {
    expect(new Network({ layers: [2, 1], random: numpyRandom(1) }).getWeights()).toEqual([[[-0.165955990594852], [0.4406489868843162]], [-0.9997712503653102]]);
  });

  it("gives the blog's [syn0, syn1] for its network, as weights() does", () => {
    const net = blog();
    expect(net.getWeights()).toEqual(net.weights());
  });

  it("orders arrays as Keras's get_weights: each layer's parameters, then its state (kernel, bias, gamma, beta, moving mean, moving variance)", () => {
    const net = everyLayer();
    net.train(CX, CY, { iterations: 3, loss: "crossEntropy", alpha: 0.1 });
    const w = net.getWeights();
    const [dense0, bn, , dense3] = net.layers as [Dense, BatchNorm, Dropout, Dense];
    const rows = (m: Matrix): number[][] => Array.from({ length: m.shape[0]! }, (_, i) => Array.from({ length: m.shape[1]! }, (_, j) => m.get(i, j)));
    expect(w).toEqual([
      rows(dense0.weights.value),
      Array.from(dense0.bias!.value.data),
      Array.from(bn.gamma.value.data),
      Array.from(bn.beta.value.data),
      Array.from(bn.runningMean.data),
      Array.from(bn.runningVariance.data),
      rows(dense3.weights.value),
      Array.from(dense3.bias!.value.data),
    ]);
    expect(w.map((a) => (Array.isArray(a[0]) ? [a.length, (a[0] as number[]).length] : [a.length]))).toEqual([[4, 8], [8], [8], [8], [8], [8], [8, 3], [3]]);
    // the running statistics are not the initial 0 and 1: they were trained
    expect(w[4]!.some((v) => v !== 0)).toBe(true);
  });

  it("without state, array i is parameters()[i]'s values", () => {
    const net = new Network({ layers: [3, 5, 2], seed: 4 });
    const w = net.getWeights();
    net.parameters().forEach((p, i) => expect((w[i]!.flat() as number[])).toEqual(Array.from(p.value.data)));
  });

  it("returns copies", () => {
    const net = new Network({ layers: [2, 1], random: numpyRandom(1) });
    const before = parameterBits(net);
    const w = net.getWeights();
    (w[0] as number[][])[0]![0] = 99;
    (w[1] as number[])[0] = 99;
    expect(parameterBits(net)).toEqual(before);
  });
});

describe("setWeights", () => {
  it("writes the values: the TSDoc example", () => {
    const net = new Network({ layers: [2, 1], seed: 1 });
    net.setWeights([[[1], [2]], [0.5]]);
    expect(net.predict([[1, 1]])).toEqual([[0.9706877692486436]]);
    expect(() => net.setWeights([[[1], [2]]])).toThrow(new ShapeError("weights must have 2 arrays, one for each of W0, b0 (getWeights() order), got 1"));
    expect(() => net.setWeights([[[1], [NaN]], [0.5]])).toThrow(new DataError("weights[0][1][0] must be a finite number (W0[1][0]), got NaN"));
  });

  it("setWeights(getWeights()) round-trips bit for bit, -0 included, and b.setWeights(a.getWeights()) makes b predict as a (BatchNorm statistics too)", () => {
    const a = everyLayer(numpyRandom(5));
    a.train(CX, CY, { iterations: 20, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }), batchSize: 3 });
    a.parameters()[0]!.value.data[1] = -0;
    const params = parameterBits(a);
    const state = stateBits(a);
    a.setWeights(a.getWeights());
    expect(parameterBits(a)).toEqual(params);
    expect(stateBits(a)).toEqual(state);
    expect(Object.is(a.parameters()[0]!.value.data[1], -0)).toBe(true);

    const b = everyLayer(numpyRandom(6));
    expect(bits(b.predict(CX).flat())).not.toEqual(bits(a.predict(CX).flat()));
    b.setWeights(a.getWeights());
    expect(parameterBits(b)).toEqual(params);
    expect(stateBits(b)).toEqual(state);
    expect(bits(b.predict(CX).flat())).toEqual(bits(a.predict(CX).flat()));
  });

  it("is seen by predict and train after their plans were built", () => {
    const net = new Network({ layers: [2, 1], bias: false, seed: 1 });
    net.predict([[1, 1]]);
    net.train([[1, 1]], [[1]], { iterations: 1 });
    net.setWeights([[[0], [0]]]);
    expect(net.predict([[1, 1]])).toEqual([[0.5]]);
    const other = new Network({ layers: [2, 1], bias: false, seed: 2 });
    other.setWeights([[[0], [0]]]);
    net.train([[1, 1]], [[1]], { iterations: 2, alpha: 0.5 });
    other.train([[1, 1]], [[1]], { iterations: 2, alpha: 0.5 });
    expect(parameterBits(net)).toEqual(parameterBits(other));
  });

  it("keeps no reference to the caller's arrays", () => {
    const net = new Network({ layers: [2, 1], seed: 1 });
    const w: [number[][], number[]] = [[[1], [2]], [0.5]];
    net.setWeights(w);
    w[0][0]![0] = 7;
    w[1][0] = 7;
    expect(net.getWeights()).toEqual([[[1], [2]], [0.5]]);
  });

  it("checks everything before writing anything: a bad last value leaves every value as it was", () => {
    const net = everyLayer();
    const params = parameterBits(net);
    const state = stateBits(net);
    const w = net.getWeights().map((a) => structuredClone(a));
    for (const a of w) for (let i = 0; i < a.length; i++) if (Array.isArray(a[i])) (a[i] as number[]).fill(1);
    (w[7] as number[])[2] = Infinity;
    expect(() => net.setWeights(w)).toThrow(new DataError("weights[7][2] must be a finite number (b3[2]), got Infinity"));
    expect(parameterBits(net)).toEqual(params);
    expect(stateBits(net)).toEqual(state);
  });

  it("writes the values it checked: a row whose getter answers differently the second time cannot slip a NaN in", () => {
    const net = new Network({ layers: [1, 1], bias: false, random: numpyRandom(1) });
    let reads = 0;
    const row: number[] = [];
    Object.defineProperty(row, 0, { get: () => (reads++ === 0 ? 2 : Number.NaN), enumerable: true });
    net.setWeights([[row]]);
    expect(reads).toBe(1);
    expect(net.getWeights()).toEqual([[[2]]]);
  });

  it("throws typed errors naming the argument path, what was expected and what came", () => {
    const net = everyLayer();
    const good = (): (number[] | number[][])[] => net.getWeights();
    const cases: [unknown, Error][] = [
      [5, new DataError("weights must be an array of 8 arrays, as getWeights() returns (W0, b0, gamma1, beta1, layers[1].runningMean, layers[1].runningVariance, W3, b3), got 5")],
      [good().slice(1), new ShapeError("weights must have 8 arrays, one for each of W0, b0, gamma1, beta1, layers[1].runningMean, layers[1].runningVariance, W3, b3 (getWeights() order), got 7")],
      [Object.assign(good(), { 0: "W" }), new DataError("weights[0] must be W0's 4 rows of 8 numbers ([4 x 8]), got \"W\"")],
      [Object.assign(good(), { 0: good()[0]!.slice(1) }), new ShapeError("weights[0] must have 4 rows (W0 is [4 x 8]), got 3")],
      [Object.assign(good(), { 6: [...(good()[6] as number[][]).slice(0, 2), [1, 2], ...(good()[6] as number[][]).slice(3)] }), new ShapeError("weights[6][2] must have 3 numbers (row 2 of W3, [8 x 3]), got 2")],
      [Object.assign(good(), { 6: [...(good()[6] as number[][]).slice(0, 5), 4, ...(good()[6] as number[][]).slice(6)] }), new DataError("weights[6][5] must be an array of 3 numbers (row 5 of W3, [8 x 3]), got 4")],
      [Object.assign(good(), { 1: [good()[1]] }), new ShapeError("weights[1] must have 8 numbers (b0, 8 numbers), got 1")],
      [Object.assign(good(), { 7: [[1, 2, 3]] }), new ShapeError("weights[7] must have 3 numbers (b3, 3 numbers), got 1")],
      [Object.assign(good(), { 7: [1, "2", 3] }), new DataError('weights[7][1] must be a finite number (b3[1]), got "2"')],
      [Object.assign(good(), { 7: [1, , 3] }), new DataError("weights[7][1] must be a finite number (b3[1]), got undefined")],
      [Object.assign(good(), { 0: good()[0]!.map((r, i) => (i === 3 ? [...(r as number[]).slice(0, 7), -Infinity] : r)) }), new DataError("weights[0][3][7] must be a finite number (W0[3][7]), got -Infinity")],
      [Object.assign(good(), { 5: [1, 1, 1, -0.5, 1, 1, 1, 1] }), new DataError("weights[5][3] must be a number >= 0 (layers[1].runningVariance[3], a running variance: a negative variance makes every prediction NaN), got -0.5")],
    ];
    const params = parameterBits(net);
    for (const [weights, error] of cases) {
      expect(() => net.setWeights(weights as never)).toThrow(error);
      let thrown: unknown;
      try {
        net.setWeights(weights as never);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(error.constructor);
    }
    expect(parameterBits(net)).toEqual(params);
  });
});

describe("clone", () => {
  it("predicts exactly as the original, has layers and parameters of its own, and training one leaves the other unchanged (the TSDoc example)", () => {
    const net = blog();
    net.train(X, y, { iterations: 1000, alpha: 1, loss: "sse" });
    net.parameters()[0]!.value.data[0] = -0;
    const copy = net.clone();
    expect(bits(copy.predict(X).flat())).toEqual(bits(net.predict(X).flat()));
    expect(copy.predict(X)).toEqual(net.predict(X));
    expect(parameterBits(copy)).toEqual(parameterBits(net));
    expect(copy.parameters().map((p) => p.name)).toEqual(["W0", "W1"]);
    copy.layers.forEach((l, i) => expect(l).not.toBe(net.layers[i]));
    copy.parameters().forEach((p, i) => {
      expect(p).not.toBe(net.parameters()[i]);
      expect(p.value.data.buffer).not.toBe(net.parameters()[i]!.value.data.buffer);
    });

    const before = net.predict(X);
    const params = parameterBits(net);
    copy.train(X, y, { iterations: 100 });
    expect(net.predict(X)).toEqual(before);
    expect(parameterBits(net)).toEqual(params);

    const copyParams = parameterBits(copy);
    net.train(X, y, { iterations: 100 });
    expect(parameterBits(copy)).toEqual(copyParams);
  });

  it("continues a numpyRandom or seededRandom stream from the same state, independently", () => {
    for (const make of [() => numpyRandom(7), () => seededRandom("s"), undefined]) {
      const net = make === undefined ? new Network({ layers: [2, 3, 1] }) : new Network({ layers: [2, 3, 1], random: make() });
      net.random();
      net.random();
      const copy = net.clone();
      expect(copy.random).not.toBe(net.random);
      expect(copy.random.getState!()).toEqual(net.random.getState!());
      const a = [net.random(), net.random(), net.random()];
      expect(copy.random.getState!()).not.toEqual(net.random.getState!());
      const b = [copy.random(), copy.random(), copy.random()];
      expect(bits(b)).toEqual(bits(a));
    }
  });

  it("trains, with shuffling and dropout drawing from the copied stream, exactly as the original does (every built-in layer)", () => {
    const net = everyLayer(numpyRandom(11));
    net.train(CX, CY, { iterations: 5, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }), batchSize: 2, shuffle: true });
    const copy = net.clone();
    // the update count and the random state: the training state toJSON saves
    expect(copy.toJSON({ training: true }).training).toEqual(net.toJSON({ training: true }).training);
    expect(copy.toJSON({ training: true }).training?.updates).toBe(15);
    expect(copy.layers.map((l) => l.type)).toEqual(net.layers.map((l) => l.type));
    expect(stateBits(copy)).toEqual(stateBits(net));
    expect(bits(copy.predict(CX).flat())).toEqual(bits(net.predict(CX).flat()));
    const options = { iterations: 7, loss: "crossEntropy", batchSize: 2, shuffle: true } as const;
    const s1 = net.train(CX, CY, { ...options, optimizer: new Adam({ alpha: 0.01 }) });
    const s2 = copy.train(CX, CY, { ...options, optimizer: new Adam({ alpha: 0.01 }) });
    expect(bits(s2.history.loss)).toEqual(bits(s1.history.loss));
    expect(parameterBits(copy)).toEqual(parameterBits(net));
    expect(stateBits(copy)).toEqual(stateBits(net));
    expect(copy.summary()).toBe(net.summary());
  });

  it("shares a random source of yours, stateless or of a state of its own kind, and takes { random } or { seed } for its own", () => {
    let n = 0;
    const mine: Random = () => (n++ % 10) / 10;
    const net = new Network({ layers: [2, 1], random: mine });
    expect(net.clone().random).toBe(mine);
    let k = 0;
    const stateful: Random = Object.assign(() => (k++ % 7) / 7, { getState: () => ({ type: "counter", k }) as never, setState: (s: never) => void (k = (s as { k: number }).k) });
    expect(new Network({ layers: [2, 1], random: stateful }).clone().random).toBe(stateful);
    const own = numpyRandom(3);
    expect(net.clone({ random: own }).random).toBe(own);
    expect(net.clone({ seed: 4 }).random()).toBe(seededRandom(4)());
  });

  it("keeps custom activations, initializers and the memory budget of the original", () => {
    const softsign: Activation = { name: "softsign", apply: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / (1 + Math.abs(x)) ** 2 };
    const net = new Network({ layers: [3, 4, 1], activation: softsign, initializer: "heNormal", seed: 2 });
    const copy = net.clone();
    expect((copy.layers[0] as Dense).activation).toBe(softsign);
    expect((copy.layers[0] as Dense).initializer).toBe((net.layers[0] as Dense).initializer);
    expect(bits(copy.predict(X).flat())).toEqual(bits(net.predict(X).flat()));
    // prediction buffers past a budget of 4 KiB: the copy refuses them as the original does
    const small = new Network({ layers: [3, 4, 1], seed: 2, memoryBudget: 4096 });
    const message = /past the memory budget of 4 KiB/;
    expect(() => small.predict(X)).toThrow(message);
    expect(() => small.clone().predict(X)).toThrow(message);
  });

  it("copies a layer of yours through its toJSON and the reader in layerTypes, and refuses one without a reader with a ConfigError saying what to pass", () => {
    const net = new Network({ layers: [new Dense({ inputSize: 3, outputSize: 2 }), new Affine(2), new Dense({ inputSize: 2, outputSize: 1 })], seed: 8 });
    expect(() => net.clone()).toThrow(
      new ConfigError(
        'clone cannot copy layers[1], a layer of yours of type "affine": pass a reader for its type that makes a new one from its toJSON(), net.clone({ layerTypes: { affine: (json, where, activations) => layer } }), as Network.fromJSON takes',
      ),
    );
    const copy = net.clone({ layerTypes: { affine: (json) => Affine.fromJSON(json) } });
    expect(copy.layers[1]).toBeInstanceOf(Affine);
    expect(copy.layers[1]).not.toBe(net.layers[1]);
    expect(copy.parameters().map((p) => p.name)).toEqual(net.parameters().map((p) => p.name));
    expect(bits(copy.predict(X).flat())).toEqual(bits(net.predict(X).flat()));
    const params = parameterBits(net);
    copy.train(X, y, { iterations: 5 });
    expect(parameterBits(net)).toEqual(params);
  });

  it("refuses a reader's layer that is the original, of other sizes, other values or shared storage", () => {
    const net = new Network({ layers: [new Affine(3), new Dense({ inputSize: 3, outputSize: 1 })], seed: 8 });
    const by = 'the layerTypes reader of "affine" (for layers[0])';
    const clone = (reader: (json: Record<string, unknown>) => Layer): Network => net.clone({ layerTypes: { affine: reader } });
    expect(() => clone(() => net.layers[0]!)).toThrow(new ConfigError(`${by} returned the original layer: it must make a new one`));
    expect(() => clone(() => new Affine(2))).toThrow(new ConfigError(`${by} returned a layer with inputSize 2, the original's is 3`));
    expect(() => clone(() => new Affine(3))).toThrow(new ConfigError(`${by} returned a layer whose parameters[0] has 0 at [0] where the original has ${(net.layers[0] as Affine).scale.value.data[0]}: its toJSON() must save every value and its reader restore it`));
    const sharing = (json: Record<string, unknown>): Layer => {
      const copy = Affine.fromJSON(json);
      return { ...copy, parameters: net.layers[0]!.parameters, forward: copy.forward.bind(copy), backward: copy.backward.bind(copy), initialize: copy.initialize.bind(copy), toJSON: copy.toJSON.bind(copy) };
    };
    expect(() => clone(sharing)).toThrow(new ConfigError(`${by} returned a layer whose parameters[0] shares the original's storage: the copy must have its own`));
    expect(() => clone(() => 5 as never)).toThrow(new ConfigError(`${by} must return a Layer, got 5`));
  });

  it("refuses a built-in layer with a method replaced on it, or of a subclass, unless a reader for its type is given", () => {
    const dense = new Dense({ inputSize: 3, outputSize: 1 });
    const forward = dense.forward.bind(dense);
    dense.forward = (x, training) => forward(x, training);
    const net = new Network({ layers: [dense], seed: 1 });
    expect(() => net.clone()).toThrow(
      new ConfigError(
        'clone cannot copy layers[0], a Dense with methods replaced on it, which a copy made by Dense would not have: pass a reader for its type that makes a new one from its toJSON(), net.clone({ layerTypes: { dense: (json, where, activations) => layer } }), as Network.fromJSON takes',
      ),
    );
    class MyDense extends Dense {}
    const sub = new Network({ layers: [new MyDense({ inputSize: 3, outputSize: 1 })], seed: 1 });
    expect(() => sub.clone()).toThrow(/layers\[0\], a Dense of a subclass, which a copy made by Dense would not have/);
    expect(sub.summary()).toContain("0  dense (MyDense, sigmoid)");
    const copy = sub.clone({
      layerTypes: {
        dense: (json) => {
          const d = new MyDense({ inputSize: 3, outputSize: 1 });
          d.weights.value.data.set((json.weights as number[][]).flat());
          d.bias!.value.data.set(json.bias as number[]);
          return d;
        },
      },
    });
    expect(copy.layers[0]).toBeInstanceOf(MyDense);
    expect(bits(copy.predict(X).flat())).toEqual(bits(sub.predict(X).flat()));
  });

  it("refuses unknown or wrong options before copying anything", () => {
    const net = blog();
    expect(() => net.clone({ layertypes: {} } as never)).toThrow(new ConfigError('Unknown clone option "layertypes"; known options: layerTypes, activations, random, seed'));
    expect(() => net.clone(5 as never)).toThrow(new ConfigError("clone options must be an object { layerTypes?, activations?, random?, seed? }, got 5"));
    expect(() => net.clone({ layerTypes: { affine: 5 } } as never)).toThrow(new ConfigError("layerTypes.affine must be a function (json, where, activations) => Layer, got 5"));
    expect(() => net.clone({ activations: { softsign: {} } } as never)).toThrow(new ConfigError("activations.softsign must be an Activation { name, apply, derivative }, got an object"));
    expect(() => net.clone({ random: numpyRandom(1), seed: 1 })).toThrow(new ConfigError("Pass either random or seed, not both"));
    expect(() => net.clone({ random: 5 } as never)).toThrow(ConfigError);
  });
});

describe("parameter names", () => {
  it("keep the built-in scheme: W{l}, b{l}, gamma{l}, beta{l}", () => {
    expect(everyLayer().parameters().map((p) => p.name)).toEqual(["W0", "b0", "gamma1", "beta1", "W3", "b3"]);
  });

  it("are unique when a layer of yours names two parameters alike, or not at all: the later gets _{its index in the layer}", () => {
    const unnamed = new Network({ layers: [new Dense({ inputSize: 3, outputSize: 2 }), new Affine(2), new Dense({ inputSize: 2, outputSize: 1 })], seed: 1 });
    expect(unnamed.parameters().map((p) => p.name)).toEqual(["W0", "b0", "1", "1_1", "W2", "b2"]);
    const same = new Network({ layers: [new Affine(3, "p"), new Affine(3, "p7"), new Dense({ inputSize: 3, outputSize: 1 })], seed: 1 });
    expect(same.parameters().map((p) => p.name)).toEqual(["p0", "p0_1", "p1", "p1_1", "W2", "b2"]);
  });

  it("let a layer of yours with two unnamed parameters train with Adam, save toJSON({ optimizer }), restore and resume exactly as an uninterrupted run", () => {
    const make = (): Network => new Network({ layers: [new Dense({ inputSize: 3, outputSize: 4, activation: "tanh" }), new Affine(4), new Dense({ inputSize: 4, outputSize: 1 })], random: numpyRandom(2) });
    const options = { loss: "mse", batchSize: 2 } as const;

    const straight = make();
    straight.train(X, y, { ...options, iterations: 30, optimizer: new Adam({ alpha: 0.05 }) });

    const first = make();
    const adam = new Adam({ alpha: 0.05 });
    first.train(X, y, { ...options, iterations: 12, optimizer: adam });
    const saved = JSON.parse(JSON.stringify(first.toJSON({ optimizer: adam })));
    // (an object lists integer-like keys first)
    expect(Object.keys(saved.optimizer.state).sort()).toEqual(["1", "1_1", "W0", "W2", "b0", "b2"]);
    const resumed = Network.fromJSON(saved, { layerTypes: { affine: (json) => Affine.fromJSON(json) } });
    resumed.train(X, y, { ...options, iterations: 18, optimizer: optimizerFromJSON(saved.optimizer) });

    expect(parameterBits(resumed)).toEqual(parameterBits(straight));
    expect(bits(resumed.predict(X).flat())).toEqual(bits(straight.predict(X).flat()));
  });
});
