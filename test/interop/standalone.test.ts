// toStandaloneModule: the module it writes, saved to a file and imported (here, and in a child
// process that refuses code generation from strings), predicts what net.predict predicts, bit for
// bit, for networks of every built-in kind: Dense with and without bias and every activation,
// Softmax, Dropout, BatchNorm with trained statistics, a mix, the blog's trained network, and wide
// layers whose products tinynn computes with its WebAssembly kernel. Its text imports nothing and
// evaluates nothing; it checks its input with plain errors; custom pieces are refused.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Adam,
  BatchNorm,
  exactMath,
  ConfigError,
  DataError,
  Dense,
  Dropout,
  Network,
  numpyRandom,
  oneHot,
  seededRandom,
  Softmax,
  type Activation,
  type ActivationName,
  type Layer,
  type Matrix,
} from "../../src/index.js";
import { toStandaloneModule } from "../../src/interop/index.js";
import { wasmKernelsAvailable } from "../../src/matrix/wasm.js";
import { argumentsFor } from "../exact-math-arguments.js";

type Predict = (rows: unknown) => number[][];

let dir: string;
let count = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tinynn-standalone-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `source` to a new file of the temp folder and returns its path. */
function save(source: string): string {
  const file = join(dir, `net${count++}.mjs`);
  writeFileSync(file, source);
  return file;
}

/** The module's predict, imported from a file as a user would. */
async function load(source: string): Promise<Predict> {
  const mod = (await import(pathToFileURL(save(source)).href)) as { predict: Predict };
  return mod.predict;
}

/** The entries whose bits differ ("[i][j]: a vs b"), at most 5; shapes must agree. */
function bitDifferences(actual: number[][], expected: number[][]): string[] {
  expect(actual.map((r) => r.length)).toEqual(expected.map((r) => r.length));
  const out: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected[i]!.length; j++) {
      const a = actual[i]![j]!;
      const e = expected[i]![j]!;
      if (!Object.is(a, e) && out.length < 5) out.push(`[${i}][${j}]: ${a} vs ${e}`);
    }
  }
  return out;
}

/** The values' float64 bytes in hex: equal strings, equal bits (-0 included). */
const hex = (rows: number[][]): string => Buffer.from(Float64Array.from(rows.flat()).buffer).toString("hex");

/** `n` rows of `cols` values in about [-3, 3], the first all zeros and the second all -0 (signs of zero sums). */
function rowsOf(n: number, cols: number, seed = 1): number[][] {
  const r = seededRandom(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: cols }, () => 6 * r() - 3));
  if (n > 2) {
    rows[0] = new Array<number>(cols).fill(0);
    rows[1] = new Array<number>(cols).fill(-0);
  }
  return rows;
}

const ACTIVATIONS: ActivationName[] = ["sigmoid", "tanh", "relu", "leakyRelu", "identity"];

/** The blog's network b (Part 1, 3 layers), trained as the post does. */
function blogNetwork(): { net: Network; X: number[][] } {
  const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
  const y = [[0], [1], [1], [0]];
  const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
  return { net, X };
}

/** Classification data: `n` rows of `cols` features, `classes` one-hot labels. */
function classes(n: number, cols: number, k: number, seed: number): { X: number[][]; y: number[][] } {
  const X = rowsOf(n, cols, seed);
  const y = oneHot(X.map((row) => (row.reduce((a, b) => a + b, 0) > 0 ? 1 : 0) + (row[0]! > 1 ? 1 : 0)).map((c) => c % k), k);
  return { X, y };
}

/** A Dense - BatchNorm - Dropout - Dense - Dense - Softmax network trained so that γ, β and the running statistics are not their start values. */
function mixedNetwork(inputs: number, hidden: number, outputs: number, seed: number): Network {
  const net = new Network({
    layers: [
      new Dense({ inputSize: inputs, outputSize: hidden, activation: "relu", initializer: "heUniform" }),
      new BatchNorm({ size: hidden, momentum: 0.7, epsilon: 1e-3 }),
      new Dropout({ size: hidden, rate: 0.3 }),
      new Dense({ inputSize: hidden, outputSize: 6, activation: "tanh", bias: false }),
      new Dense({ inputSize: 6, outputSize: outputs, activation: "identity" }),
      new Softmax({ size: outputs }),
    ],
    seed,
  });
  const { X, y } = classes(40, inputs, outputs, seed + 1);
  net.train(X, y, { iterations: 20, batchSize: 8, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }) });
  return net;
}

/** The source of every network a test below compares, with its input rows. */
const cases: { name: string; net: Network; X: number[][] }[] = [];

describe("toStandaloneModule: the module predicts as net.predict, bit for bit", () => {
  it("the TSDoc example: the blog's network b, untrained", async () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const predict = await load(toStandaloneModule(net));
    expect(predict([[1, 0, 1]])).toEqual([[0.5438408563499275]]);
    expect(bitDifferences(predict([[1, 0, 1]]), net.predict([[1, 0, 1]]))).toEqual([]);
    expect(() => predict([[1, 0]])).toThrow(new RangeError("predict: rows[0] must have 3 numbers (the network's inputs), got 2"));
  });

  it("the blog's network b after training (60,000 iterations)", async () => {
    const { net, X } = blogNetwork();
    const predict = await load(toStandaloneModule(net));
    const rows = [...X, ...rowsOf(30, 3, 2)];
    expect(bitDifferences(predict(rows), net.predict(rows))).toEqual([]);
    expect(net.predict(X)[0]![0]).toBeLessThan(0.01); // trained
    cases.push({ name: "blog", net, X: rows });
  });

  for (const activation of ACTIVATIONS) {
    for (const bias of [true, false]) {
      it(`Dense layers of ${activation}, ${bias ? "with" : "without"} bias (hidden and output), on 1 to 9 rows and 37`, async () => {
        const net = new Network({ layers: [5, 7, 3], activation, outputActivation: activation, bias, initializer: "xavierUniform", seed: 3 });
        const predict = await load(toStandaloneModule(net));
        for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 37]) {
          const X = rowsOf(n, 5, n);
          expect(bitDifferences(predict(X), net.predict(X)), `${n} rows`).toEqual([]);
        }
      });
    }
  }

  it("Softmax output (outputActivation softmax), trained with cross-entropy", async () => {
    const { X, y } = classes(30, 4, 3, 5);
    const net = new Network({ layers: [4, 8, 3], activation: "tanh", outputActivation: "softmax", seed: 5 });
    net.train(X, y, { iterations: 50, loss: "crossEntropy", alpha: 0.5 });
    const predict = await load(toStandaloneModule(net));
    const rows = rowsOf(50, 4, 6);
    expect(bitDifferences(predict(rows), net.predict(rows))).toEqual([]);
  });

  it("Dropout (the identity at inference) and BatchNorm with trained statistics, alone and mixed with every kind", async () => {
    const bn = new Network({ layers: [new Dropout({ size: 4, rate: 0.5 }), new BatchNorm({ size: 4, epsilon: 0.01 })], seed: 1 });
    const b = bn.layers[1] as BatchNorm;
    b.gamma.value.data.set([1.5, -0.25, 3, 1e-3]);
    b.beta.value.data.set([0.1, -2, 0, -0]);
    b.runningMean.data.set([0.3, -1.7, 1e-9, 42]);
    b.runningVariance.data.set([2.5, 0, 1e-7, 1234.5]);
    const mixed = mixedNetwork(5, 12, 4, 9);
    const bnLayer = mixed.layers[1] as BatchNorm;
    expect(bnLayer.runningMean.data.some((v) => v !== 0) && bnLayer.runningVariance.data.some((v) => v !== 1)).toBe(true);
    expect(bnLayer.gamma.value.data.some((v) => v !== 1)).toBe(true);
    for (const [name, net, cols] of [["BatchNorm", bn, 4], ["mixed", mixed, 5]] as const) {
      const predict = await load(toStandaloneModule(net));
      const rows = rowsOf(33, cols, 4);
      expect(bitDifferences(predict(rows), net.predict(rows)), name).toEqual([]);
      cases.push({ name, net, X: rows });
    }
  });

  it("wide layers (64-128-10 on 64 rows and more): the products tinynn computes with its WebAssembly kernel", async () => {
    const wide = new Network({ layers: [64, 128, 10], activation: "relu", outputActivation: "softmax", initializer: "heUniform", seed: 11 });
    const { X, y } = classes(64, 64, 10, 12);
    wide.train(X, y, { iterations: 3, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }) });
    const wideMixed = mixedNetwork(64, 128, 10, 13);
    for (const [name, net] of [["64-128-10", wide], ["wide mixed", wideMixed]] as const) {
      const predict = await load(toStandaloneModule(net));
      for (const n of [64, 3, 100]) {
        const rows = rowsOf(n, 64, n);
        expect(bitDifferences(predict(rows), net.predict(rows)), `${name}, ${n} rows`).toEqual([]);
      }
      cases.push({ name, net, X: rowsOf(64, 64, 64) });
    }
    // 64 x 64 x 128 multiply-adds, past the 4096 from which the WebAssembly kernel computes them
    expect(64 * 64 * 128).toBeGreaterThanOrEqual(4096);
    expect(wasmKernelsAvailable()).toBe(true);
  });

  it("keeps zeros' signs: a weight -0 is written -0, and zero sums keep the sign tinynn gives them", async () => {
    const net = new Network({ layers: [3, 2], activation: "identity", bias: false, seed: 1 });
    net.setWeights([[[-0, -1], [-2, 3], [-5e-324, 1e21]]]);
    const source = toStandaloneModule(net);
    expect(source).toContain("  -0, -1,\n");
    expect(source).toContain("  -5e-324, 1e+21,\n");
    const predict = await load(source);
    const rows = [[0, 0, 0], [-0, 0, -0], [1, 0, 0], [1, 1, 1], [0.1, 0.2, 0.3]];
    const expected = net.predict(rows);
    expect(expected.flat().some((v) => Object.is(v, -0))).toBe(true);
    expect(bitDifferences(predict(rows), expected)).toEqual([]);
  });
});

describe("toStandaloneModule: the module's text", () => {
  it("imports nothing and evaluates nothing, is ASCII, and has one function per kind of layer and activation used", () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
    for (const { name, net } of cases) {
      const source = toStandaloneModule(net);
      expect(source, name).not.toMatch(/\bimport\b|\brequire\b|\beval\b|Function\s*\(/);
      expect(source.match(/^export /gm), name).toEqual(["export "]);
      expect(source, name).toMatch(/^\/\/ Generated by tinynn's toStandaloneModule/);
      expect(source, name).toContain("bit for bit");
      // ASCII: a page that serves it without a charset reads the same text
      expect(source, name).toMatch(/^[\x00-\x7f]*$/);
    }
    const blog = toStandaloneModule(cases.find((c) => c.name === "blog")!.net);
    expect(blog).toContain("//   layers[0]  Dense 3 -> 4, sigmoid, no bias\n//   layers[1]  Dense 4 -> 1, sigmoid, no bias\n");
    expect(blog).toContain("const sigmoid = (x) => 1 / (1 + exp(-x));");
    expect(blog).toContain("function exp(x) {");
    // tinynn's exp and tanh, never the engine's
    for (const { name, net } of cases) expect(toStandaloneModule(net), name).not.toMatch(/Math\.(exp|tanh|expm1|log1p|log)\s*\(/);
    for (const unused of ["tanh", "expm1", "relu", "identity", "softmax", "batchNorm", "Dropout"]) expect(blog).not.toContain(unused);
    const mixed = toStandaloneModule(cases.find((c) => c.name === "mixed")!.net);
    for (const used of ["const relu =", "function tanh(", "function expm1(", "function exp(", "const identity =", "function batchNorm(", "function softmax(", "function dense(", "Dropout"]) {
      expect(mixed).toContain(used);
    }
    expect(mixed).not.toContain("sigmoid");
  });

  it("is deterministic: the same network gives the same text", () => {
    const { net } = cases[0]!;
    expect(toStandaloneModule(net)).toBe(toStandaloneModule(net));
  });
});

describe("toStandaloneModule: the module's exp, expm1 and tanh are tinynn's (src/math), bit for bit", () => {
  it("on fdlibm's boundaries, special values and 10^5 seeded arguments each", async () => {
    const net = new Network({ layers: [3, 4, 2], activation: "tanh", outputActivation: "sigmoid", seed: 1 });
    // the module's own functions, exported for this test only (the module exports predict alone)
    const source = `${toStandaloneModule(net)}\nexport { exp, expm1, tanh };\n`;
    const emitted = (await import(pathToFileURL(save(source)).href)) as Record<"exp" | "expm1" | "tanh", (x: number) => number>;
    const ours = { exp: exactMath.exp, expm1: exactMath.expm1, tanh: exactMath.tanh };
    for (const name of ["exp", "expm1", "tanh"] as const) {
      const xs = argumentsFor(name, 1e5, 7);
      expect(xs.length, name).toBeGreaterThanOrEqual(1e5);
      const differ: string[] = [];
      for (let i = 0; i < xs.length && differ.length < 5; i++) {
        const x = xs[i]!;
        if (!Object.is(emitted[name](x), ours[name](x))) differ.push(`${name}(${x}): module ${emitted[name](x)}, tinynn ${ours[name](x)}`);
      }
      expect(differ, name).toEqual([]);
    }
    // and tinynn's are Node's Math.* (test/exact-math.test.ts on 10^6 arguments): here on a few
    expect([emitted.exp(1), emitted.exp(-745), emitted.expm1(1e-10), emitted.tanh(0.5)]).toEqual([Math.exp(1), Math.exp(-745), Math.expm1(1e-10), Math.tanh(0.5)]);
  });
});

describe("toStandaloneModule: under node --disallow-code-generation-from-strings", () => {
  it("a child process that refuses code generation imports the modules and predicts the same bits", () => {
    const modules = cases.map(({ name, net, X }) => ({ name, file: save(toStandaloneModule(net)), X }));
    const runner = join(dir, "runner.mjs");
    writeFileSync(
      runner,
      `const modules = ${JSON.stringify(modules.map(({ name, file, X }) => ({ name, url: pathToFileURL(file).href, X })))};
let refused = false;
try { new Function("return 1"); } catch { refused = true; }
const out = { refused, results: {} };
for (const { name, url, X } of modules) {
  const { predict } = await import(url);
  out.results[name] = Buffer.from(Float64Array.from(predict(X).flat()).buffer).toString("hex");
}
process.stdout.write(JSON.stringify(out));
`,
    );
    const r = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", runner], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { refused: boolean; results: Record<string, string> };
    expect(out.refused).toBe(true); // the flag is in force
    // -0 rows of the input are JSON 0 in the child: its expected values are net.predict of the parsed rows
    for (const { name, net, X } of cases) expect(out.results[name], name).toBe(hex(net.predict(JSON.parse(JSON.stringify(X)) as number[][])));
  });
});

describe("toStandaloneModule: the module checks its input with plain errors and returns new arrays", () => {
  let predict: Predict;
  let net: Network;
  beforeAll(async () => {
    net = new Network({ layers: [3, 4, 2], activation: "tanh", seed: 2 });
    predict = await load(toStandaloneModule(net));
  });

  it.each([
    ["not an array", { rows: 1 }, TypeError, "predict: rows must be an array of rows (number[][]), got object"],
    ["empty", [], RangeError, "predict: rows must have at least one row, got an empty array"],
    ["a row that is not an array", [[1, 2, 3], null], TypeError, "predict: rows[1] must be an array of 3 numbers, got null"],
    ["a row too short", [[1, 2]], RangeError, "predict: rows[0] must have 3 numbers (the network's inputs), got 2"],
    ["a string", [[1, "2", 3]], TypeError, "predict: rows[0][1] must be a number, got string"],
    ["NaN", [[1, 2, 3], [1, NaN, 3]], RangeError, "predict: rows[1][1] must be a finite number, got NaN"],
    ["Infinity", [[1, 2, -Infinity]], RangeError, "predict: rows[0][2] must be a finite number, got -Infinity"],
  ])("%s", (_what, rows, type, message) => {
    expect(() => predict(rows)).toThrow(new type(message));
    // tinynn refuses the same inputs
    expect(() => net.predict(rows as never)).toThrow();
  });

  it("an output that is not finite throws a RangeError where net.predict throws a DataError", async () => {
    const big = new Network({ layers: [3, 1], activation: "identity", bias: false, seed: 1 });
    big.setWeights([[[1e308], [1e308], [1e308]]]);
    const p = await load(toStandaloneModule(big));
    expect(() => big.predict([[1, 1, 1]])).toThrow(DataError);
    expect(() => p([[1, 1, 1]])).toThrow(new RangeError("predict: the network's output[0][0] is Infinity for a finite input (a weight too large for these numbers?)"));
    expect(p([[1, -1, 0]])).toEqual(big.predict([[1, -1, 0]]));
  });

  it("returns new arrays and leaves the caller's as they were", () => {
    const rows = [[0.5, -1, 2]];
    const first = predict(rows);
    first[0]![0] = 99;
    expect(predict(rows)).toEqual(net.predict(rows));
    expect(predict(rows)).not.toBe(predict(rows));
    expect(rows).toEqual([[0.5, -1, 2]]);
  });
});

describe("toStandaloneModule: refusals", () => {
  it("a custom activation: ConfigError naming it (from specOf)", () => {
    const softsign: Activation = { name: "softsign", apply: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / (1 + Math.abs(x)) ** 2 };
    const net = new Network({ layers: [2, 3, 1], activation: softsign, seed: 1 });
    expect(() => toStandaloneModule(net)).toThrow(ConfigError);
    expect(() => toStandaloneModule(net)).toThrow(/toStandaloneModule: layers\[0\] is a Dense layer with the activation "softsign" of yours/);
  });

  it("a custom layer: ConfigError naming its type", () => {
    class Scale implements Layer {
      readonly type = "scale";
      readonly parameters = [];
      readonly outputSize: number;
      constructor(readonly inputSize: number) {
        this.outputSize = inputSize;
      }
      initialize(): void {}
      forward(x: Matrix): Matrix {
        return x;
      }
      backward(g: Matrix): Matrix {
        return g;
      }
      toJSON() {
        return { type: "scale", size: this.inputSize };
      }
    }
    const net = new Network({ layers: [new Dense({ inputSize: 2, outputSize: 3 }), new Scale(3)], seed: 1 });
    expect(() => toStandaloneModule(net)).toThrow(ConfigError);
    expect(() => toStandaloneModule(net)).toThrow(/toStandaloneModule: layers\[1\] is a layer of yours of type "scale"/);
  });

  it("a built-in layer whose forward was replaced, and something that is not a network", () => {
    const net = new Network({ layers: [2, 3, 1], seed: 1 });
    const layer = net.layers[1] as Dense;
    const forward = layer.forward.bind(layer);
    Object.assign(layer, { forward: (x: Matrix, t: boolean) => forward(x, t) });
    expect(() => toStandaloneModule(net)).toThrow(/layers\[1\] \("dense"\) has its forward replaced/);
    expect(() => toStandaloneModule({ layers: [] } as never)).toThrow(new ConfigError("toStandaloneModule: net must be a Network, got an object"));
  });

  it("a value set by hand to NaN: ConfigError naming where", () => {
    const net = new Network({ layers: [2, 3, 1], seed: 1 });
    net.parameters()[2]!.value.data[1] = Number.NaN;
    expect(() => toStandaloneModule(net)).toThrow(ConfigError);
    expect(() => toStandaloneModule(net)).toThrow("toStandaloneModule: layers[1].W[1] is NaN");
  });
});
