// Every @example in src whose lines state a result (`// =>` or `// throws`) is checked here: one row per
// example, named after the export it documents (`Class.member` for a member; test/tsdoc/scan.ts finds
// them). A row runs the example's statements, with the variables it uses (net, X, y, ...) defined
// here, and asserts each stated result: exactly where it is written exactly, to the digits shown
// where it is written loosely (`0.99701...`, "e.g."), class and message where it throws. A row that
// is a string instead points to the test that asserts that exact value. The last tests fail when an
// example states a result and has no row, or a row has no example: a new example must be checked.
import { readFileSync } from "node:fs";
import { MessageChannel } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  accuracy,
  activations,
  Adagrad,
  Adam,
  addRegularizationGradient,
  argmaxRows,
  BatchNorm,
  binaryCrossEntropy,
  checkGradients,
  clipGradientsByNorm,
  clipGradientsByValue,
  ConfigError,
  crossEntropy,
  DataError,
  Dense,
  DirectionChanges,
  Dropout,
  errorSurface,
  errorSurfaceSvg,
  exactMath,
  exponentialDecay,
  formatFloat,
  formatMatrix,
  fromRows,
  GradientDescent,
  heNormal,
  heUniform,
  identity,
  initializers,
  inverseTimeDecay,
  LargestWeight,
  leakyRelu,
  LimitError,
  losses,
  Momentum,
  mse,
  Network,
  numpyRandom,
  oneHot,
  optimizerFromJSON,
  regularizationPenalty,
  relu,
  RMSprop,
  scheduleFromJSON,
  seededRandom,
  SerializationError,
  serveTraining,
  ShapeError,
  sigmoid,
  Softmax,
  sparkline,
  terminalCurve,
  sse,
  StatefulOptimizer,
  stepDecay,
  sweep,
  sweepCurvesSvg,
  tanh,
  TinyNNError,
  toRows,
  trace,
  trainingCurveSvg,
  trainInWorker,
  TrainingError,
  uniform,
  UpdateSizes,
  WorkerError,
  xavierNormal,
  xavierUniform,
  zeros,
  asNdarray,
  type Activation,
  type Arc4State,
  type MersenneTwisterState,
  type Layer,
  type NetworkJSON,
  type OptimizerJSON,
  type Random,
  type Schedule,
  type TrainingSummary,
} from "tinynn";
import { assertClose, assertGradients, compareMatrices, TinyNNAssertionError } from "../src/testing/index.js";
import { matmul, matmulTransA, matmulTransB } from "../src/matrix/matmul.js";
import { contourSegments } from "../src/plot/contours.js";
import { golden } from "./golden.js";
import { statedExamples } from "./tsdoc/scan.js";

// ---- the variables the examples use ----------------------------------------------------------

/** The blog's XOR data (Part 1, program b). */
const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
/** Part 2's 2-input data (programs d and e), for the 2-1 network of errorSurface. */
const X2 = [[0, 1], [0, 1], [1, 0], [1, 0]];
const y2 = [[0], [0], [1], [1]];

/** np.random.seed(1); the blog's 3-4-1 network without biases. */
const blogNet = (): Network => new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

let trainedOnce: Network | undefined;
/** The blog's network after its 60000 iterations (alpha 1, sse): the `net` of most examples. Do not train it further. */
function trained(): Network {
  if (trainedOnce === undefined) {
    trainedOnce = blogNet();
    trainedOnce.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
  }
  return trainedOnce;
}

const softsign: Activation = { name: "softsign", apply: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / (1 + Math.abs(x)) ** 2 };

// ---- how stated results are compared ---------------------------------------------------------

/** A number written loosely, `0.99701...`: its decimal text starts with the digits shown. */
function startsWith(actual: number, shown: string): void {
  const digits = shown.replace(/\.\.\.$/, "");
  expect(String(actual).startsWith(digits), `${actual} is written ${shown}`).toBe(true);
}

/** `// throws Type: message` (or `Type (CODE): message`): the class, and the message contains what is shown. */
function throwsLike(run: () => unknown, type: abstract new (...args: never[]) => Error, message: string, code?: string): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error, "it throws").toBeInstanceOf(type);
  expect((error as Error).message).toContain(message);
  if (code !== undefined) expect((error as TinyNNError).code).toBe(code);
}

// ---- one row per example ---------------------------------------------------------------------

/** Runs the example and asserts its results; or `"test/<file>: <text>"`, a test that asserts the same value with that text. */
type Row = (() => void | Promise<void>) | `test/${string}: ${string}`;

const ROWS: Record<string, Row> = {
  // src/activations/builtins.ts
  sigmoid: () => {
    expect(sigmoid.apply(0)).toBe(0.5);
    expect(sigmoid.derivative(0, 0.5)).toBe(0.25);
  },
  tanh: () => {
    expect(tanh.apply(0)).toBe(0);
    expect(tanh.derivative(0, 0)).toBe(1);
  },
  relu: () => {
    expect(relu.apply(-2)).toBe(0);
    expect(relu.derivative(3, 3)).toBe(1);
  },
  leakyRelu: () => {
    expect(leakyRelu.apply(-2)).toBe(-0.02);
    expect(leakyRelu.derivative(-2, -0.02)).toBe(0.01);
  },
  identity: () => {
    expect(identity.apply(3.5)).toBe(3.5);
    expect(identity.derivative(3.5, 3.5)).toBe(1);
  },
  activations: () => {
    expect(Object.keys(activations)).toEqual(["sigmoid", "tanh", "relu", "leakyRelu", "identity"]);
  },

  // src/math: tinynn's exp, expm1, tanh, log, log1p, cos and pow (test/exact-math.test.ts: Node's Math.* on 10^6 arguments each)
  exactMath: () => {
    const mySigmoid: Activation = { name: "mySigmoid", apply: (x) => 1 / (1 + exactMath.exp(-x)), derivative: (_x, y) => y * (1 - y) };
    expect(mySigmoid.apply(2) === sigmoid.apply(2)).toBe(true);
    expect(mySigmoid.apply(2)).toBe(0.8807970779778823);
    expect(exactMath.exp(2)).toBe(7.38905609893065);
    expect(exactMath.tanh(0.5)).toBe(0.46211715726000974);
    expect(exactMath.log1p(1e-10)).toBe(9.999999999500001e-11);
    expect(exactMath.cos(2 * Math.PI * 0.3)).toBe(-0.30901699437494734);
    expect(exactMath.pow(0.9, 4)).toBe(0.6561000000000001);
    // Node 20's own 0.9 ** 4, which exactMath.pow is bit for bit: recorded once (newer V8 computes it otherwise);
    // test/exact-math.test.ts compares the record with Math.pow on Node 20
    const node20 = JSON.parse(readFileSync(new URL("./fixtures/exact-math-node20.json", import.meta.url), "utf8")) as { named: Record<string, string> };
    expect(node20.named["Math.pow(0.9, 4)"]).toBe("0.6561000000000001");
  },
  cos: () => {
    expect(exactMath.cos(1)).toBe(0.5403023058681398);
    expect(exactMath.cos(Math.PI)).toBe(-1);
    expect(exactMath.cos(1e22)).toBe(0.523214785395139);
  },
  pow: () => {
    expect(exactMath.pow(0.9, 4)).toBe(0.6561000000000001);
    expect(exactMath.pow(2, -1074)).toBe(5e-324);
    expect(exactMath.pow(-8, 1 / 3)).toBeNaN();
  },
  exp: () => {
    expect(exactMath.exp(1)).toBe(2.718281828459045);
    expect(exactMath.exp(-1)).toBe(0.36787944117144233);
    expect(exactMath.exp(-746)).toBe(0);
  },
  expm1: () => {
    expect(exactMath.expm1(1e-10)).toBe(1.00000000005e-10);
    expect(exactMath.expm1(1)).toBe(1.718281828459045);
    expect(exactMath.expm1(-40)).toBe(-1);
  },
  "tanh#2": () => {
    expect(exactMath.tanh(0.5)).toBe(0.46211715726000974);
    expect(exactMath.tanh(-3)).toBe(-0.9950547536867305);
    expect(exactMath.tanh(30)).toBe(1);
  },
  log: () => {
    expect(exactMath.log(10)).toBe(2.302585092994046);
    expect(exactMath.log(0.75)).toBe(-0.2876820724517809);
    expect(exactMath.log(-1)).toBeNaN();
  },
  log1p: () => {
    expect(exactMath.log1p(1e-10)).toBe(9.999999999500001e-11);
    expect(exactMath.log1p(1)).toBe(0.6931471805599453);
    expect(exactMath.log1p(-2)).toBeNaN();
  },

  // src/data/classification.ts
  oneHot: () => {
    expect(oneHot([2, 0], 3)).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(oneHot([1, 0])).toEqual([[0, 1], [1, 0]]);
  },
  argmaxRows: () => {
    expect(argmaxRows([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]])).toEqual([1, 0]);
  },
  accuracy: () => {
    expect(accuracy([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]], [1, 0, 0])).toBe(0.6666666666666666);
    expect(accuracy([[0.1, 0.9], [0.8, 0.2]], [[0, 1], [0, 1]])).toBe(0.5);
  },

  // src/engine/options.ts
  BestCheck: () => {
    // the blog's network, validating on the training data (the example's setup)
    const net = blogNet();
    const summary = net.train(X, y, { iterations: 5000, earlyStopping: { validation: { X, y }, patience: 20, restoreBest: true } });
    expect(Object.keys(summary.best!)).toEqual(["iteration", "validationLoss", "restored"]);
    expect(summary.best!.restored).toBe(true);
    expect(summary.best).toEqual({ iteration: 4999, validationLoss: 0.00034694961040569847, restored: true });
  },
  MetricHistory: () => {
    // the example's setup
    const summary = blogNet().train(X, y, { iterations: 1000, alpha: 2, loss: "binaryCrossEntropy", progressEvery: 100, metrics: ["accuracy"], validation: { X, y } });
    expect(summary.history.metrics?.iterations).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 999]);
    expect(summary.history.metrics?.training.accuracy!.slice(0, 2)).toEqual([0.5, 0.75]);
    const loss = summary.history.metrics?.validation?.loss;
    startsWith(loss![0]!, "0.68...");
    startsWith(loss![1]!, "0.45...");
  },
  TrainingHistory: () => {
    const summary = blogNet().train(X, y, { iterations: 1, alpha: 1, loss: "sse" });
    expect(summary.history.meanAbsoluteError[0]).toBe(0.49641003190272537);
    expect(formatFloat(summary.history.meanAbsoluteError[0]!)).toBe("0.496410031903");
  },
  TrainingSummary: () => {
    const summary = blogNet().train(X, y, { iterations: 100 });
    expect(summary.iterations).toBe(100);
  },

  // src/errors.ts
  ErrorCode: () => {
    let code: unknown;
    try {
      new Network({ layers: [3] });
    } catch (e) {
      code = (e as TinyNNError).code;
    }
    expect(code).toBe("E_CONFIG");
  },
  TinyNNError: () => {
    const e = new TinyNNError("E_DATA", "X must not be empty");
    expect(e instanceof Error).toBe(true);
    expect(e.code).toBe("E_DATA");
  },
  ShapeError: () => expect(new ShapeError("Expected X with 3 columns, got 2").code).toBe("E_SHAPE"),
  DataError: () => expect(new DataError("X[1][2] is NaN").code).toBe("E_DATA"),
  ConfigError: () => expect(new ConfigError('Unknown activation "sigmod"').code).toBe("E_CONFIG"),
  SerializationError: () => expect(new SerializationError("json.version must be 1, got 2").code).toBe("E_JSON"),
  TrainingError: () => expect(new TrainingError("Loss became NaN", 12).iteration).toBe(12),
  LimitError: () => expect(new LimitError("layers [3, 1000000000, 1] need 64 GB; memoryBudget is 1 GiB").code).toBe("E_LIMIT"),
  WorkerError: () => expect(new WorkerError("the worker exited (code 1) before it answered").code).toBe("E_WORKER"),

  // src/format/numpy-format.ts
  formatFloat: () => {
    expect(formatFloat(0.4964100319027255)).toBe("0.496410031903");
    expect(formatFloat(0.5)).toBe("0.5");
    expect(formatFloat(2)).toBe("2.0");
    expect(formatFloat(1e-5)).toBe("1e-05");
    expect(formatFloat(Number.NaN)).toBe("nan");
  },
  formatMatrix: () => {
    expect(formatMatrix([[0.00966449], [0.99358898]])).toBe("[[ 0.00966449]\n [ 0.99358898]]");
    expect(formatMatrix([[0, 1], [2, 3]])).toBe("[[ 0.  1.]\n [ 2.  3.]]");
    expect(formatMatrix([])).toBe("[]");
  },

  // src/lab/check-gradients.ts
  GradientCheckReport: () => {
    // "the tanh network of checkGradients' example"
    const net = new Network({ layers: [3, 4, 1], activation: "tanh", random: numpyRandom(1) });
    const report = checkGradients(net, X, y);
    expect(report.maxRelativeError < 1e-6).toBe(true);
    expect(report.worst.parameter).toBe("W0");
    expect(report.scale).toBe(0.39775193505509066);
    expect(report.floor).toBe(0.039775193505509066);
    expect(report.skipped).toBe(0);
  },
  checkGradients: () => {
    const net = new Network({ layers: [3, 4, 1], activation: "tanh", random: numpyRandom(1) });
    const report = checkGradients(net, X, y);
    expect(report.maxRelativeError).toBe(1.6924521447071423e-9);
    expect(checkGradients(net, X, y, { relativeFloor: 0 }).maxRelativeError).toBe(1.5405198067056344e-8);
  },

  // src/lab/error-surface.ts
  SurfacePoint: () => {
    // the surface of errorSurface's example
    const net = new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
    const surface = errorSurface(net, X2, y2, { x: { parameter: "W0", row: 0 }, y: { parameter: "W0", row: 1 }, metric: "meanAbsoluteError" });
    expect(surface.min).toEqual({ x: 10, y: -10, value: 0.000045397868702412385 });
  },
  errorSurface: () => {
    const net = new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
    const s = errorSurface(net, X2, y2, { x: { parameter: "W0", row: 0 }, y: { parameter: "W0", row: 1 }, metric: "meanAbsoluteError" });
    expect(s.values.length).toBe(41);
    expect(s.min).toEqual({ x: 10, y: -10, value: 0.000045397868702412385 });
  },

  // src/lab/sweep.ts
  SweepResult: () => {
    // the blog's seven alphas (program f): results[4] is alpha 10
    const results = sweep(X, y, { network: { layers: [3, 4, 1], bias: false }, train: { iterations: 60000 }, grid: { alpha: [0.001, 0.01, 0.1, 1, 10, 100, 1000] } });
    expect(results[4]!.label).toBe("alpha=10");
    startsWith(results[4]!.summary.history.meanAbsoluteError[50000]!, "0.00131...");
  },
  sweep: () => {
    const results = sweep(X, y, { network: { layers: [3, 4, 1], bias: false }, train: { iterations: 60000 }, grid: { alpha: [0.1, 1, 10] } });
    const errors = results.map((r) => r.summary.history.meanAbsoluteError[50000]!);
    ["0.0130...", "0.00351...", "0.00131..."].forEach((shown, k) => startsWith(errors[k]!, shown));
  },

  // src/lab/trace.ts
  TraceStep: () => {
    const net = blogNet();
    const step = trace(net, X, y);
    expect(Object.keys(step.layers)).toEqual(["l0", "l1", "l2"]);
    expect(Object.keys(step.errors)).toEqual(["l1_error", "l2_error"]);
    expect(step.meanAbsoluteError).toBe(0.49641003190272537);
    expect(formatFloat(step.meanAbsoluteError)).toBe("0.496410031903");
  },
  trace: () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    const step = trace(net, X, y, { apply: true });
    expect(step.errors.l2_error![0]).toEqual([0.4737295710714989]);
    expect(step.updates.W1![0]).toEqual([-0.004513854630557423]);
  },

  // src/layers/batch-norm.ts
  BatchNorm: () => {
    const bn = new BatchNorm({ size: 1 });
    const out = [...bn.forward(fromRows([[1], [3]]), true).data];
    startsWith(out[0]!, "-0.99999...");
    startsWith(out[1]!, "0.99999...");
    expect([...bn.runningMean.data]).toEqual([0.19999999999999996]);
  },
  "BatchNorm.constructor": () => {
    throwsLike(() => new BatchNorm({ size: 1e9 }), LimitError, "44.7 GiB", "E_LIMIT");
    throwsLike(() => new BatchNorm({ size: 4, momentun: 0.5 } as never), ConfigError, 'Unknown BatchNorm option "momentun"');
  },
  "BatchNorm.fromJSON": () => {
    const json = { type: "batchNorm", size: 1, momentum: 0.9, epsilon: 1e-5, gamma: [1], beta: [0], runningMean: [0], runningVariance: [-1] };
    throwsLike(() => BatchNorm.fromJSON(json, "json.layers[1]"), SerializationError, "json.layers[1].runningVariance[0] must be a finite number >= 0, got -1");
  },

  // src/layers/dense.ts
  Dense: () => {
    const layer = new Dense({ inputSize: 3, outputSize: 4, bias: false });
    layer.initialize(numpyRandom(1));
    expect(layer.weights.value.get(0, 0)).toBe(-0.165955990594852);
  },
  "Dense.constructor": () => {
    throwsLike(() => new Dense({ inputSize: 3, outputSize: 1e9 }), LimitError, "59.6 GiB", "E_LIMIT");
    throwsLike(() => new Dense({ inputSize: 3, outptuSize: 1 } as never), ConfigError, 'Unknown Dense option "outptuSize"');
  },
  "Dense.fromJSON": () => {
    const data = Dense.fromJSON({ type: "dense", inputSize: 2, outputSize: 1, activation: "identity", weights: [[2], [3]], bias: [1] }).weights.value.data;
    expect(data).toEqual(new Float64Array([2, 3]));
    throwsLike(
      () => Dense.fromJSON({ type: "dense", inputSize: 2, outputSize: 1, activation: "identity", weights: [[2], [null]], bias: [1] }, "json.layers[0]"),
      SerializationError,
      "json.layers[0].weights[1][0] must be a finite number, got null",
    );
  },

  // src/layers/dropout.ts
  Dropout: () => {
    const net = new Network({ layers: [new Dense({ inputSize: 2, outputSize: 8 }), new Dropout({ size: 8, rate: 0.5 }), new Dense({ inputSize: 8, outputSize: 1 })], seed: 1 });
    const first = net.predict([[0, 1]]);
    expect(net.predict([[0, 1]])).toEqual(first);
    expect(net.predict([[0, 1]])).toEqual(first);
  },
  "Dropout.constructor": () => {
    expect(new Dropout({ size: 8, rate: 0.5 }).rate).toBe(0.5);
    throwsLike(() => new Dropout({ size: 8, rate: 1 }), ConfigError, "rate must be a finite number in [0, 1), got 1");
  },
  "Dropout.fromJSON": () => expect(Dropout.fromJSON({ type: "dropout", size: 8, rate: 0.5 }).rate).toBe(0.5),

  // src/layers/initializers.ts
  uniform: () => expect(uniform.draw(3, 4, () => 0.75)).toBe(0.5),
  xavierUniform: () => {
    const w = xavierUniform.draw(2, 1, () => 1 - 2 ** -53);
    expect(w).toBeLessThan(Math.sqrt(2));
    expect(w).toBeGreaterThan(1.414);
    startsWith(w, "1.414...");
  },
  xavierNormal: () => expect(xavierNormal.draw(1, 1, () => 0)).toBe(-0),
  heUniform: () => expect(heUniform.draw(6, 1, () => 0.75)).toBe(0.5),
  heNormal: () => expect(heNormal.draw(2, 1, () => 0)).toBe(-0),
  initializers: () => expect(Object.keys(initializers)).toEqual(["uniform", "xavierUniform", "xavierNormal", "heUniform", "heNormal"]),

  // src/layers/layer.ts, parameter.ts, softmax.ts
  Layer: () => {
    const layer: Layer = new Dense({ inputSize: 3, outputSize: 4 });
    expect(layer.outputSize).toBe(4);
  },
  Parameter: () => {
    const net = blogNet();
    const [W0] = net.parameters();
    expect(W0!.name).toBe("W0");
    expect(W0!.value.shape).toEqual([3, 4]);
  },
  Softmax: () => {
    const s = new Softmax({ size: 2 });
    expect([...s.forward(fromRows([[0, exactMath.log(3)]]), false).data]).toEqual([0.25, 0.7499999999999999]);
  },
  "Softmax.constructor": () => {
    expect(new Softmax({ size: 3 }).outputSize).toBe(3);
    throwsLike(() => new Softmax({ size: 0 }), ConfigError, "size must be an integer >= 1, got 0");
  },
  "Softmax.fromJSON": () => expect(Softmax.fromJSON({ type: "softmax", size: 3 }).outputSize).toBe(3),

  // src/losses/builtins.ts
  sse: () => expect(sse.value(fromRows([[1], [3]]), fromRows([[0], [1]]))).toBe(2.5),
  mse: () => expect(mse.value(fromRows([[1], [3]]), fromRows([[0], [1]]))).toBe(1.25),
  crossEntropy: () => {
    expect(crossEntropy.value(fromRows([[0.25, 0.75]]), fromRows([[0, 1]]))).toBe(0.2876820724517809);
    expect(-exactMath.log(0.75)).toBe(0.2876820724517809);
  },
  binaryCrossEntropy: () => {
    expect(binaryCrossEntropy.value(fromRows([[0.8], [0.4]]), fromRows([[1], [0]]))).toBe(0.3669845875401002);
    expect(-(exactMath.log(0.8) + exactMath.log(0.6)) / 2).toBeCloseTo(0.3669845875401002, 15);
  },
  losses: () => expect(Object.keys(losses)).toEqual(["sse", "mse", "crossEntropy", "binaryCrossEntropy"]),

  // src/matrix/matmul.ts (internal)
  matmul: () => {
    const out = zeros(1, 1);
    matmul(out, fromRows([[1, 2]]), fromRows([[3], [4]]));
    expect(out.get(0, 0)).toBe(11);
  },
  matmulTransA: () => {
    const out = zeros(1, 1);
    matmulTransA(out, fromRows([[1], [2]]), fromRows([[3], [4]]));
    expect(out.get(0, 0)).toBe(11);
  },
  matmulTransB: () => {
    const out = zeros(1, 1);
    matmulTransB(out, fromRows([[1, 2]]), fromRows([[3, 4]]));
    expect(out.get(0, 0)).toBe(11);
  },

  // src/matrix/matrix.ts, ndarray.ts
  Matrix: () => {
    const m = fromRows([[1, 2], [3, 4]]);
    expect(m.shape).toEqual([2, 2]);
    expect(m.get(1, 0)).toBe(3);
  },
  zeros: () => expect(zeros(2, 3).data.length).toBe(6),
  fromRows: () => expect(fromRows([[1, 2], [3, 4]]).get(0, 1)).toBe(2),
  toRows: () => expect(toRows(fromRows([[1, 2]]))).toEqual([[1, 2]]),
  asNdarray: () => {
    const net = blogNet();
    const [W0] = net.parameters();
    const view = asNdarray(W0!.value);
    expect(view.get(0, 0) === W0!.value.get(0, 0)).toBe(true);
    expect(view.transpose(1, 0).shape).toEqual([4, 3]);
  },

  // src/monitors
  DirectionChanges: () => {
    const net = blogNet();
    const changes = new DirectionChanges();
    net.train(X, y, { iterations: 60000, alpha: 10, monitors: [changes] });
    expect(changes.counts().W1).toEqual([[22], [15], [4], [15]]);
    expect(changes.total()).toBe(192);
    // program g, alpha 10
    expect(golden("g_part2_alpha_sweep_direction_counts").runs.find((r) => r.alpha === 10)!.direction_counts!.synapse_1_direction_count).toEqual([[22], [15], [4], [15]]);
  },
  LargestWeight: () => {
    const net = blogNet();
    const largest = new LargestWeight({ every: 1000 });
    net.train(X, y, { iterations: 60000, alpha: 10, monitors: [largest] });
    expect(largest.largest).toBe(14.876018855092406);
    // numpy: 14.876018855092404, the largest |w| of program g's final weights at alpha 10
    const numpy = golden("g_part2_alpha_sweep_direction_counts").runs.find((r) => r.alpha === 10)!.final_weights;
    expect(Math.max(...Object.values(numpy).flat(2).map(Math.abs))).toBe(14.876018855092404);
  },
  UpdateSizes: () => {
    const net = blogNet();
    const sizes = new UpdateSizes({ every: 10000 });
    net.train(X, y, { iterations: 60000, alpha: 10, monitors: [sizes] });
    expect(sizes.history.norm[0]).toBe(0.1834020500516941);
    expect(sizes.history.maxAbs[5]).toBe(0.000017893690767323278);
  },

  // src/network/network.ts
  Evaluation: () => {
    const e = trained().evaluate(X, y);
    startsWith(e.loss, "0.0000206948...");
    startsWith(e.meanAbsoluteError, "0.0031835...");
  },
  Network: () => {
    const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
    net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
    const out = net.predict(X);
    ["0.0026057...", "0.9967221...", "0.9970171...", "0.0038675..."].forEach((shown, i) => startsWith(out[i]![0]!, shown));
    expect(out.map((r) => r.length)).toEqual([1, 1, 1, 1]);
  },
  "Network.parameters": () => expect(blogNet().parameters().map((p) => p.name)).toEqual(["W0", "W1"]),
  "Network.weights": () => {
    const w1 = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) }).weights()[1]!;
    expect(w1.slice(0, 2)).toEqual([[-0.5910955005369651], [0.7562348727818908]]);
    expect(w1).toHaveLength(4);
  },
  "Network.parameterCount": () => {
    expect(new Network({ layers: [3, 4, 1], bias: false, seed: 1 }).parameterCount).toBe(16);
    expect(new Network({ layers: [3, 4, 1], seed: 1 }).parameterCount).toBe(21);
  },
  "Network.summary": () => {
    expect(new Network({ layers: [3, 4, 1], bias: false, seed: 1 }).summary()).toBe(
      [
        "Input shape: [null, 3]",
        "#  Layer (type)            Output shape  Param #",
        "================================================",
        "0  dense (Dense, sigmoid)  [null, 4]          12",
        "1  dense (Dense, sigmoid)  [null, 1]           4",
        "================================================",
        "Total params: 16",
        "Trainable params: 16",
        "Non-trainable params: 0",
      ].join("\n"),
    );
  },
  "Network.getWeights": () => {
    expect(new Network({ layers: [2, 1], random: numpyRandom(1) }).getWeights()).toEqual([[[-0.165955990594852], [0.4406489868843162]], [-0.9997712503653102]]);
  },
  "Network.setWeights": () => {
    const net = new Network({ layers: [2, 1], seed: 1 });
    net.setWeights([[[1], [2]], [0.5]]);
    expect(net.predict([[1, 1]])).toEqual([[0.9706877692486436]]);
    expect(sigmoid.apply(1 + 2 + 0.5)).toBe(0.9706877692486436);
    throwsLike(() => net.setWeights([[[1], [2]]]), ShapeError, "weights must have 2 arrays, one for each of W0, b0 (getWeights() order), got 1");
    throwsLike(() => net.setWeights([[[1], [Number.NaN]], [0.5]]), DataError, "weights[0][1][0] must be a finite number (W0[1][0]), got NaN");
  },
  "Network.clone": () => {
    const net = blogNet();
    net.train(X, y, { iterations: 1000 });
    const before = net.predict(X);
    const copy = net.clone();
    expect(copy.predict(X)).toEqual(net.predict(X));
    copy.train(X, y, { iterations: 100 });
    expect(net.predict(X)).toEqual(before);
    expect(copy.predict(X)).not.toEqual(before);
  },
  "Network.train": () => {
    const net = blogNet();
    const summary = net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
    expect(summary.history.meanAbsoluteError[0]).toBe(0.49641003190272537);
    expect(formatFloat(summary.history.meanAbsoluteError[0]!)).toBe("0.496410031903");
  },
  "Network.trainAsync": async () => {
    const net = blogNet();
    const controller = new AbortController();
    const summary = await net.trainAsync(X, y, { iterations: 60000, signal: controller.signal });
    expect(summary.meanAbsoluteError).toBe(0.0031835307355949105);
    expect(blogNet().train(X, y, { iterations: 60000 }).meanAbsoluteError).toBe(0.0031835307355949105);
  },
  "Network.predict": () => {
    const out = trained().predict([[1, 0, 1]]);
    expect(out.length).toBe(1);
    expect(out[0]!.length).toBe(1);
    startsWith(out[0]![0]!, "0.99701...");
    expect(trained().predict([[1, 0, 1]], { precision: "float64" })).toEqual(out);
    expect(trained().predict([[1, 0, 1]], { precision: "float32" })).toEqual([[0.9970171451568604]]);
    expect(out[0]![0]).toBe(0.9970171337897594);
  },
  "Network.evaluate": () => {
    const ours = trained().evaluate(X, y).meanAbsoluteError;
    expect(ours).toBe(0.0031835023858748303);
    // numpy: ...8277, 2.6e-18 away
    const numpy = golden("b_part1_3layer").runs[0]!.post_training.error;
    expect(numpy).toBe(0.0031835023858748277);
    expect(Math.abs(ours - numpy)).toBeCloseTo(2.6e-18, 19);
  },
  "Network.toJSON": () => {
    const net = trained();
    const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())) as NetworkJSON);
    expect(copy.predict(X)).toEqual(net.predict(X));
    expect(net.toJSON({ training: true }).training?.updates).toBe(60000);
  },

  // src/network/serialization.ts
  NetworkJSON: () => {
    const json: NetworkJSON = trained().toJSON();
    expect(json.format).toBe("tinynn");
    expect(json.version).toBe(3);
  },
  FromJSONOptions: () => {
    const json = new Network({ layers: [2, 3, 1], activation: softsign, seed: 42 }).toJSON();
    expect(Network.fromJSON(json, { activations: { softsign } })).toBeInstanceOf(Network);
    throwsLike(() => Network.fromJSON(json, { activations: 5 } as never), ConfigError, "activations must be an object of Activations by name");
  },

  // src/optimizers
  "Adagrad.constructor": () => {
    expect(new Adagrad({ epsilon: 1e-6 }).epsilon).toBe(0.000001);
    throwsLike(() => new Adagrad({ epsilon: 0 }), ConfigError, "epsilon must be a finite number > 0, got 0");
  },
  "Adam.constructor": () => {
    expect(new Adam({ beta1: 0.8 }).beta1).toBe(0.8);
    throwsLike(() => new Adam({ alpah: 0.1 } as never), ConfigError, 'Unknown Adam option "alpah"; known options: alpha, beta1, beta2, epsilon');
  },
  clipGradientsByValue: () => {
    const net = new Network({ layers: [2, 1], bias: false, seed: 1 });
    const [W0] = net.parameters();
    W0!.grad.data.set([3, -4]);
    clipGradientsByValue(net.parameters(), 1);
    expect([...W0!.grad.data]).toEqual([1, -1]);
    throwsLike(() => clipGradientsByValue(net.parameters(), -1), ConfigError, "limit must be a finite number > 0, got -1");
  },
  clipGradientsByNorm: () => {
    // grads [3, 4] (norm 5), maxNorm 1 -> [0.6, 0.8]
    const net = new Network({ layers: [2, 1], bias: false, seed: 1 });
    const [W0] = net.parameters();
    W0!.grad.data.set([3, 4]);
    expect(clipGradientsByNorm(net.parameters(), 1)).toBe(5);
    expect(W0!.grad.data[0]).toBeCloseTo(0.6, 15);
    expect(W0!.grad.data[1]).toBeCloseTo(0.8, 15);
    throwsLike(() => clipGradientsByNorm(net.parameters(), Number.NaN), ConfigError, "maxNorm must be a finite number > 0, got NaN");
  },
  GradientDescent: () => {
    const gd = new GradientDescent({ alpha: 0.5 });
    expect(gd.alpha).toBe(0.5);
  },
  "GradientDescent.constructor": () => {
    expect(new GradientDescent({ alpha: 0.5 }).alpha).toBe(0.5);
    throwsLike(() => new GradientDescent({ rate: 0.5 } as never), ConfigError, 'Unknown GradientDescent option "rate"; known options: alpha');
  },
  "Momentum.constructor": () => {
    expect(new Momentum({ alpha: 0.5 }).beta).toBe(0.9);
    throwsLike(() => new Momentum({ alpha: 0.5, momentum: 0.9 } as never), ConfigError, 'Unknown Momentum option "momentum"; known options: alpha, beta, nesterov');
  },
  optimizerFromJSON: () => {
    const net = blogNet();
    const adam = new Adam({ alpha: 0.01 });
    net.train(X, y, { optimizer: adam, iterations: 100 });
    const saved = JSON.parse(JSON.stringify(net.toJSON({ optimizer: adam }))) as NetworkJSON & { optimizer: OptimizerJSON };
    const net2 = Network.fromJSON(saved);
    const adam2 = optimizerFromJSON(saved.optimizer);
    net2.train(X, y, { optimizer: adam2, iterations: 100 });
    net.train(X, y, { optimizer: adam, iterations: 100 });
    expect(net2.predict(X)).toEqual(net.predict(X));
    expect(adam2.toJSON!()).toEqual(adam.toJSON());
    throwsLike(
      () => optimizerFromJSON({ ...saved.optimizer, state: { W0: null } }),
      SerializationError,
      "optimizer json.state.W0 must be an object { m, v } of arrays of numbers, got null",
    );
  },
  OptimizerJSON: () => {
    const json: OptimizerJSON = new Adam({ alpha: 0.01 }).toJSON();
    expect(json.type).toBe("adam");
    expect(json.updates).toBe(0);
  },
  regularizationPenalty: () => {
    // one weight matrix [[1, -2]]
    const net = new Network({ layers: [1, 2], bias: false, seed: 1 });
    net.parameters()[0]!.value.data.set([1, -2]);
    expect(regularizationPenalty(net.parameters(), { l1: 0.1, l2: 0.2 })).toBeCloseTo(0.8, 15);
    throwsLike(() => regularizationPenalty(net.parameters(), { l3: 1 } as never), ConfigError, 'Unknown regularization option "l3"');
  },
  addRegularizationGradient: () => {
    const net = new Network({ layers: [1, 2], bias: false, seed: 1 });
    const [W] = net.parameters();
    W!.value.data.set([1, -2]);
    W!.grad.data.set([0.5, 0.5]);
    addRegularizationGradient(net.parameters(), { l2: 0.01 });
    expect([...W!.grad.data]).toEqual([0.5 + 0.01 * 1, 0.5 + 0.01 * -2]);
    throwsLike(() => addRegularizationGradient(net.parameters(), { l2: -1 }), ConfigError, "regularization.l2 must be a finite number >= 0, got -1");
  },
  "RMSprop.constructor": () => {
    expect(new RMSprop({ rho: 0.95 }).rho).toBe(0.95);
    throwsLike(() => new RMSprop({ decay: 0.9 } as never), ConfigError, 'Unknown RMSprop option "decay"; known options: alpha, rho, epsilon');
  },
  Schedule: () => {
    const warmup: Schedule = (t) => Math.min(1, (t + 1) / 100) * 0.1;
    expect(new Adam({ alpha: warmup })).toBeInstanceOf(Adam);
    expect(warmup(0)).toBe(0.001);
  },
  ScheduleJSON: () => expect(exponentialDecay({ alpha: 0.1, rate: 0.5 }).json).toEqual({ type: "exponential", alpha: 0.1, rate: 0.5 }),
  stepDecay: () => {
    const s = stepDecay({ alpha: 1, drop: 0.5, every: 10 });
    expect(s(9)).toBe(1);
    expect(s(10)).toBe(0.5);
  },
  exponentialDecay: () => {
    expect(exponentialDecay({ alpha: 0.1, rate: 0.5 })(2)).toBe(0.025);
    expect(exponentialDecay({ alpha: 0.1, rate: 0.5 })(1100)).toBe(0);
  },
  inverseTimeDecay: () => expect(inverseTimeDecay({ alpha: 1, decay: 0.5 })(2)).toBe(0.5),
  scheduleFromJSON: () => {
    expect(scheduleFromJSON({ type: "exponential", alpha: 0.1, rate: 0.5 })(1)).toBe(0.05);
    throwsLike(() => scheduleFromJSON({ type: "exponential", alpha: 0.1, rate: 2 }), SerializationError, "schedule JSON: rate must be a finite number in (0, 1], got 2");
  },
  StatefulOptimizer: () => {
    class SignSGD extends StatefulOptimizer {
      readonly name = "signSGD";
      protected readonly slotNames = [] as const;
      protected update(v: Float64Array, g: Float64Array, _s: Float64Array[], alpha: number): void {
        for (let i = 0; i < v.length; i++) v[i]! -= alpha * Math.sign(g[i]!);
      }
      protected hyperparameters() {
        return {};
      }
    }
    expect(new SignSGD(0.1).updates).toBe(0);
  },
  "StatefulOptimizer.loadState": () => {
    const adam = new Adam();
    throwsLike(
      () => adam.loadState({ type: "adam", alpha: 0.001, hyperparameters: {}, updates: 3, state: { W0: { m: [0.1], v: [-1] } } }),
      SerializationError,
      "optimizer json.state.W0.v[0] must be a finite number >= 0, got -1",
    );
  },

  // src/plot
  contourSegments: () => expect(contourSegments([[0, 1], [0, 1]], [0, 1], [0, 1], 0.5)).toEqual([[0.5, 0, 0.5, 1]]),
  errorSurfaceSvg: () => {
    const net = new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
    const s = errorSurface(net, X2, y2, { x: { parameter: "W0", row: 0 }, y: { parameter: "W0", row: 1 } });
    const svg = errorSurfaceSvg(s, { contours: 10, title: "Error plane" });
    expect(svg.includes("<path")).toBe(true);
  },
  sweepCurvesSvg: () => {
    const results = sweep(X, y, { network: { layers: [3, 4, 1], bias: false }, train: { iterations: 60000 }, grid: { alpha: [0.001, 0.01, 0.1, 1, 10, 100, 1000] } });
    const svg = sweepCurvesSvg(results, { log: true, title: "Error by alpha" });
    expect(svg.includes("alpha=10")).toBe(true);
  },
  sparkline: () => expect(sparkline([4, 3, 2, 1, 0])).toBe("█▆▅▃▁"),
  terminalCurve: () => {
    // early stopping (every: 2) measured the validation loss after iterations 1, 3 and 5
    const history = { loss: [0.5, 0.4, 0.3, 0.2, 0.1, 0.08], meanAbsoluteError: [0.6, 0.5, 0.4, 0.3, 0.2, 0.1], validationLoss: [0.45, 0.35, 0.3] };
    expect(terminalCurve(history, { metric: "loss", width: 6, height: 5 }).split("\n").map((line) => line.trimEnd())).toEqual([
      " 0.5 ┤•◦",
      "     │ • ◦",
      "     │  •  ◦",
      "     │   •",
      "0.08 ┤    ••",
      "     └──────",
      "      0    5",
      "      • training  ◦ validation",
    ]);
  },
  trainingCurveSvg: () => {
    const summary: TrainingSummary = blogNet().train(X, y, { iterations: 60000 });
    const svg = trainingCurveSvg(summary, { log: true, title: "XOR 3-4-1" });
    expect(svg.startsWith("<svg")).toBe(true);
  },
  "trainingCurveSvg#2": () => {
    const history = {
      loss: [0.7, 0.6, 0.5, 0.45, 0.4],
      meanAbsoluteError: [0.5, 0.45, 0.4, 0.35, 0.3],
      metrics: { iterations: [0, 2, 4], training: { accuracy: [0.5, 0.75, 1] }, validation: { loss: [0.7, 0.55, 0.5], accuracy: [0.25, 0.5, 0.75] } },
    };
    const svg = trainingCurveSvg(history, { series: ["accuracy"], width: 290, height: 166 });
    expect(svg.includes('<path d="M70 66L170 41L270 16" fill="none" stroke="#1f77b4" stroke-width="1.5" stroke-linejoin="round"/>')).toBe(true);
    expect(svg.includes('<path d="M70 91L170 66L270 41" fill="none" stroke="#d62728" stroke-width="1.5" stroke-linejoin="round" stroke-dasharray="6 3"/>')).toBe(true);
    expect(svg.includes(">training</text>") && svg.includes(">validation</text>")).toBe(true);
    throwsLike(
      () => trainingCurveSvg(history, { series: ["acuracy"] }),
      ConfigError,
      'series "acuracy" is not in this history; it has "loss", "meanAbsoluteError", "accuracy"',
    );
  },

  // src/random.ts
  Random: () => {
    const random: Random = numpyRandom(1);
    expect(random()).toBe(0.417022004702574);
  },
  RandomState: () => {
    const random = numpyRandom(1);
    const state = random.getState!();
    expect(random()).toBe(0.417022004702574);
    random.setState!(state);
    expect(random()).toBe(0.417022004702574);
  },
  MersenneTwisterState: () => expect((numpyRandom(1).getState!() as MersenneTwisterState).pos).toBe(624),
  Arc4State: () => expect((seededRandom(1).getState!() as Arc4State).S.length).toBe(256),
  numpyRandom: () => {
    const random = numpyRandom(1);
    expect(random()).toBe(0.417022004702574);
    expect(random()).toBe(0.7203244934421581);
  },
  seededRandom: () => {
    const a = seededRandom(42),
      b = seededRandom(42);
    expect(a() === b()).toBe(true);
  },

  // src/testing/assertions.ts (tinynn/testing)
  TinyNNAssertionError: () => {
    let name: unknown;
    try {
      assertClose([[1]], [[2]]);
    } catch (e) {
      expect(e).toBeInstanceOf(TinyNNAssertionError);
      name = (e as TinyNNAssertionError).name;
    }
    expect(name).toBe("AssertionError");
  },
  MatrixComparison: () => {
    expect(compareMatrices([[1, 2]], [[1, 2.5]]).worst).toEqual({ row: 0, col: 1, actual: 2, expected: 2.5, difference: 0.5 });
  },
  assertGradients: () => {
    const studentTanh: Activation = { name: "studentTanh", apply: exactMath.tanh, derivative: (_x, out) => 1 - out * out };
    const net = new Network({ layers: [3, 4, 1], activation: studentTanh, outputActivation: "sigmoid", seed: 1 });
    expect(assertGradients(net, X, y).maxRelativeError).toBe(1.512140626902677e-8);
    const buggyTanh: Activation = { ...studentTanh, derivative: (_x, out) => 1 - out }; // forgot the square
    throwsLike(
      () => assertGradients(new Network({ layers: [3, 4, 1], activation: buggyTanh, outputActivation: "sigmoid", seed: 1 }), X, y),
      TinyNNAssertionError,
      "Gradient of W0[1][0] is wrong: backprop 0.0107808369837, finite differences -0.0487151989303, relative error 1.22e+0 > tolerance 0.00001",
    );
  },
  compareMatrices: () => {
    expect(compareMatrices([[1, 2], [3, 4]], [[1, 2], [3, 4.001]], { absolute: 1e-6 }).message).toBe(
      "actual differs from expected at 1 of 4 elements (tolerance 0.000001 + 0 × |expected|); worst at [1][1]: 4 vs 4.001, difference 0.001",
    );
  },

  // src/workers/train-in-worker.ts: the worker's end and the main thread's over one MessageChannel
  // (test/train-in-worker.test.ts asserts the same result with a worker_threads Worker)
  trainInWorker: async () => {
    const { port1, port2 } = new MessageChannel();
    const stop = serveTraining(port1);
    try {
      const net = blogNet();
      const { network, summary } = await trainInWorker(port2, net, X, y, { iterations: 60000 });
      expect(summary.meanAbsoluteError).toBe(0.0031835307355949105);
      expect(network.predict(X)).toEqual(trained().predict(X));
    } finally {
      stop();
      port1.close();
      port2.close();
    }
  },
  serveTraining: () => {
    const { port1, port2 } = new MessageChannel();
    const stop = serveTraining(port1);
    expect(typeof stop).toBe("function");
    stop();
    port1.close();
    port2.close();
  },
};

// ---- the tests -------------------------------------------------------------------------------

describe("TSDoc @example results", () => {
  for (const [name, row] of Object.entries(ROWS)) {
    if (typeof row === "function") it(name, row);
  }
});

describe("every @example that states a result is checked", () => {
  const examples = statedExamples();

  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThan(100);
    expect(examples.filter((e) => e.name.startsWith("?")), "examples whose export could not be named").toEqual([]);
  });

  it("each has a row", () => {
    const missing = examples.filter((e) => !(e.name in ROWS)).map((e) => `${e.name} (${e.where})`);
    expect(missing.join("\n"), "add a row to ROWS in test/tsdoc-examples.test.ts for each").toBe("");
  });

  it("each row that points elsewhere points to a test that holds the value", () => {
    for (const [name, row] of Object.entries(ROWS)) {
      if (typeof row !== "string") continue;
      const [, file, text] = /^(test\/\S+): (.+)$/.exec(row)!;
      expect(readFileSync(new URL(`../${file}`, import.meta.url), "utf8"), `${name}: ${row}`).toContain(text);
    }
  });

  it("each row has an example", () => {
    const names = new Set(examples.map((e) => e.name));
    expect(Object.keys(ROWS).filter((name) => !names.has(name)).join("\n"), "rows whose example is gone or renamed").toBe("");
  });
});
