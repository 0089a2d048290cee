// Part 1, "3 Layer Neural Network" (program b), looked at from inside with `trace`: the first iteration's
// layers, errors, deltas and weight updates, printed the way the blog names them.
// numpy reference: ../../test/fixtures/lab_trace_b.json (made by scripts/make-lab-fixtures.py).
import { Network, formatFloat, formatMatrix, numpyRandom, trace } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

// tinynn's errors and deltas are gradients (Part 2's sign: l2_error = l2 - y); Part 1 prints y - l2.
const negate = (m: number[][]): number[][] => m.map((row) => row.map((v) => -v));
const step = trace(net, X, y, { apply: true });
console.log("l1 (hidden layer)\n" + formatMatrix(step.layers.l1!));
console.log("l2 (output)\n" + formatMatrix(step.layers.l2!));
console.log("l2_error = y - l2 (Part 1's sign)\n" + formatMatrix(negate(step.errors.l2_error!)));
console.log("l2_delta\n" + formatMatrix(negate(step.deltas.l2_delta!)));
console.log("l1_error = l2_delta.dot(syn1.T)\n" + formatMatrix(negate(step.errors.l1_error!)));
console.log("l1_delta\n" + formatMatrix(negate(step.deltas.l1_delta!)));
console.log("syn1 += l1.T.dot(l2_delta)\n" + formatMatrix(step.updates.W1!));
console.log("syn0 += l0.T.dot(l1_delta)\n" + formatMatrix(step.updates.W0!));
console.log("Error:" + formatFloat(step.meanAbsoluteError));

// The step was applied: one more trace sees the network after one update.
console.log("Error after 1 update:" + formatFloat(trace(net, X, y).meanAbsoluteError));
