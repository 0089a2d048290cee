// tinynn/interop/node: writing an exported model to disk, in Node. A subpath of its own, so that
// tinynn/interop stays free of Node's modules and runs in browsers and workers.

import { ConfigError, describe } from "../errors.js";
import type { Network } from "../network/network.js";
import { toTfjsArtifacts } from "./tfjs.js";

/** What {@link saveTfjsModel} wrote: the paths of its two files. */
export interface SavedTfjsModel {
  /** `<dir>/model.json`: the topology and the weights manifest. */
  modelJson: string;
  /** `<dir>/weights.bin`: every weight as little-endian float32. */
  weightsBin: string;
}

/**
 * Writes the network as a TF.js layers model in `dir`: `model.json` and `weights.bin`, the pair
 * `tf.loadLayersModel("file://<dir>/model.json")` (tfjs-node) and the `tensorflowjs` converter
 * read, laid out as TF.js's own `model.save("file://...")` writes it.
 *
 * ```text
 * model.json   { modelTopology, format: "layers-model", generatedBy, convertedBy,
 *                weightsManifest: [{ paths: ["weights.bin"], weights: weightSpecs }] }
 * weights.bin  weightData: float32, little-endian, in weightSpecs' order
 * ```
 *
 * The layers and weights are {@link toTfjsArtifacts}'s; `dir` is made if it does not exist, and
 * the two files are replaced if they do. Nothing is written when the network cannot be exported.
 *
 * @param net - the network to write
 * @param dir - the folder to write into
 * @returns the paths of `model.json` and `weights.bin`
 * @throws `ConfigError` (from `tinynn`) If `dir` is not a non-empty string, or the network cannot be
 *   exported (as {@link toTfjsArtifacts}).
 *
 * @example
 * const { modelJson } = await saveTfjsModel(net, "out/xor"); // out/xor/model.json and out/xor/weights.bin
 * JSON.parse(readFileSync(modelJson, "utf8")).weightsManifest[0].paths; // ["weights.bin"]
 */
export async function saveTfjsModel(net: Network, dir: string): Promise<SavedTfjsModel> {
  if (typeof dir !== "string" || dir === "") throw new ConfigError(`dir must be a non-empty string (a folder to write into), got ${describe(dir)}`);
  const artifacts = toTfjsArtifacts(net);
  const modelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
  };
  // loaded when called: tinynn's modules import nothing outside tinynn at load time (see test/architecture.test.ts)
  const { mkdir, writeFile } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const paths = { modelJson: join(dir, "model.json"), weightsBin: join(dir, "weights.bin") };
  await mkdir(dir, { recursive: true });
  await writeFile(paths.weightsBin, new Uint8Array(artifacts.weightData));
  await writeFile(paths.modelJson, JSON.stringify(modelJSON));
  return paths;
}
