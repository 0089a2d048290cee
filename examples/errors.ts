// What tinynn does with bad input and diverging runs (docs/errors.md): typed errors with a stable
// code that name the argument, sizes refused before anything is allocated, losses refused outside
// their domain, and a divergence that leaves the network as it was after its last finite update.
//
//   npx tsx examples/errors.ts
import { GradientDescent, LimitError, Network, numpyRandom, TinyNNError, TrainingError } from "../src/index.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

function show(what: string, call: () => unknown): void {
  try {
    call();
    console.log(`${what}: accepted`);
  } catch (e) {
    if (!(e instanceof TinyNNError)) throw e;
    console.log(`${what}: ${e.name} ${e.code}\n  ${e.message}`);
  }
}

// 1. Sizes past the memory budget are refused at once (this would otherwise allocate 74.5 GiB)
show("layers [3, 1e9, 1]", () => new Network({ layers: [3, 1e9, 1] }));
try {
  new Network({ layers: [3, 1e9, 1] });
} catch (e) {
  console.log(`  instanceof LimitError: ${e instanceof LimitError}`);
}

// 2. A typo in an option is named, with the options that exist
show("a typo", () => new Network({ layers: [3, 4, 1], activaton: "relu" } as never));

// 3. A loss outside its domain: cross-entropy needs a softmax output
show("sigmoid output with crossEntropy", () => new Network({ layers: [3, 4, 1], random: numpyRandom(1) }).train(X, y, { loss: "crossEntropy" }));

// 4. Divergence: the learning rate jumps to 20 after 300 updates; the network is put back
const net = new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
try {
  net.train(X, y, { iterations: 1000, loss: "mse", optimizer: new GradientDescent({ alpha: (t) => (t < 300 ? 0.1 : 20) }) });
} catch (e) {
  if (!(e instanceof TrainingError)) throw e;
  console.log(`divergence: ${e.code} at iteration ${e.iteration}\n  ${e.message}`);
}
const after = net.evaluate(X, y, "mse");
console.log(`the network after it: loss ${after.loss.toPrecision(6)}, finite: ${Number.isFinite(after.loss)}`);
