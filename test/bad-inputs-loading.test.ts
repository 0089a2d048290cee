// A catalogue of hostile files and options for loading (Network.fromJSON, optimizerFromJSON,
// scheduleFromJSON), the layer and optimizer constructors, schedules, clipping and regularization:
// each must throw a typed error whose code is stable and whose message names the field or argument,
// before any work; what is valid (odd keys that read nothing, a schedule that decays to 0) must work.
import { describe, expect, it } from "vitest";
import {
  Adagrad,
  Adam,
  BatchNorm,
  ConfigError,
  Dense,
  Dropout,
  GradientDescent,
  LimitError,
  Momentum,
  Network,
  RMSprop,
  SerializationError,
  Softmax,
  TinyNNError,
  addRegularizationGradient,
  clipGradientsByNorm,
  clipGradientsByValue,
  exponentialDecay,
  inverseTimeDecay,
  numpyRandom,
  oneHot,
  optimizerFromJSON,
  regularizationPenalty,
  scheduleFromJSON,
  stepDecay,
  type Activation,
  type Layer,
  type NetworkJSON,
  type OptimizerJSON,
} from "tinynn";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type ErrorClass = new (...args: never[]) => TinyNNError;

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const LONG = "y".repeat(10_000_000);

/** A saved network with every built-in layer, and its Adam state. */
function saved(): { json: Json; net: Network } {
  const net = new Network({
    layers: [
      new Dense({ inputSize: 3, outputSize: 4, activation: "tanh" }),
      new BatchNorm({ size: 4 }),
      new Dropout({ size: 4, rate: 0.5 }),
      new Dense({ inputSize: 4, outputSize: 2, activation: "identity", bias: false }),
      new Softmax({ size: 2 }),
    ],
    seed: 5,
  });
  const adam = new Adam({ alpha: 0.05 });
  net.train(X, oneHot([0, 1, 1, 0], 2), { iterations: 3, loss: "crossEntropy", optimizer: adam });
  return { json: JSON.parse(JSON.stringify(net.toJSON({ optimizer: adam }))) as Json, net };
}
const good = (): Json => saved().json;
const edit = (f: (j: Json) => unknown): Json => {
  const j = good();
  f(j);
  return j;
};
const v1 = (): Json => ({
  format: "tinynn",
  version: 1,
  layers: [{ type: "dense", inputSize: 2, outputSize: 1, activation: "identity", weights: [[2], [3]], bias: [1] }],
});

function thrown(f: () => unknown): TinyNNError {
  try {
    f();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(TinyNNError);
    return e as TinyNNError;
  }
  throw new Error("expected a throw");
}

type Row = [label: string, run: () => unknown, type: ErrorClass, code: string, message: RegExp];

function catalogue(rows: Row[]): void {
  it.each(rows)("%s", (_label, run, type, code, message) => {
    const e = thrown(run);
    expect(e).toBeInstanceOf(type);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message.length).toBeLessThan(600);
  });
}

const load = (json: unknown, options?: unknown) => () => Network.fromJSON(json, options as never);
const softsign: Activation = { name: "softsign", apply: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / (1 + Math.abs(x)) ** 2 };

describe("Network.fromJSON: hostile files", () => {
  catalogue([
    ["not an object", load(3), SerializationError, "E_JSON", /json must be an object from network.toJSON\(\), got 3/],
    ["an array", load([]), SerializationError, "E_JSON", /json must be an object .*got an array of length 0/],
    ["version 1.5", load({ ...good(), version: 1.5 }), SerializationError, "E_JSON", /json.version must be an integer from 1 to 3, got 1.5/],
    ["version as a string", load({ ...good(), version: "2" }), SerializationError, "E_JSON", /json.version must be .*got "2"/],
    ["training state in a version 2 file", load({ ...good(), version: 2, training: { updates: 1 } }), SerializationError, "E_JSON", /json.training needs version 3 or later \(json.version is 2\)/],
    ["training state not an object", load({ ...good(), training: [1] }), SerializationError, "E_JSON", /json.training must be an object \{ updates, random\? \}, got an array/],
    ["training updates negative", load({ ...good(), training: { updates: -1 } }), SerializationError, "E_JSON", /json.training.updates must be an integer from 0 to 2\^52, got -1/],
    ["training updates past 2^53", load({ ...good(), training: { updates: 2 ** 60 } }), SerializationError, "E_JSON", /json.training.updates must be an integer from 0 to 2\^52, got 1152921504606847000/],
    ["training state with an unknown field", load({ ...good(), training: { updates: 0, step: 3 } }), SerializationError, "E_JSON", /json.training has an unknown field "step"; known fields: updates, random/],
    ["training random all zero", load({ ...good(), training: { updates: 0, random: { type: "mt19937", key: Array(624).fill(0), pos: 624 } } }), SerializationError, "E_JSON", /json.training.random: state must be a numpyRandom state/],
    ["training random of an unknown kind", load({ ...good(), training: { updates: 0, random: { type: "xorshift" } } }), SerializationError, "E_JSON", /json.training.random: a random state must be numpyRandom's .*got an object/],
    ["training random with a short key", load({ ...good(), training: { updates: 0, random: { type: "mt19937", key: [1, 2], pos: 0 } } }), SerializationError, "E_JSON", /json.training.random: state must be a numpyRandom state/],
    ["training random S not a permutation", load({ ...good(), training: { updates: 0, random: { type: "arc4", i: 0, j: 0, S: Array(256).fill(0) } } }), SerializationError, "E_JSON", /json.training.random: state must be a seededRandom state/],
    ["layers an object", load({ ...good(), layers: { 0: {} } }), SerializationError, "E_JSON", /json.layers must be a non-empty array, got an object/],
    ["a hole in layers", load(edit((j) => delete j.layers[2])), SerializationError, "E_JSON", /json.layers\[2\] must be an object, got undefined/],
    ["layers with a sparse length", load(edit((j) => (j.layers.length = 1e6))), SerializationError, "E_JSON", /json.layers\[5\] must be an object, got undefined/],
    ["a layer that is an array", load(edit((j) => (j.layers[0] = [1]))), SerializationError, "E_JSON", /json.layers\[0\] must be an object, got an array/],
    ["a hole in weights", load(edit((j) => delete j.layers[0].weights[1])), SerializationError, "E_JSON", /json.layers\[0\].weights\[1\] must be an array of 4 numbers, got undefined/],
    ["a hole in a weight row", load(edit((j) => delete j.layers[3].weights[0][1])), SerializationError, "E_JSON", /json.layers\[3\].weights\[0\]\[1\] must be a finite number, got undefined/],
    ["weights with extra rows", load(edit((j) => j.layers[0].weights.push([1, 2, 3, 4]))), SerializationError, "E_JSON", /json.layers\[0\].weights must be an array of 3 rows, got an array of length 4/],
    ["a weight as a string", load(edit((j) => (j.layers[0].weights[0][0] = "0.5"))), SerializationError, "E_JSON", /json.layers\[0\].weights\[0\]\[0\] must be a finite number, got "0.5"/],
    ["a weight NaN", load(edit((j) => (j.layers[0].weights[0][0] = Number.NaN))), SerializationError, "E_JSON", /weights\[0\]\[0\] must be a finite number, got NaN/],
    ["a bias Infinity", load(edit((j) => (j.layers[0].bias[1] = Infinity))), SerializationError, "E_JSON", /json.layers\[0\].bias\[1\] must be a finite number, got Infinity/],
    ["a bias of the wrong length", load(edit((j) => j.layers[0].bias.pop())), SerializationError, "E_JSON", /json.layers\[0\].bias must be an array of 4 numbers, got an array of length 3/],
    ["bias missing", load(edit((j) => delete j.layers[3].bias)), SerializationError, "E_JSON", /json.layers\[3\].bias is missing \(an array of 2 numbers, or null\)/],
    ["inputSize 1.5", load(edit((j) => (j.layers[0].inputSize = 1.5))), SerializationError, "E_JSON", /json.layers\[0\].inputSize must be an integer >= 1, got 1.5/],
    ["outputSize past 2^53", load(edit((j) => (j.layers[0].outputSize = 2 ** 60))), SerializationError, "E_JSON", /json.layers\[0\].outputSize must be an integer >= 1, got 1152921504606847000/],
    ["outputSize 1e9 with arrays of 4", load(edit((j) => (j.layers[0].outputSize = 1e9))), SerializationError, "E_JSON", /json.layers\[0\].weights\[0\] must be an array of 1000000000 numbers, got an array of length 4/],
    ["a 10 MB activation name", load(edit((j) => (j.layers[0].activation = LONG))), SerializationError, "E_JSON", /json.layers\[0\].activation "y{60}"\.\.\. \(10000000 characters\) is unknown/],
    ["a 10 MB type", load(edit((j) => (j.layers[0].type = LONG))), SerializationError, "E_JSON", /json.layers\[0\].type "y{60}"\.\.\. \(10000000 characters\) is unknown; known layer types: dense, dropout, batchNorm, softmax/],
    ["a 10 MB weight", load(edit((j) => (j.layers[0].weights[0][0] = LONG))), SerializationError, "E_JSON", /weights\[0\]\[0\] must be a finite number, got "y{60}"\.\.\. \(10000000 characters\)/],
    ["a type inherited, not own", load(edit((j) => (j.layers[4] = Object.create({ type: "softmax", size: 2 })))), SerializationError, "E_JSON", /json.layers\[4\].type undefined is unknown/],
    ["BatchNorm size 1e9", load(edit((j) => (j.layers[1].size = 1e9))), SerializationError, "E_JSON", /json.layers\[1\].gamma must be an array of 1000000000 numbers, got an array of length 4/],
    ["BatchNorm negative running variance", load(edit((j) => (j.layers[1].runningVariance[2] = -1))), SerializationError, "E_JSON", /json.layers\[1\].runningVariance\[2\] must be a finite number >= 0, got -1/],
    ["BatchNorm running mean NaN", load(edit((j) => (j.layers[1].runningMean[0] = Number.NaN))), SerializationError, "E_JSON", /json.layers\[1\].runningMean\[0\] must be a finite number, got NaN/],
    ["BatchNorm gamma too short", load(edit((j) => j.layers[1].gamma.pop())), SerializationError, "E_JSON", /json.layers\[1\].gamma must be an array of 4 numbers, got an array of length 3/],
    ["BatchNorm epsilon 0", load(edit((j) => (j.layers[1].epsilon = 0))), SerializationError, "E_JSON", /json.layers\[1\]: epsilon must be a finite number > 0, got 0/],
    ["BatchNorm epsilon negative", load(edit((j) => (j.layers[1].epsilon = -1e-5))), SerializationError, "E_JSON", /json.layers\[1\]: epsilon must be a finite number > 0, got -0.00001/],
    ["BatchNorm momentum 1", load(edit((j) => (j.layers[1].momentum = 1))), SerializationError, "E_JSON", /json.layers\[1\]: momentum must be a finite number in \[0, 1\), got 1/],
    ["BatchNorm momentum missing (no default)", load(edit((j) => delete j.layers[1].momentum)), SerializationError, "E_JSON", /json.layers\[1\].momentum is missing/],
    ["BatchNorm momentum null (no default)", load(edit((j) => (j.layers[1].momentum = null))), SerializationError, "E_JSON", /json.layers\[1\]: momentum must be a finite number in \[0, 1\), got null/],
    ["Dropout rate missing", load(edit((j) => delete j.layers[2].rate)), SerializationError, "E_JSON", /json.layers\[2\].rate is missing/],
    ["Dropout rate 1", load(edit((j) => (j.layers[2].rate = 1))), SerializationError, "E_JSON", /json.layers\[2\]: rate must be a finite number in \[0, 1\), got 1/],
    ["Softmax size as a string", load(edit((j) => (j.layers[4].size = "2"))), SerializationError, "E_JSON", /json.layers\[4\].size must be an integer >= 1, got "2"/],
    ["layers that do not chain", load(edit((j) => (j.layers[4].size = 3))), SerializationError, "E_JSON", /json.layers\[4\].inputSize must equal json.layers\[3\].outputSize \(2\), got 3/],
    ["a batchNorm layer in a version 1 file", load({ ...good(), version: 1 }), SerializationError, "E_JSON", /json.optimizer needs version 2 or later \(json.version is 1\)/],
    ["a softmax layer in a version 1 file", load({ ...v1(), layers: [...v1().layers, { type: "softmax", size: 1 }] }), SerializationError, "E_JSON", /json.layers\[1\].type "softmax" needs version 2 or later \(json.version is 1\)/],
    ["json.optimizer not an object", load({ ...good(), optimizer: 5 }), SerializationError, "E_JSON", /json.optimizer must be an object from optimizer.toJSON\(\), got 5/],
    ["sizes past the memory budget", load(good(), { memoryBudget: 200 }), LimitError, "E_LIMIT", /json.layers \(5 layers, the largest json.layers\[0\]: dense \[3 x 4\]\) would need 576 bytes, past the memory budget of 200 bytes; raise it with memoryBudget/],
  ]);
});

describe("Network.fromJSON: hostile options", () => {
  const reader = (layer: unknown) => ({ mine: () => layer as Layer });
  const mine = () => ({ format: "tinynn", version: 2, layers: [{ type: "mine" }] });
  const fakeLayer = (patch: Json = {}): Json => ({
    type: "mine", inputSize: 2, outputSize: 2, parameters: [], initialize() {}, forward: (x: unknown) => x, backward: (g: unknown) => g, toJSON: () => ({ type: "mine" }), ...patch,
  });
  catalogue([
    ["options null", load(good(), null), ConfigError, "E_CONFIG", /Network.fromJSON options must be an object \{ activations\?, layerTypes\?, random\?, seed\?, memoryBudget\? \}, got null/],
    ["an unknown option", load(good(), { activation: { softsign } }), ConfigError, "E_CONFIG", /Unknown Network.fromJSON option "activation"; known options: activations, layerTypes, random, seed, memoryBudget/],
    ["activations: 5", load(good(), { activations: 5 }), ConfigError, "E_CONFIG", /activations must be an object of Activations by name, like \{ softsign \}, got 5/],
    ["activations an array", load(good(), { activations: [softsign] }), ConfigError, "E_CONFIG", /activations must be an object of Activations by name.*got an array of length 1/],
    ["an activation that is not one", load(good(), { activations: { softsign: 5 } }), ConfigError, "E_CONFIG", /activations.softsign must be an Activation \{ name, apply, derivative \}, got 5/],
    ["an activation without derivative", load(good(), { activations: { s: { name: "s", apply: Math.tanh } } }), ConfigError, "E_CONFIG", /activations.s must be an Activation/],
    ["layerTypes: 5", load(good(), { layerTypes: 5 }), ConfigError, "E_CONFIG", /layerTypes must be an object of reader functions by layer type.*got 5/],
    ["a layerTypes entry that is not a function", load(good(), { layerTypes: { mine: "x" } }), ConfigError, "E_CONFIG", /layerTypes.mine must be a function \(json, where, activations\) => Layer, got "x"/],
    ["memoryBudget -1", load(good(), { memoryBudget: -1 }), ConfigError, "E_CONFIG", /memoryBudget must be a finite number > 0, got -1/],
    ["a reader that returns {}", load(mine(), { layerTypes: reader({}) }), ConfigError, "E_CONFIG", /the layerTypes reader of "mine" \(for json.layers\[0\]\) returned a layer whose type is not a string/],
    ["a reader that returns null", load(mine(), { layerTypes: reader(null) }), ConfigError, "E_CONFIG", /the layerTypes reader of "mine" \(for json.layers\[0\]\) must return a Layer, got null/],
    ["a reader's layer without forward", load(mine(), { layerTypes: reader(fakeLayer({ forward: undefined })) }), ConfigError, "E_CONFIG", /returned a layer without a forward method/],
    ["a reader's layer with a bad parameter", load(mine(), { layerTypes: reader(fakeLayer({ parameters: [{ name: "W" }] })) }), ConfigError, "E_CONFIG", /returned a layer whose parameters\[0\] is not a Parameter/],
    ["a reader's layer with NaN weights", load(mine(), { layerTypes: { mine: () => { const d = new Dense({ inputSize: 2, outputSize: 2 }); d.weights.value.data[1] = Number.NaN; return d; } } }), SerializationError, "E_JSON", /json.layers\[0\]: the restored layer's parameter "W" has NaN at \[1\]; it must be finite/],
    ["a reader that throws a ConfigError", load(mine(), { layerTypes: { mine: () => new Dense({ inputSize: 0, outputSize: 1 }) } }), SerializationError, "E_JSON", /json.layers\[0\]: inputSize must be an integer >= 1, got 0/],
  ]);

  it("a reader of yours replaces a built-in of the same type, and its layers load", () => {
    const json = v1();
    const layer = Network.fromJSON(json, { layerTypes: { dense: (j, where, a) => Dense.fromJSON(j, where, a) } }).layers[0] as Dense;
    expect(layer.weights.value.data).toEqual(new Float64Array([2, 3]));
    expect(Network.fromJSON(good(), { activations: { softsign }, seed: 1 }).predict(X)).toHaveLength(4);
  });
});

describe("Network.fromJSON: what reads nothing is harmless", () => {
  it("own constructor keys on layers and weights arrays, and an own __proto__ key, change nothing", () => {
    const { json, net } = saved();
    Reflect.set(json.layers, "constructor", 5);
    Reflect.set(json.layers[0].weights, "constructor", {});
    Reflect.set(json.layers[0].weights[0], "constructor", null);
    const parsed = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(json).slice(1)}`) as Json;
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
    expect(Network.fromJSON(json).predict(X)).toEqual(net.predict(X));
    expect(Network.fromJSON(parsed).predict(X)).toEqual(net.predict(X));
    expect(({} as Json).polluted).toBeUndefined();
  });

  it("an activation or a layer type named __proto__ is a name like any other", () => {
    const proto = { ...softsign, name: "__proto__" };
    const json = v1();
    json.layers[0].activation = "__proto__";
    // an own key "__proto__", as JSON.parse makes it
    const activations = Object.defineProperty({}, "__proto__", { value: proto, enumerable: true }) as Json;
    expect(Network.fromJSON(json, { activations }).predict([[1, 1]])[0]![0]).toBeCloseTo(6 / 7, 15);
  });

  it("arrays whose prototype was replaced are read by index", () => {
    const { json, net } = saved();
    Object.setPrototypeOf(json.layers, null);
    Object.setPrototypeOf(json.layers[0].weights[1], null);
    expect(Network.fromJSON(json).predict(X)).toEqual(net.predict(X));
  });

  it("the file is not changed by loading it", () => {
    const json = good();
    const before = JSON.stringify(json);
    Network.fromJSON(json);
    optimizerFromJSON(json.optimizer);
    expect(JSON.stringify(json)).toBe(before);
  });

  it("a version 1 file with dense layers still loads", () => {
    expect(Network.fromJSON(v1()).predict([[1, 1]])).toEqual([[6]]);
  });
});

const opt = (f: (j: Json) => unknown = () => {}): Json => {
  const j = good().optimizer as Json;
  f(j);
  return j;
};
const restore = (json: unknown, options?: unknown) => () => optimizerFromJSON(json, options as never);

describe("optimizerFromJSON: hostile state", () => {
  catalogue([
    ["state { W0: null }", restore(opt((j) => (j.state = { W0: null }))), SerializationError, "E_JSON", /optimizer json.state.W0 must be an object \{ m, v \} of arrays of numbers, got null/],
    ["not an object", restore("adam"), SerializationError, "E_JSON", /optimizer json must be an object from optimizer.toJSON\(\), got "adam"/],
    ["an unknown type", restore(opt((j) => (j.type = "lion"))), SerializationError, "E_JSON", /optimizer json.type "lion" is unknown; known: gradientDescent, momentum, adam, rmsprop, adagrad/],
    ["alpha missing", restore(opt((j) => delete j.alpha)), SerializationError, "E_JSON", /optimizer json.alpha is missing/],
    ["alpha -1", restore(opt((j) => (j.alpha = -1))), SerializationError, "E_JSON", /optimizer json.alpha must be a finite number > 0, got -1/],
    ["alpha a string", restore(opt((j) => (j.alpha = "0.1"))), SerializationError, "E_JSON", /optimizer json.alpha must be a number > 0, a schedule's JSON or null, got "0.1"/],
    ["alpha null without options.alpha", restore(opt((j) => (j.alpha = null))), SerializationError, "E_JSON", /optimizer json.alpha is null \(it was your own schedule function\)/],
    ["a schedule with rate 2", restore(opt((j) => (j.alpha = { type: "exponential", alpha: 0.1, rate: 2 }))), SerializationError, "E_JSON", /optimizer json.alpha: rate must be a finite number in \(0, 1\], got 2/],
    ["a schedule with an unknown field", restore(opt((j) => (j.alpha = { type: "step", alpha: 0.1, drop: 0.5, every: 2, rate: 1 }))), SerializationError, "E_JSON", /optimizer json.alpha has an unknown field "rate"; the step schedule has: type, alpha, drop, every/],
    ["a schedule of unknown type", restore(opt((j) => (j.alpha = { type: "cosine", alpha: 0.1 }))), SerializationError, "E_JSON", /optimizer json.alpha.type must be "step", "exponential" or "inverseTime", got "cosine"/],
    ["hyperparameters missing", restore(opt((j) => delete j.hyperparameters)), SerializationError, "E_JSON", /optimizer json.hyperparameters must be an object \{ beta1, beta2, epsilon \}, got undefined/],
    ["a hyperparameter misspelled", restore(opt((j) => (j.hyperparameters.beta3 = 0.9))), SerializationError, "E_JSON", /optimizer json.hyperparameters has an unknown key "beta3"; adam has: beta1, beta2, epsilon/],
    ["a hyperparameter missing (no default)", restore(opt((j) => delete j.hyperparameters.beta2)), SerializationError, "E_JSON", /optimizer json.hyperparameters.beta2 is missing/],
    ["a hyperparameter null (no default)", restore(opt((j) => (j.hyperparameters.beta1 = null))), SerializationError, "E_JSON", /optimizer json.hyperparameters: beta1 must be a finite number in \[0, 1\), got null/],
    ["epsilon 0", restore(opt((j) => (j.hyperparameters.epsilon = 0))), SerializationError, "E_JSON", /optimizer json.hyperparameters: epsilon must be a finite number > 0, got 0/],
    ["updates -1", restore(opt((j) => (j.updates = -1))), SerializationError, "E_JSON", /optimizer json.updates must be an integer >= 0, got -1/],
    ["updates past 2^53", restore(opt((j) => (j.updates = 2 ** 60))), SerializationError, "E_JSON", /optimizer json.updates must be an integer >= 0, got 1152921504606847000/],
    ["state an array", restore(opt((j) => (j.state = []))), SerializationError, "E_JSON", /optimizer json.state must be an object of slots by parameter name, got an array of length 0/],
    ["a slot missing", restore(opt((j) => delete j.state.W0.v)), SerializationError, "E_JSON", /optimizer json.state.W0.v must be an array of finite numbers, got undefined/],
    ["an unknown slot", restore(opt((j) => (j.state.W0.velocity = [1]))), SerializationError, "E_JSON", /optimizer json.state.W0 has an unknown slot "velocity"; adam has: m, v/],
    ["a hole in a slot", restore(opt((j) => delete j.state.W0.m[3])), SerializationError, "E_JSON", /optimizer json.state.W0.m\[3\] must be a finite number, got undefined/],
    ["a negative second moment", restore(opt((j) => (j.state.b0.v[0] = -1e-3))), SerializationError, "E_JSON", /optimizer json.state.b0.v\[0\] must be a finite number >= 0, got -0.001/],
    ["slots of different lengths", restore(opt((j) => j.state.W0.v.pop())), SerializationError, "E_JSON", /optimizer json.state.W0.v must have as many numbers as optimizer json.state.W0.m \(12\), got 11/],
    ["a 10 MB parameter name", restore(opt((j) => (j.state[LONG] = null))), SerializationError, "E_JSON", /optimizer json.state\["y{60}"\.\.\. \(10000000 characters\)\] must be an object/],
    ["gradientDescent with state", restore({ type: "gradientDescent", alpha: 0.5, hyperparameters: {}, updates: 0, state: { W0: { m: [1] } } }), SerializationError, "E_JSON", /optimizer json.state must be \{\} \(gradientDescent keeps no per-parameter state\), got an object/],
    ["an RMSprop mean square below 0", restore({ type: "rmsprop", alpha: 0.1, hyperparameters: { rho: 0.9, epsilon: 1e-8 }, updates: 1, state: { W0: { s: [-1] } } }), SerializationError, "E_JSON", /optimizer json.state.W0.s\[0\] must be a finite number >= 0, got -1/],
    ["options null", restore(opt(), null), ConfigError, "E_CONFIG", /optimizerFromJSON options must be an object \{ alpha\? \}, got null/],
    ["an unknown option", restore(opt(), { alpah: 0.1 }), ConfigError, "E_CONFIG", /Unknown optimizerFromJSON option "alpah"; known options: alpha/],
    ["options.alpha -1", restore(opt(), { alpha: -1 }), ConfigError, "E_CONFIG", /alpha must be a finite number > 0, got -1/],
  ]);

  it("a saved state that does not fit the network is refused at the first update, before any weight changes", () => {
    const { json } = saved();
    json.optimizer.state.b0 = { m: [0, 0], v: [0, 0] }; // b0 has 4 numbers
    const net = Network.fromJSON(json, { seed: 1 });
    const before = JSON.stringify(net.weights());
    const e = thrown(() => net.train(X, oneHot([0, 1, 1, 0], 2), { iterations: 1, loss: "crossEntropy", optimizer: optimizerFromJSON(json.optimizer) }));
    expect(e).toBeInstanceOf(SerializationError);
    expect(e.message).toMatch(/optimizer state b0.m has 2 numbers but b0 has 4/);
    // every weight as it was (W0 comes before b0: it would have been updated first)
    expect(JSON.stringify(net.weights())).toBe(before);
  });

  it("the state is copied: changing the file afterwards changes nothing", () => {
    const json = opt();
    const restored = optimizerFromJSON(json) as Adam;
    const saved1 = JSON.stringify(restored.toJSON());
    json.state.W0.m[0] = 123;
    expect(JSON.stringify(restored.toJSON())).toBe(saved1);
  });

  it("loadState on a user's subclass checks the same", () => {
    const adam = new Adam();
    const e = thrown(() => adam.loadState({ type: "adam", alpha: 0.001, hyperparameters: {}, updates: 3, state: { W0: { m: [0.1], v: [-1] } } } as OptimizerJSON));
    expect(e.message).toMatch(/optimizer json.state.W0.v\[0\] must be a finite number >= 0, got -1/);
  });
});

describe("constructors: unknown options and bad hyperparameters", () => {
  const grad = () => new Network({ layers: [2, 2], seed: 1 }).parameters();
  catalogue([
    ["Adam alpah", () => new Adam({ alpah: 0.1 } as never), ConfigError, "E_CONFIG", /Unknown Adam option "alpah"; known options: alpha, beta1, beta2, epsilon/],
    ["Adam beta1 null", () => new Adam({ beta1: null as never }), ConfigError, "E_CONFIG", /beta1 must be a finite number in \[0, 1\), got null/],
    ["Adam alpha null", () => new Adam({ alpha: null as never }), ConfigError, "E_CONFIG", /alpha must be a finite number > 0 or a schedule function .*got null/],
    ["Adam options an array", () => new Adam([] as never), ConfigError, "E_CONFIG", /Adam options must be an object \{ alpha\?, beta1\?, beta2\?, epsilon\? \}, got an array of length 0/],
    ["Momentum momentum", () => new Momentum({ alpha: 0.1, momentum: 0.9 } as never), ConfigError, "E_CONFIG", /Unknown Momentum option "momentum"; known options: alpha, beta, nesterov/],
    ["Momentum without alpha", () => new Momentum({} as never), ConfigError, "E_CONFIG", /alpha must be a finite number > 0 or a schedule function .*got undefined/],
    ["RMSprop decay", () => new RMSprop({ decay: 0.9 } as never), ConfigError, "E_CONFIG", /Unknown RMSprop option "decay"; known options: alpha, rho, epsilon/],
    ["RMSprop epsilon null", () => new RMSprop({ epsilon: null as never }), ConfigError, "E_CONFIG", /epsilon must be a finite number > 0, got null/],
    ["Adagrad lr", () => new Adagrad({ lr: 0.1 } as never), ConfigError, "E_CONFIG", /Unknown Adagrad option "lr"; known options: alpha, epsilon/],
    ["GradientDescent beta", () => new GradientDescent({ alpha: 0.1, beta: 1 } as never), ConfigError, "E_CONFIG", /Unknown GradientDescent option "beta"; known options: alpha/],
    ["GradientDescent null", () => new GradientDescent(null as never), ConfigError, "E_CONFIG", /GradientDescent options must be an object \{ alpha \}, got null/],
    ["Dense [3 x 1e9]", () => new Dense({ inputSize: 3, outputSize: 1e9 }), LimitError, "E_LIMIT", /Dense \[3 x 1000000000\] weights with their gradients would need 59.6 GiB, past the memory budget of 1 GiB; raise it with memoryBudget/],
    ["Dense past its own budget", () => new Dense({ inputSize: 3, outputSize: 4, memoryBudget: 100 }), LimitError, "E_LIMIT", /Dense \[3 x 4\] weights with their gradients would need 256 bytes, past the memory budget of 100 bytes/],
    ["Dense memoryBudget 0", () => new Dense({ inputSize: 3, outputSize: 4, memoryBudget: 0 }), ConfigError, "E_CONFIG", /memoryBudget must be a finite number > 0, got 0/],
    ["Dense activaton", () => new Dense({ inputSize: 3, outputSize: 1, activaton: "relu" } as never), ConfigError, "E_CONFIG", /Unknown Dense option "activaton"; known options: inputSize, outputSize, activation, bias, initializer, memoryBudget/],
    ["Dense bias null", () => new Dense({ inputSize: 3, outputSize: 1, bias: null as never }), ConfigError, "E_CONFIG", /bias must be true or false, got null/],
    ["Dense activation null", () => new Dense({ inputSize: 3, outputSize: 1, activation: null as never }), ConfigError, "E_CONFIG", /activation must be an activation name .*got null/],
    ["Dense bad initializer", () => new Dense({ inputSize: 3, outputSize: 1, initializer: "glorot" as never }), ConfigError, "E_CONFIG", /Unknown initializer "glorot"; known initializers: uniform/],
    ["BatchNorm size 1e9", () => new BatchNorm({ size: 1e9 }), LimitError, "E_LIMIT", /BatchNorm of size 1000000000 .*would need 44.7 GiB, past the memory budget of 1 GiB/],
    ["BatchNorm momentun", () => new BatchNorm({ size: 4, momentun: 0.5 } as never), ConfigError, "E_CONFIG", /Unknown BatchNorm option "momentun"; known options: size, momentum, epsilon, memoryBudget/],
    ["BatchNorm momentum null", () => new BatchNorm({ size: 4, momentum: null as never }), ConfigError, "E_CONFIG", /momentum must be a finite number in \[0, 1\), got null/],
    ["BatchNorm epsilon -1", () => new BatchNorm({ size: 4, epsilon: -1 }), ConfigError, "E_CONFIG", /epsilon must be a finite number > 0, got -1/],
    ["Dropout seed", () => new Dropout({ size: 4, rate: 0.5, seed: 1 } as never), ConfigError, "E_CONFIG", /Unknown Dropout option "seed"; known options: size, rate, memoryBudget/],
    ["Dropout size 1e12", () => new Dropout({ size: 1e12, rate: 0.5 }), LimitError, "E_LIMIT", /One row of Dropout of size 1000000000000 \(output and mask\) would need 14.6 TiB/],
    ["Softmax classes", () => new Softmax({ size: 3, classes: 3 } as never), ConfigError, "E_CONFIG", /Unknown Softmax option "classes"; known options: size, memoryBudget/],
    ["Softmax size 2^40", () => new Softmax({ size: 2 ** 40 }), LimitError, "E_LIMIT", /One row of Softmax of size 1099511627776 would need 8 TiB/],
    ["exponentialDecay rat", () => exponentialDecay({ alpha: 0.1, rat: 0.5 } as never), ConfigError, "E_CONFIG", /Unknown exponentialDecay option "rat"; known options: alpha, rate/],
    ["exponentialDecay null", () => exponentialDecay(null as never), ConfigError, "E_CONFIG", /exponentialDecay options must be an object \{ alpha, rate \}, got null/],
    ["stepDecay without every", () => stepDecay({ alpha: 1, drop: 0.5 } as never), ConfigError, "E_CONFIG", /every must be an integer >= 1, got undefined/],
    ["inverseTimeDecay decay -1", () => inverseTimeDecay({ alpha: 1, decay: -1 }), ConfigError, "E_CONFIG", /decay must be a finite number >= 0, got -1/],
    ["scheduleFromJSON of an array", () => scheduleFromJSON([]), SerializationError, "E_JSON", /schedule JSON must be an object \{ type, alpha, \.\.\. \} from a built-in schedule's json, got an array of length 0/],
    ["clipGradientsByValue -1", () => clipGradientsByValue(grad(), -1), ConfigError, "E_CONFIG", /limit must be a finite number > 0, got -1/],
    ["clipGradientsByNorm NaN", () => clipGradientsByNorm(grad(), Number.NaN), ConfigError, "E_CONFIG", /maxNorm must be a finite number > 0, got NaN/],
    ["clipGradientsByValue of null", () => clipGradientsByValue(null as never, 1), ConfigError, "E_CONFIG", /parameters must be an array of Parameters, like net.parameters\(\), got null/],
    ["clipGradientsByNorm of numbers", () => clipGradientsByNorm([1, 2] as never, 1), ConfigError, "E_CONFIG", /parameters\[0\] must be a Parameter \{ name, isWeight, value, grad \}/],
    ["regularizationPenalty l3", () => regularizationPenalty(grad(), { l3: 1 } as never), ConfigError, "E_CONFIG", /Unknown regularization option "l3"; known options: l1, l2, bias/],
    ["regularizationPenalty without coefficients", () => regularizationPenalty(grad(), undefined as never), ConfigError, "E_CONFIG", /regularization must be an object \{ l1\?, l2\?, bias\? \}, got undefined/],
    ["addRegularizationGradient l2 -1", () => addRegularizationGradient(grad(), { l2: -1 }), ConfigError, "E_CONFIG", /regularization.l2 must be a finite number >= 0, got -1/],
  ]);

  it("sizes past the budget are refused at once, before anything is allocated", () => {
    const t0 = performance.now();
    expect(() => new Dense({ inputSize: 1e5, outputSize: 1e5 })).toThrow(LimitError);
    expect(() => new BatchNorm({ size: 2 ** 40 })).toThrow(LimitError);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it("a raised budget lets a layer past the default through", () => {
    expect(new Dense({ inputSize: 3, outputSize: 4, memoryBudget: 256 }).outputSize).toBe(4);
  });
});

describe("schedules that decay to 0", () => {
  const blog = () => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
  const y = [[0], [1], [1], [0]];

  it("exponentialDecay({ alpha: 0.1, rate: 0.5 }) underflows to 0 at update 1072 and training goes on", () => {
    const schedule = exponentialDecay({ alpha: 0.1, rate: 0.5 });
    expect(schedule(1071)).toBeGreaterThan(0);
    expect(schedule(1072)).toBe(0);
    for (const make of [() => new GradientDescent({ alpha: schedule }), () => new Adam({ alpha: schedule })]) {
      const long = blog();
      expect(long.train(X, y, { iterations: 1200, optimizer: make() }).history.loss).toHaveLength(1200);
      // from update 1072 on the rate is 0: the weights no longer move
      const short = blog();
      short.train(X, y, { iterations: 1100, optimizer: make() });
      expect(long.weights()).toEqual(short.weights());
    }
  });

  it("your own schedule may reach 0 after step 0; it may not start at 0, nor go below 0 or NaN", () => {
    expect(() => blog().train(X, y, { iterations: 10, optimizer: new Momentum({ alpha: (t) => (t < 3 ? 0.5 : 0) }) })).not.toThrow();
    const negative = thrown(() => blog().train(X, y, { iterations: 10, optimizer: new Momentum({ alpha: (t) => (t < 3 ? 0.5 : -1) }) }));
    expect(negative).toBeInstanceOf(ConfigError);
    expect(negative.message).toMatch(/alpha schedule must return a finite number >= 0, got -1 at step 3/);
    const nan = thrown(() => blog().train(X, y, { iterations: 10, alpha: (t) => (t < 2 ? 0.5 : Number.NaN) }));
    expect(nan.message).toMatch(/alpha schedule must return a finite number >= 0, got NaN at step 2/);
    expect(thrown(() => new Adam({ alpha: () => 0 })).message).toMatch(/alpha schedule must return a finite number > 0, got 0 at step 0/);
  });
});

describe("loading never prints", () => {
  it("no console output from a refused file", () => {
    const calls: unknown[] = [];
    const saved1 = { log: console.log, warn: console.warn, error: console.error };
    for (const k of Object.keys(saved1) as (keyof typeof saved1)[]) console[k] = (...a: unknown[]) => calls.push(a);
    try {
      expect(() => Network.fromJSON({ ...good(), version: 9 } as unknown as NetworkJSON)).toThrow(SerializationError);
      expect(() => optimizerFromJSON({ type: "adam" })).toThrow(SerializationError);
    } finally {
      Object.assign(console, saved1);
    }
    expect(calls).toEqual([]);
  });
});
