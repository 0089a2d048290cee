// ESM consumers: import the built package by name and round-trip a network through JSON.
// .ci/run runs this (and smoke.cjs) with --disallow-code-generation-from-strings: nothing on these
// paths may evaluate strings (new Function, eval), as Workers and strict CSPs require.
import assert from "node:assert";
import { Adam, BatchNorm, Dense, Dropout, Network, Softmax, numpyRandom, formatMatrix, oneHot, accuracy } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [0], [1], [1]];
const net = new Network({ layers: [3, 1], bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 10000 });
const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
assert.deepStrictEqual(copy.predict(X), net.predict(X));
assert.match(formatMatrix(net.predict(X)), /^\[\[ 0\.00966/);
console.log("import 'tinynn': ok");

// every built-in layer, cross-entropy and Adam
const labels = Array.from({ length: 30 }, (_, i) => i % 3);
const Xc = labels.map((c, i) => [c + 0.1 * Math.sin(i), c * c - 0.2 * Math.cos(i), 1]);
const classifier = new Network({
  layers: [
    new Dense({ inputSize: 3, outputSize: 8, activation: "relu" }),
    new BatchNorm({ size: 8 }),
    new Dropout({ size: 8, rate: 0.1 }),
    new Dense({ inputSize: 8, outputSize: 3, activation: "identity" }),
    new Softmax({ size: 3 }),
  ],
  seed: 3,
});
classifier.train(Xc, oneHot(labels), { iterations: 200, batchSize: 10, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.05 }) });
assert.ok(accuracy(classifier.predict(Xc), labels) > 0.9);
console.log("Dense, BatchNorm, Dropout, Softmax, crossEntropy, Adam: ok");

// the homework helpers subpath
const { assertFits, tinynnMatchers } = await import("tinynn/testing");
assertFits(net, X, y, { tolerance: 0.05 });
assert.equal(typeof tinynnMatchers, "object");
console.log("import 'tinynn/testing': ok");

// the interop subpath: every exporter and the importer, from the built package, with code
// generation refused (the standalone module is only text here: nothing evaluates it)
const { toOnnx, toTfjsArtifacts, fromTfjsArtifacts, toStandaloneModule } = await import("tinynn/interop");
assert.ok(toOnnx(net).length > 0);
assert.deepStrictEqual(fromTfjsArtifacts(toTfjsArtifacts(classifier)).predict(Xc).length, Xc.length);
assert.match(toStandaloneModule(net), /export function predict\(/);
const { saveTfjsModel } = await import("tinynn/interop/node");
assert.equal(typeof saveTfjsModel, "function");
console.log("import 'tinynn/interop' and 'tinynn/interop/node': ok");
