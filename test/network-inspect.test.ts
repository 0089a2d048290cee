// Unique parameter names for layers of yours.
import { describe, expect, it } from "vitest";
import {
  Adam,
  BatchNorm,
  Dense,
  Dropout,
  Network,
  numpyRandom,
  optimizerFromJSON,
  Softmax,
  zeros,
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
