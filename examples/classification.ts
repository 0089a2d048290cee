// Classification: three interleaved spiral arms (a synthetic data set generated from a seed),
// a softmax output trained with cross-entropy (the fused gradient), Adam, dropout, batch norm,
// He initialisation, L2 regularization and early stopping on a validation split.
// Stated result: test accuracy >= 0.95 (the program exits with code 1 otherwise).
import {
  accuracy,
  Adam,
  BatchNorm,
  Dense,
  Dropout,
  exponentialDecay,
  Network,
  oneHot,
  seededRandom,
  Softmax,
} from "tinynn";

const CLASSES = 3;
const PER_CLASS = 200;
const random = seededRandom("spirals");

// x = r·(sin θ, cos θ) with θ = 4r + 2πk/3 + noise, the classic CS231n spiral
const points: number[][] = [];
const labels: number[] = [];
for (let k = 0; k < CLASSES; k++) {
  for (let i = 0; i < PER_CLASS; i++) {
    const r = i / PER_CLASS;
    const t = 4 * r + (2 * Math.PI * k) / CLASSES + (random() - 0.5) * 0.3;
    points.push([r * Math.sin(t), r * Math.cos(t)]);
    labels.push(k);
  }
}

// shuffle once, then split 60 / 20 / 20 into train, validation and test
const order = points.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const pick = (from: number, to: number) => order.slice(from, to);
const n = order.length;
const [train, validation, test] = [pick(0, 0.6 * n), pick(0.6 * n, 0.8 * n), pick(0.8 * n, n)];
const X = (idx: number[]) => idx.map((i) => points[i]!);
const Y = (idx: number[]) => oneHot(idx.map((i) => labels[i]!), CLASSES);

const net = new Network({
  layers: [
    new Dense({ inputSize: 2, outputSize: 32, activation: "identity", initializer: "heNormal" }),
    new BatchNorm({ size: 32 }),
    new Dense({ inputSize: 32, outputSize: 32, activation: "relu", initializer: "heNormal" }),
    new Dropout({ size: 32, rate: 0.1 }),
    new Dense({ inputSize: 32, outputSize: CLASSES, activation: "identity", initializer: "xavierUniform" }),
    new Softmax({ size: CLASSES }),
  ],
  seed: 1,
});

const summary = net.train(X(train), Y(train), {
  iterations: 400,
  batchSize: 32,
  loss: "crossEntropy",
  optimizer: new Adam({ alpha: exponentialDecay({ alpha: 0.01, rate: 0.999 }) }),
  regularization: { l2: 1e-4 },
  earlyStopping: { validation: { X: X(validation), y: Y(validation) }, patience: 40, every: 5, restoreBest: true },
});

const testAccuracy = accuracy(net.predict(X(test)), test.map((i) => labels[i]!));
console.log(`iterations: ${summary.iterations}${summary.stopReason ? ` (stopped: ${summary.stopReason})` : ""}`);
console.log(`best validation loss: ${summary.best?.validationLoss.toFixed(4)} after iteration ${summary.best?.iteration}`);
console.log(`train accuracy: ${accuracy(net.predict(X(train)), train.map((i) => labels[i]!)).toFixed(3)}`);
console.log(`test accuracy:  ${testAccuracy.toFixed(3)} (stated: >= 0.95)`);
if (testAccuracy < 0.95) process.exit(1);
