// Part 1, "Just Give Me The Code": the 11-line XOR network. It prints nothing, like the blog's.
// The blog sets no seed; the goldens (test/fixtures/c_part1_11line.json) use np.random.seed(1).
import { Network, numpyRandom } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
