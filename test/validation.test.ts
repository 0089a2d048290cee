// Bad input: every public entry throws a typed error whose message names the argument, what was
// expected and what came; caller arrays are never mutated.
import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DataError,
  Dense,
  GradientDescent,
  Network,
  SerializationError,
  ShapeError,
  TinyNNError,
  TrainingError,
  numpyRandom,
  type TrainingMonitor,
} from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = () => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });

function thrown(f: () => unknown): TinyNNError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TinyNNError);
    return e as TinyNNError;
  }
  throw new Error("expected a throw");
}

describe("data", () => {
  it.each([
    ["X and y row counts differ", () => net().train(X, y.slice(0, 3)), ShapeError, "E_SHAPE", /X and y must have the same number of rows.*got 4 and 3/],
    ["ragged rows", () => net().train([[0, 0, 1], [0, 1]], [[0], [1]]), DataError, "E_DATA", /X is ragged: X\[0\] has 3 columns but X\[1\] has 2/],
    ["wrong column count", () => net().predict([[0, 1]]), ShapeError, "E_SHAPE", /Expected X with 3 columns \(the network's input size\), got 2/],
    ["wrong target width", () => net().train(X, [[0, 1], [1, 0], [1, 0], [0, 1]]), ShapeError, "E_SHAPE", /Expected y with 1 columns \(the network's output size\), got 2/],
    ["NaN", () => net().train([[0, 0, 1], [0, NaN, 1]], [[0], [1]]), DataError, "E_DATA", /X\[1\]\[1\] must be finite, got NaN/],
    ["Infinity in y", () => net().train(X, [[0], [Infinity], [1], [0]]), DataError, "E_DATA", /y\[1\]\[0\] must be finite, got Infinity/],
    ["empty", () => net().predict([]), DataError, "E_DATA", /X must have at least one row, got an empty array/],
    ["empty row", () => net().predict([[]]), DataError, "E_DATA", /X\[0\] must have at least one column/],
    ["non-numbers", () => net().predict([[0, "1", 1]] as unknown as number[][]), DataError, "E_DATA", /X\[0\]\[1\] must be a number, got "1"/],
    ["not a matrix", () => net().predict([1, 2, 3] as unknown as number[][]), DataError, "E_DATA", /X must be an array of rows \(number\[\]\[\]\), but X\[0\] is 1/],
    ["3-D ndarray", () => net().predict(ndarray(new Float64Array(8), [2, 2, 2])), ShapeError, "E_SHAPE", /2-D ndarray.*got 3 dimensions/],
  ])("%s", (_label, f, type, code, message) => {
    const e = thrown(f);
    expect(e).toBeInstanceOf(type);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it("accepts float64 ndarrays and gives the same numbers as arrays", () => {
    const flat = new Float64Array(X.flat());
    const a = net();
    const b = net();
    a.train(X, y, { iterations: 50 });
    b.train(ndarray(flat, [4, 3]), ndarray(new Float64Array(y.flat()), [4, 1]), { iterations: 50 });
    expect(b.predict(ndarray(flat, [4, 3]))).toEqual(a.predict(X));
    // a transposed (strided) view is read element by element
    const t = ndarray(new Float64Array([0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1]), [3, 4]).transpose(1, 0);
    expect(b.predict(t)).toEqual(a.predict(X));
  });

  it("never mutates the caller's arrays", () => {
    const Xc = structuredClone(X);
    const yc = structuredClone(y);
    const n = net();
    n.train(Xc, yc, { iterations: 100, batchSize: 2, shuffle: true });
    n.predict(Xc);
    n.evaluate(Xc, yc);
    expect(Xc).toEqual(X);
    expect(yc).toEqual(y);
  });
});

describe("configuration", () => {
  it.each([
    ["unknown activation", () => new Network({ layers: [3, 1], activation: "sigmod" as never }), /Unknown activation "sigmod"; known activations: sigmoid, tanh, relu, leakyRelu, identity/],
    ["unknown output activation", () => new Network({ layers: [3, 1], outputActivation: "softmaxx" as never }), /Unknown outputActivation "softmaxx"; known activations: .*, softmax/],
    ["unknown loss", () => net().train(X, y, { loss: "cross" as never }), /Unknown loss "cross"; known losses: sse, mse/],
    ["alpha 0", () => net().train(X, y, { alpha: 0 }), /alpha must be a finite number > 0, got 0/],
    ["alpha NaN", () => net().train(X, y, { alpha: NaN }), /alpha must be a finite number > 0, got NaN/],
    ["alpha Infinity", () => new GradientDescent({ alpha: Infinity }), /alpha must be a finite number > 0, got Infinity/],
    ["alpha string", () => net().train(X, y, { alpha: "1" as unknown as number }), /alpha must be a finite number > 0 or a schedule function .*, got "1"/],
    ["misspelled train option", () => net().train(X, y, { learningRate: 5 } as never), /Unknown train option "learningRate"; known options: iterations, alpha, optimizer/],
    ["misspelled Network option", () => new Network({ layers: [3, 1], activaton: "relu" } as never), /Unknown Network option "activaton"; known options: layers, activation/],
    ["misspelled regularization option", () => net().train(X, y, { regularization: { L2: 5 } } as never), /Unknown regularization option "L2"; known options: l1, l2, bias/],
    ["misspelled earlyStopping option", () => net().train(X, y, { earlyStopping: { lossbelow: 0.1 } } as never), /Unknown earlyStopping option "lossbelow"/],
    ["iterations 0", () => net().train(X, y, { iterations: 0 }), /iterations must be an integer >= 1, got 0/],
    ["iterations 2.5", () => net().train(X, y, { iterations: 2.5 }), /iterations must be an integer >= 1, got 2.5/],
    ["iterations Infinity", () => net().train(X, y, { iterations: Infinity }), /iterations must be an integer >= 1, got Infinity/],
    ["batchSize 0", () => net().train(X, y, { batchSize: 0 }), /batchSize must be an integer >= 1, got 0/],
    ["alpha and optimizer", () => net().train(X, y, { alpha: 1, optimizer: new GradientDescent({ alpha: 1 }) }), /either alpha .* or optimizer, not both/],
    ["optimizer without step", () => net().train(X, y, { optimizer: {} as never }), /optimizer must be an object with a step/],
    ["one layer size", () => new Network({ layers: [3] }), /layers needs at least 2 sizes .*got \[3\]/],
    ["no layers", () => new Network({ layers: [] }), /layers needs at least 2 sizes/],
    ["size 0", () => new Network({ layers: [3, 0, 1] }), /layers\[1\] must be an integer >= 1, got 0/],
    ["layers not an array", () => new Network({ layers: 3 as unknown as number[] }), /layers must be an array/],
    ["random not a function", () => new Network({ layers: [3, 1], random: 1 as unknown as () => number }), /random must be a function/],
    ["bad Dense size", () => new Dense({ inputSize: 3, outputSize: -1 }), /outputSize must be an integer >= 1, got -1/],
  ])("%s", (_label, f, message) => {
    const e = thrown(f);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.code).toBe("E_CONFIG");
    expect(e.message).toMatch(message);
  });

  it("layer objects that do not fit", () => {
    const e = thrown(() => new Network({ layers: [new Dense({ inputSize: 3, outputSize: 4 }), new Dense({ inputSize: 5, outputSize: 1 })] }));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/layers\[1\].inputSize must equal layers\[0\].outputSize \(4\), got 5/);
  });
});

describe("divergence", () => {
  it("stops with the iteration and a hint when the loss becomes NaN", () => {
    const n = new Network({ layers: [1, 1], activation: "identity", bias: false, random: numpyRandom(1) });
    const e = thrown(() => n.train([[1e100]], [[1]], { iterations: 100, alpha: 1e200 }));
    expect(e).toBeInstanceOf(TrainingError);
    expect(e.code).toBe("E_DIVERGED");
    expect((e as TrainingError).iteration).toBe(1);
    expect(e.message).toMatch(
      /Training diverged at iteration 1: the loss became Infinity; the network is back to its state before this training \(with its optimizer and layer state\); try a smaller alpha than 1e\+200/,
    );
    // the one update made the weight overflow the loss: it is undone
    expect(n.weights()[0]![0]![0]).toBe(new Network({ layers: [1, 1], activation: "identity", bias: false, random: numpyRandom(1) }).weights()[0]![0]![0]);
  });
});

describe("fromJSON", () => {
  const good = () => JSON.parse(JSON.stringify(net().toJSON())) as Record<string, unknown> & { layers: Record<string, unknown>[] };
  it.each([
    ["not an object", () => 3, /json must be an object from network.toJSON\(\), got 3/],
    ["wrong format", () => ({ ...good(), format: "keras" }), /json.format must be "tinynn", got "keras"/],
    ["wrong version", () => ({ ...good(), version: 4 }), /json.version must be an integer from 1 to 3, got 4/],
    ["missing layers", () => ({ format: "tinynn", version: 1 }), /json.layers must be a non-empty array/],
    ["unknown layer type", () => { const j = good(); j.layers[0]!.type = "conv"; return j; }, /json.layers\[0\].type "conv" is unknown; known layer types: dense/],
    ["missing field", () => { const j = good(); delete j.layers[1]!.weights; return j; }, /json.layers\[1\].weights must be an array of 4 rows, got undefined/],
    ["missing bias", () => { const j = good(); delete j.layers[1]!.bias; return j; }, /json.layers\[1\].bias is missing/],
    ["wrong shape", () => { const j = good(); (j.layers[0]!.weights as number[][])[2]!.pop(); return j; }, /json.layers\[0\].weights\[2\] must be an array of 4 numbers/],
    ["non-finite weight", () => { const j = good(); (j.layers[0]!.weights as unknown[][])[0]![0] = null; return j; }, /json.layers\[0\].weights\[0\]\[0\] must be a finite number, got null/],
    ["unknown activation", () => { const j = good(); j.layers[0]!.activation = "swish"; return j; }, /json.layers\[0\].activation "swish" is unknown; known: sigmoid.*Pass your own/],
    ["layers that do not fit", () => { const j = good(); j.layers[1]!.inputSize = 3; (j.layers[1]!.weights as number[][]).pop(); return j; }, /json.layers\[1\].inputSize must equal json.layers\[0\].outputSize \(4\), got 3/],
  ])("%s", (_label, make, message) => {
    const e = thrown(() => Network.fromJSON(make()));
    expect(e).toBeInstanceOf(SerializationError);
    expect(e.code).toBe("E_JSON");
    expect(e.message).toMatch(message);
  });
});

describe("the library never prints", () => {
  it("trains, predicts and fails without console output", () => {
    const calls: unknown[] = [];
    const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
    for (const k of Object.keys(saved) as (keyof typeof saved)[]) console[k] = (...a: unknown[]) => calls.push(a);
    try {
      const n = net();
      const quiet: TrainingMonitor = {};
      n.train(X, y, { iterations: 200, monitors: [quiet] });
      n.predict(X);
      expect(() => n.train(X, y, { alpha: -1 })).toThrow();
    } finally {
      Object.assign(console, saved);
    }
    expect(calls).toEqual([]);
  });
});
