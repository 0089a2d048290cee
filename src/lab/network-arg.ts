import type { Model } from "../engine/train.js";
import { checkKnownKeys, ConfigError, describe } from "../errors.js";
import { modelOf, type Network } from "../network/network.js";

/**
 * The model behind a `network` argument, or a ConfigError naming the argument (`trace(null, ...)`
 * would otherwise fail on its first property read). @internal
 */
export function modelArg(network: unknown, argName: string): Model {
  let model: Model | undefined;
  try {
    model = modelOf(network as Network);
  } catch {
    model = undefined;
  }
  if (model === undefined) {
    throw new ConfigError(`${argName} must be a Network (new Network({ layers: [3, 4, 1] })), got ${describe(network)}`);
  }
  return model;
}

/**
 * `options` checked to be an object (or undefined, which is `{}`) with only `known` keys. @internal
 *
 * @param what - the function, for messages: "trace"
 * @param example - a short valid example, for messages: "{ alpha: 1 }"
 */
export function optionsArg<T extends object>(options: T | undefined, what: string, known: readonly string[], example: string): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ConfigError(`${what} options must be an object like ${example}, got ${describe(options)}`);
  }
  checkKnownKeys(options, what, known);
  return options;
}
