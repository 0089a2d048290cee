// The playground's "code" panel: the TypeScript that trains what the page trains, ready to paste
// into a project that has tinynn installed. The page builds its run with the same helpers
// (networkFor, optimizerFor, trainOptionsFor), so the code and the page are one code path:
// test/site/code.test.ts runs the generated text with tsx and finds the page's numbers bit for bit.
//
// A blog program's code is its examples/blog/<id>.ts, imported as text (see BLOG_EXAMPLES). A fixed data set (xor, blogFirst, parity3) is written
// inline; a generated one (moons, circles, spirals) as the few lines of datasets.ts that make it,
// so the code stays short for 5000 rows and gives the same bits.

import { Adagrad, Adam, ConfigError, GradientDescent, Momentum, Network, RMSprop, seededRandom, type Optimizer, type TrainOptions } from "tinynn";
import { isGenerated, makeDataset } from "./datasets.js";
import type { DataSet, OptimizerId, ProgramId, Settings } from "./types.js";
import aExample from "../../examples/blog/a_part1_2layer.ts?raw";
import bExample from "../../examples/blog/b_part1_3layer.ts?raw";
import cExample from "../../examples/blog/c_part1_11line.ts?raw";
import dExample from "../../examples/blog/d_part2_13line.ts?raw";
import eExample from "../../examples/blog/e_part2_2layer_gd.ts?raw";
import fExample from "../../examples/blog/f_part2_alpha_sweep.ts?raw";
import gExample from "../../examples/blog/g_part2_alpha_sweep_direction_counts.ts?raw";
import hExample from "../../examples/blog/h_part2_hidden32_alpha_sweep.ts?raw";

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

/** The blog programs' code: examples/blog/<id>.ts, read as text (`?raw`: vite in the tests, build-site.mjs for the page). */
const BLOG_EXAMPLES: Readonly<Record<ProgramId, string>> = {
  a_part1_2layer: aExample,
  b_part1_3layer: bExample,
  c_part1_11line: cExample,
  d_part2_13line: dExample,
  e_part2_2layer_gd: eExample,
  f_part2_alpha_sweep: fExample,
  g_part2_alpha_sweep_direction_counts: gExample,
  h_part2_hidden32_alpha_sweep: hExample,
};
