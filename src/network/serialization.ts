import type { Activation } from "../activations/activation.js";
import { activations as builtinActivations } from "../activations/builtins.js";
import { checkKnownKeys, ConfigError, describe, listNames, quote, SerializationError } from "../errors.js";
import { checkMemory, memoryBudgetOption } from "../limits.js";
import { randomFromState, type Random, type RandomState } from "../random.js";
import { Dense, denseBytes } from "../layers/dense.js";
import { fieldPath, ownField, wrapConfig } from "../layers/json-fields.js";
import type { Layer, LayerJSON } from "../layers/layer.js";
import type { Parameter } from "../layers/parameter.js";
import { BatchNorm, batchNormBytes } from "../layers/batch-norm.js";
import { Dropout } from "../layers/dropout.js";
import { Softmax } from "../layers/softmax.js";
import type { OptimizerJSON } from "../optimizers/optimizer.js";

/**
 * The version of {@link NetworkJSON} this release writes. It reads this one and every earlier one
 * (version 1: dense layers only, no optimizer; version 2: no training state).
 */
export const FORMAT_VERSION = 3;

/**
 * A network as plain, versioned JSON: `JSON.stringify` it, store it, and
 * {@link Network.fromJSON} restores a network that predicts identically (weights are written with
 * JavaScript's shortest round-trip number text, so every bit survives, but for the sign of a zero:
 * JSON has no -0, so a weight of -0 comes back as 0, which changes at most the sign of an output
 * that is exactly zero).
 *
 * @example
 * const json: NetworkJSON = net.toJSON();
 * json.format;  // => "tinynn"
 * json.version; // => 3
 */
export interface NetworkJSON {
  /** Always `"tinynn"`. */
  readonly format: "tinynn";
  /** The format version, {@link FORMAT_VERSION}. */
  readonly version: number;
  /** The layers, input to output. */
  readonly layers: LayerJSON[];
  /** The optimizer and its state, when saved with `net.toJSON({ optimizer })` (version 2); restore it with {@link optimizerFromJSON}. */
  readonly optimizer?: OptimizerJSON;
  /** The training state, when saved with `net.toJSON({ optimizer })` or `{ training: true }` (version 3). */
  readonly training?: TrainingStateJSON;
}

/**
 * What a network's training continues from, besides its layers and optimizer: the updates made so
 * far (the `step` optimizers and schedules get) and its random source's state (the next shuffle and
 * dropout draws), when that source is a {@link numpyRandom} or {@link seededRandom}.
 *
 * @example
 * const training: TrainingStateJSON = { updates: 60000, random: numpyRandom(1).getState!() };
 */
export interface TrainingStateJSON {
  /** Updates made to the network so far, an integer >= 0. */
  readonly updates: number;
  /** The random source's state; absent for a source of yours (give it to `fromJSON` again). */
  readonly random?: RandomState;
}

/** The training state of a network with `updates` made and random source `random`, as saved. @internal */
export function trainingStateJSON(updates: number, random: Random): TrainingStateJSON {
  const state = typeof random.getState === "function" ? random.getState() : undefined;
  const type = (state as { type?: unknown } | undefined)?.type;
  // a source of yours may have a state of its own kind: fromJSON could not make one from it
  return type === "mt19937" || type === "arc4" ? { updates, random: state! } : { updates };
}

/**
 * The training state of a file (`json.training`, checked: version 3 or later, `updates` an integer
 * >= 0, `random` a valid built-in state), or undefined when it has none. Call after
 * {@link layersFromJSON} has checked the file's format and version. @internal
 */
export function trainingStateFromJSON(json: unknown): { updates: number; random: Random | undefined } | undefined {
  const file = json as object;
  if (!Object.hasOwn(file, "training")) return undefined;
  const version = ownField(file, "version") as number;
  if (version < 3) throw new SerializationError(`json.training needs version 3 or later (json.version is ${version})`);
  const training = ownField(file, "training");
  if (typeof training !== "object" || training === null || Array.isArray(training)) {
    throw new SerializationError(`json.training must be an object { updates, random? }, got ${describe(training)}`);
  }
  for (const key of Object.keys(training)) {
    if (key !== "updates" && key !== "random") throw new SerializationError(`json.training has an unknown field ${quote(key)}; known fields: updates, random`);
  }
  const updates = ownField(training, "updates");
  // 2^52: room to count on exactly (no run makes that many updates)
  if (typeof updates !== "number" || !Number.isInteger(updates) || updates < 0 || updates > 2 ** 52) {
    throw new SerializationError(`json.training.updates must be an integer from 0 to 2^52, got ${describe(updates)}`);
  }
  if (!Object.hasOwn(training, "random")) return { updates, random: undefined };
  const state = ownField(training, "random");
  try {
    return { updates, random: randomFromState(state) };
  } catch (e) {
    if (e instanceof ConfigError) throw new SerializationError(`json.training.random: ${e.message}`);
    throw e;
  }
}

/** Restores one layer from its JSON. @internal */
type LayerReader = (
  json: Record<string, unknown>,
  where: string,
  activations: Readonly<Record<string, Activation>>,
) => Layer;

/**
 * Options of {@link Network.fromJSON}: your own activations and layer types, by the names saved.
 * Unknown keys are refused (a misspelled option would otherwise be ignored).
 *
 * @example
 * Network.fromJSON(json, { activations: { softsign } });
 * Network.fromJSON(json, { activations: 5 });  // throws ConfigError: activations must be an object of Activations by name
 */
export interface FromJSONOptions {
  /** Activations that saved names may refer to, besides the built-ins: `{ name: Activation }`. */
  activations?: Readonly<Record<string, Activation>>;
  /**
   * Readers for your layer types, by the `type` their JSON carries, besides the built-in
   * `"dense"`, `"dropout"`, `"batchNorm"` and `"softmax"`: each gets the layer's JSON, its path
   * for messages (`"json.layers[2]"`) and the activations by name, and returns the layer. What it
   * returns is checked against the {@link Layer} protocol, and its parameters must be finite; a
   * ConfigError it throws is reported as a SerializationError at the layer's path.
   */
  layerTypes?: Readonly<
    Record<string, (json: Record<string, unknown>, where: string, activations: Readonly<Record<string, Activation>>) => Layer>
  >;
  /**
   * The restored network's random source for further training (shuffling, dropout). Without
   * `random` or `seed`, a file saved with its training state (`toJSON({ optimizer })`) continues
   * its saved stream; any other file gets a stream seeded from the platform's entropy.
   */
  random?: Random;
  /** Shorthand for `random: seededRandom(seed)`. */
  seed?: number | string;
  /**
   * Bytes the built-in layers' parameters and gradients may take, summed over the file's layers
   * and checked against the sizes the file claims before any layer is allocated; default 1 GiB.
   */
  memoryBudget?: number;
}

/** Every key of {@link FromJSONOptions}. */
const FROM_JSON_OPTION_KEYS = ["activations", "layerTypes", "random", "seed", "memoryBudget"] as const satisfies readonly (keyof FromJSONOptions)[];

/** A built-in layer type: the version that brought it, its reader, and the bytes a file's sizes claim for it. */
interface BuiltinLayerType {
  readonly since: number;
  read(json: Record<string, unknown>, where: string, activations: Readonly<Record<string, Activation>>, memoryBudget: number): Layer;
  /**
   * Bytes its constructor would allocate, from the sizes the file claims, with a short description
   * for messages; 0 when the sizes are not sizes or the file's arrays do not have them (its
   * reader then refuses the layer with a SerializationError before allocating).
   */
  claims(json: Record<string, unknown>): { bytes: number; what: string };
}

const BUILTIN_LAYERS: Readonly<Record<string, BuiltinLayerType>> = {
  dense: {
    since: 1,
    read: (json, where, activations, budget) => Dense.fromJSON(json, where, activations, budget),
    claims: (json) => {
      const inputSize = claimedSize(json, "inputSize");
      const outputSize = claimedSize(json, "outputSize");
      const weights = ownField(json, "weights");
      const fits = Array.isArray(weights) && weights.length === inputSize && Array.isArray(weights[0]) && weights[0].length === outputSize;
      const bytes = fits ? denseBytes(inputSize, outputSize, ownField(json, "bias") !== null) : 0;
      return { bytes, what: `dense [${inputSize} x ${outputSize}]` };
    },
  },
  dropout: { since: 2, read: (json, where, _a, budget) => Dropout.fromJSON(json, where, budget), claims: () => ({ bytes: 0, what: "dropout" }) },
  batchNorm: {
    since: 2,
    read: (json, where, _a, budget) => BatchNorm.fromJSON(json, where, budget),
    claims: (json) => {
      const size = claimedSize(json, "size");
      const gamma = ownField(json, "gamma");
      return { bytes: Array.isArray(gamma) && gamma.length === size ? batchNormBytes(size) : 0, what: `batchNorm of size ${size}` };
    },
  },
  softmax: { since: 2, read: (json, where, _a, budget) => Softmax.fromJSON(json, where, budget), claims: () => ({ bytes: 0, what: "softmax" }) },
};

/** A size the file claims, or 0 when it is not a size. */
function claimedSize(json: Record<string, unknown>, field: string): number {
  const v = ownField(json, field);
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 1 ? v : 0;
}

/** FromJSONOptions validated: the activations and readers by name, and the memory budget. */
interface CheckedFromJSONOptions {
  readonly activations: Readonly<Record<string, Activation>>;
  readonly readers: Readonly<Record<string, LayerReader>>;
  readonly memoryBudget: number;
}

/** Throws a ConfigError unless `options` is a {@link FromJSONOptions}. */
function checkFromJSONOptions(options: unknown): CheckedFromJSONOptions {
  if (options === undefined) return { activations: builtinActivations, readers: {}, memoryBudget: memoryBudgetOption(undefined) };
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ConfigError(
      `Network.fromJSON options must be an object { activations?, layerTypes?, random?, seed?, memoryBudget? }, got ${describe(options)}`,
    );
  }
  checkKnownKeys(options, "Network.fromJSON", FROM_JSON_OPTION_KEYS);
  const o = options as FromJSONOptions;
  const activations: Record<string, Activation> = { ...builtinActivations };
  for (const [name, activation] of ownEntries(o.activations, "activations", "an object of Activations by name, like { softsign }")) {
    const a = activation as Partial<Record<keyof Activation, unknown>> | null;
    if (typeof a !== "object" || a === null || typeof a.name !== "string" || typeof a.apply !== "function" || typeof a.derivative !== "function") {
      throw new ConfigError(`${fieldPath("activations", name)} must be an Activation { name, apply, derivative }, got ${describe(activation)}`);
    }
    // defined, not assigned: a key "__proto__" is a name like any other
    Object.defineProperty(activations, name, { value: activation, enumerable: true, writable: true, configurable: true });
  }
  const readers: Record<string, LayerReader> = {};
  for (const [type, reader] of ownEntries(o.layerTypes, "layerTypes", "an object of reader functions by layer type, like { myLayer: (json, where, activations) => layer }")) {
    if (typeof reader !== "function") {
      throw new ConfigError(`${fieldPath("layerTypes", type)} must be a function (json, where, activations) => Layer, got ${describe(reader)}`);
    }
    Object.defineProperty(readers, type, { value: reader, enumerable: true, writable: true, configurable: true });
  }
  return { activations, readers, memoryBudget: memoryBudgetOption(o.memoryBudget) };
}

/** The own entries of an optional object option, which must be a plain object when given. */
function ownEntries(value: unknown, argName: string, expected: string): [string, unknown][] {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`${argName} must be ${expected}, got ${describe(value)}`);
  }
  return Object.entries(value);
}

/**
 * Validates `json` against the version it claims and restores its layers. Nothing of a size the
 * file claims is allocated before the file's arrays are found to have that size and the memory
 * budget to hold it. @internal
 */
export function layersFromJSON(json: unknown, options?: FromJSONOptions): Layer[] {
  const checked = checkFromJSONOptions(options);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SerializationError(`json must be an object from network.toJSON(), got ${describe(json)}`);
  }
  const format = ownField(json, "format");
  if (format !== "tinynn") throw new SerializationError(`json.format must be "tinynn", got ${describe(format)}`);
  const version = ownField(json, "version");
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1 || version > FORMAT_VERSION) {
    throw new SerializationError(`json.version must be an integer from 1 to ${FORMAT_VERSION}, got ${describe(version)}`);
  }
  if (Object.hasOwn(json, "optimizer")) {
    if (version < 2) throw new SerializationError(`json.optimizer needs version 2 or later (json.version is ${version})`);
    const optimizer = ownField(json, "optimizer");
    if (typeof optimizer !== "object" || optimizer === null || Array.isArray(optimizer)) {
      throw new SerializationError(`json.optimizer must be an object from optimizer.toJSON(), got ${describe(optimizer)}`);
    }
  }
  const list = ownField(json, "layers");
  if (!Array.isArray(list) || list.length === 0) {
    throw new SerializationError(`json.layers must be a non-empty array, got ${describe(list)}`);
  }
  // every entry is read by index: a hole, an own `constructor` key or a replaced prototype of the
  // array changes nothing
  const known = [...Object.keys(BUILTIN_LAYERS), ...Object.keys(checked.readers).filter((t) => !Object.hasOwn(BUILTIN_LAYERS, t))];
  const entries: LayerEntry[] = [];
  for (let i = 0; i < list.length; i++) {
    const where = `json.layers[${i}]`;
    const layer: unknown = list[i];
    if (typeof layer !== "object" || layer === null || Array.isArray(layer)) {
      throw new SerializationError(`${where} must be an object, got ${describe(layer)}`);
    }
    const type = ownField(layer, "type");
    if (typeof type !== "string" || !known.includes(type)) {
      throw new SerializationError(`${where}.type ${describe(type)} is unknown; known layer types: ${listNames(known)}`);
    }
    const builtin = builtinType(type, checked);
    if (builtin !== undefined && version < builtin.since) {
      throw new SerializationError(`${where}.type ${quote(type)} needs version ${builtin.since} or later (json.version is ${version})`);
    }
    entries.push({ json: layer as Record<string, unknown>, type, where });
  }
  checkClaimedMemory(entries, checked);
  const layers: Layer[] = [];
  for (const { json: layerJSON, type, where } of entries) {
    const builtin = builtinType(type, checked);
    let layer: Layer;
    if (builtin !== undefined) layer = builtin.read(layerJSON, where, checked.activations, checked.memoryBudget);
    else layer = checkReadLayer(wrapConfig(where, () => checked.readers[type]!(layerJSON, where, checked.activations)), where, type);
    checkFinite(layer, where);
    const previous = layers[layers.length - 1];
    if (previous !== undefined && layer.inputSize !== previous.outputSize) {
      throw new SerializationError(
        `${where}.inputSize must equal json.layers[${layers.length - 1}].outputSize (${previous.outputSize}), got ${layer.inputSize}`,
      );
    }
    layers.push(layer);
  }
  return layers;
}

/** One entry of `json.layers`, its type known. */
interface LayerEntry {
  readonly json: Record<string, unknown>;
  readonly type: string;
  readonly where: string;
}

/** The built-in type of that name, unless a layerTypes reader of yours replaces it. */
function builtinType(type: string, checked: CheckedFromJSONOptions): BuiltinLayerType | undefined {
  return Object.hasOwn(checked.readers, type) ? undefined : BUILTIN_LAYERS[type];
}

/** The sizes the built-in layers of a file claim, summed and checked against the budget before any is allocated. */
function checkClaimedMemory(entries: readonly LayerEntry[], checked: CheckedFromJSONOptions): void {
  let total = 0;
  let largest = { bytes: 0, what: "" };
  for (const { json, type, where } of entries) {
    const claim = builtinType(type, checked)?.claims(json);
    if (claim === undefined) continue;
    total += claim.bytes;
    if (claim.bytes > largest.bytes) largest = { bytes: claim.bytes, what: `${where}: ${claim.what}` };
  }
  const count = `${entries.length} layer${entries.length === 1 ? "" : "s"}`;
  checkMemory(total, checked.memoryBudget, `json.layers (${count}, the largest ${largest.what})`);
}

/** What a layerTypes reader returned, checked against the {@link Layer} protocol. */
function checkReadLayer(value: unknown, where: string, type: string): Layer {
  const reader = `the layerTypes reader of ${quote(type)} (for ${where})`;
  if (typeof value !== "object" || value === null) throw new ConfigError(`${reader} must return a Layer, got ${describe(value)}`);
  const l = value as Record<string, unknown>;
  if (typeof l.type !== "string") throw new ConfigError(`${reader} returned a layer whose type is not a string: ${describe(l.type)}`);
  for (const size of ["inputSize", "outputSize"]) {
    const v = l[size];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      throw new ConfigError(`${reader} returned a layer whose ${size} is not an integer >= 1: ${describe(v)}`);
    }
  }
  for (const method of ["forward", "backward", "initialize", "toJSON"]) {
    if (typeof l[method] !== "function") throw new ConfigError(`${reader} returned a layer without a ${method} method (the Layer protocol): ${describe(l[method])}`);
  }
  if (l.setRandom !== undefined && typeof l.setRandom !== "function") {
    throw new ConfigError(`${reader} returned a layer whose setRandom is not a function: ${describe(l.setRandom)}`);
  }
  const ps = l.parameters;
  if (!Array.isArray(ps)) throw new ConfigError(`${reader} returned a layer whose parameters are not an array: ${describe(ps)}`);
  for (let k = 0; k < ps.length; k++) {
    const p: unknown = ps[k];
    const ok =
      typeof p === "object" &&
      p !== null &&
      typeof (p as Parameter).name === "string" &&
      typeof (p as Parameter).isWeight === "boolean" &&
      isMatrixData((p as Parameter).value) &&
      isMatrixData((p as Parameter).grad) &&
      (p as Parameter).value.data.length === (p as Parameter).grad.data.length;
    if (!ok) throw new ConfigError(`${reader} returned a layer whose parameters[${k}] is not a Parameter { name, isWeight, value, grad }: ${describe(p)}`);
  }
  if (l.state !== undefined) {
    const st = l.state;
    if (!Array.isArray(st)) throw new ConfigError(`${reader} returned a layer whose state is not an array of matrices: ${describe(st)}`);
    for (let k = 0; k < st.length; k++) {
      if (!isMatrixData(st[k])) throw new ConfigError(`${reader} returned a layer whose state[${k}] is not a Matrix: ${describe(st[k])}`);
    }
  }
  return value as Layer;
}

function isMatrixData(m: unknown): boolean {
  return typeof m === "object" && m !== null && (m as { data?: unknown }).data instanceof Float64Array;
}

/** A restored layer's parameters and state (running statistics) must be finite: else it would predict NaN. */
function checkFinite(layer: Layer, where: string): void {
  const ps = layer.parameters;
  for (let k = 0; k < ps.length; k++) checkFiniteData(ps[k]!.value.data, where, `parameter ${quote(ps[k]!.name)}`);
  const state = layer.state ?? [];
  for (let k = 0; k < state.length; k++) checkFiniteData(state[k]!.data, where, `state[${k}]`);
}

function checkFiniteData(data: Float64Array, where: string, what: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new SerializationError(`${where}: the restored layer's ${what} has ${data[i]} at [${i}]; it must be finite`);
  }
}
