import type { Activation } from "../activations/activation.js";
import { activations as builtinActivations } from "../activations/builtins.js";
import { describe, SerializationError } from "../errors.js";
import type { Random } from "../random.js";
import { Dense } from "../layers/dense.js";
import type { Layer, LayerJSON } from "../layers/layer.js";
import { BatchNorm } from "../layers/batch-norm.js";
import { Dropout } from "../layers/dropout.js";
import { Softmax } from "../layers/softmax.js";
import type { OptimizerJSON } from "../optimizers/optimizer.js";

/**
 * The version of {@link NetworkJSON} this release writes. It reads this one and every earlier one
 * (version 1: dense layers only, no optimizer).
 */
export const FORMAT_VERSION = 2;

/**
 * A network as plain, versioned JSON: `JSON.stringify` it, store it, and
 * {@link Network.fromJSON} restores a network that predicts identically (weights are written with
 * JavaScript's shortest round-trip number text, so every bit survives).
 *
 * @example
 * const json: NetworkJSON = net.toJSON();
 * json.format;  // => "tinynn"
 * json.version; // => 2
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
}

/** Restores one layer from its JSON. @internal */
type LayerReader = (
  json: Record<string, unknown>,
  where: string,
  activations: Readonly<Record<string, Activation>>,
) => Layer;

/**
 * Options of {@link Network.fromJSON}: your own activations and layer types, by the names saved.
 *
 * @example
 * Network.fromJSON(json, { activations: { softsign } });
 */
export interface FromJSONOptions {
  /** Activations that saved names may refer to, besides the built-ins. */
  activations?: Readonly<Record<string, Activation>>;
  /**
   * Readers for your layer types, by the `type` their JSON carries, besides the built-in
   * `"dense"`, `"dropout"`, `"batchNorm"` and `"softmax"`: each gets the layer's JSON, its path
   * for messages (`"json.layers[2]"`) and the activations by name, and returns the layer.
   */
  layerTypes?: Readonly<
    Record<string, (json: Record<string, unknown>, where: string, activations: Readonly<Record<string, Activation>>) => Layer>
  >;
  /**
   * The restored network's random source for further training (shuffling, dropout). The saved JSON
   * holds no random state: pass one for reproducible runs; without `random` or `seed` it is seeded
   * from the platform's entropy.
   */
  random?: Random;
  /** Shorthand for `random: seededRandom(seed)`. */
  seed?: number | string;
}

const builtinLayerTypes: Readonly<Record<string, LayerReader>> = {
  dense: (json, where, activations) => Dense.fromJSON(json, where, activations),
  dropout: (json, where) => Dropout.fromJSON(json, where),
  batchNorm: (json, where) => BatchNorm.fromJSON(json, where),
  softmax: (json, where) => Softmax.fromJSON(json, where),
};

/** Validates `json` and restores its layers. @internal */
export function layersFromJSON(json: unknown, options: FromJSONOptions = {}): Layer[] {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SerializationError(`json must be an object from network.toJSON(), got ${describe(json)}`);
  }
  const obj = json as Record<string, unknown>;
  if (obj.format !== "tinynn") {
    throw new SerializationError(`json.format must be "tinynn", got ${describe(obj.format)}`);
  }
  if (typeof obj.version !== "number" || !Number.isInteger(obj.version) || obj.version < 1 || obj.version > FORMAT_VERSION) {
    throw new SerializationError(`json.version must be an integer from 1 to ${FORMAT_VERSION}, got ${describe(obj.version)}`);
  }
  if (!Array.isArray(obj.layers) || obj.layers.length === 0) {
    throw new SerializationError(`json.layers must be a non-empty array, got ${describe(obj.layers)}`);
  }
  const activations = { ...builtinActivations, ...options.activations };
  const readers = { ...builtinLayerTypes, ...options.layerTypes };
  const layers = obj.layers.map((layer: unknown, i): Layer => {
    const where = `json.layers[${i}]`;
    if (typeof layer !== "object" || layer === null) throw new SerializationError(`${where} must be an object, got ${describe(layer)}`);
    const type = (layer as Record<string, unknown>).type;
    const reader = typeof type === "string" && Object.hasOwn(readers, type) ? readers[type] : undefined;
    if (reader === undefined) {
      throw new SerializationError(`${where}.type ${describe(type)} is unknown; known layer types: ${Object.keys(readers).join(", ")}`);
    }
    return reader(layer as Record<string, unknown>, where, activations);
  });
  for (let i = 1; i < layers.length; i++) {
    if (layers[i]!.inputSize !== layers[i - 1]!.outputSize) {
      throw new SerializationError(
        `json.layers[${i}].inputSize must equal json.layers[${i - 1}].outputSize (${layers[i - 1]!.outputSize}), got ${layers[i]!.inputSize}`,
      );
    }
  }
  return layers;
}
