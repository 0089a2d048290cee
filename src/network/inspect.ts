// What Network.summary, parameterCount, getWeights / setWeights and clone do, over a network's
// layers: the Network class keeps thin methods that call these.
import type { Activation } from "../activations/activation.js";
import { activations as builtinActivations } from "../activations/builtins.js";
import { checkKnownKeys, ConfigError, DataError, describe, listNames, quote, ShapeError } from "../errors.js";
import { BatchNorm } from "../layers/batch-norm.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import { fieldPath } from "../layers/json-fields.js";
import type { Layer } from "../layers/layer.js";
import { Softmax } from "../layers/softmax.js";
import { toRows, type Matrix } from "../matrix/matrix.js";
import { randomFromState, resolveRandom, type Random } from "../random.js";

/**
 * Options of {@link Network.clone}: how to copy the pieces `clone` cannot copy by itself (layers of
 * yours, through their `toJSON` and a reader, as {@link Network.fromJSON} restores them), and the
 * copy's random source when it should not continue the original's. Unknown keys are refused.
 *
 * @example
 * const options: CloneOptions = { layerTypes: { scale: (json) => Scale.fromJSON(json) }, seed: 2 };
 */
export interface CloneOptions {
  /**
   * Readers for your layer types, by `type`, as {@link FromJSONOptions.layerTypes}: each gets the
   * layer's `toJSON()`, its path (`"layers[2]"`) and the activations by name, and returns a new
   * layer. A layer of yours without a reader is refused with a {@link ConfigError}; the built-in
   * layers are copied without one.
   */
  layerTypes?: Readonly<
    Record<string, (json: Record<string, unknown>, where: string, activations: Readonly<Record<string, Activation>>) => Layer>
  >;
  /** Activations your readers may look up by name, besides the built-ins: `{ name: Activation }`. */
  activations?: Readonly<Record<string, Activation>>;
  /** The copy's random source, instead of a continuation of the original's. */
  random?: Random;
  /** Shorthand for `random: seededRandom(seed)`. */
  seed?: number | string;
}

/** Every key of {@link CloneOptions}. */
const CLONE_OPTION_KEYS = ["layerTypes", "activations", "random", "seed"] as const satisfies readonly (keyof CloneOptions)[];

// ---- counts and summary ----------------------------------------------------------------------

/** Number of values of a matrix. */
function size(m: Matrix): number {
  return m.shape[0]! * m.shape[1]!;
}

/** The values of a layer's parameters, and of its non-trainable state (running statistics). @internal */
export function layerCounts(layer: Layer): { trainable: number; nonTrainable: number } {
  let trainable = 0;
  let nonTrainable = 0;
  for (const p of layer.parameters) trainable += size(p.value);
  for (const m of layer.state ?? []) nonTrainable += size(m);
  return { trainable, nonTrainable };
}

/** The built-in layer classes and the names a summary shows. */
const BUILTIN_CLASSES: readonly (readonly [abstract new (...args: never[]) => Layer, string])[] = [
  [Dense, "Dense"],
  [Dropout, "Dropout"],
  [BatchNorm, "BatchNorm"],
  [Softmax, "Softmax"],
];

/** `text` with every character outside printable ASCII written `\uXXXX`: a summary stays ASCII and aligned. */
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** 1234567 -> "1,234,567". */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** What a summary's row says a layer is: `dense (Dense, sigmoid)`. */
function layerLabel(layer: Layer): string {
  const proto: unknown = Object.getPrototypeOf(layer);
  let kind = BUILTIN_CLASSES.find(([cls]) => cls.prototype === proto)?.[1];
  if (kind === undefined) {
    const ctor = (proto as { constructor?: { name?: unknown } } | null)?.constructor;
    const name = ctor?.name;
    kind = typeof name === "string" && name !== "" && name !== "Object" ? name : "Layer";
  }
  if (layer instanceof Dense) kind += `, ${layer.activation.name}`;
  return `${ascii(layer.type)} (${ascii(kind)})`;
}

/** The text of {@link Network.summary}. @internal */
export function summaryOf(layers: readonly Layer[], inputSize: number): string {
  const header = ["#", "Layer (type)", "Output shape", "Param #"];
  const right = [true, false, false, true];
  let trainable = 0;
  let nonTrainable = 0;
  const rows = layers.map((layer, i) => {
    const counts = layerCounts(layer);
    trainable += counts.trainable;
    nonTrainable += counts.nonTrainable;
    return [String(i), layerLabel(layer), `[null, ${layer.outputSize}]`, grouped(counts.trainable + counts.nonTrainable)];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : c === cells.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  ");
  const rule = "=".repeat(widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1));
  return [
    `Input shape: [null, ${inputSize}]`,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `Total params: ${grouped(trainable + nonTrainable)}`,
    `Trainable params: ${grouped(trainable)}`,
    `Non-trainable params: ${grouped(nonTrainable)}`,
  ].join("\n");
}

// ---- getWeights / setWeights -----------------------------------------------------------------

/** One array of getWeights(): a layer's parameter or state matrix, and how it is written. */
interface WeightSlot {
  readonly matrix: Matrix;
  /** What it is, for messages: `W1`, `layers[2].runningVariance`. */
  readonly what: string;
  /** Written as one `number[]` (a one-row bias, γ, β or statistic) rather than rows. */
  readonly vector: boolean;
  /** Values must be >= 0 (BatchNorm's running variance: a negative one makes predictions NaN). */
  readonly nonNegative: boolean;
}

/** getWeights()'s arrays, in order: layer by layer, its parameters then its state. */
function weightSlots(layers: readonly Layer[]): WeightSlot[] {
  const slots: WeightSlot[] = [];
  layers.forEach((layer, l) => {
    for (const p of layer.parameters) slots.push({ matrix: p.value, what: p.name, vector: !p.isWeight && p.value.shape[0] === 1, nonNegative: false });
    (layer.state ?? []).forEach((m, k) => {
      const named = layer instanceof BatchNorm ? (m === layer.runningMean ? "runningMean" : m === layer.runningVariance ? "runningVariance" : undefined) : undefined;
      slots.push({
        matrix: m,
        what: named === undefined ? `layers[${l}].state[${k}]` : `layers[${l}].${named}`,
        vector: m.shape[0] === 1,
        nonNegative: named === "runningVariance",
      });
    });
  });
  return slots;
}

/** The arrays of {@link Network.getWeights}. @internal */
export function getWeightsOf(layers: readonly Layer[]): (number[] | number[][])[] {
  return weightSlots(layers).map((s) => (s.vector ? toRows(s.matrix)[0]! : toRows(s.matrix)));
}

/** Checks every value of `weights` against the layers' matrices, then writes them. @internal */
export function setWeightsOf(layers: readonly Layer[], weights: unknown): void {
  const slots = weightSlots(layers);
  const list = listNames(slots.map((s) => s.what));
  if (!Array.isArray(weights)) {
    throw new DataError(`weights must be an array of ${slots.length} arrays, as getWeights() returns (${list}), got ${describe(weights)}`);
  }
  if (weights.length !== slots.length) {
    throw new ShapeError(`weights must have ${slots.length} arrays, one for each of ${list} (getWeights() order), got ${weights.length}`);
  }
  // everything is checked, and copied as it is checked (an array whose getters answer differently
  // the second time cannot slip a NaN in), before anything is written: a bad value leaves the
  // network as it was
  const copies = slots.map((slot, i) => checkSlot(slot, weights[i], `weights[${i}]`));
  slots.forEach((slot, i) => {
    const m = slot.matrix;
    const copy = copies[i]!;
    const cols = m.shape[1]!;
    for (let r = 0; r < m.shape[0]!; r++) for (let c = 0; c < cols; c++) m.set(r, c, copy[r * cols + c]!);
  });
}

/** Throws unless `value` has the shape and values of `slot`'s matrix; returns the values, packed, as they were read. */
function checkSlot(slot: WeightSlot, value: unknown, where: string): Float64Array {
  const [rows, cols] = slot.matrix.shape as [number, number];
  const shape = `[${rows} x ${cols}]`;
  const copy = new Float64Array(rows * cols);
  if (slot.vector) {
    checkRow(value, where, cols, `${slot.what}, ${cols} numbers`, slot, slot.what, copy, 0);
    return copy;
  }
  if (!Array.isArray(value)) {
    throw new DataError(`${where} must be ${slot.what}'s ${rows} rows of ${cols} numbers (${shape}), got ${describe(value)}`);
  }
  if (value.length !== rows) throw new ShapeError(`${where} must have ${rows} rows (${slot.what} is ${shape}), got ${value.length}`);
  for (let r = 0; r < rows; r++) checkRow(value[r], `${where}[${r}]`, cols, `row ${r} of ${slot.what}, ${shape}`, slot, `${slot.what}[${r}]`, copy, r * cols);
  return copy;
}

/** Throws unless `row` is an array of `cols` finite numbers (>= 0 when the slot says so); copies them into `into` from `at`. */
function checkRow(row: unknown, where: string, cols: number, what: string, slot: WeightSlot, element: string, into: Float64Array, at: number): void {
  if (!Array.isArray(row)) throw new DataError(`${where} must be an array of ${cols} numbers (${what}), got ${describe(row)}`);
  if (row.length !== cols) throw new ShapeError(`${where} must have ${cols} numbers (${what}), got ${row.length}`);
  for (let c = 0; c < cols; c++) {
    const v: unknown = row[c];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new DataError(`${where}[${c}] must be a finite number (${element}[${c}]), got ${describe(v)}`);
    if (slot.nonNegative && v < 0) {
      throw new DataError(`${where}[${c}] must be a number >= 0 (${element}[${c}], a running variance: a negative variance makes every prediction NaN), got ${v}`);
    }
    into[at + c] = v;
  }
}

// ---- clone -----------------------------------------------------------------------------------

/** Layer methods that, replaced on a built-in layer's instance, a copy made by its class would not have. */
const LAYER_METHODS = ["forward", "backward", "initialize", "toJSON", "setRandom"] as const;

/** How `clone` copies a layer: by its class (an unmodified built-in layer), or through a reader. */
type CopyPlan = { builtin: true } | { builtin: false; reader: NonNullable<CloneOptions["layerTypes"]>[string] };

/** An unmodified built-in layer: its class's instance, with none of its methods replaced on it. */
function isPlainBuiltin(layer: Layer): boolean {
  const proto: unknown = Object.getPrototypeOf(layer);
  return BUILTIN_CLASSES.some(([cls]) => cls.prototype === proto) && LAYER_METHODS.every((m) => !Object.hasOwn(layer, m));
}

/** The copies of `layers` and the copy's random source, for {@link Network.clone}. @internal */
export function cloneParts(layers: readonly Layer[], random: Random, options: unknown, budget: number): { layers: Layer[]; random: Random } {
  const o = checkCloneOptions(options);
  // every layer's way of being copied is found before any is copied
  const plans = layers.map((layer, i): CopyPlan => {
    if (isPlainBuiltin(layer)) return { builtin: true };
    const type = layer.type;
    const reader = o.layerTypes !== undefined && Object.hasOwn(o.layerTypes, type) ? o.layerTypes[type] : undefined;
    if (reader !== undefined) return { builtin: false, reader };
    const kind = BUILTIN_CLASSES.find(([cls]) => layer instanceof cls)?.[1];
    const what =
      kind === undefined
        ? `a layer of yours of type ${quote(type)}`
        : `a ${kind} ${LAYER_METHODS.some((m) => Object.hasOwn(layer, m)) ? "with methods replaced on it" : "of a subclass"}, which a copy made by ${kind} would not have`;
    throw new ConfigError(
      `clone cannot copy layers[${i}], ${what}: pass a reader for its type that makes a new one from its toJSON(), net.clone({ layerTypes: { ${/^[A-Za-z_$][\w$]*$/.test(type) ? type : quote(type)}: (json, where, activations) => layer } }), as Network.fromJSON takes`,
    );
  });
  const copyRandomSource = o.random !== undefined || o.seed !== undefined ? resolveRandom(o.random, o.seed) : continuedRandom(random);
  const activations: Record<string, Activation> = { ...builtinActivations };
  for (const [name, a] of Object.entries(o.activations ?? {})) Object.defineProperty(activations, name, { value: a, enumerable: true, writable: true, configurable: true });
  const copies = layers.map((layer, i) => {
    const plan = plans[i]!;
    return plan.builtin ? copyBuiltin(layer, budget) : copyThroughReader(layer, i, plan.reader, activations);
  });
  return { layers: copies, random: copyRandomSource };
}

/** Validates {@link CloneOptions}. */
function checkCloneOptions(options: unknown): CloneOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ConfigError(`clone options must be an object { layerTypes?, activations?, random?, seed? }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "clone", CLONE_OPTION_KEYS);
  const o = options as CloneOptions;
  for (const [key, expected, check] of [
    ["layerTypes", "an object of reader functions by layer type, like { scale: (json, where, activations) => layer }", (v: unknown) => typeof v === "function"],
    [
      "activations",
      "an object of Activations by name, like { softsign }",
      (v: unknown) => typeof v === "object" && v !== null && typeof (v as Activation).name === "string" && typeof (v as Activation).apply === "function" && typeof (v as Activation).derivative === "function",
    ],
  ] as const) {
    const value: unknown = o[key];
    if (value === undefined) continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError(`${key} must be ${expected}, got ${describe(value)}`);
    for (const [name, v] of Object.entries(value)) {
      if (!check(v)) throw new ConfigError(`${fieldPath(key, name)} must be ${key === "layerTypes" ? "a function (json, where, activations) => Layer" : "an Activation { name, apply, derivative }"}, got ${describe(v)}`);
    }
  }
  if (o.random !== undefined && o.seed !== undefined) throw new ConfigError("Pass either random or seed, not both");
  return o;
}

/**
 * A new source that continues `random`'s stream: a {@link numpyRandom} or {@link seededRandom}
 * source (recognised by the state its `getState` returns) gets a new one of its kind, set to that
 * state; any other source is returned itself, shared (there is no way to make another of it).
 */
function continuedRandom(random: Random): Random {
  if (typeof random.getState !== "function") return random;
  const state: unknown = random.getState();
  const type = (state as { type?: unknown } | null)?.type;
  // as toJSON saves a training state: a state of another kind is a source of yours
  return type === "mt19937" || type === "arc4" ? randomFromState(state) : random;
}

/** A new layer of the built-in class of `layer`, with its options and values (bit for bit). */
function copyBuiltin(layer: Layer, memoryBudget: number): Layer {
  if (layer instanceof Dense) {
    const options: ConstructorParameters<typeof Dense>[0] = {
      inputSize: layer.inputSize,
      outputSize: layer.outputSize,
      activation: layer.activation,
      bias: layer.bias !== undefined,
      memoryBudget,
    };
    if (layer.initializer !== undefined) options.initializer = layer.initializer;
    const copy = new Dense(options);
    copy.weights.value.data.set(layer.weights.value.data);
    if (layer.bias !== undefined) copy.bias!.value.data.set(layer.bias.value.data);
    return copy;
  }
  if (layer instanceof BatchNorm) {
    const copy = new BatchNorm({ size: layer.inputSize, momentum: layer.momentum, epsilon: layer.epsilon, memoryBudget });
    copy.gamma.value.data.set(layer.gamma.value.data);
    copy.beta.value.data.set(layer.beta.value.data);
    copy.runningMean.data.set(layer.runningMean.data);
    copy.runningVariance.data.set(layer.runningVariance.data);
    return copy;
  }
  if (layer instanceof Dropout) return new Dropout({ size: layer.inputSize, rate: layer.rate, memoryBudget });
  return new Softmax({ size: layer.inputSize, memoryBudget });
}

/**
 * A copy of a layer of yours: its reader applied to its `toJSON()`. The copy must have the
 * original's sizes, and parameters and state of the same shapes and values (bit for bit) in
 * storage of their own: else the clone would not predict as the original, or would train it too.
 */
function copyThroughReader(layer: Layer, i: number, reader: NonNullable<CloneOptions["layerTypes"]>[string], activations: Readonly<Record<string, Activation>>): Layer {
  const where = `layers[${i}]`;
  const copy: unknown = reader(layer.toJSON() as Record<string, unknown>, where, activations);
  const by = `the layerTypes reader of ${quote(layer.type)} (for ${where})`;
  if (typeof copy !== "object" || copy === null) throw new ConfigError(`${by} must return a Layer, got ${describe(copy)}`);
  if (copy === layer) throw new ConfigError(`${by} returned the original layer: it must make a new one`);
  const c = copy as Layer;
  for (const key of ["inputSize", "outputSize"] as const) {
    if (c[key] !== layer[key]) throw new ConfigError(`${by} returned a layer with ${key} ${describe(c[key])}, the original's is ${layer[key]}`);
  }
  const pairs = (mine: readonly Matrix[], theirs: unknown, what: string): void => {
    if (!Array.isArray(theirs) || theirs.length !== mine.length) {
      throw new ConfigError(`${by} returned a layer with ${describe(theirs)} as ${what}, the original has ${mine.length}`);
    }
    mine.forEach((m, k) => {
      const t: unknown = theirs[k];
      const data = (t as { data?: unknown } | null)?.data;
      const shape = (t as { shape?: unknown } | null)?.shape;
      if (!(data instanceof Float64Array) || !Array.isArray(shape) || shape[0] !== m.shape[0] || shape[1] !== m.shape[1] || data.length !== m.data.length) {
        throw new ConfigError(`${by} returned a layer whose ${what}[${k}] is not a [${m.shape[0]} x ${m.shape[1]}] Matrix like the original's`);
      }
      if (data.buffer === m.data.buffer) throw new ConfigError(`${by} returned a layer whose ${what}[${k}] shares the original's storage: the copy must have its own`);
      for (let j = 0; j < data.length; j++) {
        if (!Object.is(data[j], m.data[j])) {
          throw new ConfigError(`${by} returned a layer whose ${what}[${k}] has ${data[j]} at [${j}] where the original has ${m.data[j]}: its toJSON() must save every value and its reader restore it`);
        }
      }
    });
  };
  const theirs: unknown = c.parameters;
  pairs(layer.parameters.map((p) => p.value), Array.isArray(theirs) ? theirs.map((p: unknown) => (p as { value?: unknown } | null)?.value) : theirs, "parameters");
  pairs(layer.state ?? [], c.state ?? [], "state");
  return c;
}
