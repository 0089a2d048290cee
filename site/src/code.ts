// The playground's "code" panel: the TypeScript that trains what the page trains, ready to paste
// into a project that has tinynn installed. The page builds its run with the same helpers
// (networkFor, optimizerFor, trainOptionsFor), so the code and the page are one code path:
// test/site/code.test.ts runs the generated text with tsx and finds the page's numbers bit for bit.
//
// A blog program's code is its examples/blog/<id>.ts, embedded at the end of this file (equal to the
// file byte for byte; the test checks it). A fixed data set (xor, blogFirst, parity3) is written
// inline; a generated one (moons, circles, spirals) as the few lines of datasets.ts that make it,
// so the code stays short for 5000 rows and gives the same bits.

import { Adagrad, Adam, ConfigError, GradientDescent, Momentum, Network, RMSprop, seededRandom, type Optimizer, type TrainOptions } from "tinynn";
import { isGenerated, makeDataset } from "./datasets.js";
import type { DataSet, OptimizerId, ProgramId, Settings } from "./types.js";

/** The tinynn class of each optimizer the page offers. */
const OPTIMIZER_CLASSES: Record<OptimizerId, string> = {
  gradientDescent: "GradientDescent",
  momentum: "Momentum",
  adam: "Adam",
  rmsprop: "RMSprop",
  adagrad: "Adagrad",
};

/**
 * Checks the settings a run needs beyond the data set's (which makeDataset checks).
 *
 * @throws {@link ConfigError} If hidden is not a list of integers >= 1, alpha is not a finite
 *   number > 0, iterations is not an integer >= 1, batchSize is not null or an integer >= 1, or the
 *   optimizer is unknown
 */
export function checkSettings(settings: Settings): void {
  const { hidden, alpha, iterations, batchSize, optimizer } = settings;
  if (!Array.isArray(hidden) || !hidden.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new ConfigError(`Expected hidden to be a list of layer sizes, integers >= 1, got ${JSON.stringify(hidden)}`);
  }
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha <= 0) {
    throw new ConfigError(`Expected alpha to be a finite number > 0, got ${String(alpha)}`);
  }
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new ConfigError(`Expected iterations to be an integer >= 1, got ${String(iterations)}`);
  }
  if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new ConfigError(`Expected batchSize to be null (the full batch) or an integer >= 1, got ${String(batchSize)}`);
  }
  if (!Object.hasOwn(OPTIMIZER_CLASSES, optimizer)) {
    throw new ConfigError(`Expected optimizer to be one of ${Object.keys(OPTIMIZER_CLASSES).join(", ")}, got ${JSON.stringify(optimizer)}`);
  }
}

/**
 * The network the page trains on a data set: input and output sizes from the data, hidden sizes,
 * activations and bias from the settings, weights drawn from seededRandom(seed).
 */
export function networkFor(settings: Settings, data: DataSet): Network {
  return new Network({
    layers: [data.X[0]!.length, ...settings.hidden, data.y[0]!.length],
    activation: settings.activation,
    outputActivation: settings.outputActivation,
    bias: settings.bias,
    random: seededRandom(settings.seed),
  });
}

/** The optimizer of the settings, with tinynn's defaults for everything but alpha. */
export function optimizerFor(settings: Settings): Optimizer {
  const alpha = settings.alpha;
  switch (settings.optimizer) {
    case "gradientDescent":
      return new GradientDescent({ alpha });
    case "momentum":
      return new Momentum({ alpha });
    case "adam":
      return new Adam({ alpha });
    case "rmsprop":
      return new RMSprop({ alpha });
    case "adagrad":
      return new Adagrad({ alpha });
  }
}

/** The options of the settings' train call (the page adds its monitors, progress and signal). */
export function trainOptionsFor(settings: Settings, optimizer: Optimizer = optimizerFor(settings)): TrainOptions {
  return {
    iterations: settings.iterations,
    optimizer,
    loss: settings.loss,
    ...(settings.batchSize === null ? {} : { batchSize: settings.batchSize }),
  };
}

const json = (value: unknown): string => JSON.stringify(value);
const rows = (m: readonly number[][]): string => "[\n" + m.map((r) => "  [" + r.map(String).join(", ") + "],").join("\n") + "\n]";

/** The lines that make a generated data set, as datasets.ts makes it (same operations, same order). */
function generatedData(settings: Settings): string {
  const { dataset, samples, noise, seed } = settings;
  const point: Record<string, string> = {
    moons: [
      "  const a = (Math.PI * k) / (n - 1);",
      "  const [x0, x1] = c === 0 ? [Math.cos(a), Math.sin(a)] : [1 - Math.cos(a), 0.5 - Math.sin(a)];",
    ].join("\n"),
    circles: [
      "  const a = (2 * Math.PI * k) / n;",
      "  const r = c === 0 ? 1 : 0.5;",
      "  const [x0, x1] = [r * Math.cos(a), r * Math.sin(a)];",
    ].join("\n"),
    spirals: [
      "  const t = k / n;",
      "  const r = 0.05 + 0.95 * t;",
      "  const a = 3 * Math.PI * t + c * Math.PI;",
      "  const [x0, x1] = [r * Math.cos(a), r * Math.sin(a)];",
    ].join("\n"),
  };
  const label = settings.outputActivation === "softmax" ? "[1 - c, c]" : "[c]";
  return [
    `// the playground's "${dataset}" data set: ${samples} points, noise ${noise}, seed ${seed}; row i has class i % 2`,
    `const samples = ${samples};`,
    `const noise = ${noise};`,
    `const random = seededRandom(${seed});`,
    "const perClass = [Math.ceil(samples / 2), Math.floor(samples / 2)];",
    "const X: number[][] = [];",
    "const y: number[][] = [];",
    "for (let i = 0; i < samples; i++) {",
    "  const c = i % 2;",
    "  const k = (i - c) / 2;",
    "  const n = perClass[c]!;",
    point[dataset]!,
    "  // Gaussian noise, Box-Muller",
    "  const u1 = random();",
    "  const u2 = random();",
    "  const radius = Math.sqrt(-2 * Math.log(1 - u1));",
    "  X.push([x0 + noise * radius * Math.cos(2 * Math.PI * u2), x1 + noise * radius * Math.sin(2 * Math.PI * u2)]);",
    `  y.push(${label});`,
    "}",
  ].join("\n");
}

/**
 * The TypeScript that reproduces the settings with tinynn: the data, the network, the train call
 * with every option, then the final loss and the predictions printed. For a blog program, the
 * program's examples/blog file.
 *
 * @throws {@link ConfigError} If the settings are invalid (see makeDataset and checkSettings)
 *
 * @example
 * codeFor(settings).startsWith("// "); // => true
 */
export function codeFor(settings: Settings): string {
  if (settings.program !== null) {
    const example = BLOG_EXAMPLES[settings.program];
    if (example === undefined) throw new ConfigError(`Expected program to be null or a blog program's id, got ${json(settings.program)}`);
    return example;
  }
  checkSettings(settings);
  const data = makeDataset(settings);
  const generated = isGenerated(settings.dataset);
  const optimizer = OPTIMIZER_CLASSES[settings.optimizer];
  const imports = ["Network", optimizer, "seededRandom"].sort((a, b) => a.localeCompare(b, "en"));
  const layers = [data.X[0]!.length, ...settings.hidden, data.y[0]!.length];
  const options = [
    `  iterations: ${settings.iterations},`,
    `  optimizer: new ${optimizer}({ alpha: ${settings.alpha} }),`,
    `  loss: ${json(settings.loss)},`,
    ...(settings.batchSize === null ? [] : [`  batchSize: ${settings.batchSize},`]),
    `  progressEvery: ${Math.max(1, Math.ceil(settings.iterations / 10))},`,
    "  onProgress: ({ iteration, loss }) => console.log(`iteration ${iteration}: loss ${loss}`),",
  ];
  return [
    `// Trains what the tinynn playground trains: the "${settings.dataset}" data set, layers [${layers.join(", ")}].`,
    `import { ${imports.join(", ")} } from "tinynn";`,
    "",
    generated ? generatedData(settings) : `// the playground's "${settings.dataset}" data set\nconst X = ${rows(data.X)};\nconst y = ${rows(data.y)};`,
    "",
    "const net = new Network({",
    `  layers: [${layers.join(", ")}],`,
    `  activation: ${json(settings.activation)},`,
    `  outputActivation: ${json(settings.outputActivation)},`,
    `  bias: ${settings.bias},`,
    `  random: seededRandom(${settings.seed}),`,
    "});",
    "",
    "const summary = net.train(X, y, {",
    ...options,
    "});",
    'console.log("final loss " + summary.loss);',
    'console.log("final mean |error| " + summary.meanAbsoluteError);',
    ...(generated ? [] : ["console.log(net.predict(X));"]),
    "",
  ].join("\n");
}

// The blog programs' code: examples/blog/<id>.ts byte for byte (String.raw keeps their backslashes).
const BLOG_EXAMPLES: Readonly<Record<ProgramId, string>> = {
  a_part1_2layer: String.raw`// Part 1, "2 Layer Neural Network": one weight matrix, y = the first input column, seed 1.
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
`,
  b_part1_3layer: String.raw`// Part 1, "3 Layer Neural Network": XOR with a hidden layer of 4, seed 1, error printed every 10000.
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
`,
  c_part1_11line: String.raw`// Part 1, "Just Give Me The Code": the 11-line XOR network. It prints nothing, like the blog's.
// The blog sets no seed; the goldens (test/fixtures/c_part1_11line.json) use np.random.seed(1).
import { Network, numpyRandom } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 60000, alpha: 1, loss: "sse" });
`,
  d_part2_13line: String.raw`// Part 2, "Just Give Me The Code": the 13-line network with alpha = 0.5 and hidden_dim = 4.
// It prints nothing, like the blog's. The blog sets no seed; the goldens
// (test/fixtures/d_part2_13line.json) use np.random.seed(1).
import { Network, numpyRandom } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const [alpha, hiddenDim] = [0.5, 4];
const net = new Network({ layers: [3, hiddenDim, 1], bias: false, random: numpyRandom(1) });
net.train(X, y, { iterations: 60000, alpha, loss: "sse" });
`,
  e_part2_2layer_gd: String.raw`// Part 2, Part 4 "2 Layer Neural Network": gradient descent written with layer_1 - y, seed 1.
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
`,
  f_part2_alpha_sweep: String.raw`// Part 2, "Improvement 1: Adding and Tuning the Alpha Parameter": the same network trained with
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
`,
  g_part2_alpha_sweep_direction_counts: String.raw`// Part 2, "Let's Take a Closer Look": the alpha sweep, counting how often each weight's update
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
`,
  h_part2_hidden32_alpha_sweep: String.raw`// Part 2, "Improvement 2: Parameterizing the Size of the Hidden Layer": the alpha sweep with 32
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
`,
};
