// A trained network as a file that needs nothing: toStandaloneModule writes an ES module that
// imports nothing and predicts as the network does, bit for bit. Here: the blog's 3-layer XOR
// network, trained, written to a temp file, imported back, and compared.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Network, numpyRandom } from "tinynn";
import { toStandaloneModule } from "tinynn/interop";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });

const dir = mkdtempSync(join(tmpdir(), "tinynn-standalone-"));
const file = join(dir, "xor.mjs");
const source = toStandaloneModule(net);
writeFileSync(file, source);
const { predict } = (await import(pathToFileURL(file).href)) as { predict: (rows: number[][]) => number[][] };

const fromModule = predict(X);
const fromNet = net.predict(X);
console.log(`module: ${source.length} characters, no imports`);
console.log("net.predict:", fromNet);
console.log("module:     ", fromModule);
const identical = fromModule.every((row, i) => row.every((v, j) => Object.is(v, fromNet[i]![j])));
console.log("identical:", identical);
if (!identical) process.exitCode = 1;
rmSync(dir, { recursive: true, force: true });
