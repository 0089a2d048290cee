// Part 1, "2 Layer Neural Network": one weight matrix, y = the first input column, seed 1.
// numpy original: test/fixtures/a_part1_2layer.json ("printed").
import { Network, formatMatrix, numpyRandom, toRows, type TrainingMonitor } from "tinynn";

// input dataset
const X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
// output dataset
const y = [[0], [0], [1], [1]];

// np.random.seed(1); syn0 = 2*np.random.random((3,1)) - 1
const net = new Network({ layers: [3, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });

// The blog prints l1 as computed in its last loop iteration, before that iteration's update.
let l1: number[][] = [];
const lastLayer: TrainingMonitor = {
  beforeUpdate: ({ iteration, output }) => {
    if (iteration === 9999) l1 = toRows(output);
  },
};
net.train(X, y, { iterations: 10000, alpha: 1, loss: "sse", monitors: [lastLayer] });

console.log("Output After Training:");
console.log(formatMatrix(l1));
