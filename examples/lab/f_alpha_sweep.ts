// Part 2, "Improvement 1: Adding and Tuning the Alpha Parameter" (program f) with `sweep`:
// seven alphas, each run from np.random.seed(1), the error printed every 10000 iterations.
// numpy original: ../../test/fixtures/f_part2_alpha_sweep.json ("printed"): the same text, except the last digits
// of the chaotic alpha 100 run (a 1-ulp difference grows there; see the goldens README, "Fragile runs").
import { formatFloat, sweep } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

const results = sweep(X, y, {
  network: { layers: [3, 4, 1], activation: "sigmoid", bias: false },
  train: { iterations: 60000, loss: "sse" },
  grid: { alpha: [0.001, 0.01, 0.1, 1, 10, 100, 1000] },
  seed: 1,
});

for (const { point, summary } of results) {
  console.log("\nTraining With Alpha:" + String(point.alpha));
  for (let j = 0; j < 60000; j += 10000) {
    console.log(`Error after ${j} iterations:` + formatFloat(summary.history.meanAbsoluteError[j]!));
  }
}
