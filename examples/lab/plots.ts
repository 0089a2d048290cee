// The blog's figures as SVG: the training curve of program b, the alpha sweep of program f (side by side and
// overlaid), hidden 4 vs 32 (programs f and h), and the error plane of Part 2's 2-weight network (program e) as a heat map with contours;
// and a training curve with validation data, of a network that learns the noise of its training data.
// Usage: npx tsx examples/lab/plots.ts [outDir]   (default: a temporary directory; docs/images holds the committed ones)
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Network, errorSurface, errorSurfaceSvg, numpyRandom, sweep, sweepCurvesSvg, trainingCurveSvg } from "tinynn";

const outDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "tinynn-plots-"));
mkdirSync(outDir, { recursive: true });
const save = (name: string, svg: string): void => {
  writeFileSync(join(outDir, name), svg);
  console.log(`wrote ${join(outDir, name)} (${svg.length} bytes)`);
};

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

// Program b: XOR, 3-4-1, 60000 iterations
const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
const summary = net.train(X, y, { iterations: 60000 });
save("training-curve-b.svg", trainingCurveSvg(summary, { log: true, title: "Program b: XOR 3-4-1, alpha 1 (log scale)" }));

// Program f: the alpha sweep
const results = sweep(X, y, {
  network: { layers: [3, 4, 1], bias: false },
  train: { iterations: 60000 },
  grid: { alpha: [0.001, 0.01, 0.1, 1, 10, 100, 1000] },
});
save("sweep-f-panels.svg", sweepCurvesSvg(results, { log: true, title: "Program f: mean |error| by alpha (hidden 4)" }));
save("sweep-f-overlay.svg", sweepCurvesSvg(results, { layout: "overlay", log: true, logIterations: true, title: "Program f: all alphas" }));

// Program h's lesson: 32 hidden nodes reach a lower error than 4 (alpha 10: 0.0009 vs 0.0013 at j = 50000)
const hidden = sweep(X, y, {
  network: { layers: [3, 4, 1], bias: false },
  train: { iterations: 60000 },
  grid: { hiddenSize: [4, 32], alpha: [1, 10] },
});
save("sweep-h-hidden.svg", sweepCurvesSvg(hidden, { layout: "overlay", log: true, width: 760, title: "Programs f and h: hidden 4 vs 32" }));

// Part 2, program e: the error plane over the two weights of syn0, from -10 to 10
const X2 = [[0, 1], [0, 1], [1, 0], [1, 0]];
const y2 = [[0], [0], [1], [1]];
const net2 = new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
const surface = errorSurface(net2, X2, y2, {
  x: { parameter: "W0", row: 0, from: -10, to: 10, steps: 61 },
  y: { parameter: "W0", row: 1, from: -10, to: 10, steps: 61 },
  metric: "meanAbsoluteError",
});
// ...and the path gradient descent takes over it: record both weights around every update (a monitor of our own)
const path: [number, number][] = [[surface.current.x, surface.current.y]];
const W0 = net2.parameters()[0]!.value;
net2.train(X2, y2, { iterations: 10000, monitors: [{ afterUpdate: () => void path.push([W0.get(0, 0), W0.get(1, 0)]) }] });
save("error-plane-e.svg", errorSurfaceSvg(surface, { contours: 9, path, title: "Program e: error plane over syn0, and the descent" }));
console.log(`after 10000 updates: syn0 = [${path[path.length - 1]!.map((v) => v.toFixed(4)).join(", ")}]`);
console.log(`minimum on the grid: ${surface.min.value.toPrecision(4)} at (${surface.min.x}, ${surface.min.y})`);

// Validation: a 2-32-1 network on 100 points of the square, labelled 1 inside a disc, every tenth label or so flipped at random;
// the last 25 points are held out (validationSplit) and measured every 100 iterations (progressEvery) with the accuracy metric.
const random = numpyRandom(3);
const points: number[][] = [];
const labels: number[][] = [];
for (let i = 0; i < 100; i++) {
  const [a, b] = [2 * random() - 1, 2 * random() - 1];
  const inside = a * a + b * b < 0.45 ? 1 : 0;
  points.push([a, b]);
  labels.push([random() < 0.1 ? 1 - inside : inside]);
}
const disc = new Network({ layers: [2, 32, 1], activation: "tanh", outputActivation: "sigmoid", random: numpyRandom(1) });
const overfit = disc.train(points, labels, {
  iterations: 3000, alpha: 0.5, loss: "binaryCrossEntropy", metrics: ["accuracy"], validationSplit: 0.25, progressEvery: 100,
});
save("training-curve-validation.svg", trainingCurveSvg(overfit, { series: ["loss"], title: "2-32-1 on 75 noisy points, 25 held out" }));
const m = overfit.history.metrics!;
const validationLoss = m.validation!.loss!;
const best = validationLoss.indexOf(Math.min(...validationLoss));
console.log(
  `validation loss: lowest ${validationLoss[best]!.toFixed(3)} after iteration ${m.iterations[best]}, ${validationLoss.at(-1)!.toFixed(3)} at the end; ` +
    `accuracy at the end: training ${m.training.accuracy!.at(-1)!.toFixed(2)}, validation ${m.validation!.accuracy!.at(-1)!.toFixed(2)}`,
);
