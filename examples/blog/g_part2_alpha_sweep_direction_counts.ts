// Part 2, "Let's Take a Closer Look": the alpha sweep, counting how often each weight's update
// changes direction, then printing the weights and the counts the way numpy 1.13 prints arrays.
// numpy original: test/fixtures/g_part2_alpha_sweep_direction_counts.json ("printed").
import { DirectionChanges, Network, formatFloat, formatMatrix, numpyRandom } from "tinynn";

const alphas = [0.001, 0.01, 0.1, 1, 10, 100, 1000];
const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

for (const alpha of alphas) {
  console.log("\nTraining With Alpha:" + alpha);
  const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  const directions = new DirectionChanges();
  net.train(X, y, {
    iterations: 60000,
    alpha,
    loss: "sse",
    monitors: [directions],
    progressEvery: 10000,
    onProgress: ({ meanAbsoluteError }) => console.log("Error:" + formatFloat(meanAbsoluteError)),
  });
  const [synapse0, synapse1] = net.weights();
  const counts = directions.counts();

  console.log("Synapse 0");
  console.log(formatMatrix(synapse0!));
  console.log("Synapse 0 Update Direction Changes");
  console.log(formatMatrix(counts.W0!));
  console.log("Synapse 1");
  console.log(formatMatrix(synapse1!));
  console.log("Synapse 1 Update Direction Changes");
  console.log(formatMatrix(counts.W1!));
}
