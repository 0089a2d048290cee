// Long training in a terminal: progress on stderr when asked (the library itself never prints), then the
// training curve drawn in text. Program d (Part 2, 13 lines: alpha 0.5, hidden 4).
import { Network, numpyRandom, progressReporter, sparkline, terminalCurve } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });

const summary = net.train(X, y, {
  iterations: 60000,
  alpha: 0.5,
  progressEvery: 10000,
  onProgress: progressReporter(process.stderr, { iterations: 60000 }),
});

console.log(terminalCurve(summary, { log: true, width: 60, height: 10 }));
console.log("loss " + sparkline(summary.history.loss, { log: true, width: 40 }));
