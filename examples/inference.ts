// Inference at speed: a 64-128-10 classifier trained in float64, then run over 20,000 rows in
// float64 (the default, bit for bit as training computes) and in float32 on request, and one row
// at a time as an app calls it. Stated results: float32 outputs are float32 values within 1e-6 of
// float64's (relative to the largest output) and pick the same class for every row; one-row predict
// gives the same bits as the same row inside a large input.
import { Adam, argmaxRows, Network, oneHot } from "tinynn";

// 10 classes of 64 features: a seeded prototype per class plus noise
let s = 2024;
const rand = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
const prototypes = Array.from({ length: 10 }, () => Array.from({ length: 64 }, rand));
const sample = (i: number): number[] => prototypes[i % 10]!.map((v) => v + 0.3 * (rand() - 0.5));
const X = Array.from({ length: 2000 }, (_, i) => sample(i));
const y = oneHot(X.map((_, i) => i % 10), 10);

const net = new Network({ layers: [64, 128, 10], outputActivation: "softmax", initializer: "xavierUniform", seed: 7 });
net.train(X, y, { loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }), iterations: 5, batchSize: 32 });

const rows = Array.from({ length: 20000 }, (_, i) => sample(i));
let t = performance.now();
const f64 = net.predict(rows);
const ms64 = performance.now() - t;
t = performance.now();
const f32 = net.predict(rows, { precision: "float32" });
const ms32 = performance.now() - t;

let worst = 0;
let largest = 0;
for (let i = 0; i < f64.length; i++) {
  for (let j = 0; j < 10; j++) {
    worst = Math.max(worst, Math.abs(f32[i]![j]! - f64[i]![j]!));
    largest = Math.max(largest, Math.abs(f64[i]![j]!));
  }
}
const allFloat32 = f32.every((r) => r.every((v) => Math.fround(v) === v));
const classes32 = argmaxRows(f32);
const sameClasses = argmaxRows(f64).every((c, i) => c === classes32[i]);
console.log(`20,000 rows: float64 ${ms64.toFixed(0)} ms, float32 ${ms32.toFixed(0)} ms`);
console.log(`float32 outputs are float32 values: ${allFloat32}; largest difference ${(worst / largest).toExponential(2)} of the largest output (stated: < 1e-6); same classes: ${sameClasses}`);

// one row at a time, as an app calls it: the same bits as inside the large input
const one = net.predict([rows[12345]!])[0]!;
const sameBits = one.every((v, j) => Object.is(v, f64[12345]![j]));
console.log(`one row: class ${argmaxRows([one])[0]}, the same bits as in the 20,000-row call: ${sameBits}`);

if (!allFloat32 || !(worst / largest < 1e-6) || !sameClasses || !sameBits) process.exit(1);
