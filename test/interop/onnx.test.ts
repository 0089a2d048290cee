// toOnnx: the exported models run in ONNX Runtime (onnxruntime-web's WebAssembly build, in Node,
// offline: it loads its .wasm from node_modules/onnxruntime-web/dist/ beside its own module) and
// predict what tinynn predicts, for every kind of layer and activation, float32 and float64, at
// several batch sizes. The difference is measured as |onnx - tinynn| / max(1, max |tinynn|): relative
// to the outputs' scale, absolute for outputs below 1 (a sigmoid's 0.002 is as exact as its 0.9).
import { createRequire } from "node:module";
import * as ort from "onnxruntime-web";
import { afterAll, describe, expect, it } from "vitest";
import {
  BatchNorm,
  ConfigError,
  DataError,
  Dense,
  Dropout,
  type Layer,
  type Matrix,
  Network,
  numpyRandom,
  type Random,
  seededRandom,
  Softmax,
  zeros,
} from "tinynn";
import { toOnnx } from "tinynn/interop";
import { ProtoMessage, varint } from "../../src/interop/protobuf.js";

ort.env.wasm.numThreads = 1; // no worker threads: the single-threaded build, no SharedArrayBuffer needed
ort.env.logLevel = "error";

type Dtype = "float32" | "float64";
const TOLERANCE: Record<Dtype, number> = { float32: 1e-6, float64: 1e-12 };
const BATCHES = [1, 5, 32];

/** Rows of uniform values in [-2, 2). */
function rows(n: number, cols: number, random: Random): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: cols }, () => 4 * random() - 2));
}

/** The model's output for X, as rows of numbers. */
async function runOnnx(bytes: Uint8Array, X: number[][], dtype: Dtype): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const flat = dtype === "float32" ? Float32Array.from(X.flat()) : Float64Array.from(X.flat());
    const { output } = await session.run({ input: new ort.Tensor(dtype, flat, [X.length, X[0]!.length]) });
    expect(output!.type).toBe(dtype);
    const cols = output!.dims[1]!;
    const data = Array.from(output!.data as Float32Array | Float64Array);
    return X.map((_, i) => data.slice(i * cols, (i + 1) * cols));
  } finally {
    await session.release();
  }
}

/** max |a - b| / max(1, max |b|) */
function difference(a: number[][], b: number[][]): number {
  const scale = Math.max(1, ...b.flat().map(Math.abs));
  let worst = 0;
  b.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(a[i]![j]! - v)))));
  return worst / scale;
}

const largest = new Map<string, Record<Dtype, number>>();

/** Runs `net` exported in both dtypes at each batch size; asserts and records the largest difference. */
/**
 * `gain`: how much the network can amplify a relative rounding of its inputs and weights (a
 * BatchNorm column whose variance is far below epsilon multiplies by γ / sqrt(σ² + ε), ~400 here):
 * float32's bound is 1e-6 times that, float64's stays 1e-12 (nothing is rounded to float32).
 */
function checkKind(kind: string, make: () => Network, gain = 1) {
  describe(kind, () => {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${dtype}: ONNX Runtime predicts as tinynn`, async () => {
        const net = make();
        const bytes = toOnnx(net, { dtype });
        const inputSize = net.layers[0]!.inputSize;
        let worst = 0;
        for (const n of BATCHES) {
          const X = rows(n, inputSize, seededRandom(`${kind} ${n}`));
          const expected = net.predict(X);
          const actual = await runOnnx(bytes, X, dtype);
          expect(actual.length).toBe(n);
          expect(actual[0]!.length).toBe(expected[0]!.length);
          worst = Math.max(worst, difference(actual, expected));
        }
        const entry = largest.get(kind) ?? { float32: NaN, float64: NaN };
        entry[dtype] = worst;
        largest.set(kind, entry);
        expect(worst).toBeLessThanOrEqual(dtype === "float32" ? TOLERANCE.float32 * gain : TOLERANCE.float64);
      });
    }
  });
}

afterAll(() => {
  const lines = [...largest].map(([kind, d]) => `${kind.padEnd(42)} ${d.float32.toExponential(2).padStart(9)} ${d.float64.toExponential(2).padStart(9)}`);
  console.log(`largest |onnx - tinynn| / max(1, max |tinynn|)\n${"".padEnd(42)}   float32   float64\n${lines.join("\n")}`);
});

/**
 * Gives a BatchNorm statistics and parameters that are not the initial ones: γ, β, μ, σ² drawn
 * from `random`. Call it after the network is made: the Network constructor initialises its layers.
 */
function drawStatistics(bn: BatchNorm, random: Random): BatchNorm {
  const { size, epsilon } = { size: bn.inputSize, epsilon: bn.epsilon };
  for (let j = 0; j < size; j++) {
    bn.gamma.value.data[j] = 0.5 + 2 * random();
    bn.beta.value.data[j] = 2 * random() - 1;
    bn.runningMean.data[j] = 2 * random() - 1;
    // one column with a variance below epsilon, where epsilon matters
    bn.runningVariance.data[j] = j === 0 ? epsilon / 10 : 0.05 + 3 * random();
  }
  return bn;
}

describe("toOnnx runs in ONNX Runtime", () => {
  for (const activation of ["sigmoid", "tanh", "relu", "leakyRelu", "identity"] as const) {
    for (const bias of [true, false]) {
      checkKind(`Dense ${activation}${bias ? " + bias" : ""}`, () => new Network({ layers: [5, 8, 3], activation, bias, random: numpyRandom(7) }));
    }
  }
  checkKind("Dense tanh + softmax output", () => new Network({ layers: [4, 10, 6], activation: "tanh", outputActivation: "softmax", random: numpyRandom(3) }));
  checkKind("Dense + Dropout, trained with dropout", () => {
    const random = numpyRandom(11);
    const net = new Network({
      layers: [new Dense({ inputSize: 3, outputSize: 12, activation: "relu" }), new Dropout({ size: 12, rate: 0.3 }), new Dense({ inputSize: 12, outputSize: 2, activation: "sigmoid" })],
      random,
    });
    const X = rows(16, 3, seededRandom("dropout data"));
    net.train(X, X.map((r) => [r[0]! > 0 ? 1 : 0, r[1]! * r[2]! > 0 ? 1 : 0]), { iterations: 50, alpha: 0.1 });
    return net;
  });
  checkKind("BatchNorm (statistics, epsilon 1e-3)", () => {
    const random = seededRandom("batch norm");
    const bn = new BatchNorm({ size: 6, epsilon: 1e-3 });
    const net = new Network({ layers: [bn], random });
    drawStatistics(bn, random);
    expect(bn.runningVariance.data[0]).toBe(1e-4);
    return net;
  });
  checkKind("Dense + BatchNorm trained (momentum 0.5)", () => {
    const net = new Network({
      layers: [new Dense({ inputSize: 4, outputSize: 7, activation: "identity" }), new BatchNorm({ size: 7, momentum: 0.5, epsilon: 1e-2 }), new Dense({ inputSize: 7, outputSize: 1, activation: "sigmoid" })],
      random: numpyRandom(5),
    });
    const X = rows(20, 4, seededRandom("bn data"));
    net.train(X, X.map((r) => [r[0]! + r[3]! > 0 ? 1 : 0]), { iterations: 30, alpha: 0.1 });
    return net;
  });
  checkKind("4 Dense mix + BatchNorm, Dropout, Softmax", () => {
    const random = seededRandom("mix");
    const bn = new BatchNorm({ size: 16, epsilon: 1e-5 });
    const net = new Network({
      layers: [
        new Dense({ inputSize: 6, outputSize: 16, activation: "relu" }),
        bn,
        new Dense({ inputSize: 16, outputSize: 12, activation: "leakyRelu", bias: false }),
        new Dropout({ size: 12, rate: 0.5 }),
        new Dense({ inputSize: 12, outputSize: 8, activation: "tanh" }),
        new Dense({ inputSize: 8, outputSize: 5, activation: "identity" }),
        new Softmax({ size: 5 }),
      ],
      random,
    });
    drawStatistics(bn, random);
    return net;
  }, /* one column's γ / sqrt(σ² + ε) */ 500);
  checkKind("Dropout only (an Identity node)", () => new Network({ layers: [new Dropout({ size: 3, rate: 0.5 })], seed: 1 }));
});

describe("toOnnx: the documented example", () => {
  const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
  const y = [[0], [1], [1], [0]];
  const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });

  it("the blog's trained network: 397 bytes (461 in float64), the outputs of net.predict", async () => {
    const bytes = toOnnx(net);
    expect(bytes.length).toBe(397);
    const output = (await runOnnx(bytes, X, "float32")).flat();
    const shown = ["0.0026057", "0.9967221", "0.997017", "0.0038675"];
    output.forEach((v, i) => expect(String(v).startsWith(shown[i]!), `${v} is written ${shown[i]}`).toBe(true));
    expect(toOnnx(net, { dtype: "float64" }).length).toBe(461);
  });

  it("starts with ir_version 8 and producer tinynn; input, output, dtype and the symbolic batch as ONNX Runtime reads them", async () => {
    const bytes = toOnnx(net);
    // field 1 (varint) = 8, field 2 (length 6) = "tinynn"
    expect([...bytes.subarray(0, 10)]).toEqual([0x08, 0x08, 0x12, 0x06, ...new TextEncoder().encode("tinynn")]);
    for (const dtype of ["float32", "float64"] as const) {
      const session = await ort.InferenceSession.create(toOnnx(net, { dtype }));
      expect(session.inputMetadata).toEqual([{ name: "input", isTensor: true, type: dtype, shape: ["batch", 3] }]);
      expect(session.outputMetadata).toEqual([{ name: "output", isTensor: true, type: dtype, shape: ["batch", 1] }]);
      await session.release();
    }
  });

  it("gives the same bytes for the same network; dtype defaults to float32", () => {
    expect(toOnnx(net)).toEqual(toOnnx(net, {}));
    expect(toOnnx(net, { dtype: "float32" })).toEqual(toOnnx(net));
  });
});

describe("toOnnx: the model, decoded with onnx.proto's generated reader", () => {
  // onnxruntime-web ships the protobufjs reader generated from onnx/onnx.proto (for its WebGL
  // backend): an independent check of the field numbers, beyond ONNX Runtime loading the model
  const require = createRequire(import.meta.url);
  const { onnx } = require("../../node_modules/onnxruntime-web/lib/onnxjs/ort-schema/protobuf/onnx.js") as {
    onnx: { ModelProto: { decode(b: Uint8Array): unknown; toObject(m: unknown, o: object): DecodedModel } };
  };
  interface DecodedModel {
    irVersion: number;
    producerName: string;
    opsetImport: { domain?: string; version: number }[];
    graph: {
      node: { input: string[]; output: string[]; opType: string; attribute?: { name: string; f?: number; i?: number; type: number }[] }[];
      initializer: { name: string; dims?: number[]; dataType: number; rawData: Uint8Array }[];
      input: unknown[];
      output: unknown[];
    };
  }
  const decode = (bytes: Uint8Array): DecodedModel => onnx.ModelProto.toObject(onnx.ModelProto.decode(bytes), { longs: Number, bytes: Uint8Array });

  const net = new Network({
    layers: [
      new Dense({ inputSize: 3, outputSize: 4, activation: "leakyRelu" }),
      new BatchNorm({ size: 4, epsilon: 1e-3 }),
      new Dropout({ size: 4, rate: 0.5 }),
      new Dense({ inputSize: 4, outputSize: 2, activation: "identity", bias: false }),
      new Softmax({ size: 2 }),
    ],
    random: numpyRandom(2),
  });
  const bn = ["Add", "Sqrt", "Reciprocal", "Sub", "Mul", "Mul", "Add"];

  it("float32: opset 17, IR 8, the operators in order, LeakyRelu alpha 0.01, Softmax axis -1, weights rounded to float32", () => {
    const m = decode(toOnnx(net));
    expect(m.irVersion).toBe(8);
    expect(m.producerName).toBe("tinynn");
    expect(m.opsetImport).toEqual([{ version: 17 }]);
    expect(m.graph.node.map((n) => n.opType)).toEqual(["MatMul", "Add", "LeakyRelu", ...bn, "MatMul", "Softmax"]);
    expect(m.graph.node.find((n) => n.opType === "LeakyRelu")!.attribute).toEqual([{ name: "alpha", f: Math.fround(0.01), type: 1 }]);
    expect(m.graph.node.at(-1)).toMatchObject({ output: ["output"], attribute: [{ name: "axis", i: -1, type: 2 }] });
    expect(m.graph.input).toEqual([{ name: "input", type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: "batch" }, { dimValue: 3 }] } } } }]);
    expect(m.graph.output).toEqual([{ name: "output", type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: "batch" }, { dimValue: 2 }] } } } }]);
    const W0 = m.graph.initializer.find((t) => t.name === "layers.0.W")!;
    expect(W0.dims).toEqual([3, 4]);
    expect(W0.dataType).toBe(1);
    const raw = W0.rawData;
    expect([...new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length))]).toEqual((net.getWeights()[0] as number[][]).flat().map(Math.fround));
  });

  it("float64: leakyRelu as PRelu with a float64 slope, every value exact", () => {
    const m = decode(toOnnx(net, { dtype: "float64" }));
    expect(m.graph.node.map((n) => n.opType)).toEqual(["MatMul", "Add", "PRelu", ...bn, "MatMul", "Softmax"]);
    const values = (name: string) => {
      const t = m.graph.initializer.find((i) => i.name === name)!;
      expect(t.dataType).toBe(11);
      return [...new Float64Array(t.rawData.buffer.slice(t.rawData.byteOffset, t.rawData.byteOffset + t.rawData.length))];
    };
    expect(values("layers.0.slope")).toEqual([0.01]);
    expect(values("layers.1.epsilon")).toEqual([1e-3]);
    // getWeights order: W0, b0, γ, β, running mean, running variance, W3
    const names = ["layers.0.W", "layers.0.b", "layers.1.gamma", "layers.1.beta", "layers.1.mean", "layers.1.variance", "layers.3.W"];
    expect(names.map(values)).toEqual(net.getWeights().map((w) => w.flat()));
  });
});

describe("the protobuf encoder", () => {
  it("writes varints as protobuf does", () => {
    expect([...varint(0)]).toEqual([0]);
    expect([...varint(1)]).toEqual([1]);
    expect([...varint(127)]).toEqual([0x7f]);
    expect([...varint(300)]).toEqual([0xac, 0x02]);
    expect([...varint(2 ** 35)]).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    // a negative int64 (Softmax's axis -1): its 64-bit two's complement, ten bytes
    expect([...varint(-1)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect([...varint(-2)]).toEqual([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it("prefixes nested messages with their length", () => {
    const inner = new ProtoMessage().int(1, 150);
    expect([...new ProtoMessage().message(3, inner).finish()]).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
    expect([...new ProtoMessage().string(2, "testing").finish()]).toEqual([0x12, 0x07, ...new TextEncoder().encode("testing")]);
    expect([...new ProtoMessage().float(2, 0.01).finish()]).toEqual([0x15, 0x0a, 0xd7, 0x23, 0x3c]);
  });
});

describe("toOnnx refuses", () => {
  const net = new Network({ layers: [2, 3, 1], seed: 1 });

  it("bad options, before looking at the network", () => {
    expect(() => toOnnx(net, { dtype: "float16" as "float32" })).toThrow(new ConfigError('toOnnx dtype must be one of "float32", "float64", got "float16"'));
    expect(() => toOnnx(net, { dtype: 64 as unknown as "float64" })).toThrow(ConfigError);
    expect(() => toOnnx(net, { dtype: undefined } as never)).not.toThrow(); // from JavaScript: the default
    expect(() => toOnnx(net, { dtpye: "float64" } as never)).toThrow(new ConfigError('Unknown toOnnx option "dtpye"; known options: dtype'));
    expect(() => toOnnx(net, null as never)).toThrow(new ConfigError("toOnnx options must be an object { dtype? }, got null"));
    expect(() => toOnnx(net, "float64" as never)).toThrow(ConfigError);
    // the options are checked first: the message is about dtype, not about the missing network
    expect(() => toOnnx({} as Network, { dtype: "double" as "float64" })).toThrow(/dtype/);
    expect(() => toOnnx({} as Network)).toThrow(new ConfigError("toOnnx: net must be a Network, got an object"));
  });

  it("a custom activation, naming it", () => {
    const softsign = { name: "softsign", apply: (x: number) => x / (1 + Math.abs(x)), derivative: (x: number) => 1 / (1 + Math.abs(x)) ** 2 };
    const custom = new Network({ layers: [2, 3, 1], activation: softsign, seed: 1 });
    expect(() => toOnnx(custom)).toThrow(ConfigError);
    expect(() => toOnnx(custom)).toThrow(/layers\[0\] is a Dense layer with the activation "softsign" of yours/);
  });

  it("a custom layer, naming its type", () => {
    // a class of yours (a layer object with its own forward is refused as "has its forward replaced")
    class Double implements Layer {
      readonly type = "double";
      readonly inputSize = 2;
      readonly outputSize = 2;
      readonly parameters = [];
      initialize(): void {}
      forward(x: Matrix): Matrix {
        const out = zeros(x.shape[0]!, 2);
        for (let i = 0; i < x.shape[0]!; i++) for (let j = 0; j < 2; j++) out.set(i, j, 2 * x.get(i, j));
        return out;
      }
      backward(): undefined {
        return undefined;
      }
      toJSON() {
        return { type: "double" };
      }
    }
    const double = new Double();
    const custom = new Network({ layers: [new Dense({ inputSize: 3, outputSize: 2 }), double], seed: 1 });
    expect(() => toOnnx(custom)).toThrow(ConfigError);
    expect(() => toOnnx(custom, { dtype: "float64" })).toThrow(/layers\[1\] is a layer of yours of type "double"/);
  });

  it("a float32 model of a weight past float32's range, which would be Infinity", () => {
    const big = new Network({ layers: [2, 1], activation: "identity", seed: 1 });
    big.setWeights([[[1e39], [1]], [0]]);
    expect(() => toOnnx(big)).toThrow(new DataError('toOnnx: layers[0].W[0][0] = 1e+39 is beyond float32\'s range (±3.4e38) and would be Infinity; export with { dtype: "float64" }'));
    expect(toOnnx(big, { dtype: "float64" })).toBeInstanceOf(Uint8Array);
  });
});
