// toTfjsArtifacts / fromTfjsArtifacts / saveTfjsModel against TF.js itself (tfjs-core + tfjs-layers
// on the CPU backend, offline): the exported models load with tf.loadLayersModel and predict what
// tinynn predicts, for every kind of layer and activation; models built and trained in TF.js come
// back as networks that predict what TF.js predicts; exported networks come back as themselves; what
// tinynn cannot read is refused with a message naming it. Differences are measured as
// |a - b| / max(1, max |b|): relative to the outputs' scale, absolute for outputs below 1.
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchNorm,
  ConfigError,
  DataError,
  Dense,
  Dropout,
  type Layer,
  LimitError,
  Network,
  numpyRandom,
  type Random,
  SerializationError,
  seededRandom,
  Softmax,
} from "tinynn";
import { fromTfjsArtifacts, toOnnx, type TfjsArtifacts, toTfjsArtifacts } from "tinynn/interop";
import { saveTfjsModel } from "tinynn/interop/node";

const TOLERANCE = 1e-6;

beforeAll(async () => {
  tf.enableProdMode(); // no "install tfjs-node" banner
  await tf.setBackend("cpu");
});

/** Rows of uniform values in [-2, 2). */
function rows(n: number, cols: number, random: Random): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: cols }, () => 4 * random() - 2));
}

/** max |a - b| / max(1, max |b|) */
function difference(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...b.flat().map(Math.abs));
  let worst = 0;
  b.forEach((row, i) => {
    expect(a[i]!.length).toBe(row.length);
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(a[i]![j]! - v))));
  });
  return worst / scale;
}

/** The TF.js model's predictions for X, as rows. */
function tfPredict(model: tfl.LayersModel, X: number[][]): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(X)) as tf.Tensor).arraySync() as number[][]);
}

/** What model.save hands a save handler. */
async function saved(model: tfl.LayersModel, includeOptimizer = false): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
    { includeOptimizer },
  );
  return artifacts!;
}

/**
 * `net` with the γ, β, μ and σ² of each of its BatchNorm layers drawn from `random` (σ² in
 * [0.05, 3.05), and the first column's ε / 10, where ε matters, when `belowEpsilon`). Set after the Network is made: its constructor initializes every
 * layer, which puts a BatchNorm back to γ = 1, β = 0, μ = 0, σ² = 1.
 */
function withStatistics(net: Network, random: Random, belowEpsilon = true): Network {
  for (const layer of net.layers) {
    if (!(layer instanceof BatchNorm)) continue;
    for (let j = 0; j < layer.inputSize; j++) {
      layer.gamma.value.data[j] = 0.5 + 2 * random();
      layer.beta.value.data[j] = 2 * random() - 1;
      layer.runningMean.data[j] = 2 * random() - 1;
      layer.runningVariance.data[j] = j === 0 && belowEpsilon ? layer.epsilon / 10 : 0.05 + 3 * random();
    }
  }
  return net;
}

/** A description of a network's layers: type, sizes, activation, bias, rate, ε, momentum. */
function shapeOf(net: Network): string[] {
  return net.layers.map((l: Layer) => {
    if (l instanceof Dense) return `dense ${l.inputSize}x${l.outputSize} ${l.activation.name}${l.bias ? " bias" : ""}`;
    if (l instanceof Dropout) return `dropout ${l.inputSize} ${l.rate}`;
    if (l instanceof BatchNorm) return `batchNorm ${l.inputSize} ${l.epsilon} ${l.momentum}`;
    return `${l.type} ${l.inputSize}`;
  });
}

/** A mix of every layer kind, its BatchNorm's variances at least 0.05, or one of them ε / 10 = 1e-6. */
function mixNetwork(belowEpsilon: boolean): Network {
  const random = seededRandom("mix");
  const net = new Network({
    layers: [
      new Dense({ inputSize: 6, outputSize: 16, activation: "relu" }),
      new BatchNorm({ size: 16, epsilon: 1e-5, momentum: 0.99 }),
      new Dense({ inputSize: 16, outputSize: 12, activation: "leakyRelu", bias: false }),
      new Dropout({ size: 12, rate: 0.5 }),
      new Dense({ inputSize: 12, outputSize: 8, activation: "tanh" }),
      new Dense({ inputSize: 8, outputSize: 5, activation: "identity" }),
      new Softmax({ size: 5 }),
    ],
    random,
  });
  return withStatistics(net, random, belowEpsilon);
}

const KINDS: [string, () => Network][] = [];
for (const activation of ["sigmoid", "tanh", "relu", "leakyRelu", "identity"] as const) {
  for (const bias of [true, false]) {
    KINDS.push([`Dense ${activation}${bias ? " + bias" : ""}`, () => new Network({ layers: [5, 8, 3], activation, bias, random: numpyRandom(7) })]);
  }
}
KINDS.push(
  ["Dense tanh + softmax output", () => new Network({ layers: [4, 10, 6], activation: "tanh", outputActivation: "softmax", random: numpyRandom(3) })],
  [
    "Dense + Dropout, trained with dropout",
    () => {
      const net = new Network({
        layers: [new Dense({ inputSize: 3, outputSize: 12, activation: "relu" }), new Dropout({ size: 12, rate: 0.3 }), new Dense({ inputSize: 12, outputSize: 2, activation: "sigmoid" })],
        random: numpyRandom(11),
      });
      const X = rows(16, 3, seededRandom("dropout data"));
      net.train(X, X.map((r) => [r[0]! > 0 ? 1 : 0, r[1]! * r[2]! > 0 ? 1 : 0]), { iterations: 50, alpha: 0.1 });
      return net;
    },
  ],
  [
    "BatchNorm alone (statistics, epsilon 1e-3)",
    () => {
      const random = seededRandom("batch norm");
      return withStatistics(new Network({ layers: [new BatchNorm({ size: 6, epsilon: 1e-3 })], random }), random);
    },
  ],
  [
    "Dense + BatchNorm trained (momentum 0.5)",
    () => {
      const net = new Network({
        layers: [new Dense({ inputSize: 4, outputSize: 7, activation: "identity" }), new BatchNorm({ size: 7, momentum: 0.5, epsilon: 1e-2 }), new Dense({ inputSize: 7, outputSize: 1, activation: "sigmoid" })],
        random: numpyRandom(5),
      });
      const X = rows(20, 4, seededRandom("bn data"));
      net.train(X, X.map((r) => [r[0]! + r[3]! > 0 ? 1 : 0]), { iterations: 30, alpha: 0.1 });
      return net;
    },
  ],
  ["mix: 4 Dense, BatchNorm, Dropout, Softmax", () => mixNetwork(false)],
  [
    "Dropout first, then leakyRelu, BatchNorm, Softmax",
    () => {
      const random = seededRandom("dropout first");
      const net = new Network({
        layers: [
          new Dropout({ size: 3, rate: 0.2 }),
          new Dense({ inputSize: 3, outputSize: 5, activation: "leakyRelu" }),
          new BatchNorm({ size: 5, epsilon: 1e-3 }),
          new Dense({ inputSize: 5, outputSize: 3, activation: "identity", bias: false }),
          new Softmax({ size: 3 }),
        ],
        random,
      });
      return withStatistics(net, random);
    },
  ],
);

const largest = new Map<string, { tfjs: number; roundTrip: number }>();

afterAll(() => {
  const cell = (x: number) => (Number.isNaN(x) ? "-" : x.toExponential(2)).padStart(9);
  const lines = [...largest].map(([kind, d]) => `${kind.padEnd(58)} ${cell(d.tfjs)} ${cell(d.roundTrip)}`);
  console.log(`largest |a - b| / max(1, max |b|), b tinynn's prediction (TF.js's for a model trained in TF.js)\n${"".padEnd(58)}     TF.js round trip\n${lines.join("\n")}`);
});

describe("toTfjsArtifacts: TF.js loads the model, which predicts as tinynn", () => {
  for (const [kind, make] of KINDS) {
    it(kind, async () => {
      const net = make();
      const artifacts = toTfjsArtifacts(net);
      const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
      const back = fromTfjsArtifacts(artifacts);
      expect(shapeOf(back)).toEqual(shapeOf(net));
      for (const bn of net.layers.filter((l): l is BatchNorm => l instanceof BatchNorm)) {
        // statistics that are not the initial ones (μ = 0, σ² = 1), so that they are tested
        expect([...bn.runningMean.data].some((m) => Math.abs(m) > 0.01), kind).toBe(true);
        expect([...bn.runningVariance.data].some((v) => Math.abs(v - 1) > 0.01), kind).toBe(true);
      }
      let tfjs = 0;
      let roundTrip = 0;
      for (const n of [1, 5, 32]) {
        const X = rows(n, net.inputSize, seededRandom(`${kind} ${n}`));
        const expected = net.predict(X);
        tfjs = Math.max(tfjs, difference(tfPredict(model, X), expected));
        roundTrip = Math.max(roundTrip, difference(back.predict(X), expected));
      }
      model.dispose();
      largest.set(kind, { tfjs, roundTrip });
      expect(tfjs).toBeLessThanOrEqual(TOLERANCE);
      expect(roundTrip).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it("a BatchNorm column with σ² = ε / 10 = 1e-6 (ε 1e-5) amplifies float32's rounding by γ / sqrt(σ² + ε), and no more", async () => {
    const net = mixNetwork(true);
    const bn = net.layers[1] as BatchNorm;
    const gain = Math.max(...[...bn.gamma.value.data].map((g, j) => Math.abs(g) / Math.sqrt(bn.runningVariance.data[j]! + bn.epsilon)));
    expect(gain).toBeGreaterThan(100);
    const model = await tfl.loadLayersModel(tf.io.fromMemory(toTfjsArtifacts(net)));
    const X = rows(32, 6, seededRandom("ill-conditioned"));
    const d = difference(tfPredict(model, X), net.predict(X));
    largest.set(`mix, a BatchNorm variance 1e-6 (gain ${gain.toFixed(0)})`, { tfjs: d, roundTrip: difference(fromTfjsArtifacts(toTfjsArtifacts(net)).predict(X), net.predict(X)) });
    expect(d).toBeLessThanOrEqual(TOLERANCE * gain);
    model.dispose();
  });

  it("writes the topology as tfjs-layers' model.save writes it", () => {
    const net = new Network({
      layers: [new Dense({ inputSize: 3, outputSize: 4, activation: "leakyRelu" }), new BatchNorm({ size: 4, momentum: 0.5, epsilon: 1e-4 }), new Dropout({ size: 4, rate: 0.25 }), new Dense({ inputSize: 4, outputSize: 2, activation: "identity", bias: false }), new Softmax({ size: 2 })],
      seed: 1,
    });
    const a = toTfjsArtifacts(net);
    expect(a.format).toBe("layers-model");
    expect(a.generatedBy).toBe("tinynn");
    expect(a.convertedBy).toBe(null);
    expect(a.modelTopology.class_name).toBe("Sequential");
    expect(a.modelTopology.keras_version).toBe("tfjs-layers 4.22.0");
    expect(a.modelTopology.backend).toBe("tensor_flow.js");
    const layers = a.modelTopology.config.layers;
    expect(layers.map((l) => `${l.class_name} ${String(l.config.name)}`)).toEqual([
      "Dense dense_Dense1",
      "LeakyReLU leaky_re_lu_LeakyReLU1",
      "BatchNormalization batch_normalization_BatchNormalization1",
      "Dropout dropout_Dropout1",
      "Dense dense_Dense2",
      "Activation activation_Activation1",
    ]);
    expect(layers[0]!.config).toMatchObject({ units: 4, activation: "linear", use_bias: true, batch_input_shape: [null, 3], dtype: "float32" });
    expect(layers[1]!.config).toMatchObject({ alpha: 0.01 });
    expect(layers[2]!.config).toMatchObject({ axis: -1, momentum: 0.5, epsilon: 1e-4, center: true, scale: true });
    expect(layers[3]!.config).toMatchObject({ rate: 0.25, noise_shape: null });
    expect(layers[4]!.config).toMatchObject({ units: 2, activation: "linear", use_bias: false });
    expect(layers[5]!.config).toMatchObject({ activation: "softmax" });
    for (const l of layers.slice(1)) expect(l.config).not.toHaveProperty("batch_input_shape");
    // the trainable weights layer by layer, then the running statistics, as TF.js orders them
    expect(a.weightSpecs.map((s) => `${s.name} [${s.shape.join(",")}] ${s.dtype}`)).toEqual([
      "dense_Dense1/kernel [3,4] float32",
      "dense_Dense1/bias [4] float32",
      "batch_normalization_BatchNormalization1/gamma [4] float32",
      "batch_normalization_BatchNormalization1/beta [4] float32",
      "dense_Dense2/kernel [4,2] float32",
      "batch_normalization_BatchNormalization1/moving_mean [4] float32",
      "batch_normalization_BatchNormalization1/moving_variance [4] float32",
    ]);
    expect(a.weightData).toBeInstanceOf(ArrayBuffer);
    expect(a.weightData.byteLength).toBe(4 * (12 + 4 + 4 + 4 + 8 + 4 + 4));
    // the kernel row by row, [inputSize, units], as float32
    const kernel = new Float32Array(a.weightData, 0, 12);
    expect([...kernel]).toEqual([...(net.layers[0] as Dense).weights.value.data].map(Math.fround));
  });

  it("the documented example: the blog network's weights are named dense_Dense1/kernel and dense_Dense2/kernel, and TF.js predicts as net.predict", async () => {
    const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
    const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
    net.train(X, [[0], [1], [1], [0]], { iterations: 60000, alpha: 1, loss: "sse" });
    const artifacts = toTfjsArtifacts(net);
    expect(artifacts.weightSpecs.map((s) => s.name)).toEqual(["dense_Dense1/kernel", "dense_Dense2/kernel"]);
    expect(readFileSync(new URL("../../src/interop/tfjs.ts", import.meta.url), "utf8")).toContain('// ["dense_Dense1/kernel", "dense_Dense2/kernel"] for the blog\'s 3-4-1 network');
    const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(difference(tfPredict(model, X), net.predict(X))).toBeLessThanOrEqual(TOLERANCE);
  });

  it("refuses what other formats do not have, and weights past float32's range", () => {
    const softsign = { name: "softsign", apply: (x: number) => x / (1 + Math.abs(x)), derivative: (x: number) => 1 / (1 + Math.abs(x)) ** 2 };
    expect(() => toTfjsArtifacts(new Network({ layers: [2, 3, 1], activation: softsign, seed: 1 }))).toThrow(ConfigError);
    expect(() => toTfjsArtifacts(new Network({ layers: [2, 3, 1], activation: softsign, seed: 1 }))).toThrow(/toTfjsArtifacts: layers\[0\] is a Dense layer with the activation "softsign" of yours/);
    expect(() => toTfjsArtifacts({} as Network)).toThrow(/toTfjsArtifacts: net must be a Network, got an object/);
    const net = new Network({ layers: [2, 1], seed: 1 });
    (net.layers[0] as Dense).weights.value.data[1] = 1e39;
    // the same class as toOnnx gives for it: the network's data, not an option
    expect(() => toTfjsArtifacts(net)).toThrow(DataError);
    expect(() => toOnnx(net)).toThrow(DataError);
    expect(() => toTfjsArtifacts(net)).toThrow(/layers\[0\]: kernel\[1\] is 1e\+39, past float32's range/);
    // an epsilon that float32 makes 0: with a running variance of 0 the exported model would give Infinity
    const bn = new BatchNorm({ size: 2, epsilon: 1e-50 });
    const tiny = new Network({ layers: [bn], seed: 1 });
    bn.runningVariance.data.fill(0);
    expect(Number.isFinite(tiny.predict([[1, 2]])[0]![0]!)).toBe(true);
    expect(() => toTfjsArtifacts(tiny)).toThrow(/toTfjsArtifacts: layers\[0\] is a BatchNorm whose epsilon 1e-50 is below float32's smallest normal number/);
    expect(() => toOnnx(tiny)).toThrow(/toOnnx: layers\[0\] is a BatchNorm whose epsilon 1e-50/);
    expect(toOnnx(tiny, { dtype: "float64" }).length).toBeGreaterThan(0);
  });
});

describe("fromTfjsArtifacts: models built and trained in TF.js", () => {
  /** Data of a 3-class problem in 4 columns. */
  function data(n: number): { X: number[][]; Y: number[][] } {
    const X = rows(n, 4, seededRandom("tfjs fit"));
    const Y = X.map((r) => {
      const k = r[0]! + r[1]! > 0.5 ? 0 : r[2]! * r[3]! > 0 ? 1 : 2;
      return [0, 1, 2].map((j) => (j === k ? 1 : 0));
    });
    return { X, Y };
  }

  async function trainedModel(): Promise<tfl.Sequential> {
    let seed = 1;
    const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [4], units: 12, activation: "relu", kernelInitializer: init() }),
        tfl.layers.batchNormalization({ momentum: 0.8 }),
        tfl.layers.dense({ units: 10, kernelInitializer: init() }),
        tfl.layers.leakyReLU({ alpha: 0.01 }),
        tfl.layers.dropout({ rate: 0.2, seed: 3 }),
        tfl.layers.dense({ units: 8, activation: "tanh", useBias: false, kernelInitializer: init() }),
        tfl.layers.dense({ units: 6, kernelInitializer: init() }),
        tfl.layers.activation({ activation: "sigmoid" }),
        tfl.layers.dense({ units: 3, activation: "softmax", kernelInitializer: init() }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.02), loss: "categoricalCrossentropy" });
    const { X, Y } = data(64);
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    await model.fit(x, y, { epochs: 5, batchSize: 16, shuffle: false, verbose: 0 });
    tf.dispose([x, y]);
    return model;
  }

  it("a Sequential of Dense, BatchNormalization, LeakyReLU, Dropout, Activation, softmax trained with fit predicts as TF.js", async () => {
    const model = await trainedModel();
    for (const includeOptimizer of [false, true]) {
      const artifacts = await saved(model, includeOptimizer);
      if (includeOptimizer) expect(artifacts.weightSpecs!.some((s) => s.group === "optimizer")).toBe(true);
      const net = fromTfjsArtifacts(artifacts, { seed: 1 });
      expect(shapeOf(net)).toEqual([
        "dense 4x12 relu bias",
        "batchNorm 12 0.001 0.8",
        "dense 12x10 leakyRelu bias",
        "dropout 10 0.2",
        "dense 10x8 tanh",
        "dense 8x6 sigmoid bias",
        "dense 6x3 identity bias",
        "softmax 3",
      ]);
      // fit moved the running statistics away from 0 and 1
      const bn = net.layers[1] as BatchNorm;
      expect(Math.max(...[...bn.runningMean.data].map(Math.abs))).toBeGreaterThan(0.01);
      const X = rows(40, 4, seededRandom("tfjs fit test"));
      const d = difference(net.predict(X), tfPredict(model, X));
      largest.set(`TF.js-trained model, imported${includeOptimizer ? " (saved with its optimizer)" : ""}`, { tfjs: d, roundTrip: NaN });
      expect(d).toBeLessThanOrEqual(TOLERANCE);
    }
    model.dispose();
  });

  it("InputLayer, ReLU, Softmax layers, Activation linear, BatchNormalization without center or scale", async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.inputLayer({ inputShape: [3] }),
        tfl.layers.dense({ units: 5, kernelInitializer: tfl.initializers.glorotUniform({ seed: 7 }), biasInitializer: tfl.initializers.randomNormal({ seed: 8 }) }),
        tfl.layers.reLU(),
        tfl.layers.activation({ activation: "linear" }),
        tfl.layers.batchNormalization({ center: false, scale: false, epsilon: 0.01 }),
        tfl.layers.dense({ units: 4, kernelInitializer: tfl.initializers.glorotUniform({ seed: 9 }) }),
        tfl.layers.softmax(),
      ],
    });
    // statistics set by hand: tfjs-layers 4.22's fit fails on a BatchNormalization without center or scale
    model.layers.find((l) => l.getClassName() === "BatchNormalization")!.setWeights([tf.tensor1d([0.3, -0.2, 0.5, 0.1, 1]), tf.tensor1d([0.5, 2, 0.004, 1.5, 3])]);
    const net = fromTfjsArtifacts(await saved(model));
    expect(shapeOf(net)).toEqual(["dense 3x5 relu bias", "batchNorm 5 0.01 0.99", "dense 5x4 identity bias", "softmax 4"]);
    const bn = net.layers[1] as BatchNorm;
    expect([...bn.gamma.value.data]).toEqual([1, 1, 1, 1, 1]);
    expect([...bn.beta.value.data]).toEqual([0, 0, 0, 0, 0]);
    const Xt = rows(10, 3, seededRandom("relu softmax test"));
    const d = difference(net.predict(Xt), tfPredict(model, Xt));
    largest.set("TF.js InputLayer, ReLU, Softmax, BN without center/scale", { tfjs: d, roundTrip: NaN });
    expect(d).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it("the documented example: a 3-4-1 sigmoid model predicts as TF.js; 4 bytes of weights are refused", async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 4, inputShape: [3], activation: "sigmoid" }), tfl.layers.dense({ units: 1, activation: "sigmoid" })],
    });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
    expect(difference(fromTfjsArtifacts(artifacts).predict(X), tfPredict(model, X))).toBeLessThanOrEqual(TOLERANCE);
    expect(() => fromTfjsArtifacts({ ...artifacts, weightData: new ArrayBuffer(4) })).toThrow(SerializationError);
    const message = "artifacts.weightData has 4 bytes; the weightSpecs need 84 (21 float32 values)";
    expect(() => fromTfjsArtifacts({ ...artifacts, weightData: new ArrayBuffer(4) })).toThrow(message);
    expect(readFileSync(new URL("../../src/interop/tfjs.ts", import.meta.url), "utf8")).toContain(`// SerializationError: ${message}`);
    model.dispose();
  });

  it("weights as TF.js 4's list of ArrayBuffers, or a view, read as one buffer", () => {
    const net = new Network({ layers: [3, 4, 2], activation: "tanh", seed: 5 });
    const a = toTfjsArtifacts(net);
    const X = rows(6, 3, seededRandom("parts"));
    const parts = [a.weightData.slice(0, 20), a.weightData.slice(20, 21), a.weightData.slice(21)];
    expect(fromTfjsArtifacts({ ...a, weightData: parts }).predict(X)).toEqual(fromTfjsArtifacts(a).predict(X));
    const padded = new Uint8Array(a.weightData.byteLength + 3);
    padded.set(new Uint8Array(a.weightData), 3);
    expect(fromTfjsArtifacts({ ...a, weightData: padded.subarray(3) }).predict(X)).toEqual(fromTfjsArtifacts(a).predict(X));
  });

  it("finds weights named with a scope before the layer's, or an inner cell name, as TF.js does", () => {
    const net = new Network({ layers: [2, 3, 1], activation: "relu", seed: 2 });
    const a = toTfjsArtifacts(net);
    const X = rows(5, 2, seededRandom("names"));
    const scoped = { ...a, weightSpecs: a.weightSpecs.map((s) => ({ ...s, name: `sequential/${s.name}` })) };
    expect(fromTfjsArtifacts(scoped).predict(X)).toEqual(fromTfjsArtifacts(a).predict(X));
    const cell = { ...a, weightSpecs: a.weightSpecs.map((s) => ({ ...s, name: s.name.replace("/", "/cell/") })) };
    expect(fromTfjsArtifacts(cell).predict(X)).toEqual(fromTfjsArtifacts(a).predict(X));
  });

  it("takes Keras's own spellings: model_config, a layer list of old, float32 alphas, Keras 3's batch_shape and negative_slope", () => {
    const net = new Network({ layers: [new Dense({ inputSize: 2, outputSize: 3, activation: "leakyRelu" }), new Dense({ inputSize: 3, outputSize: 1, activation: "sigmoid" })], seed: 4 });
    const a = toTfjsArtifacts(net);
    const X = rows(5, 2, seededRandom("keras"));
    const expected = fromTfjsArtifacts(a).predict(X);
    const [dense1, leaky, dense2] = a.modelTopology.config.layers;
    const withLayers = (layers: unknown[]) => ({ ...a, modelTopology: { ...a.modelTopology, config: { name: "s", layers } } });
    expect(fromTfjsArtifacts({ ...a, modelTopology: { model_config: a.modelTopology, training_config: {} } }).predict(X)).toEqual(expected);
    expect(fromTfjsArtifacts({ ...a, modelTopology: { ...a.modelTopology, config: [dense1, leaky, dense2] } }).predict(X)).toEqual(expected);
    expect(fromTfjsArtifacts(withLayers([dense1, { class_name: "LeakyReLU", config: { alpha: 0.009999999776482582 } }, dense2])).predict(X)).toEqual(expected);
    expect(fromTfjsArtifacts(withLayers([dense1, { class_name: "LeakyReLU", config: { negative_slope: 0.01 } }, dense2])).predict(X)).toEqual(expected);
    expect(fromTfjsArtifacts(withLayers([dense1, { class_name: "ReLU", config: { negative_slope: 0.01, max_value: null, threshold: 0 } }, dense2])).predict(X)).toEqual(expected);
    const { batch_input_shape: _, ...first } = dense1!.config;
    const inputLayer = { class_name: "InputLayer", config: { batch_shape: [null, 2], name: "input_layer" } };
    expect(fromTfjsArtifacts(withLayers([inputLayer, { ...dense1, config: first }, leaky, dense2])).predict(X)).toEqual(expected);
    // the input size of a model without a declared shape is its first Dense's fan-in
    expect(fromTfjsArtifacts(withLayers([{ ...dense1, config: first }, leaky, dense2])).predict(X)).toEqual(expected);
  });

  it("LimitError past the memory budget, before allocating; options checked", () => {
    const a = toTfjsArtifacts(new Network({ layers: [3, 40, 1], seed: 1 }));
    expect(() => fromTfjsArtifacts(a, { memoryBudget: 1000 })).toThrow(LimitError);
    expect(() => fromTfjsArtifacts(a, { memoryBudget: 1000 })).toThrow(/artifacts \(2 layers\) would need .* past the memory budget of 1000 bytes/);
    expect(() => fromTfjsArtifacts(a, { memoryBudget: 10_000 })).not.toThrow();
    expect(() => fromTfjsArtifacts(a, { sead: 1 } as never)).toThrow(ConfigError);
    expect(() => fromTfjsArtifacts(a, { sead: 1 } as never)).toThrow('Unknown fromTfjsArtifacts option "sead"');
    // the seed is the network's random source: the same seed, the same dropout draws
    const d = toTfjsArtifacts(new Network({ layers: [new Dense({ inputSize: 2, outputSize: 8 }), new Dropout({ size: 8, rate: 0.5 }), new Dense({ inputSize: 8, outputSize: 1 })], seed: 1 }));
    const train = (net: Network) => net.train([[0, 1], [1, 0]], [[1], [0]], { iterations: 5 }).loss;
    expect(train(fromTfjsArtifacts(d, { seed: 3 }))).toBe(train(fromTfjsArtifacts(d, { seed: 3 })));
  });
});

describe("fromTfjsArtifacts refuses what tinynn has not, naming the layer and what is supported", () => {
  it("a Conv2D", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2, name: "conv" }), tfl.layers.flatten(), tfl.layers.dense({ units: 1 })] });
    const artifacts = await saved(model);
    expect(() => fromTfjsArtifacts(artifacts)).toThrow(SerializationError);
    expect(() => fromTfjsArtifacts(artifacts)).toThrow(
      /^artifacts\.modelTopology\.config\.layers\[0\] \(class_name "Conv2D", name "conv"\): tinynn has no such layer; supported: InputLayer; Dense \(use_bias true or false, activation linear, sigmoid, tanh, relu or softmax\); .*Dropout; BatchNormalization \(axis -1\); Softmax \(axis -1\)$/,
    );
    model.dispose();
  });

  it("a LeakyReLU of another alpha", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 2, name: "d" }), tfl.layers.leakyReLU({ alpha: 0.2, name: "leaky" })] });
    const artifacts = await saved(model);
    expect(() => fromTfjsArtifacts(artifacts)).toThrow(
      /^artifacts\.modelTopology\.config\.layers\[1\] \(class_name "LeakyReLU", name "leaky"\): its slope is 0\.2; tinynn's leakyRelu has 0\.01 \(other slopes are not read\); supported: /,
    );
    model.dispose();
  });

  it("an unknown activation, in a Dense or an Activation layer", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 2, activation: "elu", name: "d" })] });
    const pending = saved(model);
    expect(() => fromTfjsArtifacts(pending)).toThrow("artifacts is a Promise: await it first (fromTfjsArtifacts(await ...))");
    await pending;
    const artifacts = await saved(model);
    expect(() => fromTfjsArtifacts(artifacts)).toThrow(/layers\[0\] \(class_name "Dense", name "d"\): activation "elu" is not one tinynn has \(linear, sigmoid, tanh, relu, softmax\); supported: /);
    const softplus = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 2, name: "d2" }), tfl.layers.activation({ activation: "softplus", name: "act" })] });
    await expect(saved(softplus).then(fromTfjsArtifacts)).rejects.toThrow(/layers\[1\] \(class_name "Activation", name "act"\): activation "softplus" is not one tinynn has/);
    model.dispose();
    softplus.dispose();
  });

  it("an activation layer that has no linear Dense to fold into; a ReLU with a ceiling; Softmax and BatchNormalization on another axis", () => {
    const a = toTfjsArtifacts(new Network({ layers: [2, 3, 1], activation: "tanh", seed: 1 }));
    const [d1, d2] = a.modelTopology.config.layers;
    const bn = toTfjsArtifacts(new Network({ layers: [new BatchNorm({ size: 2 })], seed: 1 }));
    const refuse = (layers: unknown[], message: RegExp, base: TfjsArtifacts = a) => {
      const hostile = { ...base, modelTopology: { ...base.modelTopology, config: { name: "s", layers } } };
      expect(() => fromTfjsArtifacts(hostile)).toThrow(SerializationError);
      expect(() => fromTfjsArtifacts(hostile)).toThrow(message);
    };
    refuse([d1, { class_name: "Activation", config: { activation: "relu", name: "r" } }, d2], /layers\[1\] \(class_name "Activation", name "r"\): Activation\("relu"\) must follow a Dense layer whose activation is linear/);
    refuse([d1, { class_name: "LeakyReLU", config: { alpha: 0.01 } }, d2], /layers\[1\] \(class_name "LeakyReLU"\): LeakyReLU must follow a Dense layer whose activation is linear/);
    refuse([d1, { class_name: "ReLU", config: { max_value: 6 } }, d2], /layers\[1\] \(class_name "ReLU"\): max_value 6 and threshold 0 must be null and 0/);
    refuse([d1, d2, { class_name: "Softmax", config: { axis: 0 } }], /layers\[2\] \(class_name "Softmax"\): its axis is 0; tinynn's Softmax is over each row/);
    refuse([{ ...bn.modelTopology.config.layers[0], config: { ...bn.modelTopology.config.layers[0]!.config, axis: 0 } }], /layers\[0\] \(class_name "BatchNormalization", name "batch_normalization_BatchNormalization1"\): its axis is 0; tinynn normalizes each column/, bn);
    refuse([d1, { class_name: "Dropout", config: { rate: 0.5, noise_shape: [null, 1] } }, d2], /its noise_shape an array of length 2 must be null/);
    refuse([d1, { class_name: "InputLayer", config: { batch_input_shape: [null, 3] } }, d2], /layers\[1\] \(class_name "InputLayer"\): an InputLayer must be the first layer/);
    refuse([d1, { class_name: "Sequential", config: { layers: [] } }, d2], /layers\[1\] \(class_name "Sequential"\): tinynn has no such layer/);
  });

  it("hostile artifacts: each refused with a typed error before anything is allocated", () => {
    const net = new Network({ layers: [new Dense({ inputSize: 2, outputSize: 3, activation: "relu" }), new BatchNorm({ size: 3 }), new Dense({ inputSize: 3, outputSize: 1, activation: "sigmoid" })], seed: 1 });
    const a = toTfjsArtifacts(net);
    const topology = a.modelTopology;
    const layers = topology.config.layers;
    const withLayers = (ls: unknown[]) => ({ ...a, modelTopology: { ...topology, config: { name: "s", layers: ls } } });
    const withSpecs = (f: (s: Record<string, unknown>, i: number) => Record<string, unknown>) => ({ ...a, weightSpecs: a.weightSpecs.map((s, i) => f({ ...s }, i)) });
    const withValue = (index: number, value: number) => {
      const data = a.weightData.slice(0);
      new DataView(data).setFloat32(4 * index, value, true);
      return { ...a, weightData: data };
    };
    const cases: [unknown, RegExp | string][] = [
      [null, "artifacts must be a TF.js ModelArtifacts object { modelTopology, weightSpecs, weightData }, got null"],
      [undefined, "artifacts must be a TF.js ModelArtifacts object { modelTopology, weightSpecs, weightData }, got undefined"],
      [0, "artifacts must be a TF.js ModelArtifacts object { modelTopology, weightSpecs, weightData }, got 0"],
      [[a], "artifacts must be a TF.js ModelArtifacts object { modelTopology, weightSpecs, weightData }, got an array of length 1"],
      [{}, /^artifacts\.modelTopology must be a Keras model config/],
      [{ ...a, format: "graph-model" }, /a TF\.js graph model/],
      [{ ...a, format: "tinynn" }, 'artifacts.format must be "layers-model", got "tinynn"'],
      [{ ...a, modelTopology: new ArrayBuffer(8) }, /artifacts\.modelTopology is binary \(a TF\.js graph model's GraphDef\)/],
      [{ ...a, modelTopology: { ...topology, class_name: "Functional" } }, /artifacts\.modelTopology\.class_name must be "Sequential", got "Functional"/],
      [{ ...a, modelTopology: JSON.parse('{"__proto__": {"class_name": "Sequential"}}') }, /class_name must be "Sequential", got undefined/],
      [{ ...a, modelTopology: { ...topology, config: { layers: "dense" } } }, 'artifacts.modelTopology.config.layers must be an array of layers, got "dense"'],
      [withLayers([]), /has no layer tinynn can build/],
      [withLayers([{ class_name: "InputLayer", config: { batch_input_shape: [null, 2] } }]), /has no layer tinynn can build/],
      [withLayers([5]), "artifacts.modelTopology.config.layers[0] must be a layer { class_name, config }, got 5"],
      [withLayers([{ class_name: 5, config: {} }]), "artifacts.modelTopology.config.layers[0].class_name must be a string, got 5"],
      [withLayers([{ class_name: "Dense" }]), "artifacts.modelTopology.config.layers[0].config must be an object, got undefined"],
      [withLayers([{ ...layers[0], config: { ...layers[0]!.config, units: 0 } }, ...layers.slice(1)]), "artifacts.modelTopology.config.layers[0].config.units must be an integer >= 1, got 0"],
      [withLayers([{ ...layers[0], config: { ...layers[0]!.config, units: 1e300 } }, ...layers.slice(1)]), /config\.units must be an integer >= 1, got 1e\+300/],
      [withLayers([{ ...layers[0], config: { ...layers[0]!.config, use_bias: "yes" } }, ...layers.slice(1)]), /config\.use_bias must be true or false, got "yes"/],
      [withLayers([{ ...layers[0], config: { ...layers[0]!.config, name: 7 } }, ...layers.slice(1)]), /config\.name must be a non-empty string \(its weights are named after it\), got 7/],
      [withLayers([{ ...layers[0], config: { ...layers[0]!.config, batch_input_shape: [null, 2, 2] } }, ...layers.slice(1)]), /batch_input_shape must be \[null, n\] with n an integer >= 1 \(tinynn takes rows of numbers\), got \[null, 2, 2\]/],
      [withLayers([{ ...layers[0], config: { ...layers[0]!.config, batch_input_shape: [null, 5] } }, ...layers.slice(1)]), /weight "dense_Dense1\/kernel" must have shape \[5, 3\] \(the previous layer's outputs x units\), got \[2, 3\]/],
      [withLayers([{ ...layers[0], config: { ...layers[0]!.config, units: 4 } }, ...layers.slice(1)]), /weight "dense_Dense1\/kernel" must have shape \[2, 4\]/],
      [withLayers([layers[0], { ...layers[1], config: { ...layers[1]!.config, momentum: 1 } }, layers[2]]), /layers\[1\]\.config\.momentum must be a finite number in \[0, 1\), got 1/],
      [withLayers([layers[0], { ...layers[1], config: { ...layers[1]!.config, epsilon: 0 } }, layers[2]]), /layers\[1\]\.config\.epsilon must be a finite number > 0, got 0/],
      [withLayers([layers[0], { class_name: "Dropout", config: { rate: 1 } }, layers[2]]), /layers\[1\]\.config\.rate must be a finite number in \[0, 1\), got 1/],
      [{ ...withLayers([{ class_name: "Dropout", config: { rate: 0.5 } }, { class_name: "Activation", config: { activation: "softmax" } }]), weightSpecs: [], weightData: new ArrayBuffer(0) }, /the model's input size is unknown/],
      [{ ...a, weightSpecs: undefined }, "artifacts.weightSpecs must be an array of { name, shape, dtype }, got undefined"],
      [withSpecs((s, i) => (i === 0 ? { ...s, dtype: "int32" } : s)), 'artifacts.weightSpecs[0] ("dense_Dense1/kernel") has dtype "int32"; tinynn reads float32 weights only'],
      [withSpecs((s, i) => (i === 0 ? { ...s, dtype: "float16" } : s)), /has dtype "float16"; tinynn reads float32 weights only/],
      [withSpecs((s, i) => (i === 0 ? { ...s, quantization: { dtype: "uint8", scale: 1, min: 0 } } : s)), /is quantized; tinynn reads float32 weights only/],
      [withSpecs((s, i) => (i === 0 ? { ...s, shape: [2, -3] } : s)), "artifacts.weightSpecs[0].shape[1] must be an integer >= 0, got -3"],
      [withSpecs((s, i) => (i === 0 ? { ...s, shape: [2 ** 30, 2 ** 30] } : s)), /has more than 2\^40 values/],
      [withSpecs((s, i) => (i === 0 ? { ...s, shape: [1, 1, 1, 1, 1, 1, 1, 1, 1] } : s)), /shape must be an array of at most 8 sizes/],
      [withSpecs((s, i) => (i === 0 ? { ...s, shape: [6] } : s)), /weight "dense_Dense1\/kernel" must have shape \[2, 3\] \(the previous layer's outputs x units\), got \[6\]/],
      [withSpecs((s, i) => (i === 0 ? { ...s, shape: [3, 2] } : s)), /weight "dense_Dense1\/kernel" must have shape \[2, 3\] \(the previous layer's outputs x units\), got \[3, 2\]/],
      [withSpecs((s, i) => (i === 1 ? { ...s, shape: [3, 1] } : s)), /weight "dense_Dense1\/bias" must have shape \[3\], got \[3, 1\]/],
      [withSpecs((s, i) => (i === 1 ? { ...s, shape: [4] } : s)), /artifacts\.weightData has 100 bytes; the weightSpecs need 104 \(26 float32 values\)/],
      [withSpecs((s, i) => (i === 0 ? { ...s, name: "dense_Dense1/kernal" } : s)), /weight "dense_Dense1\/kernel" is not in artifacts\.weightSpecs \(dense_Dense1\/kernal, dense_Dense1\/bias,/],
      [withSpecs((s, i) => (i === 1 ? { ...s, name: "dense_Dense1/kernel" } : s)), /artifacts\.weightSpecs\[1\]: the weight name "dense_Dense1\/kernel" comes twice/],
      [{ ...a, weightSpecs: [...a.weightSpecs, { name: "extra/kernel", shape: [0], dtype: "float32" }] }, /artifacts\.weightSpecs\[8\] \("extra\/kernel"\) belongs to no layer of the model/],
      [{ ...a, weightSpecs: [...a.weightSpecs, { name: "x", shape: [1], dtype: "string", group: "optimizer" }] }, /the optimizer's\) has dtype "string", whose size tinynn does not know/],
      [{ ...a, weightData: a.weightData.slice(4) }, /artifacts\.weightData has 96 bytes; the weightSpecs need 100 \(25 float32 values\)/],
      [{ ...a, weightData: new ArrayBuffer(104) }, /artifacts\.weightData has 104 bytes; the weightSpecs need 100/],
      [{ ...a, weightData: undefined }, /artifacts\.weightData is missing; the weightSpecs need 100/],
      [{ ...a, weightData: [a.weightData, 5] }, "artifacts.weightData[1] must be an ArrayBuffer, got 5"],
      [{ ...a, weightData: "AAAA" }, /artifacts\.weightData must be an ArrayBuffer \(or a list of them\) of little-endian float32, got "AAAA"/],
      [withValue(4, NaN), /layers\[0\] \(class_name "Dense", name "dense_Dense1"\): weight "dense_Dense1\/kernel"\[1\]\[1\] is NaN; weights must be finite/],
      [withValue(7, Infinity), /weight "dense_Dense1\/bias"\[1\] is Infinity/],
      [withValue(24, -1), /weight "batch_normalization_BatchNormalization1\/moving_variance"\[2\] is -1; a variance must be >= 0/],
    ];
    for (const [hostile, message] of cases) {
      let thrown: unknown;
      try {
        fromTfjsArtifacts(hostile);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, `${String(message)}`).toBeInstanceOf(SerializationError);
      if (typeof message === "string") expect((thrown as Error).message).toBe(message);
      else expect((thrown as Error).message).toMatch(message);
    }
    // weight order in the data follows the specs: the spec list above was a's own
    expect(a.weightSpecs.map((s) => s.name).at(-1)).toBe("batch_normalization_BatchNormalization1/moving_variance");
  });
});

describe("saveTfjsModel (tinynn/interop/node)", () => {
  it("writes model.json and weights.bin as tf.loadLayersModel('file://...') reads them; TF.js predicts as tinynn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tinynn-tfjs-"));
    try {
      const net = KINDS.find(([k]) => k.startsWith("mix"))![1]();
      const out = join(dir, "nested", "model");
      const paths = await saveTfjsModel(net, out);
      expect(paths).toEqual({ modelJson: join(out, "model.json"), weightsBin: join(out, "weights.bin") });
      const json = JSON.parse(readFileSync(paths.modelJson, "utf8"));
      const artifacts = toTfjsArtifacts(net);
      expect(Object.keys(json)).toEqual(["modelTopology", "format", "generatedBy", "convertedBy", "weightsManifest"]);
      expect(json.modelTopology).toEqual(artifacts.modelTopology);
      expect(json.format).toBe("layers-model");
      expect(json.weightsManifest).toEqual([{ paths: ["weights.bin"], weights: artifacts.weightSpecs }]);
      const bin = readFileSync(paths.weightsBin);
      expect(new Uint8Array(bin)).toEqual(new Uint8Array(artifacts.weightData));
      // what tfjs-node's file:// handler does with the pair: the manifest's weights, the file's bytes
      const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
      const loaded = { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData, format: json.format };
      const model = await tfl.loadLayersModel(tf.io.fromMemory(loaded));
      const X = rows(12, net.inputSize, seededRandom("saved"));
      const d = difference(tfPredict(model, X), net.predict(X));
      expect(d).toBeLessThanOrEqual(TOLERANCE);
      expect(difference(fromTfjsArtifacts(loaded).predict(X), net.predict(X))).toBeLessThanOrEqual(TOLERANCE);
      model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the documented example: weightsManifest[0].paths is ['weights.bin']; nothing is written for a network it cannot export", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tinynn-tfjs-"));
    try {
      const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
      const { modelJson } = await saveTfjsModel(net, join(dir, "xor"));
      expect(JSON.parse(readFileSync(modelJson, "utf8")).weightsManifest[0].paths).toEqual(["weights.bin"]);
      expect(readFileSync(new URL("../../src/interop/node.ts", import.meta.url), "utf8")).toContain('.weightsManifest[0].paths; // ["weights.bin"]');
      const softsign = { name: "softsign", apply: (x: number) => x, derivative: () => 1 };
      await expect(saveTfjsModel(new Network({ layers: [2, 1], activation: softsign, seed: 1 }), join(dir, "custom"))).rejects.toThrow(ConfigError);
      expect(existsSync(join(dir, "custom"))).toBe(false);
      await expect(saveTfjsModel(net, "")).rejects.toThrow("dir must be a non-empty string (a folder to write into), got \"\"");
      await expect(saveTfjsModel(net, 5 as never)).rejects.toThrow(ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
