// Optimizers compared on the blog's XOR (3-4-1 sigmoid network, no bias, np.random.seed(1) weights):
// updates needed until the loss (sse) drops below 0.01, then saving Adam's state and resuming.
import {
  Adagrad,
  Adam,
  GradientDescent,
  Momentum,
  Network,
  numpyRandom,
  optimizerFromJSON,
  RMSprop,
  stepDecay,
  type Optimizer,
} from "tinynn";

const X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
const y = [[0], [1], [1], [0]];
const blogNet = () => new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

const contenders: [string, () => Optimizer][] = [
  ["gradient descent, alpha 1 (the blog)", () => new GradientDescent({ alpha: 1 })],
  ["gradient descent, alpha 10", () => new GradientDescent({ alpha: 10 })],
  ["momentum 0.9, alpha 1", () => new Momentum({ alpha: 1, beta: 0.9 })],
  ["nesterov 0.9, alpha 1", () => new Momentum({ alpha: 1, beta: 0.9, nesterov: true })],
  ["adam, alpha 0.1", () => new Adam({ alpha: 0.1 })],
  ["rmsprop, alpha 0.05", () => new RMSprop({ alpha: 0.05 })],
  ["adagrad, alpha 1", () => new Adagrad({ alpha: 1 })],
  ["momentum, step decay 2 -> 1 -> 0.5", () => new Momentum({ alpha: stepDecay({ alpha: 2, drop: 0.5, every: 200 }), beta: 0.9 })],
];

const results: { name: string; updates: number; reached: boolean }[] = [];
for (const [name, make] of contenders) {
  const s = blogNet().train(X, y, { iterations: 60000, optimizer: make(), earlyStopping: { lossBelow: 0.01 } });
  results.push({ name, updates: s.iterations, reached: s.stopReason === "lossBelow" });
}
for (const r of results) console.log(`${r.name.padEnd(40)} ${r.reached ? `${r.updates} updates` : "not reached in 60000"}`);

// Save the network with Adam's state, restore both, continue: identical to never stopping.
const a = blogNet();
const adam = new Adam({ alpha: 0.1 });
a.train(X, y, { iterations: 100, optimizer: adam });
const saved = JSON.parse(JSON.stringify(a.toJSON({ optimizer: adam })));
const b = Network.fromJSON(saved);
const adam2 = optimizerFromJSON(saved.optimizer);
a.train(X, y, { iterations: 100, optimizer: adam });
b.train(X, y, { iterations: 100, optimizer: adam2 });
const same = JSON.stringify(a.weights()) === JSON.stringify(b.weights());
console.log(`resumed Adam run identical to the uninterrupted one: ${same}`);

const blog = results[0]!;
const adamResult = results.find((r) => r.name.startsWith("adam"))!;
if (!same || !blog.reached || !adamResult.reached || adamResult.updates >= blog.updates) process.exit(1);
