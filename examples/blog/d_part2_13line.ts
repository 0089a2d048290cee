// Part 2, "Just Give Me The Code": the 13-line network with alpha = 0.5 and hidden_dim = 4.
// It prints nothing, like the blog's. The blog sets no seed; the goldens
// (test/fixtures/d_part2_13line.json) use np.random.seed(1).
import { Network, numpyRandom } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const [alpha, hiddenDim] = [0.5, 4];
const net = new Network({ layers: [3, hiddenDim, 1], bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 60000, alpha, loss: "sse" });
