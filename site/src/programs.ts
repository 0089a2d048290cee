// The blog's eight programs for the playground: each runs with tinynn exactly as examples/blog/<id>.ts
// does (same networks, seeds and options; trainAsync instead of train, bit-identical) and prints what
// the numpy original prints, line by line. The Python sources are at the end of this file, as
// string constants equal byte for byte to site/programs/<id>.py (test/site/programs.test.ts checks
// it; after editing a .py file, paste it into its constant).
//
// Exactness: programs a to e print golden text byte for byte. The sweeps f, g and h do too except
// in their chaotic runs (CHAOTIC_ALPHAS), where numpy's SIMD exp and OpenBLAS's FMA sums differ from
// JavaScript's by an ulp that training amplifies: there the header, the iteration-0 error and g's
// direction counts are exact, and the later errors (and g's weights) differ in their last digits
// (alpha 100 with 4 hidden units, alpha 10 with 32) or beyond (g's weights at alpha 1000).

import { DirectionChanges, Network, formatFloat, formatMatrix, numpyRandom, toRows, type TrainingMonitor } from "tinynn";
import type { Program, ProgramId } from "./types.js";

/** Writes one printed line; `text` may hold several lines (a matrix, a leading "\n"), split here. */
type Print = (line: string) => void;
const printer = (print: Print) => (text: string) => {
  for (const line of text.split("\n")) print(line);
};

const BLOG_X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
const XOR_Y = [[0], [1], [1], [0]];
const ALPHAS = [0.001, 0.01, 0.1, 1, 10, 100, 1000];

/**
 * The runs of the sweeps whose printed text is not byte-identical to numpy's (chaotic: goldens'
 * `robustness.fragile`, README's Exactness); every other run of every program is exact.
 */
export const CHAOTIC_ALPHAS: Readonly<Partial<Record<ProgramId, readonly number[]>>> = {
  f_part2_alpha_sweep: [100],
  g_part2_alpha_sweep_direction_counts: [100, 1000],
  h_part2_hidden32_alpha_sweep: [10],
};

/** Programs a and e: a one-layer network, printing its output from the last iteration (before its update). */
async function lastOutput(X: number[][], y: number[][], print: Print, signal: AbortSignal): Promise<void> {
  const out = printer(print);
  const net = new Network({ layers: [X[0]!.length, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  let output: number[][] = [];
  const lastLayer: TrainingMonitor = {
    beforeUpdate: ({ iteration, output: o }) => {
      if (iteration === 9999) output = toRows(o);
    },
  };
  await net.trainAsync(X, y, { iterations: 10000, alpha: 1, loss: "sse", monitors: [lastLayer], signal });
  out("Output After Training:");
  out(formatMatrix(output));
}

/** Programs c and d: the XOR network trained silently, as the blog's short listings do. */
async function silent(alpha: number, hidden: number, signal: AbortSignal): Promise<void> {
  const net = new Network({ layers: [3, hidden, 1], bias: false, random: numpyRandom(1) });
  await net.trainAsync(BLOG_X, XOR_Y, { iterations: 60000, alpha, loss: "sse", signal });
}

/** Programs f and h: the alpha sweep, seed 1 for each alpha, the error every 10000 iterations. */
async function alphaSweep(hidden: number, print: Print, signal: AbortSignal): Promise<void> {
  const out = printer(print);
  for (const alpha of ALPHAS) {
    signal.throwIfAborted();
    out("\nTraining With Alpha:" + alpha);
    const net = new Network({ layers: [3, hidden, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
    await net.trainAsync(BLOG_X, XOR_Y, {
      iterations: 60000,
      alpha,
      loss: "sse",
      progressEvery: 10000,
      onProgress: ({ iteration, meanAbsoluteError }) =>
        out("Error after " + iteration + " iterations:" + formatFloat(meanAbsoluteError)),
      signal,
    });
  }
}

export const PROGRAMS: readonly Program[] = [
  {
    id: "a_part1_2layer",
    title: 'Part 1, "2 Layer Neural Network"',
    get python() {
      return PY_A;
    },
    exact: true,
    run: (print, signal) => lastOutput(BLOG_X, [[0], [0], [1], [1]], print, signal),
  },
  {
    id: "b_part1_3layer",
    title: 'Part 1, "3 Layer Neural Network" (XOR)',
    get python() {
      return PY_B;
    },
    exact: true,
    async run(print, signal) {
      const out = printer(print);
      const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
      await net.trainAsync(BLOG_X, XOR_Y, {
        iterations: 60000,
        alpha: 1,
        loss: "sse",
        progressEvery: 10000,
        onProgress: ({ meanAbsoluteError }) => out("Error:" + formatFloat(meanAbsoluteError)),
        signal,
      });
    },
  },
  {
    id: "c_part1_11line",
    title: 'Part 1, "Just Give Me The Code": 11 lines (prints nothing)',
    get python() {
      return PY_C;
    },
    exact: true,
    run: (_print, signal) => silent(1, 4, signal),
  },
  {
    id: "d_part2_13line",
    title: 'Part 2, "Just Give Me The Code": 13 lines (prints nothing)',
    get python() {
      return PY_D;
    },
    exact: true,
    run: (_print, signal) => silent(0.5, 4, signal),
  },
  {
    id: "e_part2_2layer_gd",
    title: 'Part 2, "2 Layer Neural Network" with gradient descent',
    get python() {
      return PY_E;
    },
    exact: true,
    run: (print, signal) => lastOutput([[0, 1], [0, 1], [1, 0], [1, 0]], [[0], [0], [1], [1]], print, signal),
  },
  {
    id: "f_part2_alpha_sweep",
    title: 'Part 2, "Improvement 1": the alpha sweep',
    get python() {
      return PY_F;
    },
    exact: false,
    run: (print, signal) => alphaSweep(4, print, signal),
  },
  {
    id: "g_part2_alpha_sweep_direction_counts",
    title: "Part 2, \"Let's Take a Closer Look\": update direction changes",
    get python() {
      return PY_G;
    },
    exact: false,
    async run(print, signal) {
      const out = printer(print);
      for (const alpha of ALPHAS) {
        signal.throwIfAborted();
        out("\nTraining With Alpha:" + alpha);
        const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
        const directions = new DirectionChanges();
        await net.trainAsync(BLOG_X, XOR_Y, {
          iterations: 60000,
          alpha,
          loss: "sse",
          monitors: [directions],
          progressEvery: 10000,
          onProgress: ({ meanAbsoluteError }) => out("Error:" + formatFloat(meanAbsoluteError)),
          signal,
        });
        const [synapse0, synapse1] = net.weights();
        const counts = directions.counts();
        out("Synapse 0");
        out(formatMatrix(synapse0!));
        out("Synapse 0 Update Direction Changes");
        out(formatMatrix(counts.W0!));
        out("Synapse 1");
        out(formatMatrix(synapse1!));
        out("Synapse 1 Update Direction Changes");
        out(formatMatrix(counts.W1!));
      }
    },
  },
  {
    id: "h_part2_hidden32_alpha_sweep",
    title: 'Part 2, "Improvement 2": the alpha sweep with 32 hidden units',
    get python() {
      return PY_H;
    },
    exact: false,
    run: (print, signal) => alphaSweep(32, print, signal),
  },
];

/** The program with this id. */
export function programById(id: ProgramId): Program {
  const program = PROGRAMS.find((p) => p.id === id);
  if (program === undefined) throw new Error(`Unknown program ${JSON.stringify(id)}: expected one of ${PROGRAMS.map((p) => p.id).join(", ")}`);
  return program;
}

// The Python programs, byte for byte site/programs/<id>.py (String.raw keeps their backslashes;
// the programs read them through getters, as these constants come after PROGRAMS).

// site/programs/a_part1_2layer.py
const PY_A = String.raw`# Port of: "A Neural Network in 11 lines of Python (Part 1)" -- "2 Layer Neural Network"
# (seed text lines 01-42 of that listing). Python 2 -> Python 3 changes only:
#   xrange -> range, print statements -> print().
# PORT ADDITION (output formatting only, no numerical effect): numpy legacy
# print mode so str()/print of numpy floats and arrays look the way
# Python 2 + numpy<=1.13 printed them (12 significant digits for scalars).
import numpy as np
np.set_printoptions(legacy='1.13')

# sigmoid function
def nonlin(x,deriv=False):
    if(deriv==True):
        return x*(1-x)
    return 1/(1+np.exp(-x))

# input dataset
X = np.array([  [0,0,1],
                [0,1,1],
                [1,0,1],
                [1,1,1] ])

# output dataset
y = np.array([[0,0,1,1]]).T

# seed random numbers to make calculation
# deterministic (just a good practice)
np.random.seed(1)

# initialize weights randomly with mean 0
syn0 = 2*np.random.random((3,1)) - 1

for iter in range(10000):

    # forward propagation
    l0 = X
    l1 = nonlin(np.dot(l0,syn0))

    # how much did we miss?
    l1_error = y - l1

    # multiply how much we missed by the
    # slope of the sigmoid at the values in l1
    l1_delta = l1_error * nonlin(l1,True)

    # update weights
    syn0 += np.dot(l0.T,l1_delta)

print("Output After Training:")
print(l1)
`;

// site/programs/b_part1_3layer.py
const PY_B = String.raw`# Port of: "A Neural Network in 11 lines of Python (Part 1)" -- "3 Layer Neural Network"
# (seed text lines 01-50 of that listing). Python 2 -> Python 3 changes only:
#   xrange -> range, print statement -> print().
# PORT ADDITION (output formatting only, no numerical effect): numpy legacy
# print mode so str(np.float64) gives the Python 2 / numpy<=1.13 12-significant-digit text.
import numpy as np
np.set_printoptions(legacy='1.13')

def nonlin(x,deriv=False):
    if(deriv==True):
        return x*(1-x)

    return 1/(1+np.exp(-x))

X = np.array([[0,0,1],
            [0,1,1],
            [1,0,1],
            [1,1,1]])

y = np.array([[0],
            [1],
            [1],
            [0]])

np.random.seed(1)

# randomly initialize our weights with mean 0
syn0 = 2*np.random.random((3,4)) - 1
syn1 = 2*np.random.random((4,1)) - 1

for j in range(60000):

    # Feed forward through layers 0, 1, and 2
    l0 = X
    l1 = nonlin(np.dot(l0,syn0))
    l2 = nonlin(np.dot(l1,syn1))

    # how much did we miss the target value?
    l2_error = y - l2

    if (j% 10000) == 0:
        print("Error:" + str(np.mean(np.abs(l2_error))))

    # in what direction is the target value?
    # were we really sure? if so, don't change too much.
    l2_delta = l2_error*nonlin(l2,deriv=True)

    # how much did each l1 value contribute to the l2 error (according to the weights)?
    l1_error = l2_delta.dot(syn1.T)

    # in what direction is the target l1?
    # were we really sure? if so, don't change too much.
    l1_delta = l1_error * nonlin(l1,deriv=True)

    syn1 += l1.T.dot(l2_delta)
    syn0 += l0.T.dot(l1_delta)
`;

// site/programs/c_part1_11line.py
const PY_C = String.raw`# Port of: "A Neural Network in 11 lines of Python (Part 1)" -- "Just Give Me The Code"
# (the 11-line listing). Python 2 -> Python 3 changes only: xrange -> range.
# PORT ADDITIONS: "import numpy as np" (the 11-line listing omits it) and
# np.random.seed(1) -- THE BLOG SETS NO SEED for this listing; seed 1 is our choice
# so the run is deterministic. The program prints nothing.
import numpy as np
np.random.seed(1)  # not in the blog listing

X = np.array([ [0,0,1],[0,1,1],[1,0,1],[1,1,1] ])
y = np.array([[0,1,1,0]]).T
syn0 = 2*np.random.random((3,4)) - 1
syn1 = 2*np.random.random((4,1)) - 1
for j in range(60000):
    l1 = 1/(1+np.exp(-(np.dot(X,syn0))))
    l2 = 1/(1+np.exp(-(np.dot(l1,syn1))))
    l2_delta = (y - l2)*(l2*(1-l2))
    l1_delta = l2_delta.dot(syn1.T) * (l1 * (1-l1))
    syn1 += l1.T.dot(l2_delta)
    syn0 += X.T.dot(l1_delta)
`;

// site/programs/d_part2_13line.py
const PY_D = String.raw`# Port of: "A Neural Network in 13 lines of Python (Part 2 - Gradient Descent)" --
# "Just Give Me The Code" (the 13-line listing).
# Python 2 -> Python 3 changes: xrange -> range. Extraction damage repaired:
#   "= np.array([ [0,0,1],..." -> "X = ...", "= np.array([[0,1,1,0]]).T" -> "y = ...",
#   "for in xrange(60000):" -> "for j in range(60000):".
# PORT ADDITION: np.random.seed(1) -- THE BLOG SETS NO SEED for this listing; seed 1 is
# our choice so the run is deterministic. The program prints nothing.
import numpy as np
np.random.seed(1)  # not in the blog listing
X = np.array([ [0,0,1],[0,1,1],[1,0,1],[1,1,1] ])
y = np.array([[0,1,1,0]]).T
alpha,hidden_dim = (0.5,4)
synapse_0 = 2*np.random.random((3,hidden_dim)) - 1
synapse_1 = 2*np.random.random((hidden_dim,1)) - 1
for j in range(60000):
    layer_1 = 1/(1+np.exp(-(np.dot(X,synapse_0))))
    layer_2 = 1/(1+np.exp(-(np.dot(layer_1,synapse_1))))
    layer_2_delta = (layer_2 - y)*(layer_2*(1-layer_2))
    layer_1_delta = layer_2_delta.dot(synapse_1.T) * (layer_1 *(1-layer_1))
    synapse_1 -= (alpha * layer_1.T.dot(layer_2_delta))
    synapse_0 -= (alpha * X.T.dot(layer_1_delta))
`;

// site/programs/e_part2_2layer_gd.py
const PY_E = String.raw`# Port of: "A Neural Network in 13 lines of Python (Part 2 - Gradient Descent)" --
# Part 4 "2 Layer Neural Network" (seed text lines 01-46 of that listing).
# Python 2 -> Python 3 changes: xrange -> range, print statements -> print().
# Extraction damage repaired: "= np.array([  [0,1],..." -> "X = ...",
#   "= np.array([[0,0,1,1]]).T" -> "y = ...".
# PORT ADDITION (output formatting only, no numerical effect): numpy legacy
# print mode so the printed array looks the way Python 2 + numpy<=1.13 printed it.
import numpy as np
np.set_printoptions(legacy='1.13')

# compute sigmoid nonlinearity
def sigmoid(x):
    output = 1/(1+np.exp(-x))
    return output

# convert output of sigmoid function to its derivative
def sigmoid_output_to_derivative(output):
    return output*(1-output)

# input dataset
X = np.array([  [0,1],
                [0,1],
                [1,0],
                [1,0] ])

# output dataset
y = np.array([[0,0,1,1]]).T

# seed random numbers to make calculation
# deterministic (just a good practice)
np.random.seed(1)

# initialize weights randomly with mean 0
synapse_0 = 2*np.random.random((2,1)) - 1

for iter in range(10000):

    # forward propagation
    layer_0 = X
    layer_1 = sigmoid(np.dot(layer_0,synapse_0))

    # how much did we miss?
    layer_1_error = layer_1 - y

    # multiply how much we missed by the
    # slope of the sigmoid at the values in l1
    layer_1_delta = layer_1_error * sigmoid_output_to_derivative(layer_1)
    synapse_0_derivative = np.dot(layer_0.T,layer_1_delta)

    # update weights
    synapse_0 -= synapse_0_derivative

print("Output After Training:")
print(layer_1)
`;

// site/programs/f_part2_alpha_sweep.py
const PY_F = String.raw`# Port of: "A Neural Network in 13 lines of Python (Part 2 - Gradient Descent)" --
# Part 5 "Improvement 1: Adding and Tuning the Alpha Parameter" (seed text lines 01-57).
# Python 2 -> Python 3 changes: xrange -> range, print statements -> print().
# Extraction damage repaired: "= np.array([[0,0,1],..." -> "X = ...",
#   "= np.array([[0],..." -> "y = ...", "for in xrange(60000):" -> "for j in range(60000):",
#   "if (j% 10000== 0:" -> "if (j% 10000) == 0:".
# Sign convention kept as in the blog: layer_2_error = layer_2 - y, synapse -= alpha*(...).
# PORT ADDITION (output formatting only, no numerical effect): numpy legacy
# print mode so str(np.float64) gives the Python 2 / numpy<=1.13 12-significant-digit text.
import numpy as np
np.set_printoptions(legacy='1.13')

alphas = [0.001,0.01,0.1,1,10,100,1000]

# compute sigmoid nonlinearity
def sigmoid(x):
    output = 1/(1+np.exp(-x))
    return output

# convert output of sigmoid function to its derivative
def sigmoid_output_to_derivative(output):
    return output*(1-output)

X = np.array([[0,0,1],
            [0,1,1],
            [1,0,1],
            [1,1,1]])

y = np.array([[0],
			[1],
			[1],
			[0]])

for alpha in alphas:
    print("\nTraining With Alpha:" + str(alpha))
    np.random.seed(1)

    # randomly initialize our weights with mean 0
    synapse_0 = 2*np.random.random((3,4)) - 1
    synapse_1 = 2*np.random.random((4,1)) - 1

    for j in range(60000):

        # Feed forward through layers 0, 1, and 2
        layer_0 = X
        layer_1 = sigmoid(np.dot(layer_0,synapse_0))
        layer_2 = sigmoid(np.dot(layer_1,synapse_1))

        # how much did we miss the target value?
        layer_2_error = layer_2 - y

        if (j% 10000) == 0:
            print("Error after "+str(j)+" iterations:" + str(np.mean(np.abs(layer_2_error))))

        # in what direction is the target value?
        # were we really sure? if so, don't change too much.
        layer_2_delta = layer_2_error*sigmoid_output_to_derivative(layer_2)

        # how much did each l1 value contribute to the l2 error (according to the weights)?
        layer_1_error = layer_2_delta.dot(synapse_1.T)

        # in what direction is the target l1?
        # were we really sure? if so, don't change too much.
        layer_1_delta = layer_1_error * sigmoid_output_to_derivative(layer_1)

        synapse_1 -= alpha * (layer_1.T.dot(layer_2_delta))
        synapse_0 -= alpha * (layer_0.T.dot(layer_1_delta))
`;

// site/programs/g_part2_alpha_sweep_direction_counts.py
const PY_G = String.raw`# Port of: "A Neural Network in 13 lines of Python (Part 2 - Gradient Descent)" --
# Part 5 "Let's Take a Closer Look" (seed text lines 01-87): alpha sweep that counts
# how often each weight update changes direction.
# Python 2 -> Python 3 changes: xrange -> range, print statements -> print().
# Extraction damage repaired: "= np.array([[0,0,1],..." -> "X = ...",
#   "= np.array([[0],..." -> "y = ...", "for in xrange(60000):" -> "for j in range(60000):",
#   "layer_2_error = - layer_2" -> "layer_2_error = y - layer_2",
#   "if (j% 10000== 0:" -> "if (j% 10000) == 0:",
#   "np.abs(((u > 0)+0-((p > 0+ 0))" -> "np.abs(((u > 0)+0) - ((p > 0) + 0))".
# Sign convention kept as in the blog: layer_2_error = y - layer_2, synapse += alpha*(...).
# PORT ADDITION (output formatting only, no numerical effect): numpy legacy
# print mode so str(np.float64) and printed arrays look the way Python 2 + numpy<=1.13 printed them.
import numpy as np
np.set_printoptions(legacy='1.13')

alphas = [0.001,0.01,0.1,1,10,100,1000]

# compute sigmoid nonlinearity
def sigmoid(x):
    output = 1/(1+np.exp(-x))
    return output

# convert output of sigmoid function to its derivative
def sigmoid_output_to_derivative(output):
    return output*(1-output)

X = np.array([[0,0,1],
            [0,1,1],
            [1,0,1],
            [1,1,1]])

y = np.array([[0],
			[1],
			[1],
			[0]])



for alpha in alphas:
    print("\nTraining With Alpha:" + str(alpha))
    np.random.seed(1)

    # randomly initialize our weights with mean 0
    synapse_0 = 2*np.random.random((3,4)) - 1
    synapse_1 = 2*np.random.random((4,1)) - 1

    prev_synapse_0_weight_update = np.zeros_like(synapse_0)
    prev_synapse_1_weight_update = np.zeros_like(synapse_1)

    synapse_0_direction_count = np.zeros_like(synapse_0)
    synapse_1_direction_count = np.zeros_like(synapse_1)

    for j in range(60000):

        # Feed forward through layers 0, 1, and 2
        layer_0 = X
        layer_1 = sigmoid(np.dot(layer_0,synapse_0))
        layer_2 = sigmoid(np.dot(layer_1,synapse_1))

        # how much did we miss the target value?
        layer_2_error = y - layer_2

        if (j% 10000) == 0:
            print("Error:" + str(np.mean(np.abs(layer_2_error))))

        # in what direction is the target value?
        # were we really sure? if so, don't change too much.
        layer_2_delta = layer_2_error*sigmoid_output_to_derivative(layer_2)

        # how much did each l1 value contribute to the l2 error (according to the weights)?
        layer_1_error = layer_2_delta.dot(synapse_1.T)

        # in what direction is the target l1?
        # were we really sure? if so, don't change too much.
        layer_1_delta = layer_1_error * sigmoid_output_to_derivative(layer_1)

        synapse_1_weight_update = (layer_1.T.dot(layer_2_delta))
        synapse_0_weight_update = (layer_0.T.dot(layer_1_delta))

        if(j > 0):
            synapse_0_direction_count += np.abs(((synapse_0_weight_update > 0)+0) - ((prev_synapse_0_weight_update > 0) + 0))
            synapse_1_direction_count += np.abs(((synapse_1_weight_update > 0)+0) - ((prev_synapse_1_weight_update > 0) + 0))

        synapse_1 += alpha * synapse_1_weight_update
        synapse_0 += alpha * synapse_0_weight_update

        prev_synapse_0_weight_update = synapse_0_weight_update
        prev_synapse_1_weight_update = synapse_1_weight_update

    print("Synapse 0")
    print(synapse_0)

    print("Synapse 0 Update Direction Changes")
    print(synapse_0_direction_count)

    print("Synapse 1")
    print(synapse_1)

    print("Synapse 1 Update Direction Changes")
    print(synapse_1_direction_count)
`;

// site/programs/h_part2_hidden32_alpha_sweep.py
const PY_H = String.raw`# Port of: "A Neural Network in 13 lines of Python (Part 2 - Gradient Descent)" --
# Part 5 "Improvement 2: Parameterizing the Size of the Hidden Layer" (seed text lines 01-58):
# the alpha sweep with hiddenSize = 32.
# Python 2 -> Python 3 changes: xrange -> range, print statements -> print().
# Extraction damage repaired: "= np.array([[0,0,1],..." -> "X = ...",
#   "= np.array([[0],..." -> "y = ...", "for in xrange(60000):" -> "for j in range(60000):",
#   "if (j% 10000== 0:" -> "if (j% 10000) == 0:".
# Sign convention kept as in the blog: layer_2_error = layer_2 - y, synapse -= alpha*(...).
# PORT ADDITION (output formatting only, no numerical effect): numpy legacy
# print mode so str(np.float64) gives the Python 2 / numpy<=1.13 12-significant-digit text.
import numpy as np
np.set_printoptions(legacy='1.13')

alphas = [0.001,0.01,0.1,1,10,100,1000]
hiddenSize = 32

# compute sigmoid nonlinearity
def sigmoid(x):
    output = 1/(1+np.exp(-x))
    return output

# convert output of sigmoid function to its derivative
def sigmoid_output_to_derivative(output):
    return output*(1-output)

X = np.array([[0,0,1],
            [0,1,1],
            [1,0,1],
            [1,1,1]])

y = np.array([[0],
			[1],
			[1],
			[0]])

for alpha in alphas:
    print("\nTraining With Alpha:" + str(alpha))
    np.random.seed(1)

    # randomly initialize our weights with mean 0
    synapse_0 = 2*np.random.random((3,hiddenSize)) - 1
    synapse_1 = 2*np.random.random((hiddenSize,1)) - 1

    for j in range(60000):

        # Feed forward through layers 0, 1, and 2
        layer_0 = X
        layer_1 = sigmoid(np.dot(layer_0,synapse_0))
        layer_2 = sigmoid(np.dot(layer_1,synapse_1))

        # how much did we miss the target value?
        layer_2_error = layer_2 - y

        if (j% 10000) == 0:
            print("Error after "+str(j)+" iterations:" + str(np.mean(np.abs(layer_2_error))))

        # in what direction is the target value?
        # were we really sure? if so, don't change too much.
        layer_2_delta = layer_2_error*sigmoid_output_to_derivative(layer_2)

        # how much did each l1 value contribute to the l2 error (according to the weights)?
        layer_1_error = layer_2_delta.dot(synapse_1.T)

        # in what direction is the target l1?
        # were we really sure? if so, don't change too much.
        layer_1_delta = layer_1_error * sigmoid_output_to_derivative(layer_1)

        synapse_1 -= alpha * (layer_1.T.dot(layer_2_delta))
        synapse_0 -= alpha * (layer_0.T.dot(layer_1_delta))
`;
