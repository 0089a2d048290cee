// Regression: fit y = sin(x) on [-π, π] with a tanh hidden layer and an identity output,
// Xavier initialisation, Adam with inverse-time decay, gradient clipping by norm and mse.
// Stated result: mean squared error (mse, 1/(2n) Σ e²) on a dense test grid below 1e-3.
import { Adam, inverseTimeDecay, Network } from "tinynn";

const grid = (count: number) => Array.from({ length: count }, (_, i) => [-Math.PI + (2 * Math.PI * i) / (count - 1)]);
const Xtrain = grid(40);
const ytrain = Xtrain.map(([x]) => [Math.sin(x!)]);
const Xtest = grid(301);
const ytest = Xtest.map(([x]) => [Math.sin(x!)]);

const net = new Network({ layers: [1, 16, 1], activation: "tanh", outputActivation: "identity", initializer: "xavierNormal", seed: 4 });
net.train(Xtrain, ytrain, {
  iterations: 3000,
  loss: "mse",
  optimizer: new Adam({ alpha: inverseTimeDecay({ alpha: 0.02, decay: 0.001 }) }),
  clipNorm: 1,
  batchSize: 10,
});
const { loss } = net.evaluate(Xtest, ytest, "mse");
console.log(`test mse: ${loss.toExponential(3)} (stated: < 1e-3)`);
console.log(`sin(1) ~ ${net.predict([[1]])[0]![0]!.toFixed(4)} (exact ${Math.sin(1).toFixed(4)})`);
if (!(loss < 1e-3)) process.exit(1);
