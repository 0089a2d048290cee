// Part 2, "Improvement 2: Parameterizing the Size of the Hidden Layer": the alpha sweep with 32
// hidden units. numpy original: test/fixtures/h_part2_hidden32_alpha_sweep.json ("printed").
import { Network, formatFloat, numpyRandom } from "tinynn";

const alphas = [0.001, 0.01, 0.1, 1, 10, 100, 1000];
const hiddenSize = 32;
const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

for (const alpha of alphas) {
  console.log("\nTraining With Alpha:" + alpha);
  const net = new Network({ layers: [3, hiddenSize, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  net.train(X, y, {
    iterations: 60000,
    alpha,
    loss: "sse",
    progressEvery: 10000,
    onProgress: ({ iteration, meanAbsoluteError }) =>
      console.log("Error after " + iteration + " iterations:" + formatFloat(meanAbsoluteError)),
  });
}
