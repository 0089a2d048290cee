// The network, training and matrix entries as a hostile user calls them: every bad input is a
// typed TinyNNError with its code, naming the argument, thrown before any work or allocation
// (sizes past the memory budget are refused at once, never allocated). docs/errors.md has the policy.
import { execFileSync } from "node:child_process";
import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import {
  Adam,
  addRegularizationGradient,
  clipGradientsByNorm,
  ConfigError,
  crossEntropy,
  mse,
  optimizerFromJSON,
  regularizationPenalty,
  sse,
  stepDecay,
  DataError,
  Dense,
  Dropout,
  fromRows,
  GradientDescent,
  LimitError,
  Network,
  numpyRandom,
  ShapeError,
  TinyNNError,
  toRows,
  trace,
  TrainingError,
  xavierUniform,
  zeros,
  type TrainOptions,
} from "../src/index.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = () => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
const softmaxNet = (outputs = 2) => new Network({ layers: [3, outputs], outputActivation: "softmax", random: numpyRandom(1) });
const train = (o: Record<string, unknown>) => () => net().train(X, y, o as TrainOptions);
const fake = (shape: unknown[]) => ({ shape, dimension: shape.length, get: () => 0 }) as never;

type Row = [name: string, call: () => unknown, type: new (...args: never[]) => TinyNNError, code: string, says: RegExp];

const catalogue: Row[] = [
  // sizes: refused before anything is allocated
  ["layers [3, 1e9, 1]", () => new Network({ layers: [3, 1e9, 1] }), LimitError, "E_LIMIT", /layers \[3, 1000000000, 1\].*74\.5 GiB.*memory budget of 1 GiB.*memoryBudget/],
  ["layers [1e5, 1e5, 1]", () => new Network({ layers: [100000, 100000, 1] }), LimitError, "E_LIMIT", /149 GiB/],
  ["memoryBudget too small", () => new Network({ layers: [3, 4, 1], memoryBudget: 100 }), LimitError, "E_LIMIT", /336 bytes, past the memory budget of 100 bytes/],
  ["memoryBudget -1", () => new Network({ layers: [3, 1], memoryBudget: -1 }), ConfigError, "E_CONFIG", /memoryBudget must be a finite number > 0, got -1/],
  ["memoryBudget string", () => new Network({ layers: [3, 1], memoryBudget: "1GB" as never }), ConfigError, "E_CONFIG", /memoryBudget must be .*got "1GB"/],
  ["iterations 1e300", train({ iterations: 1e300 }), LimitError, "E_LIMIT", /history of 1e\+300 iterations/],
  ["iterations 1e9", train({ iterations: 1e9 }), LimitError, "E_LIMIT", /history of 1000000000 iterations would need 14\.9 GiB/],
  ["a batch size whose buffers pass the budget", () => new Network({ layers: [3, 4, 1], memoryBudget: 600 }).train(X, y, { iterations: 1 }), LimitError, "E_LIMIT", /training buffers for batches of 4 rows/],
  ["ndarray shape [1e7, 1e7]", () => net().predict(fake([1e7, 1e7])), DataError, "E_DATA", /X has shape \[10000000, 10000000\]/],
  ["ndarray shape [-1, 3]", () => net().predict(fake([-1, 3])), ShapeError, "E_SHAPE", /X\.shape must be two integers >= 0, got \[-1, 3\]/],
  ["ndarray shape [1.5, 3]", () => net().predict(fake([1.5, 3])), ShapeError, "E_SHAPE", /X\.shape must be two integers >= 0, got \[1\.5, 3\]/],
  ["ndarray of 3 dimensions", () => net().predict(fake([1, 3, 1])), ShapeError, "E_SHAPE", /X must be a 2-D ndarray/],
  ["zeros(-1, 3)", () => zeros(-1, 3), ConfigError, "E_CONFIG", /rows must be an integer >= 0, got -1/],
  ["zeros(1.5, 3)", () => zeros(1.5, 3), ConfigError, "E_CONFIG", /rows must be an integer >= 0, got 1\.5/],
  ["zeros(1e9, 1e9)", () => zeros(1e9, 1e9), LimitError, "E_LIMIT", /zeros\(1000000000, 1000000000\) would need/],
  ["fromRows ragged", () => fromRows([[1], [1, 2]]), DataError, "E_DATA", /rows is ragged/],
  ["fromRows null", () => fromRows(null as never), DataError, "E_DATA", /rows must be number\[\]\[\], got null/],
  ["fromRows NaN", () => fromRows([[Number.NaN]]), DataError, "E_DATA", /rows\[0\]\[0\] must be finite, got NaN/],
  ["toRows of an object", () => toRows({} as never), DataError, "E_DATA", /m must be a Matrix/],
  ["toRows reading past its data", () => toRows({ data: new Float64Array(2), shape: [2, 2], stride: [2, 1], offset: 0 } as never), ShapeError, "E_SHAPE", /m reads outside its data/],
  // losses outside their domain
  ["sigmoid output with crossEntropy", train({ loss: "crossEntropy" }), ConfigError, "E_CONFIG", /loss "crossEntropy" needs probabilities .* a dense layer with activation "sigmoid"; .* use "binaryCrossEntropy"/],
  ["crossEntropy targets outside [0, 1]", () => softmaxNet().train(X, X.map(() => [2, -1]), { loss: "crossEntropy" }), DataError, "E_DATA", /y\[0\]\[0\] must be in \[0, 1\] for loss "crossEntropy".*got 2/],
  ["crossEntropy multi-label targets", () => softmaxNet().train(X, [[1, 1], [1, 0], [0, 1], [1, 1]], { loss: "crossEntropy" }), DataError, "E_DATA", /y\[0\] must sum to 1 .*got a sum of 2/],
  ["crossEntropy in evaluate", () => net().evaluate(X, y, "crossEntropy"), ConfigError, "E_CONFIG", /loss "crossEntropy" needs probabilities/],
  ["crossEntropy validation targets", () => softmaxNet().train(X, X.map(() => [1, 0]), { loss: "crossEntropy", earlyStopping: { validation: { X, y: X.map(() => [0.5, 0.6]) } } }), DataError, "E_DATA", /earlyStopping\.validation\.y\[0\] must sum to 1/],
  ["softmax over one output", () => softmaxNet(1), ConfigError, "E_CONFIG", /outputActivation "softmax" needs at least 2 outputs/],
  // NaN that would escape
  ["a random that returns NaN", () => new Network({ layers: [3, 4, 1], random: (() => Number.NaN) as never }), ConfigError, "E_CONFIG", /random must return numbers in \[0, 1\).*returned NaN/],
  ["a random that returns 2", () => new Network({ layers: [3, 4, 1], random: (() => 2) as never }), ConfigError, "E_CONFIG", /returned 2/],
  ["an activation that returns NaN, in predict", () => new Network({ layers: [3, 4, 1], activation: { name: "bad", apply: () => Number.NaN, derivative: () => 1 }, random: numpyRandom(1) }).predict(X), DataError, "E_DATA", /the network's output\[0\]\[0\] is NaN for a finite input/],
  // options
  ["a monitor method that is not a function", train({ monitors: [{ beforeUpdate: 5 }] }), ConfigError, "E_CONFIG", /monitors\[0\]\.beforeUpdate must be a function/],
  ["an unknown outputActivation names outputActivation, and lists softmax", () => new Network({ layers: [3, 1], outputActivation: "sigmod" as never }), ConfigError, "E_CONFIG", /Unknown outputActivation "sigmod"; known activations: sigmoid, tanh, relu, leakyRelu, identity, softmax/],
  ["evaluate whose loss overflows", () => {
    const n = new Network({ layers: [1, 1], activation: "identity", bias: false, random: numpyRandom(1) });
    n.parameters()[0]!.value.data[0] = 1e200;
    return n.evaluate([[1]], [[0]]);
  }, DataError, "E_DATA", /evaluate: the "sse" loss of the network's outputs is Infinity/],
  ["a regularization penalty that overflows", () => regularizationPenalty(net().parameters(), { l2: 1e308 }), DataError, "E_DATA", /regularizationPenalty: the penalty of these weights is Infinity/],
  ["sse.value of different shapes", () => sse.value(fromRows([[1]]), fromRows([[1, 2]])), ShapeError, "E_SHAPE", /sse\.value: target must have the shape of the output \[1 x 1\], got \[1 x 2\]/],
  ["mse.gradient into a grad of another shape", () => mse.gradient(zeros(2, 1), fromRows([[1]]), fromRows([[0]])), ShapeError, "E_SHAPE", /gradient: grad must have the shape of the output \[1 x 1\], got \[2 x 1\]/],
  ["crossEntropy.value of a view with an offset", () => crossEntropy.value(ndarray(new Float64Array([9, 0.5, 0.5]), [1, 2], [2, 1], 1) as never, fromRows([[1, 0]])), ShapeError, "E_SHAPE", /crossEntropy\.value: output must be packed row by row from offset 0/],
  ["a schedule called with NaN", () => stepDecay({ alpha: 1, drop: 0.5, every: 10 })(Number.NaN), ConfigError, "E_CONFIG", /a step schedule's step must be an integer >= 0 \(the update count\), got NaN/],
  ["the same layer twice in one network", () => { const d = new Dense({ inputSize: 3, outputSize: 3 }); return new Network({ layers: [d, d] }); }, ConfigError, "E_CONFIG", /layers\[1\] is layers\[0\] again/],
  ["a layer already in another network", () => { const d = new Dense({ inputSize: 3, outputSize: 1 }); new Network({ layers: [d] }); return new Network({ layers: [d] }); }, ConfigError, "E_CONFIG", /layers\[0\] already belongs to another Network/],
  ["an optimizer that trained two networks, saved", () => {
    const adam = new Adam({ alpha: 0.1 });
    const [a, b] = [new Network({ layers: [3, 4, 1], seed: 1 }), new Network({ layers: [3, 2, 1], seed: 1 })];
    a.train(X, y, { iterations: 2, optimizer: adam });
    b.train(X, y, { iterations: 2, optimizer: adam });
    return a.toJSON({ optimizer: adam });
  }, ConfigError, "E_CONFIG", /holds state for two parameters named "W0": it trained more than one network/],
  ["a sparse monitors array", train({ monitors: [, {}] }), ConfigError, "E_CONFIG", /monitors\[0\] must be a TrainingMonitor object/],
  ["a random that returns a string", () => new Network({ layers: [3, 1], random: (() => "0.5") as never }), ConfigError, "E_CONFIG", /returned "0\.5"/],
  ["activation null", () => new Network({ layers: [3, 1], activation: null as never }), ConfigError, "E_CONFIG", /activation must be an activation name .* got null/],
  ["a loss whose value is not a number", () => new Network({ layers: [3, 4, 1], random: numpyRandom(1) }).train([[0, 0, 1]], [[1]], { loss: { name: "big", value: () => 1n, gradient: () => undefined } as never }), ConfigError, "E_CONFIG", /loss "big"\.value must return a number, got bigint/],
  ["a row that is not an array when read again", () => {
    let reads = 0;
    const rows = [[0, 0, 1]];
    Object.defineProperty(rows, 1, { get: () => (reads++ === 0 ? [0, 1, 1] : undefined), enumerable: true });
    return net().predict(rows);
  }, DataError, "E_DATA", /X\[1\] must be an array of numbers, got undefined when read again/],
  ["toRows of more than the budget", () => toRows(zeros(1e8, 0)), LimitError, "E_LIMIT", /toRows of \[100000000 x 0\] would need 9\.31 GiB, past the memory budget of 1 GiB$/],
  ["mse of no rows", () => mse.value(zeros(0, 2), zeros(0, 2)), DataError, "E_DATA", /mse\.value: the output must have at least one row/],
  ["a layer's direct forward past the budget", () => new Dense({ inputSize: 3, outputSize: 3 }).forward({ data: new Float64Array(3), shape: [1e8, 3], stride: [0, 1], offset: 0 } as never, true), LimitError, "E_LIMIT", /dense\.forward of 100000000 rows/i],
  ["the first update's loss not finite", () => new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) }).train([[1e200, 1e200, 1e200]], [[0]]), TrainingError, "E_DIVERGED", /the loss became Infinity at the starting weights; the network is back to its state before this training .*; check the scale of X and y/],
  ["Dense.initialize without a random source", () => new Dense({ inputSize: 3, outputSize: 1 }).initialize(null as never), ConfigError, "E_CONFIG", /Dense\.initialize needs a random source/],
  ["an initializer that draws NaN", () => new Network({ layers: [3, 1], initializer: { name: "bad", drawBias: true, draw: () => Number.NaN }, seed: 1 }), ConfigError, "E_CONFIG", /initializer "bad" drew NaN for W0\[0\]: an initializer must draw finite numbers/],
  ["xavierUniform.draw with no fan", () => xavierUniform.draw(0, 0, () => 0.5), ConfigError, "E_CONFIG", /xavierUniform\.draw needs fanIn and fanOut integers >= 1, got 0 and 0/],
  ["a saved optimizer state of a sparse array claiming 2^32 - 1 numbers", () => {
    const n = net();
    const adam = new Adam({ alpha: 0.1 });
    n.train(X, y, { iterations: 1, optimizer: adam });
    const json = adam.toJSON() as unknown as { state: Record<string, Record<string, unknown>> };
    const m: number[] = [];
    m[0] = 0;
    m.length = 2 ** 32 - 1;
    json.state.W0!.m = m;
    return optimizerFromJSON(json as never);
  }, LimitError, "E_LIMIT", /optimizer json\.state\.W0\.m \(4294967295 numbers\) would need 32 GiB/],
  ["an optimizer's step called with null", () => new Adam({ alpha: 0.1 }).step(null as never), ConfigError, "E_CONFIG", /adam\.step needs an array of Parameters, like net\.parameters\(\), got null/],
  ["gradient descent's step on a grad of another size", () => {
    const p = { name: "W", isWeight: true, value: zeros(2, 2), grad: zeros(1, 1) };
    return new GradientDescent({ alpha: 1 }).step([p]);
  }, ShapeError, "E_SHAPE", /gradientDescent\.step: W's grad has 1 values but its value has 4/],
  ["Adam's step on a grad of another size", () => {
    const p = { name: "W", isWeight: true, value: zeros(2, 2), grad: zeros(1, 1) };
    return new Adam({ alpha: 1 }).step([p]);
  }, ShapeError, "E_SHAPE", /adam\.step: W's grad has 1 values but its value has 4/],
  ["Dropout.setRandom(null)", () => new Dropout({ size: 2, rate: 0.5 }).setRandom(null as never), ConfigError, "E_CONFIG", /Dropout\.setRandom needs a random source/],
  ["clipping NaN gradients", () => {
    const n = net();
    n.parameters()[0]!.grad.data[0] = Number.NaN;
    return clipGradientsByNorm(n.parameters(), 1);
  }, DataError, "E_DATA", /parameters\[0\] \(W0\)\.grad\[0\] must be a finite number, got NaN/],
  ["a regularization gradient that overflows", () => {
    const n = net();
    n.parameters()[0]!.value.data[0] = 1e308;
    return addRegularizationGradient(n.parameters(), { l2: 10 });
  }, DataError, "E_DATA", /addRegularizationGradient: the penalty's gradient of W0\[0\] is not finite/],
  ["initialize not a boolean", () => new Network({ layers: [3, 1], initialize: "no" as never }), ConfigError, "E_CONFIG", /initialize must be true or false, got "no"/],
  ["toJSON options null", () => net().toJSON(null as never), ConfigError, "E_CONFIG", /toJSON options must be an object/],
  ["toJSON optimizer without toJSON", () => net().toJSON({ optimizer: 5 as never }), ConfigError, "E_CONFIG", /optimizer must have a toJSON\(\) method.*got 5/],
  ["a typo in Network options", () => new Network({ layers: [3, 1], activaton: "relu" } as never), ConfigError, "E_CONFIG", /Unknown Network option "activaton"; known options: layers, activation/],
  ["a typo in Adam's options", () => new Adam({ alpah: 0.1 } as never), ConfigError, "E_CONFIG", /Unknown Adam option "alpah"/],
  ["a typo in Dense's options", () => new Dense({ inputSize: 3, outputSize: 1, activaton: "relu" } as never), ConfigError, "E_CONFIG", /Unknown Dense option "activaton"/],
  ["a long unknown name is cut in the message", () => new Network({ layers: [3, 1], activation: "x".repeat(10_000_000) as never }), ConfigError, "E_CONFIG", /"x{60}"\.\.\. \(10000000 characters\)/],
  ["alpha Infinity", train({ alpha: Number.POSITIVE_INFINITY }), ConfigError, "E_CONFIG", /alpha must be a finite number > 0, got Infinity/],
  ["alpha and optimizer", train({ alpha: 1, optimizer: new Adam({ alpha: 0.1 }) }), ConfigError, "E_CONFIG", /either alpha .* or optimizer, not both/],
  ["batchSize 1.5", train({ batchSize: 1.5 }), ConfigError, "E_CONFIG", /batchSize must be an integer >= 1, got 1\.5/],
  ["shuffle not a boolean", train({ shuffle: "yes" }), ConfigError, "E_CONFIG", /shuffle must be true or false/],
  ["predict of strings", () => net().predict(ndarray(["a", "b", "c"] as never, [1, 3]) as never), DataError, "E_DATA", /X\[0\]\[0\] must be a number, got "a"/],
];

describe("bad input to the network, training and matrices: a typed error naming the argument", () => {
  it.each(catalogue)("%s", (_name, call, type, code, says) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(type);
    expect((error as TinyNNError).code).toBe(code);
    expect((error as Error).message).toMatch(says);
    // a message stays readable whatever came in
    expect((error as Error).message.length).toBeLessThan(600);
  });

  it("the catalogue covers every error code but E_JSON (test/bad-inputs-loading.test.ts) and E_WORKER (test/train-in-worker.test.ts; divergence: test/divergence.test.ts)", () => {
    expect(new Set(catalogue.map((r) => r.at(3)))).toEqual(new Set(["E_LIMIT", "E_CONFIG", "E_DATA", "E_SHAPE", "E_DIVERGED"]));
  });
});

describe("what is still accepted", () => {
  it("trace without apply leaves the optimizer's state as it was too (Adam's moments and update count)", () => {
    const n = net();
    const adam = new Adam({ alpha: 0.1 });
    n.train(X, y, { iterations: 3, optimizer: adam });
    const before = JSON.stringify(adam.toJSON());
    trace(n, X, y, { optimizer: adam });
    expect(JSON.stringify(adam.toJSON())).toBe(before);
  });

  it("a first layer of yours that writes into its input does not change the caller's Float64Array", () => {
    const scribbler = {
      type: "scribbler", inputSize: 3, outputSize: 3, parameters: [],
      initialize() {},
      forward(input: { data: Float64Array }) {
        input.data.fill(7);
        return fromRows([[1, 2, 3]]);
      },
      backward: () => undefined,
      toJSON: () => ({ type: "scribbler" }),
    };
    const data = new Float64Array([0.5, 0.25, 0.125]);
    new Network({ layers: [scribbler as never, new Dense({ inputSize: 3, outputSize: 1 })], seed: 1 }).predict(ndarray(data, [1, 3]) as never);
    expect(Array.from(data)).toEqual([0.5, 0.25, 0.125]);
  });

  it("a predict from inside a predict (an activation of yours calling its own network) gives the same numbers as one without", () => {
    let inner: Network | undefined;
    let inside = false;
    const reentrant = {
      name: "reentrant",
      apply: (x: number) => {
        if (!inside && inner !== undefined) {
          inside = true;
          inner.predict(X);
          inside = false;
        }
        return 1 / (1 + Math.exp(-x));
      },
      derivative: (_x: number, a: number) => a * (1 - a),
    };
    inner = new Network({ layers: [3, 4, 1], activation: reentrant, random: numpyRandom(1) });
    expect(inner.predict(X)).toEqual(new Network({ layers: [3, 4, 1], random: numpyRandom(1) }).predict(X));
  });

  it("clipping by norm gradients whose squares overflow: scaled to the norm, not zeroed", () => {
    const n = net();
    const [w0, w1] = n.parameters();
    w0!.grad.data.fill(0);
    w1!.grad.data.fill(0);
    w0!.grad.data[0] = 3e200;
    w0!.grad.data[1] = 4e200;
    expect(clipGradientsByNorm(n.parameters(), 1) / 5e200).toBeCloseTo(1, 15);
    expect(w0!.grad.data[0]).toBeCloseTo(0.6, 15);
    expect(w0!.grad.data[1]).toBeCloseTo(0.8, 15);
  });

  it("the budget is the bound: a network that needs exactly it is built (21 weights and biases with gradients: 336 bytes)", () => {
    expect(new Network({ layers: [3, 4, 1], memoryBudget: 336 }).parameters().map((p) => p.value.data.length)).toEqual([12, 4, 4, 1]);
    expect(() => new Network({ layers: [3, 4, 1], memoryBudget: 335 })).toThrow(LimitError);
  });

  it("JSON.stringify(net) still calls toJSON with its key", () => {
    expect(JSON.parse(JSON.stringify({ net: net() })).net).toEqual(JSON.parse(JSON.stringify(net().toJSON())));
  });

  it("crossEntropy with probability targets that sum to 1 in floating point", () => {
    const soft = X.map(() => [0.1, 0.2]).map(([a]) => [a! * 7, 1 - a! * 7]);
    expect(Number.isFinite(softmaxNet().train(X, soft, { loss: "crossEntropy", iterations: 5 }).loss)).toBe(true);
  });
});

describe("examples/errors.ts", () => {
  it("prints each kind of error with its code and message, and a finite network after the divergence", () => {
    const out = execFileSync("node_modules/.bin/tsx", ["examples/errors.ts"], { encoding: "utf8" });
    expect(out).toContain("layers [3, 1e9, 1]: LimitError E_LIMIT\n  layers [3, 1000000000, 1] (5000000001 weights and biases, with their gradients) would need 74.5 GiB");
    expect(out).toContain("instanceof LimitError: true");
    expect(out).toContain('a typo: ConfigError E_CONFIG\n  Unknown Network option "activaton"; known options: layers, activation,');
    expect(out).toContain("sigmoid output with crossEntropy: ConfigError E_CONFIG");
    expect(out).toMatch(/divergence: E_DIVERGED at iteration (\d+)\n {2}Training diverged at iteration \1: the loss became (Infinity|NaN); the network is back to its state after \d+ updates/);
    expect(out).toMatch(/the network after it: loss \S+, finite: true/);
  });
});
