// Part 2, "Improvement 2: Parameterizing the Size of the Hidden Layer" (program h) with `sweep`:
// hiddenSize = 32; seven alphas, each run from np.random.seed(1), the error printed every 10000 iterations.
// numpy original: ../../test/fixtures/h_part2_hidden32_alpha_sweep.json ("printed"): the same text, except in the chaotic alpha 10 run
// (a 1-ulp difference in exp grows there; see the goldens README, "Fragile runs").
import { formatFloat, sweep } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

const results = sweep(X, y, {
  network: { layers: [3, 32, 1], activation: "sigmoid", bias: false },
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
