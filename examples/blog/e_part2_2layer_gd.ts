// Part 2, Part 4 "2 Layer Neural Network": gradient descent written with layer_1 - y, seed 1.
// numpy original: test/fixtures/e_part2_2layer_gd.json ("printed").
import { Network, formatMatrix, numpyRandom, toRows, type TrainingMonitor } from "tinynn";

// input dataset
const X = [
  [0, 1],
  [0, 1],
  [1, 0],
  [1, 0],
];
// output dataset
const y = [[0], [0], [1], [1]];

// np.random.seed(1); synapse_0 = 2*np.random.random((2,1)) - 1
const net = new Network({ layers: [2, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

// layer_1 as computed in the last loop iteration, before that iteration's update
let layer1: number[][] = [];
const lastLayer: TrainingMonitor = {
  beforeUpdate: ({ iteration, output }) => {
    if (iteration === 9999) layer1 = toRows(output);
  },
};
// synapse_0 -= synapse_0_derivative: gradient descent with alpha 1 on the blog's loss
net.train(X, y, { iterations: 10000, alpha: 1, loss: "sse", monitors: [lastLayer] });

console.log("Output After Training:");
console.log(formatMatrix(layer1));
