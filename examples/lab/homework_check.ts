// tinynn/testing outside a test runner: a teacher's script that checks a student's activation
// (see docs/testing-homework.md for the same checks as vitest tests).
import { Network, type Activation } from "tinynn";
import { assertFits, assertGradients, TinyNNAssertionError } from "tinynn/testing";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

const submissions: Record<string, Activation> = {
  alice: { name: "tanh", apply: Math.tanh, derivative: (_x, out) => 1 - out * out },
  bob: { name: "tanh", apply: Math.tanh, derivative: (_x, out) => 1 - out }, // forgot the square
};

for (const [student, activation] of Object.entries(submissions)) {
  try {
    const net = new Network({ layers: [3, 4, 1], activation, outputActivation: "sigmoid", seed: 1 });
    const report = assertGradients(net, X, y);
    net.train(X, y, { iterations: 5000, alpha: 0.5 });
    assertFits(net, X, y, { tolerance: 0.1 });
    console.log(`${student}: pass (gradient check ${report.maxRelativeError.toExponential(1)})`);
  } catch (e) {
    if (!(e instanceof TinyNNAssertionError)) throw e;
    console.log(`${student}: FAIL: ${e.message}`);
  }
}
