// The blog's XOR network, trained, saved as model.onnx and run by ONNX Runtime (onnxruntime-web's
// WebAssembly build, here in Node): its outputs beside tinynn's. The same file loads in
// onnxruntime-node, Python's onnxruntime, or a browser page.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { Network, numpyRandom } from "tinynn";
import { toOnnx } from "tinynn/interop";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });

const dir = mkdtempSync(join(tmpdir(), "tinynn-onnx-"));
const file = join(dir, "model.onnx");
writeFileSync(file, toOnnx(net)); // float32; toOnnx(net, { dtype: "float64" }) for exact weights
console.log(`${file}: ${readFileSync(file).length} bytes`);

ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(readFileSync(file));
const { output } = await session.run({ input: new ort.Tensor("float32", Float32Array.from(X.flat()), [X.length, 3]) });
const tinynn = net.predict(X);
console.log("onnxruntime  tinynn");
Array.from(output!.data as Float32Array).forEach((v, i) => console.log(`${v.toFixed(7)}    ${tinynn[i]![0]!.toFixed(7)}`));
await session.release();
rmSync(dir, { recursive: true });
