// ESM consumers: import the built package by name and round-trip a network through JSON.
import assert from "node:assert";
import { Network, numpyRandom, formatMatrix } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [0], [1], [1]];
const net = new Network({ layers: [3, 1], bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 10000 });
const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
assert.deepStrictEqual(copy.predict(X), net.predict(X));
assert.match(formatMatrix(net.predict(X)), /^\[\[ 0\.00966/);
console.log("import 'tinynn': ok");

// the homework helpers subpath
const { assertFits, tinynnMatchers } = await import("tinynn/testing");
assertFits(net, X, y, { tolerance: 0.05 });
assert.equal(typeof tinynnMatchers, "object");
console.log("import 'tinynn/testing': ok");
