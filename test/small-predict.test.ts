// predict on a few rows of number[][] (up to 16) takes a short path (src/engine/small-predict.ts): it must give
// the general path's bits for every network and input, read the weights as they are now, leave layers of
// yours and replaced methods to the general path, and throw the general path's errors for every bad input.
// The general path is called directly (checkInput + predictRows on the network's plans) and through an input
// of more than 16 rows; that the short path answered is seen from the network's plans: it never makes the
// chunked inference plan.
import fc from "fast-check";
import ndarray from "ndarray";
import { afterEach, describe, expect, it } from "vitest";
import {
  BatchNorm,
  ConfigError,
  DataError,
  Dense,
  Dropout,
  LimitError,
  Network,
  numpyRandom,
  seededRandom,
  ShapeError,
  Softmax,
  zeros,
  type Activation,
  type Layer,
  type Matrix,
  type Parameter,
} from "../src/index.js";
import { checkInput } from "../src/matrix/matrix.js";
import { predictRows } from "../src/engine/predict.js";
import { rowWork, SMALL_ROWS, SMALL_WORK, SmallForward } from "../src/engine/small-predict.js";
import { setWasmSwitchedOff } from "../src/matrix/wasm.js";
import { modelOf } from "../src/network/network.js";
import { buildLayers, firstDifference, networkSpec, type NetworkSpec } from "./arbitraries.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];

/** What a call gives: its rows, or the class and message of what it threw. */
type Outcome = { readonly rows: number[][] } | { readonly error: string };

function outcome(call: () => number[][]): Outcome {
  try {
    return { rows: call() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

/** The general path on `rows`: the validation and chunked pass predict ran for every input before. */
function general(net: Network, rows: unknown): number[][] {
  const input = checkInput(rows, "X", { count: net.inputSize, what: "the network's input size" });
  return predictRows(modelOf(net).plans, input, net.outputSize);
}

/** Whether the network has made its chunked inference plan (the general path's; the short path never does). */
const madeInferencePlan = (net: Network): boolean => (modelOf(net).plans as unknown as { inferencePlan: unknown }).inferencePlan !== undefined;

/** Where two outcomes differ (bit for bit, Object.is on every output), or undefined. */
function outcomeDifference(a: Outcome, b: Outcome): string | undefined {
  if ("error" in a || "error" in b) return JSON.stringify(a) === JSON.stringify(b) ? undefined : `${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (a.rows.length !== b.rows.length) return `${a.rows.length} rows vs ${b.rows.length}`;
  for (let i = 0; i < a.rows.length; i++) {
    const d = firstDifference(a.rows[i]!, b.rows[i]!);
    if (d !== undefined) return `row ${i}: ${d}`;
  }
  return undefined;
}

/** An activation of yours equal to tanh: its values go through the generic kernel. */
const myTanh: Activation = { name: "myTanh", apply: Math.tanh, derivative: (_x, y) => 1 - y * y };

function network(spec: NetworkSpec, custom: boolean): Network {
  let width = spec.inputSize;
  const layers = buildLayers(spec).map((layer, l) => {
    const s = spec.layers[l]!;
    if (s.type !== "dense") return layer;
    const input = width;
    width = s.outputSize;
    return custom && s.activation === "tanh" ? new Dense({ inputSize: input, outputSize: s.outputSize, activation: myTanh, bias: s.bias }) : layer;
  });
  return new Network({ layers, random: numpyRandom(1) });
}

/**
 * Every number the network holds set anew: weights and biases `scale · u` with u from a seeded stream in
 * [-1, 1); BatchNorm's running means too, and its running variances `scale · |u|` (a variance is >= 0).
 */
function setNumbers(net: Network, seed: number, scale: number): void {
  const r = seededRandom(seed);
  const draw = (variance: boolean): number => (variance ? Math.abs(scale * (2 * r() - 1)) : scale * (2 * r() - 1));
  const weights = net.getWeights();
  let k = 0;
  const set = net.layers.flatMap((layer) => {
    const count = layer.parameters.length + (layer.state?.length ?? 0);
    const arrays = weights.slice(k, k + count);
    k += count;
    return arrays.map((a, i) => {
      const variance = layer.type === "batchNorm" && i === count - 1;
      return Array.isArray(a[0]) ? (a as number[][]).map((row) => row.map(() => draw(variance))) : (a as number[]).map(() => draw(variance));
    });
  });
  net.setWeights(set);
}

/** Input values: ordinary ones, and -0, subnormals, tiny and huge ones. */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-0, 0, 5e-324, -5e-324, 1e-310, 1e-300, -1e-300, 1e10, -1e10, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

const rowsFor = (cols: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: SMALL_ROWS });

interface Case {
  readonly spec: NetworkSpec;
  readonly custom: boolean;
  readonly seed: number;
  readonly scale: number;
  readonly rows: number[][];
}

const caseOf = (maxSize: number): fc.Arbitrary<Case> =>
  networkSpec({ maxSize, maxHidden: 3 }).chain((spec) =>
    fc.record({
      spec: fc.constant(spec),
      custom: fc.boolean(),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      scale: fc.constantFrom(0.5, 1, 4, 100, 1e150),
      rows: rowsFor(spec.inputSize),
    }),
  );

/**
 * The short path's outcome on a fresh network against the general path's on the same rows, called directly
 * and as the first rows of an input of more than 16 rows. The short path is given no limit of work (a call
 * of more work than SMALL_WORK takes the general path, but must give the same bits on the short one). Counts
 * how often the short path answered.
 */
function checkCase(c: Case, count: { short: number; all: number }): void {
  const net = network(c.spec, c.custom);
  setNumbers(net, c.seed, c.scale);
  const plans = modelOf(net).plans;
  plans.small = new SmallForward(net.layers, plans, Infinity);
  const short = outcome(() => net.predict(c.rows));
  const answeredShort = !madeInferencePlan(net);
  const direct = outcome(() => general(net, c.rows));
  const padded = Array.from({ length: SMALL_ROWS + 1 + (c.seed % 5) }, (_, i) => c.rows[i % c.rows.length]!);
  const long = outcome(() => net.predict(padded));
  const longFirst: Outcome = "rows" in long ? { rows: long.rows.slice(0, c.rows.length) } : long;
  expect(outcomeDifference(short, direct), "the short path against checkInput + predictRows").toBeUndefined();
  expect(outcomeDifference(short, longFirst), `the short path against the first rows of ${padded.length}`).toBeUndefined();
  // the short path answers every input it can; a non-finite output goes to the general path for its message
  if ("rows" in short) expect(answeredShort).toBe(true);
  count.all++;
  if (answeredShort) count.short++;
}

describe("predict on a few rows gives the general path's bits", () => {
  afterEach(() => {
    setWasmSwitchedOff(false);
  });

  it("for random networks of every built-in layer and activation (and one of yours), with and without bias, softmax outputs, BatchNorm and Dropout, on 1 to 16 rows", () => {
    const count = { short: 0, all: 0 };
    fc.assert(fc.property(caseOf(5), (c) => checkCase(c, count)), { seed: 20260611, numRuns: 400 });
    // most cases have finite outputs: the short path must have answered them
    expect(count.short / count.all).toBeGreaterThan(0.5);
  });

  it("with WebAssembly switched off (the general path on the JS product and activation kernels)", () => {
    setWasmSwitchedOff(true);
    const count = { short: 0, all: 0 };
    fc.assert(fc.property(caseOf(5), (c) => checkCase(c, count)), { seed: 20260613, numRuns: 200 });
    fc.assert(fc.property(caseOf(40), (c) => checkCase(c, count)), { seed: 20260614, numRuns: 30 });
    expect(count.short / count.all).toBeGreaterThan(0.5);
  });

  it("for wider layers (up to 40 units: products past the plain loops, into the engine's kernel and WebAssembly)", () => {
    const count = { short: 0, all: 0 };
    fc.assert(fc.property(caseOf(40), (c) => checkCase(c, count)), { seed: 20260612, numRuns: 60 });
    expect(count.short / count.all).toBeGreaterThan(0.5);
  });

  it("the blog's network: each output is the hand-written forward pass, bit for bit", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const [W0, W1] = net.weights() as [number[][], number[][]];
    const s = (z: number): number => 1 / (1 + Math.exp(-z));
    const by = (x: readonly number[]): number => {
      const h = [0, 1, 2, 3].map((j) => s(x[0]! * W0[0]![j]! + x[1]! * W0[1]![j]! + x[2]! * W0[2]![j]!));
      return s(h[0]! * W1[0]![0]! + h[1]! * W1[1]![0]! + h[2]! * W1[2]![0]! + h[3]! * W1[3]![0]!);
    };
    for (const x of X) expect(net.predict([x])).toEqual([[by(x)]]);
    expect(net.predict(X)).toEqual(X.map((x) => [by(x)]));
    expect(madeInferencePlan(net)).toBe(false);
    // -0 in, and the bias-free sums keep it: x = [-0, -0, -0] gives z = -0 · w summed, sigmoid(±0) = 0.5
    expect(net.predict([[-0, -0, -0]])).toEqual([[by([-0, -0, -0])]]);
  });

  it("an identity output keeps -0 (x · w summed from the first product, then no bias)", () => {
    const net = new Network({ layers: [2, 1], activation: "identity", bias: false, random: numpyRandom(1) });
    net.setWeights([[[1], [1]]]);
    expect(Object.is(net.predict([[-0, -0]])[0]![0], -0)).toBe(true);
    expect(Object.is(general(net, [[-0, -0]])[0]![0], -0)).toBe(true);
    expect(Object.is(net.predict([[-0, 0]])[0]![0], 0)).toBe(true);
  });

  it("calls of more work than SMALL_WORK take the general path, with the same bits", () => {
    const blog = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    // 3·4 + 12·4 (sigmoid) + 4·1 + 12·1: 8 rows on the short path, 9 on the general one
    expect(rowWork(blog.layers)).toBe(76);
    expect(Math.floor(SMALL_WORK / 76)).toBe(8);
    const rows = Array.from({ length: 9 }, (_, i) => X[i % 4]!);
    const eight = blog.predict(rows.slice(0, 8));
    expect(madeInferencePlan(blog)).toBe(false);
    const nine = blog.predict(rows);
    expect(madeInferencePlan(blog)).toBe(true);
    expect(nine.slice(0, 8)).toEqual(eight);
    const wide = new Network({ layers: [64, 128, 10], activation: "relu", seed: 1 });
    expect(rowWork(wide.layers)).toBe(64 * 128 + 128 + 128 * 10 + 10);
    const one = [Array.from({ length: 64 }, (_, j) => Math.sin(j))];
    const out = wide.predict(one);
    expect(madeInferencePlan(wide)).toBe(true);
    const plans = modelOf(wide).plans;
    plans.small = new SmallForward(wide.layers, plans, Infinity);
    expect(outcomeDifference({ rows: wide.predict(one) }, { rows: out })).toBeUndefined();
    // it was the short path that answered: its stages are made on its first input
    expect((plans.small as unknown as { stages: unknown }).stages).toBeDefined();
  });

  it("ndarray inputs and more than 16 rows take the general path, with the same bits", () => {
    const net = new Network({ layers: [3, 5, 2], activation: "tanh", outputActivation: "softmax", seed: 3 });
    const rows = Array.from({ length: 20 }, (_, i) => [Math.sin(i), Math.cos(i), i / 7]);
    const few = net.predict(rows.slice(0, 3));
    expect(madeInferencePlan(net)).toBe(false);
    expect(net.predict(ndarray(Float64Array.from(rows.slice(0, 3).flat()), [3, 3]))).toEqual(few);
    expect(madeInferencePlan(net)).toBe(true);
    expect(net.predict(rows).slice(0, 3)).toEqual(few);
    expect(net.predict(rows.slice(0, SMALL_ROWS))).toEqual(net.predict(rows).slice(0, SMALL_ROWS));
  });
});

describe("predict on a few rows reads the weights as they are now", () => {
  const ok = (net: Network, rows: number[][]): void => {
    expect(outcomeDifference({ rows: net.predict(rows) }, { rows: general(net, rows) })).toBeUndefined();
  };

  it("after setWeights, training, and a write into a parameter's data", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const first = net.predict([[0, 1, 1]]);
    net.setWeights([[[1, 2, 3, 4], [0, 0, 0, 0], [-1, -2, -3, -4]], [[1], [1], [1], [1]]]);
    const s = (z: number): number => 1 / (1 + Math.exp(-z));
    expect(net.predict([[0, 1, 1]])).toEqual([[s(s(-1) + s(-2) + s(-3) + s(-4))]]);
    ok(net, [[0, 1, 1]]);
    net.train(X, [[0], [1], [1], [0]], { iterations: 100 });
    const trained = net.predict([[0, 1, 1]]);
    expect(trained).not.toEqual(first);
    ok(net, [[0, 1, 1]]);
    const [W0] = net.parameters() as [Parameter];
    W0.value.data[4] = 5;
    expect(net.predict([[0, 1, 1]])).not.toEqual(trained);
    ok(net, [[0, 1, 1]]);
    expect(madeInferencePlan(net)).toBe(true); // general() made it; predict above never did before that
  });

  it("a bias written into, and a subclass of a built-in layer", () => {
    const net = new Network({ layers: [new Dense({ inputSize: 2, outputSize: 3 }), new (class extends Softmax {})({ size: 3 })], seed: 5 });
    ok(net, [[1, 2]]);
    const bn = new Network({ layers: [3, 4, 2], seed: 6 });
    const before = bn.predict([[1, 2, 3]]);
    bn.layers[0]!.parameters[1]!.value.data[0] = 2;
    expect(bn.predict([[1, 2, 3]])).not.toEqual(before);
    ok(bn, [[1, 2, 3]]);
  });

  it("with BatchNorm in the network, after training moved its running statistics", () => {
    const net = new Network({ layers: [new Dense({ inputSize: 3, outputSize: 4 }), new BatchNorm({ size: 4 }), new Dropout({ size: 4, rate: 0.3 }), new Dense({ inputSize: 4, outputSize: 1 })], seed: 7 });
    const before = net.predict([[0.5, -1, 2]]);
    net.train(X, [[0], [1], [1], [0]], { iterations: 20 });
    expect(net.predict([[0.5, -1, 2]])).not.toEqual(before);
    ok(net, [[0.5, -1, 2], [1, 1, 1]]);
  });
});

describe("what takes the general path", () => {
  it("a Dense whose forward was replaced: its forward runs; put back, the short path again", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const plain = net.predict([[0, 1, 1]]);
    const layer = net.layers[1] as Dense;
    const original = layer.forward;
    let calls = 0;
    layer.forward = function (input: Matrix, training: boolean): Matrix {
      calls++;
      const out = original.call(this, input, training);
      const doubled = zeros(out.shape[0]!, out.shape[1]!);
      for (let i = 0; i < out.data.length; i++) doubled.data[i] = 2 * out.data[i]!;
      return doubled;
    };
    expect(net.predict([[0, 1, 1]])).toEqual([[2 * plain[0]![0]!]]);
    expect(calls).toBe(1);
    delete (layer as { forward?: unknown }).forward;
    expect(net.predict([[0, 1, 1]])).toEqual(plain);
    expect(calls).toBe(1);
  });

  it("a layer of yours: the network predicts through it as before", () => {
    const scale: Layer = {
      type: "scale",
      inputSize: 4,
      outputSize: 4,
      parameters: [],
      initialize() {},
      forward(input: Matrix) {
        const out = zeros(input.shape[0]!, 4);
        for (let i = 0; i < input.shape[0]!; i++) for (let j = 0; j < 4; j++) out.set(i, j, 3 * input.get(i, j));
        return out;
      },
      backward: () => undefined,
      toJSON: () => ({ type: "scale" }),
    };
    const net = new Network({ layers: [new Dense({ inputSize: 3, outputSize: 4 }), scale, new Dense({ inputSize: 4, outputSize: 1 })], seed: 2 });
    const out = net.predict([[0, 1, 1]]);
    expect(madeInferencePlan(net)).toBe(true);
    const [W0, b0, W1, b1] = net.getWeights() as [number[][], number[], number[][], number[]];
    const s = (z: number): number => 1 / (1 + Math.exp(-z));
    const h = [0, 1, 2, 3].map((j) => 3 * s(0 * W0[0]![j]! + 1 * W0[1]![j]! + 1 * W0[2]![j]! + b0[j]!));
    expect(out).toEqual([[s(h[0]! * W1[0]![0]! + h[1]! * W1[1]![0]! + h[2]! * W1[2]![0]! + h[3]! * W1[3]![0]! + b1[0]!)]]);
  });

  it("a network whose prediction buffers pass its memory budget refuses a single row as it refuses many", () => {
    const small = new Network({ layers: [3, 4, 1], seed: 2, memoryBudget: 4096 });
    expect(() => small.predict([[0, 1, 1]])).toThrow(LimitError);
    expect(() => small.predict([[0, 1, 1]])).toThrow(/prediction buffers for batches of \d+ rows.*past the memory budget of 4 KiB/);
  });

  it("a predict from inside a predict (an activation of yours) or from a getter of the input gives the numbers of one without", () => {
    let depth = 0;
    const inner: number[] = [];
    let net: Network | undefined;
    const nesting: Activation = {
      name: "nesting",
      apply(x) {
        if (depth === 0 && net !== undefined) {
          depth++;
          inner.push(net.predict([[0.25, -0.5, 1]])[0]![0]!);
          depth--;
        }
        return Math.tanh(x);
      },
      derivative: (_x, y) => 1 - y * y,
    };
    net = new Network({ layers: [3, 4, 1], activation: nesting, seed: 9 });
    const rows = [[0.5, 1, -1], [1, 2, 3]];
    const outer = net.predict(rows);
    expect(inner.length).toBeGreaterThan(0);
    depth = 1; // no nesting from here
    const alone = net.predict([[0.25, -0.5, 1]])[0]![0]!;
    for (const v of inner) expect(v).toBe(alone);
    expect(outer).toEqual(general(net, rows));

    const plain = new Network({ layers: [3, 4, 1], seed: 9 });
    const seen: number[] = [];
    const row = new Proxy([0.5, 1, -1], {
      get(target, key, receiver) {
        if (key === "1") seen.push(plain.predict([[9, 9, 9]])[0]![0]!);
        return Reflect.get(target, key, receiver);
      },
    });
    const got = plain.predict([row, [1, 2, 3]]);
    expect(seen.length).toBeGreaterThan(0);
    for (const v of seen) expect(v).toBe(plain.predict([[9, 9, 9]])[0]![0]!);
    expect(got).toEqual(plain.predict([[0.5, 1, -1], [1, 2, 3]]));
  });
});

describe("bad inputs: the general path's errors", () => {
  const net = (): Network => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
  const holey = [1, 1, 1];
  delete (holey as unknown[])[1];
  const cases: [string, unknown, new (...args: never[]) => Error, RegExp][] = [
    ["empty", [], DataError, /^X must have at least one row, got an empty array$/],
    ["an empty row", [[]], DataError, /^X\[0\] must have at least one column, got an empty row$/],
    ["NaN", [[0, Number.NaN, 1]], DataError, /^X\[0\]\[1\] must be finite, got NaN$/],
    ["Infinity", [[0, 1, 1], [Infinity, 1, 1]], DataError, /^X\[1\]\[0\] must be finite, got Infinity$/],
    ["-Infinity", [[0, 1, -Infinity]], DataError, /^X\[0\]\[2\] must be finite, got -Infinity$/],
    ["a string", [[0, "1", 1]], DataError, /^X\[0\]\[1\] must be a number, got "1"$/],
    ["null", [[0, 1, null]], DataError, /^X\[0\]\[2\] must be a number, got null$/],
    ["a boolean", [[true, 1, 1]], DataError, /^X\[0\]\[0\] must be a number, got boolean$/],
    ["a bigint", [[0, 1n, 1]], DataError, /^X\[0\]\[1\] must be a number, got bigint$/],
    ["a hole", [holey], DataError, /^X\[0\]\[1\] must be a number, got undefined$/],
    ["2 columns", [[0, 1]], ShapeError, /^Expected X with 3 columns \(the network's input size\), got 2$/],
    ["4 columns", [[0, 1, 1, 1], [1, 1, 1, 1]], ShapeError, /^Expected X with 3 columns \(the network's input size\), got 4$/],
    ["ragged", [[0, 1, 1], [1, 1]], DataError, /^X is ragged: X\[0\] has 3 columns but X\[1\] has 2$/],
    ["ragged after a row of the wrong width", [[0, 1], [1, 1, 1]], DataError, /^X is ragged: X\[0\] has 2 columns but X\[1\] has 3$/],
    ["NaN in rows of the wrong width", [[0, 1], [Number.NaN, 1]], DataError, /^X\[1\]\[0\] must be finite, got NaN$/],
    ["a flat array", [0, 1, 1], DataError, /^X must be an array of rows \(number\[\]\[\]\), but X\[0\] is 0$/],
    ["a row that is not an array", [[0, 1, 1], "011"], DataError, /^X\[1\] must be an array of numbers, got "011"$/],
    ["a Float64Array row", [new Float64Array(3)], DataError, /^X must be an array of rows \(number\[\]\[\]\), but X\[0\] is an object$/],
    ["null rows", [[0, 1, 1], null], DataError, /^X\[1\] must be an array of numbers, got null$/],
    ["a string", "011", DataError, /^X must be number\[\]\[\] or a 2-D ndarray, got "011"$/],
    ["undefined", undefined, DataError, /^X must be number\[\]\[\] or a 2-D ndarray, got undefined$/],
    ["NaN in row 17", [...Array.from({ length: 16 }, () => [0, 1, 1]), [0, Number.NaN, 1]], DataError, /^X\[16\]\[1\] must be finite, got NaN$/],
  ];
  for (const [name, input, type, message] of cases) {
    it(`${name}: ${type.name} ${message.source}`, () => {
      const n = net();
      const short = outcome(() => n.predict(input as never));
      expect(short).toEqual(outcome(() => general(net(), input)));
      expect(() => n.predict(input as never)).toThrow(type);
      expect(() => n.predict(input as never)).toThrow(message);
    });
  }

  it("an output that is not finite: the general path's message, with its row", () => {
    const n = new Network({ layers: [2, 1], activation: "identity", random: numpyRandom(1) });
    n.setWeights([[[Number.MAX_VALUE], [Number.MAX_VALUE]], [0]]);
    const rows = [[0, 0], [1, 1]];
    expect(() => n.predict(rows)).toThrow(new DataError(
      "the network's output[1][0] is Infinity for a finite input: a weight, a layer or an activation of the network gives NaN or Infinity (check weights set by hand and your own layers and activations)",
    ));
    expect(outcome(() => n.predict(rows))).toEqual(outcome(() => general(n, rows)));
    expect(n.predict([[0, 0]])).toEqual([[0]]);
  });

  // (a value that is bad at the first read sends the call to the general path, which reads it again: a getter
  // that then answers differently gets the general path's answer to its next reads)
  it("rows that answer differently when read again (getters): as the general path, which reads X twice (checks, then copies)", () => {
    // each getter answers its first read with `before` and every later one with `after`
    const changing = (before: unknown, after: unknown, where: "row" | "value"): unknown[] => {
      let reads = 0;
      const next = (): unknown => (reads++ === 0 ? before : after);
      if (where === "row") {
        const rows: unknown[] = [[0, 0, 1]];
        Object.defineProperty(rows, 1, { get: next, enumerable: true });
        return rows;
      }
      const row: unknown[] = [0, 0];
      Object.defineProperty(row, 2, { get: next, enumerable: true });
      return [row];
    };
    const cases: [unknown, unknown, "row" | "value", string | undefined][] = [
      [[0, 1, 1], undefined, "row", "DataError: X[1] must be an array of numbers, got undefined when read again"],
      [[0, 1, 1], [1, 1, 1], "row", undefined],
      [[0, 1, 1], [1, 1], "row", "DataError: X[1][2] must be a number, got undefined"],
      [1, Number.NaN, "value", "DataError: X[0][2] must be finite, got NaN"],
      [1, "1", "value", 'DataError: X[0][2] must be a number, got "1"'],
      [1, 0.5, "value", undefined],
    ];
    for (const [before, after, where, error] of cases) {
      const short = outcome(() => net().predict(changing(before, after, where) as never));
      expect(short).toEqual(outcome(() => general(net(), changing(before, after, where))));
      if (error !== undefined) expect(short).toEqual({ error });
    }
    // a value that changes to another number is used as the second read found it
    expect(net().predict(changing(1, 0.5, "value") as never)).toEqual(net().predict([[0, 0, 0.5]]));
  });

  it("the input is not written", () => {
    const rows = [[0, -0, 1]];
    net().predict(rows);
    expect(rows).toEqual([[0, -0, 1]]);
    expect(Object.is(rows[0]![1], -0)).toBe(true);
  });
});

describe("predict options", () => {
  const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
  const plain = net.predict(X);

  it("float64 is the default: {}, { precision: undefined } and { precision: \"float64\" } give the same bits", () => {
    expect(net.predict(X, {})).toEqual(plain);
    expect(net.predict(X, { precision: undefined } as never)).toEqual(plain);
    expect(net.predict(X, { precision: "float64" })).toEqual(plain);
    expect(net.predict([X[1]!], { precision: "float64" })).toEqual([plain[1]]);
    expect(net.predict(X, Object.assign(Object.create(null) as object, { precision: "float64" as const }))).toEqual(plain);
  });

  const bad: [string, unknown, RegExp][] = [
    ["null", null, /^predict options must be a plain object like \{ precision: "float32" \}, got null$/],
    ["a string", "float32", /^predict options must be a plain object like \{ precision: "float32" \}, got "float32"$/],
    ["an array", [], /^predict options must be a plain object like \{ precision: "float32" \}, got an array of length 0$/],
    ["a Map", new Map([["precision", "float32"]]), /^predict options must be a plain object like \{ precision: "float32" \}, got an object$/],
    ["an unknown key", { precison: "float32" }, /^Unknown predict option "precison"; known options: precision$/],
    ["float16", { precision: "float16" }, /^options\.precision must be "float64" or "float32", got "float16"$/],
    ["a number", { precision: 32 }, /^options\.precision must be "float64" or "float32", got 32$/],
    ["null precision", { precision: null }, /^options\.precision must be "float64" or "float32", got null$/],
  ];
  for (const [name, options, message] of bad) {
    it(`${name}: ConfigError ${message.source}`, () => {
      expect(() => net.predict(X, options as never)).toThrow(ConfigError);
      expect(() => net.predict(X, options as never)).toThrow(message);
      // the options are checked before X
      expect(() => net.predict([[Number.NaN, 1, 1]], options as never)).toThrow(ConfigError);
    });
  }

  it("float32 checks X as float64 does, before its pass", () => {
    expect(() => net.predict([[Number.NaN, 1, 1]], { precision: "float32" })).toThrow(new DataError("X[0][0] must be finite, got NaN"));
    expect(() => net.predict([[1, 1]], { precision: "float32" })).toThrow(new ShapeError("Expected X with 3 columns (the network's input size), got 2"));
  });
});
