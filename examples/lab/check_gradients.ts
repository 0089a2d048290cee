// Is backprop right? Central finite differences against backprop for every weight and bias, for each built-in
// activation and loss, then for an activation with a wrong derivative (what a student's bug looks like).
import { Network, activations, checkGradients, losses, numpyRandom, type Activation, type ActivationName, type LossName } from "tinynn";

const X = [[0.3, -1.2, 0.8], [1.5, 0.4, -0.7], [-0.9, 0.6, 1.1], [0.2, 1.3, -1.4]];
const y = [[0.2, 0.9], [0.7, 0.1], [0.4, 0.5], [0.95, 0.3]];

// each loss on the outputs it is for: crossEntropy on a softmax with rows of y that sum to 1,
// binaryCrossEntropy on sigmoid outputs, the squared errors on the activation's own
const probabilities = y.map(([a]) => [a!, 1 - a!]);
const outputFor = { crossEntropy: "softmax", binaryCrossEntropy: "sigmoid" } as const;

// Object.keys gives string[]: the registries' keys are exactly these names
for (const activation of Object.keys(activations) as ActivationName[]) {
  for (const loss of Object.keys(losses) as LossName[]) {
    const output = loss === "crossEntropy" || loss === "binaryCrossEntropy" ? { outputActivation: outputFor[loss] } : {};
    const net = new Network({ layers: [3, 5, 2], activation, ...output, random: numpyRandom(7) });
    const { maxRelativeError, worst } = checkGradients(net, X, loss === "crossEntropy" ? probabilities : y, { loss });
    console.log(`${activation.padEnd(9)} ${loss}: max relative error ${maxRelativeError.toExponential(2)} at ${worst.parameter}[${worst.row}][${worst.col}]`);
  }
}

const wrongTanh: Activation = { name: "wrongTanh", apply: Math.tanh, derivative: (_x, out) => 1 - out }; // should be 1 - out^2
const { maxRelativeError, worst } = checkGradients(new Network({ layers: [3, 5, 2], activation: wrongTanh, seed: 1 }), X, y);
console.log(
  `wrongTanh: max relative error ${maxRelativeError.toExponential(2)} at ${worst.parameter}[${worst.row}][${worst.col}]` +
    ` (backprop ${worst.analytic.toFixed(6)}, finite differences ${worst.numeric.toFixed(6)})`,
);
