// CommonJS consumers: require() the built package by name and train the blog's network.
const assert = require("node:assert");
const { Network, numpyRandom, formatFloat, TinyNNError } = require("tinynn");

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
const s = net.train(X, y, { iterations: 10001, alpha: 1, loss: "sse" });
assert.strictEqual(formatFloat(s.history.meanAbsoluteError[10000]), "0.00858452565325");
assert.throws(() => net.predict([[1]]), TinyNNError);
console.log("require('tinynn'): ok");

// the homework helpers subpath
const { assertClose, TinyNNAssertionError } = require("tinynn/testing");
assertClose([[1, 2]], [[1, 2 + 1e-13]]);
assert.throws(() => assertClose([[1, 2]], [[1, 3]]), TinyNNAssertionError);
// errors thrown through the subpath are the main entry's classes (one shared copy)
assert.throws(() => require("tinynn/testing").assertFits(net, [[1]], [[1]]), TinyNNError);
console.log("require('tinynn/testing'): ok");

// the interop subpath from CommonJS
const { toOnnx, toStandaloneModule } = require("tinynn/interop");
assert.ok(toOnnx(net, { dtype: "float64" }) instanceof Uint8Array);
assert.ok(toStandaloneModule(net).includes("predict"));
assert.equal(typeof require("tinynn/interop/node").saveTfjsModel, "function");
console.log("require('tinynn/interop'): ok");
