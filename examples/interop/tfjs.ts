// The blog's XOR network, trained, saved as a TF.js layers model (model.json + weights.bin) and
// loaded by TF.js (tfjs-layers on the CPU backend): its outputs beside tinynn's. With tfjs-node the
// folder loads as tf.loadLayersModel("file://.../model.json"); the tensorflowjs converter turns it
// into a Keras model. fromTfjsArtifacts brings a TF.js / Keras Sequential model back.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { Network, numpyRandom } from "tinynn";
import { fromTfjsArtifacts } from "tinynn/interop";
import { saveTfjsModel } from "tinynn/interop/node";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });

const dir = mkdtempSync(join(tmpdir(), "tinynn-tfjs-"));
const { modelJson, weightsBin } = await saveTfjsModel(net, dir);
console.log(`${modelJson}, ${weightsBin}: ${readFileSync(weightsBin).length} bytes`);

// what tfjs-node's file:// loader does: the topology and manifest from model.json, the bytes from weights.bin
const json = JSON.parse(readFileSync(modelJson, "utf8"));
const bin = readFileSync(weightsBin);
const artifacts = {
  modelTopology: json.modelTopology,
  weightSpecs: json.weightsManifest[0].weights,
  weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
};
tf.enableProdMode(); // no "install tfjs-node" banner
await tf.setBackend("cpu");
const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
const tfjs = (model.predict(tf.tensor2d(X)) as tf.Tensor).arraySync() as number[][];
const tinynn = net.predict(X);
const back = fromTfjsArtifacts(artifacts).predict(X);
console.log("TF.js      tinynn     tinynn, read back");
tfjs.forEach((row, i) => console.log(`${row[0]!.toFixed(7)}  ${tinynn[i]![0]!.toFixed(7)}  ${back[i]![0]!.toFixed(7)}`));
rmSync(dir, { recursive: true });
