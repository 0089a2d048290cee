// Part 1, "3 Layer Neural Network": XOR with a hidden layer of 4, seed 1, error printed every 10000.
// numpy original: ../../test/fixtures/b_part1_3layer.json ("printed").
import { Network, formatFloat, numpyRandom } from "tinynn";

const X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
const y = [[0], [1], [1], [0]];

// np.random.seed(1); syn0 = 2*np.random.random((3,4)) - 1; syn1 = 2*np.random.random((4,1)) - 1
const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

net.train(X, y, {
  iterations: 60000,
  alpha: 1,
  loss: "sse",
  progressEvery: 10000,
  onProgress: ({ meanAbsoluteError }) => console.log("Error:" + formatFloat(meanAbsoluteError)),
});
