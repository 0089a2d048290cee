// Part 2, "Improvement 1: Adding and Tuning the Alpha Parameter": the same network trained with
// seven alphas, each from np.random.seed(1). numpy original: test/fixtures/f_part2_alpha_sweep.json.
import { Network, formatFloat, numpyRandom } from "tinynn";

const alphas = [0.001, 0.01, 0.1, 1, 10, 100, 1000];
const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

for (const alpha of alphas) {
  console.log("\nTraining With Alpha:" + alpha);
  const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  net.train(X, y, {
    iterations: 60000,
    alpha,
    loss: "sse",
    progressEvery: 10000,
    onProgress: ({ iteration, meanAbsoluteError }) =>
      console.log("Error after " + iteration + " iterations:" + formatFloat(meanAbsoluteError)),
  });
}
