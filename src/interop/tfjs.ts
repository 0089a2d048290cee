// TF.js / Keras Sequential models. A network is written as TF.js's ModelArtifacts (what
// `tf.loadLayersModel(tf.io.fromMemory(artifacts))` loads; tinynn/interop/node's saveTfjsModel
// writes the same as the model.json + weights.bin pair that `tf.loadLayersModel("file://...")` and
// the tensorflowjs converter read), and a TF.js / Keras Sequential model of the layers tinynn has
// comes back as a Network. The topology is laid out as tfjs-layers 4.22's `model.save` lays it
// out; weights are float32, little-endian, named `<layer>/<weight>` as TF.js names them.
//
//   tinynn                          TF.js / Keras Sequential
//   Dense(f), f sigmoid/tanh/relu   Dense(activation f)
//   Dense(identity)                 Dense(activation "linear")
//   Dense(leakyRelu)                Dense(activation "linear") + LeakyReLU(alpha 0.01)
//   Dropout(rate)                   Dropout(rate)
//   BatchNorm(ε, m)                 BatchNormalization(axis -1, epsilon ε, momentum m)
//   Softmax                         Activation("softmax")
//
// Reading also takes what Keras writes for the same computation: an InputLayer, a Dense with
// activation "softmax" (Dense identity + Softmax), Activation / LeakyReLU / ReLU layers after a
// linear Dense (folded into it), Activation("linear") (nothing), a Softmax layer, BatchNormalization
// without center or scale (β = 0, γ = 1). The artifacts are hostile until read: every field, shape,
// dtype, byte count and value is checked, and the network's size against the memory budget, before
// any layer is allocated.

import type { ActivationName } from "../activations/builtins.js";
import { checkKnownKeys, ConfigError, DataError, describe, listNames, quote, SerializationError } from "../errors.js";
import { BatchNorm, batchNormBytes } from "../layers/batch-norm.js";
import { Dense, denseBytes } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import { ownField, readObject, wrapConfig } from "../layers/json-fields.js";
import type { Layer } from "../layers/layer.js";
import { Softmax } from "../layers/softmax.js";
import { checkMemory, memoryBudgetOption } from "../limits.js";
import { Network, type NetworkOptions } from "../network/network.js";
import type { Random } from "../random.js";
import { checkFloat32Epsilons, specOf } from "./spec.js";

/**
 * A TF.js `ModelArtifacts` of a Keras `Sequential` model, as {@link toTfjsArtifacts} writes it:
 * `tf.loadLayersModel(tf.io.fromMemory(artifacts))` loads it.
 */
export interface TfjsArtifacts {
  /** The Keras model config, laid out as tfjs-layers' `model.save` lays it out. */
  modelTopology: {
    /** Always `"Sequential"`. */
    class_name: "Sequential";
    /** The model's name and its layers. */
    config: {
      /** `"sequential_1"`. */
      name: string;
      /** The layers, input to output. */
      layers: {
        /** The Keras class: `"Dense"`, `"LeakyReLU"`, `"Dropout"`, `"BatchNormalization"`, `"Activation"`. */
        class_name: string;
        /** Its config: `units`, `activation`, `rate`, ..., `name`, and on the first layer `batch_input_shape` and `dtype`. */
        config: Record<string, unknown>;
      }[];
    };
    /** The Keras layers' version: `"tfjs-layers 4.22.0"`, the tfjs-layers whose layout this is. */
    keras_version: string;
    /** `"tensor_flow.js"`. */
    backend: string;
  };
  /** Always `"layers-model"`. */
  format: "layers-model";
  /** What wrote the model: `"tinynn"`. */
  generatedBy: string;
  /** `null`: not converted from another format. */
  convertedBy: null;
  /** The weights in `weightData`, in order: the trainable ones layer by layer, then BatchNorm's running statistics (TF.js's order). */
  weightSpecs: {
    /** `<layer name>/<weight>`: `kernel`, `bias`, `gamma`, `beta`, `moving_mean`, `moving_variance`. */
    name: string;
    /** `[fanIn, units]` for a kernel, `[size]` for the others. */
    shape: number[];
    /** Always `"float32"`. */
    dtype: "float32";
  }[];
  /** Every weight as little-endian float32, in `weightSpecs`' order. */
  weightData: ArrayBuffer;
}

/** One layer of the topology. */
type KerasLayerJSON = TfjsArtifacts["modelTopology"]["config"]["layers"][number];
/** One weight spec. */
type TfjsWeightSpec = TfjsArtifacts["weightSpecs"][number];

/** The Keras layer version these topologies follow (tfjs-layers writes its own name and version). */
const KERAS_VERSION = "tfjs-layers 4.22.0";

/** tinynn's activations by the name Keras gives them (leakyRelu is a layer of its own there). */
const KERAS_ACTIVATION: Readonly<Record<ActivationName, string>> = {
  sigmoid: "sigmoid",
  tanh: "tanh",
  relu: "relu",
  leakyRelu: "linear",
  identity: "linear",
};

/** leakyRelu's slope (src/activations/builtins.ts). */
const LEAKY_ALPHA = 0.01;

/** TF.js's default initializers, written as `model.save` writes them (they only matter to a model trained again from scratch). */
const DENSE_DEFAULTS = {
  kernel_initializer: { class_name: "VarianceScaling", config: { scale: 1, mode: "fan_avg", distribution: "normal", seed: null } },
  bias_initializer: { class_name: "Zeros", config: {} },
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};
const BATCH_NORM_DEFAULTS = {
  center: true,
  scale: true,
  beta_initializer: { class_name: "Zeros", config: {} },
  gamma_initializer: { class_name: "Ones", config: {} },
  moving_mean_initializer: { class_name: "Zeros", config: {} },
  moving_variance_initializer: { class_name: "Ones", config: {} },
  beta_regularizer: null,
  gamma_regularizer: null,
  beta_constraint: null,
  gamma_constraint: null,
};

/** One weight as it will be written: its spec and its values. */
interface OutWeight {
  readonly spec: TfjsWeightSpec;
  readonly values: Float64Array;
}

/**
 * The network as a TF.js `ModelArtifacts` of a Keras `Sequential` model, which
 * `tf.loadLayersModel(tf.io.fromMemory(artifacts))` loads and which predicts what the network
 * predicts, to float32 rounding (TF.js computes in float32; the weights are rounded to it).
 *
 * ```text
 * Dense(f)          -> Dense(units, activation f, use_bias)        f: sigmoid, tanh, relu, identity as "linear"
 * Dense(leakyRelu)  -> Dense(activation "linear") + LeakyReLU(alpha 0.01)
 * Dropout(rate)     -> Dropout(rate)
 * BatchNorm(ε, m)   -> BatchNormalization(axis -1, epsilon ε, momentum m): gamma, beta, moving_mean, moving_variance
 * Softmax           -> Activation("softmax")
 * ```
 *
 * The first layer carries `batch_input_shape: [null, inputSize]`. Layers are named as TF.js names
 * them (`dense_Dense1`, `batch_normalization_BatchNormalization1`, ...) and weights
 * `<layer>/<weight>` (`dense_Dense1/kernel`, `[inputSize, units]`); the trainable weights come
 * first, layer by layer, then the running statistics, as TF.js orders them. Initializers are
 * written as TF.js's defaults (tinynn's are not Keras's; they matter only to a model trained again
 * from scratch).
 *
 * @param net - the network to write
 * @returns the artifacts: `modelTopology`, `format: "layers-model"`, `generatedBy`, `convertedBy`,
 *   `weightSpecs` and `weightData` (an ArrayBuffer of float32)
 * @throws `ConfigError` (from `tinynn`) If `net` is not a Network, or has a layer or activation of yours
 *   (other formats do not have it).
 * @throws `DataError` (from `tinynn`) If a weight is past float32's range (it would load as Infinity), or a
 *   BatchNorm epsilon is below float32's smallest normal number.
 *
 * @example
 * const artifacts = toTfjsArtifacts(net);
 * artifacts.weightSpecs.map((s) => s.name); // ["dense_Dense1/kernel", "dense_Dense2/kernel"] for the blog's 3-4-1 network
 * const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
 * (model.predict(tf.tensor2d(X)) as tf.Tensor).arraySync(); // net.predict(X), to float32 rounding
 */
export function toTfjsArtifacts(net: Network): TfjsArtifacts {
  const specs = specOf(net, "toTfjsArtifacts");
  checkFloat32Epsilons(specs, "toTfjsArtifacts");
  const layers: KerasLayerJSON[] = [];
  const trainable: OutWeight[] = [];
  const running: OutWeight[] = [];
  const counts = new Map<string, number>();
  const add = (className: string, prefix: string, config: Record<string, unknown>): string => {
    const k = (counts.get(className) ?? 0) + 1;
    counts.set(className, k);
    const name = `${prefix}_${className}${k}`;
    const full: Record<string, unknown> = { ...config, name, trainable: true };
    // TF.js writes the input shape and the dtype on the first layer only
    if (layers.length === 0) Object.assign(full, { batch_input_shape: [null, net.inputSize], dtype: "float32" });
    layers.push({ class_name: className, config: full });
    return name;
  };
  const weight = (list: OutWeight[], layer: string, what: string, shape: number[], values: Float64Array, where: string): void => {
    for (let k = 0; k < values.length; k++) {
      if (!Number.isFinite(Math.fround(values[k]!))) {
        throw new DataError(`${where}: ${what}[${k}] is ${values[k]}, past float32's range (±3.4e38): TF.js would load it as ${Math.fround(values[k]!)}`);
      }
    }
    list.push({ spec: { name: `${layer}/${what}`, shape, dtype: "float32" }, values });
  };
  specs.forEach((spec, i) => {
    const where = `toTfjsArtifacts: layers[${i}]`;
    switch (spec.kind) {
      case "dense": {
        const name = add("Dense", "dense", {
          units: spec.outputSize,
          activation: KERAS_ACTIVATION[spec.activation],
          use_bias: spec.bias !== null,
          ...DENSE_DEFAULTS,
        });
        weight(trainable, name, "kernel", [spec.inputSize, spec.outputSize], spec.weights, where);
        if (spec.bias !== null) weight(trainable, name, "bias", [spec.outputSize], spec.bias, where);
        if (spec.activation === "leakyRelu") add("LeakyReLU", "leaky_re_lu", { alpha: LEAKY_ALPHA });
        break;
      }
      case "dropout":
        add("Dropout", "dropout", { rate: spec.rate, noise_shape: null, seed: null });
        break;
      case "batchNorm": {
        const name = add("BatchNormalization", "batch_normalization", {
          axis: -1,
          momentum: spec.momentum,
          epsilon: spec.epsilon,
          ...BATCH_NORM_DEFAULTS,
        });
        weight(trainable, name, "gamma", [spec.size], spec.gamma, where);
        weight(trainable, name, "beta", [spec.size], spec.beta, where);
        weight(running, name, "moving_mean", [spec.size], spec.mean, where);
        weight(running, name, "moving_variance", [spec.size], spec.variance, where);
        break;
      }
      case "softmax":
        add("Activation", "activation", { activation: "softmax" });
        break;
    }
  });
  const weights = [...trainable, ...running];
  const count = weights.reduce((n, w) => n + w.values.length, 0);
  const weightData = new ArrayBuffer(4 * count);
  const view = new DataView(weightData);
  let offset = 0;
  for (const w of weights) {
    for (let k = 0; k < w.values.length; k++, offset += 4) view.setFloat32(offset, w.values[k]!, true);
  }
  return {
    modelTopology: {
      class_name: "Sequential",
      config: { name: "sequential_1", layers },
      keras_version: KERAS_VERSION,
      backend: "tensor_flow.js",
    },
    format: "layers-model",
    generatedBy: "tinynn",
    convertedBy: null,
    weightSpecs: weights.map((w) => w.spec),
    weightData,
  };
}

// ---- reading ---------------------------------------------------------------------------------

/** What tinynn reads, for messages. */
const SUPPORTED =
  "supported: InputLayer; Dense (use_bias true or false, activation linear, sigmoid, tanh, relu or softmax); " +
  "Activation (softmax anywhere, linear anywhere, sigmoid/tanh/relu after a Dense whose activation is linear); " +
  "LeakyReLU (alpha 0.01) and ReLU (no max_value or threshold) after a Dense whose activation is linear; " +
  "Dropout; BatchNormalization (axis -1); Softmax (axis -1)";

/** Keras activations tinynn has inside a Dense layer. */
const DENSE_ACTIVATIONS: Readonly<Record<string, ActivationName>> = { linear: "identity", sigmoid: "sigmoid", tanh: "tanh", relu: "relu" };

/** Largest rank of a weight shape read (Keras's weights have at most 5 dimensions; a longer shape is hostile). */
const MAX_RANK = 8;

/** Bytes per element of a weight TF.js may save besides tinynn's (its optimizer's state), by dtype. */
const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED_BYTES: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

/** One layer to build, read from the topology; sizes come from the weights. */
type Step =
  | { kind: "dense"; where: string; name: string; units: number; bias: boolean; activation: ActivationName }
  | { kind: "dropout"; where: string; rate: number }
  | { kind: "batchNorm"; where: string; name: string; epsilon: number; momentum: number; center: boolean; scale: boolean }
  | { kind: "softmax"; where: string };

/** A weight of the artifacts: where its float32 values start in the data, its shape and element count. */
interface WeightEntry {
  readonly name: string;
  readonly where: string;
  readonly shape: readonly number[];
  readonly count: number;
  readonly offset: number;
  used: boolean;
}

/**
 * The artifacts' weights by name, and by the names TF.js also finds a weight by: without an inner
 * cell name (`layer/cell/kernel` for `layer/kernel`) and after a scope (`sequential/layer/kernel`),
 * indexed so that finding every layer's weights takes time in proportion to their number.
 */
class WeightTable {
  readonly byName = new Map<string, WeightEntry>();
  private readonly byStripped = new Map<string, WeightEntry[]>();
  private readonly byTail = new Map<string, WeightEntry[]>();

  add(entry: WeightEntry): void {
    this.byName.set(entry.name, entry);
    const t = entry.name.split("/");
    if (t.length > 2) {
      push(this.byStripped, [...t.slice(0, -2), t.at(-1)!].join("/"), entry);
      push(this.byTail, t.slice(-2).join("/"), entry);
    }
  }

  /** The weights `name` (`layer/weight`) may be: itself, or the others TF.js would take for it. */
  find(name: string): WeightEntry[] {
    const exact = this.byName.get(name);
    if (exact !== undefined) return [exact];
    const tail = name.split("/").slice(-2).join("/");
    const scoped = (this.byTail.get(tail) ?? []).filter((e) => e.name.endsWith(`/${name}`));
    return [...new Set([...(this.byStripped.get(name) ?? []), ...scoped])];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * A tinynn `Network` from a TF.js / Keras `Sequential` model's `ModelArtifacts` (what
 * `model.save(tf.io.withSaveHandler(...))` hands over, or {@link toTfjsArtifacts} writes), which
 * predicts what the model predicts: tinynn computes in float64 from the float32 weights.
 *
 * ```text
 * InputLayer                             -> nothing (its batch_input_shape gives the input size)
 * Dense(activation f, use_bias)          -> Dense(f)          f: linear as identity, sigmoid, tanh, relu
 * Dense(activation "softmax")            -> Dense(identity) + Softmax
 * Dense("linear") + Activation(f)        -> Dense(f)          f: sigmoid, tanh, relu
 * Dense("linear") + LeakyReLU(0.01)      -> Dense(leakyRelu)  (ReLU(negative_slope 0.01) too; ReLU() is relu)
 * Activation("softmax"), Softmax(-1)     -> Softmax
 * Activation("linear")                   -> nothing
 * Dropout(rate)                          -> Dropout(rate)
 * BatchNormalization(axis -1, ε, m)      -> BatchNorm(ε, m), with γ, β and the moving statistics
 * ```
 *
 * Weights are found by name, `<layer>/<weight>`, as TF.js finds them (a name with a scope before
 * the layer's, `sequential/dense/kernel`, is found too); weights of the optimizer's group are
 * skipped. Only float32 weights are read.
 *
 * @param artifacts - a TF.js `ModelArtifacts` of a `Sequential` model: `modelTopology`,
 *   `weightSpecs`, `weightData` (an ArrayBuffer, a view of one, or TF.js's list of ArrayBuffers)
 * @param options - `{ random?, seed?, memoryBudget? }`: the network's random source, and the bytes it may take
 * @returns a new network, its random source from `options` (or seeded from the platform's entropy)
 * @throws `SerializationError` (from `tinynn`) If a field is missing or wrong, a layer or activation has no
 *   equivalent in tinynn (the message names the layer by index, class and name, and lists what is
 *   supported), a weight is missing, unused, not float32 or has the wrong shape, the weight data
 *   is not as long as the specs say, or a value is NaN or infinite (or a variance negative).
 * @throws `LimitError` (from `tinynn`) If the network would take more than `options.memoryBudget` (default 1 GiB).
 * @throws `ConfigError` (from `tinynn`) If an option is unknown or not what it should be.
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: "sigmoid" }), tf.layers.dense({ units: 1, activation: "sigmoid" })] });
 * let artifacts;
 * await model.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } }; }));
 * fromTfjsArtifacts(artifacts).predict(X); // model.predict(tf.tensor2d(X)), to float32 rounding
 * fromTfjsArtifacts({ ...artifacts, weightData: new ArrayBuffer(4) });
 * // SerializationError: artifacts.weightData has 4 bytes; the weightSpecs need 84 (21 float32 values)
 */
export function fromTfjsArtifacts(
  artifacts: unknown,
  options: {
    /** The network's random source for further training (shuffling, dropout). */
    random?: Random;
    /** Shorthand for `random: seededRandom(seed)`. */
    seed?: number | string;
    /** Bytes the network may take, checked against the sizes the artifacts claim before any layer is allocated; default 1 GiB. */
    memoryBudget?: number;
  } = {},
): Network {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`fromTfjsArtifacts options must be an object { random?, seed?, memoryBudget? }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "fromTfjsArtifacts", ["random", "seed", "memoryBudget"]);
  const budget = memoryBudgetOption(options.memoryBudget);
  if (typeof (artifacts as { then?: unknown } | null)?.then === "function") {
    throw new SerializationError("artifacts is a Promise: await it first (fromTfjsArtifacts(await ...))");
  }
  const a = readObject(artifacts, "artifacts", "a TF.js ModelArtifacts object { modelTopology, weightSpecs, weightData }");

  const format = ownField(a, "format");
  if (format === "graph-model") {
    throw new SerializationError('artifacts.format is "graph-model" (a TF.js graph model, tf.loadGraphModel\'s): tinynn reads layers models, a Keras Sequential ("layers-model")');
  }
  if (format !== undefined && format !== "layers-model") throw new SerializationError(`artifacts.format must be "layers-model", got ${describe(format)}`);

  const { steps, inputSize: declared } = readTopology(ownField(a, "modelTopology"));
  const { weights, bytes, skipped } = readWeightSpecs(ownField(a, "weightSpecs"));
  const readData = readWeightData(ownField(a, "weightData"), bytes, skipped);

  // sizes, from the declared input shape and the weights' shapes
  const sizes: (number | undefined)[] = [];
  let size = declared;
  const layerWeights: WeightEntry[][] = [];
  for (const step of steps) {
    const found: WeightEntry[] = [];
    layerWeights.push(found);
    if (step.kind === "dense") {
      const kernel = weightOf(weights, step.name, "kernel", step.where);
      if (kernel.shape.length !== 2 || kernel.shape[1] !== step.units || (size !== undefined && kernel.shape[0] !== size) || kernel.shape[0] === 0) {
        const rows = size === undefined ? "fan-in" : size;
        throw new SerializationError(`${step.where}: weight ${quote(kernel.name)} must have shape [${rows}, ${step.units}] (${size === undefined ? "its inputs" : "the previous layer's outputs"} x units), got [${kernel.shape.join(", ")}]`);
      }
      sizes.push(kernel.shape[0]);
      found.push(kernel);
      if (step.bias) found.push(vectorOf(weights, step.name, "bias", step.units, step.where));
      size = step.units;
    } else if (step.kind === "batchNorm") {
      const mean = weightOf(weights, step.name, "moving_mean", step.where);
      const n = size ?? mean.shape[0];
      if (mean.shape.length !== 1 || mean.shape[0] !== n || n === 0) {
        throw new SerializationError(`${step.where}: weight ${quote(mean.name)} must have shape [${size ?? "size"}], got [${mean.shape.join(", ")}]`);
      }
      sizes.push(n);
      found.push(step.scale ? vectorOf(weights, step.name, "gamma", n!, step.where) : placeholder("gamma"));
      found.push(step.center ? vectorOf(weights, step.name, "beta", n!, step.where) : placeholder("beta"));
      found.push(mean, vectorOf(weights, step.name, "moving_variance", n!, step.where));
      size = n;
    } else {
      sizes.push(size);
    }
  }
  const unused = [...weights.byName.values()].filter((e) => !e.used);
  if (unused.length > 0) {
    throw new SerializationError(
      `${unused[0]!.where} (${quote(unused[0]!.name)}) belongs to no layer of the model${unused.length > 1 ? ` (nor ${unused.length - 1} more weights)` : ""}: ` +
        `tinynn reads weights named <layer name>/<weight> (kernel, bias, gamma, beta, moving_mean, moving_variance) as TF.js does`,
    );
  }
  // a Dropout or Softmax before the first layer with weights takes its size
  const first = sizes.find((s) => s !== undefined);
  if (first === undefined) {
    throw new SerializationError("artifacts.modelTopology: the model's input size is unknown: give its first layer a batch_input_shape [null, n] (or an InputLayer), or start it with a Dense or BatchNormalization layer");
  }
  for (let i = 0; i < sizes.length && sizes[i] === undefined; i++) sizes[i] = first;

  // the memory budget, before anything is allocated
  let total = 0;
  steps.forEach((step, i) => {
    const n = sizes[i]!;
    if (step.kind === "dense") total += denseBytes(n, step.units, step.bias);
    else if (step.kind === "batchNorm") total += batchNormBytes(n);
    else total += (step.kind === "dropout" ? 16 : 8) * n;
  });
  checkMemory(total, budget, `artifacts (${steps.length} layer${steps.length === 1 ? "" : "s"})`);
  const data = readData();

  // the values: finite, variances >= 0
  steps.forEach((step, i) => {
    layerWeights[i]!.forEach((w, j) => {
      // BatchNormalization's weights are gamma, beta, moving_mean, moving_variance
      const variance = step.kind === "batchNorm" && j === 3;
      for (let k = 0; k < w.count; k++) {
        const x = data.getFloat32(w.offset + 4 * k, true);
        if (Number.isFinite(x) && !(variance && x < 0)) continue;
        const at = w.shape.length === 2 ? `[${Math.floor(k / w.shape[1]!)}][${k % w.shape[1]!}]` : `[${k}]`;
        const why = Number.isFinite(x) ? "a variance must be >= 0 (every prediction would be NaN)" : "weights must be finite";
        throw new SerializationError(`${step.where}: weight ${quote(w.name)}${at} is ${x}; ${why}`);
      }
    });
  });

  const layers: Layer[] = steps.map((step, i) => {
    const n = sizes[i]!;
    const values = (w: WeightEntry, into: Float64Array): void => {
      for (let k = 0; k < w.count; k++) into[k] = data.getFloat32(w.offset + 4 * k, true);
    };
    const [w0, w1, w2, w3] = layerWeights[i]!;
    switch (step.kind) {
      case "dense": {
        const layer = wrapConfig(step.where, () => new Dense({ inputSize: n, outputSize: step.units, activation: step.activation, bias: step.bias, memoryBudget: budget }));
        values(w0!, layer.weights.value.data);
        if (step.bias) values(w1!, layer.bias!.value.data);
        return layer;
      }
      case "batchNorm": {
        const layer = wrapConfig(step.where, () => new BatchNorm({ size: n, momentum: step.momentum, epsilon: step.epsilon, memoryBudget: budget }));
        if (step.scale) values(w0!, layer.gamma.value.data);
        if (step.center) values(w1!, layer.beta.value.data);
        values(w2!, layer.runningMean.data);
        values(w3!, layer.runningVariance.data);
        return layer;
      }
      case "dropout":
        return wrapConfig(step.where, () => new Dropout({ size: n, rate: step.rate, memoryBudget: budget }));
      case "softmax":
        return wrapConfig(step.where, () => new Softmax({ size: n, memoryBudget: budget }));
    }
  });
  const netOptions: NetworkOptions = { layers, initialize: false, memoryBudget: budget };
  if (options.random !== undefined) netOptions.random = options.random;
  if (options.seed !== undefined) netOptions.seed = options.seed;
  return new Network(netOptions);
}

/** The layers of a Sequential topology as steps to build, and the input size it declares. */
function readTopology(value: unknown): { steps: Step[]; inputSize: number | undefined } {
  let where = "artifacts.modelTopology";
  if (isArrayBuffer(value)) {
    throw new SerializationError(`${where} is binary (a TF.js graph model's GraphDef): tinynn reads layers models, a Keras Sequential`);
  }
  let topology = readObject(value, where, 'a Keras model config { class_name: "Sequential", config: { layers } }');
  // the tensorflowjs converter of old wrote { model_config, training_config }
  if (Object.hasOwn(topology, "model_config")) {
    where += ".model_config";
    topology = readObject(topology.model_config, where);
  }
  const className = ownField(topology, "class_name");
  if (className !== "Sequential") {
    throw new SerializationError(
      `${where}.class_name must be "Sequential", got ${describe(className)}: tinynn reads a Keras Sequential model (a stack of layers); ` +
        "a functional model (Model, Functional) is not read, even when it is a chain",
    );
  }
  // Keras 2.0-2.2 wrote a Sequential's config as the list of its layers
  const config = ownField(topology, "config");
  const list = Array.isArray(config) ? config : ownField(readObject(config, `${where}.config`), "layers");
  const listWhere = Array.isArray(config) ? `${where}.config` : `${where}.config.layers`;
  if (!Array.isArray(list)) throw new SerializationError(`${listWhere} must be an array of layers, got ${describe(list)}`);

  const steps: Step[] = [];
  let inputSize: number | undefined;
  // whether steps' last element is a Dense whose activation may still be set by the next layer
  let open = false;
  for (let i = 0; i < list.length; i++) {
    const at = `${listWhere}[${i}]`;
    const layer = readObject(list[i], at, "a layer { class_name, config }");
    const cls = ownField(layer, "class_name");
    if (typeof cls !== "string") throw new SerializationError(`${at}.class_name must be a string, got ${describe(cls)}`);
    const config = readObject(ownField(layer, "config"), `${at}.config`);
    const name = ownField(config, "name");
    const label = `${at} (class_name ${quote(cls)}${typeof name === "string" ? `, name ${quote(name)}` : ""})`;
    const refuse = (why: string): never => {
      throw new SerializationError(`${label}: ${why}; ${SUPPORTED}`);
    };
    const wasOpen: boolean = open;
    open = false;
    const fold = (activation: ActivationName, what: string): void => {
      const last = steps.at(-1);
      if (!wasOpen || last === undefined || last.kind !== "dense") {
        refuse(`${what} must follow a Dense layer whose activation is linear: tinynn has this activation only inside a Dense layer`);
      } else {
        last.activation = activation;
      }
    };
    switch (cls) {
      case "InputLayer":
        if (i !== 0) refuse("an InputLayer must be the first layer");
        break;
      case "Dense": {
        const units = ownField(config, "units");
        if (typeof units !== "number" || !Number.isSafeInteger(units) || units < 1) {
          throw new SerializationError(`${at}.config.units must be an integer >= 1, got ${describe(units)}`);
        }
        const useBias = ownField(config, "use_bias") ?? true;
        if (typeof useBias !== "boolean") throw new SerializationError(`${at}.config.use_bias must be true or false, got ${describe(useBias)}`);
        const act = ownField(config, "activation") ?? "linear";
        const layerName = layerNameOf(config, at);
        if (act === "softmax") {
          steps.push({ kind: "dense", where: label, name: layerName, units, bias: useBias, activation: "identity" }, { kind: "softmax", where: label });
          break;
        }
        const activation = typeof act === "string" && Object.hasOwn(DENSE_ACTIVATIONS, act) ? DENSE_ACTIVATIONS[act] : undefined;
        if (activation === undefined) refuse(`activation ${typeof act === "string" ? quote(act) : describe(act)} is not one tinynn has (linear, sigmoid, tanh, relu, softmax)`);
        steps.push({ kind: "dense", where: label, name: layerName, units, bias: useBias, activation: activation! });
        open = activation === "identity";
        break;
      }
      case "Activation": {
        const act = ownField(config, "activation");
        if (act === "linear") {
          open = wasOpen;
        } else if (act === "softmax") {
          steps.push({ kind: "softmax", where: label });
        } else if (typeof act === "string" && Object.hasOwn(DENSE_ACTIVATIONS, act)) {
          fold(DENSE_ACTIVATIONS[act]!, `Activation(${quote(act)})`);
        } else {
          refuse(`activation ${typeof act === "string" ? quote(act) : describe(act)} is not one tinynn has (linear, sigmoid, tanh, relu, softmax)`);
        }
        break;
      }
      case "LeakyReLU": {
        // Keras 3 calls it negative_slope (default 0.2); Keras 2 and TF.js alpha (default 0.3)
        const slope = ownField(config, "negative_slope") ?? ownField(config, "alpha") ?? 0.3;
        if (!isLeakySlope(slope)) refuse(`its slope is ${describe(slope)}; tinynn's leakyRelu has 0.01 (other slopes are not read)`);
        fold("leakyRelu", "LeakyReLU");
        break;
      }
      case "ReLU": {
        const max = ownField(config, "max_value") ?? null;
        const threshold = ownField(config, "threshold") ?? 0;
        const slope = ownField(config, "negative_slope") ?? 0;
        if (max !== null || threshold !== 0) refuse(`max_value ${describe(max)} and threshold ${describe(threshold)} must be null and 0`);
        if (slope === 0) fold("relu", "ReLU");
        else if (isLeakySlope(slope)) fold("leakyRelu", "ReLU");
        else refuse(`its negative_slope is ${describe(slope)}; tinynn has 0 (relu) and 0.01 (leakyRelu)`);
        break;
      }
      case "Softmax": {
        if (!isLastAxis(ownField(config, "axis") ?? -1)) refuse(`its axis is ${describe(ownField(config, "axis"))}; tinynn's Softmax is over each row (axis -1)`);
        steps.push({ kind: "softmax", where: label });
        break;
      }
      case "Dropout": {
        const rate = ownField(config, "rate");
        if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
          throw new SerializationError(`${at}.config.rate must be a finite number in [0, 1), got ${describe(rate)}`);
        }
        const noise = ownField(config, "noise_shape") ?? null;
        if (noise !== null) refuse(`its noise_shape ${describe(noise)} must be null: tinynn drops each unit of each row on its own`);
        steps.push({ kind: "dropout", where: label, rate });
        break;
      }
      case "BatchNormalization": {
        if (!isLastAxis(ownField(config, "axis") ?? -1)) refuse(`its axis is ${describe(ownField(config, "axis"))}; tinynn normalizes each column (axis -1)`);
        const momentum = ownField(config, "momentum") ?? 0.99;
        if (typeof momentum !== "number" || !Number.isFinite(momentum) || momentum < 0 || momentum >= 1) {
          throw new SerializationError(`${at}.config.momentum must be a finite number in [0, 1), got ${describe(momentum)}`);
        }
        const epsilon = ownField(config, "epsilon") ?? 1e-3;
        if (typeof epsilon !== "number" || !Number.isFinite(epsilon) || epsilon <= 0) {
          throw new SerializationError(`${at}.config.epsilon must be a finite number > 0, got ${describe(epsilon)}`);
        }
        const center = ownField(config, "center") ?? true;
        const scale = ownField(config, "scale") ?? true;
        if (typeof center !== "boolean" || typeof scale !== "boolean") {
          throw new SerializationError(`${at}.config.center and .scale must be true or false, got ${describe(center)} and ${describe(scale)}`);
        }
        steps.push({ kind: "batchNorm", where: label, name: layerNameOf(config, at), epsilon, momentum, center, scale });
        break;
      }
      default:
        refuse("tinynn has no such layer");
    }
    // the input shape: an InputLayer's, or the first layer's (read after the class: a Conv2D's is refused as a Conv2D)
    if (i === 0) {
      const shape = ["batch_input_shape", "batch_shape"].map((k) => ownField(config, k)).find((v) => v !== undefined && v !== null);
      if (shape !== undefined) inputSize = readInputShape(shape, `${at}.config`);
    }
  }
  if (steps.length === 0) throw new SerializationError(`${listWhere} has no layer tinynn can build (an empty model, or an InputLayer alone)`);
  return { steps, inputSize };
}

/** The name a layer's weights are found by. */
function layerNameOf(config: Record<string, unknown>, at: string): string {
  const name = ownField(config, "name");
  if (typeof name !== "string" || name === "") throw new SerializationError(`${at}.config.name must be a non-empty string (its weights are named after it), got ${describe(name)}`);
  return name;
}

/** `[null, n]` (or `[n]` of old): the number of input columns. */
function readInputShape(shape: unknown, at: string): number {
  const n = Array.isArray(shape) && shape.length === 2 && (shape[0] === null || shape[0] === undefined) ? shape[1] : undefined;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) {
    throw new SerializationError(`${at}.batch_input_shape must be [null, n] with n an integer >= 1 (tinynn takes rows of numbers), got ${Array.isArray(shape) ? `[${shape.map((d) => describe(d)).join(", ")}]`.slice(0, 80) : describe(shape)}`);
  }
  return n;
}

/** Keras's axis of a layer over the last axis of rows: -1, or 1 (the same for `[null, n]` inputs), or either in a list of one. */
function isLastAxis(axis: unknown): boolean {
  const a = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
  return a === -1 || a === 1;
}

/** 0.01, as JSON writes it or as Keras's float32 `alpha` writes it (0.009999999776482582). */
function isLeakySlope(slope: unknown): boolean {
  return typeof slope === "number" && Math.fround(slope) === Math.fround(LEAKY_ALPHA);
}

/** Whether `value` is an ArrayBuffer (of any realm). */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === "[object ArrayBuffer]";
}

/** The weight specs by name (the optimizer's skipped), each with its byte offset, and the bytes they all take. */
function readWeightSpecs(value: unknown): { weights: WeightTable; bytes: number; skipped: number } {
  if (!Array.isArray(value)) throw new SerializationError(`artifacts.weightSpecs must be an array of { name, shape, dtype }, got ${describe(value)}`);
  const weights = new WeightTable();
  let bytes = 0;
  let skipped = 0;
  for (let i = 0; i < value.length; i++) {
    const where = `artifacts.weightSpecs[${i}]`;
    const spec = readObject(value[i], where, "a weight spec { name, shape, dtype }");
    const name = ownField(spec, "name");
    if (typeof name !== "string") throw new SerializationError(`${where}.name must be a string, got ${describe(name)}`);
    const shape = ownField(spec, "shape");
    if (!Array.isArray(shape) || shape.length > MAX_RANK) throw new SerializationError(`${where}.shape must be an array of at most ${MAX_RANK} sizes, got ${describe(shape)}`);
    let count = 1;
    for (let d = 0; d < shape.length; d++) {
      const n: unknown = shape[d];
      if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) throw new SerializationError(`${where}.shape[${d}] must be an integer >= 0, got ${describe(n)}`);
      count *= n;
      if (count > 2 ** 40) throw new SerializationError(`${where}.shape [${shape.join(", ")}] has more than 2^40 values`);
    }
    const dtype = ownField(spec, "dtype");
    const quantization = ownField(spec, "quantization");
    if (ownField(spec, "group") === "optimizer") {
      // the optimizer's state, saved with includeOptimizer: skipped, but its bytes come before the next weight's
      const qtype = quantization === undefined || quantization === null ? undefined : ownField(readObject(quantization, `${where}.quantization`), "dtype");
      const per = qtype === undefined ? (typeof dtype === "string" && Object.hasOwn(DTYPE_BYTES, dtype) ? DTYPE_BYTES[dtype] : undefined) : typeof qtype === "string" && Object.hasOwn(QUANTIZED_BYTES, qtype) ? QUANTIZED_BYTES[qtype] : undefined;
      if (per === undefined) throw new SerializationError(`${where} (${quote(name)}, the optimizer's) has dtype ${describe(qtype ?? dtype)}, whose size tinynn does not know (${listNames(Object.keys(DTYPE_BYTES))})`);
      bytes += per * count;
      skipped += per * count;
      continue;
    }
    if (dtype !== "float32") throw new SerializationError(`${where} (${quote(name)}) has dtype ${describe(dtype)}; tinynn reads float32 weights only`);
    if (quantization !== undefined && quantization !== null) {
      throw new SerializationError(`${where} (${quote(name)}) is quantized; tinynn reads float32 weights only (save the model without quantization)`);
    }
    if (weights.byName.has(name)) throw new SerializationError(`${where}: the weight name ${quote(name)} comes twice`);
    weights.add({ name, where, shape: shape as number[], count, offset: bytes, used: false });
    bytes += 4 * count;
  }
  return { weights, bytes, skipped };
}

/**
 * The weight data, checked to hold exactly the `bytes` the specs need, as a function that gives
 * it as a DataView: a list of buffers is joined only when it is called, after the memory budget.
 */
function readWeightData(value: unknown, bytes: number, skipped: number): () => DataView {
  const where = "artifacts.weightData";
  const values = (bytes - skipped) / 4;
  const need = `the weightSpecs need ${bytes} (${values} float32 value${values === 1 ? "" : "s"}${skipped > 0 ? `, and ${skipped} bytes of the optimizer's` : ""})`;
  if (value === undefined || value === null) {
    if (bytes === 0) return () => new DataView(new ArrayBuffer(0));
    throw new SerializationError(`${where} is missing; ${need}`);
  }
  if (isArrayBuffer(value)) {
    if (value.byteLength !== bytes) throw new SerializationError(`${where} has ${value.byteLength} bytes; ${need}`);
    return () => new DataView(value);
  }
  if (ArrayBuffer.isView(value)) {
    if (value.byteLength !== bytes) throw new SerializationError(`${where} has ${value.byteLength} bytes; ${need}`);
    return () => new DataView(value.buffer, value.byteOffset, value.byteLength);
  }
  // TF.js 4 may hand over large weights as a list of ArrayBuffers
  if (Array.isArray(value)) {
    let total = 0;
    for (let i = 0; i < value.length; i++) {
      if (!isArrayBuffer(value[i])) throw new SerializationError(`${where}[${i}] must be an ArrayBuffer, got ${describe(value[i])}`);
      total += (value[i] as ArrayBuffer).byteLength;
    }
    if (total !== bytes) throw new SerializationError(`${where} has ${total} bytes in ${value.length} buffers; ${need}`);
    const parts = [...(value as ArrayBuffer[])];
    return () => {
      const joined = new Uint8Array(total);
      let offset = 0;
      for (const part of parts) {
        joined.set(new Uint8Array(part), offset);
        offset += part.byteLength;
      }
      return new DataView(joined.buffer);
    };
  }
  throw new SerializationError(`${where} must be an ArrayBuffer (or a list of them) of little-endian float32, got ${describe(value)}`);
}

/** The weight `<layer>/<what>`, found as TF.js finds it: by that name, without an inner cell name, or after a scope. */
function weightOf(weights: WeightTable, layer: string, what: string, where: string): WeightEntry {
  const name = `${layer}/${what}`;
  const matches = weights.find(name);
  if (matches.length > 1) throw new SerializationError(`${where}: weight ${quote(name)} matches ${matches.length} weights (${listNames(matches.map((m) => m.name))})`);
  const found = matches[0];
  if (found === undefined) {
    const names = [...weights.byName.keys()];
    throw new SerializationError(`${where}: weight ${quote(name)} is not in artifacts.weightSpecs (${names.length === 0 ? "none" : listNames(names)})`);
  }
  if (found.used) throw new SerializationError(`${where}: weight ${quote(found.name)} is claimed by two layers`);
  found.used = true;
  return found;
}

/** The weight `<layer>/<what>` of shape `[n]`. */
function vectorOf(weights: WeightTable, layer: string, what: string, n: number, where: string): WeightEntry {
  const w = weightOf(weights, layer, what, where);
  if (w.shape.length !== 1 || w.shape[0] !== n) throw new SerializationError(`${where}: weight ${quote(w.name)} must have shape [${n}], got [${w.shape.join(", ")}]`);
  return w;
}

/** An absent weight (BatchNormalization without center or scale): nothing to read. */
function placeholder(what: string): WeightEntry {
  return { name: what, where: "", shape: [0], count: 0, offset: 0, used: true };
}
