// The playground's data sets: the blog's two 4-row sets, 3-bit parity, and three 2-D sets generated
// from a seed (moons, circles, spirals). Everything is a pure function of the settings, so a URL
// reproduces its data exactly.
//
// Shapes:
//   xor, blogFirst  the blog's X, [4 x 3]: two input bits and a constant 1 (the blog's networks have
//                   no bias, that column is their bias); not planar. With hidden [4], sigmoid, sse,
//                   no bias, alpha 1 and weights from numpyRandom(1), "xor" trains exactly the blog's
//                   program b network (the page draws weights from seededRandom(seed): code.ts).
//   parity3         the 8 rows of 3 bits in counting order, y = their parity; not planar.
//   moons, circles, spirals
//                   `samples` rows of 2 coordinates, planar; row i has class i % 2 (classes
//                   interleave, so any batch is balanced), plus Gaussian noise of standard
//                   deviation `noise` drawn from seededRandom(seed).
// y is [[label]] for one output; with outputActivation "softmax" it is one-hot, [[1 - label, label]]
// (a softmax over one output is always 1).

import { ConfigError, seededRandom, type Random } from "tinynn";
import type { DataSet, DatasetId, Settings } from "./types.js";

/** The data sets, in the order the page lists them. */
export const DATASET_IDS: readonly DatasetId[] = ["xor", "blogFirst", "parity3", "moons", "circles", "spirals"];

/** Bounds of `samples` for the generated sets (2 rows of each class at least). */
export const MIN_SAMPLES = 4;
export const MAX_SAMPLES = 5000;

/** The largest seed: numpyRandom, which the page's networks draw their weights from, takes 32-bit seeds. */
export const MAX_SEED = 2 ** 32 - 1;

const BLOG_X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];

/** Whether a data set is generated from samples, noise and seed (the others are fixed). */
export function isGenerated(id: DatasetId): boolean {
  return id === "moons" || id === "circles" || id === "spirals";
}

/**
 * The data set the settings describe.
 *
 * @param settings - reads dataset, samples, noise and seed (the last three only for the generated
 *   sets, but seed is always checked) and outputActivation (one-hot y for softmax)
 * @returns X, y, whether X is planar, and each row's class label
 * @throws {@link ConfigError} If the data set is unknown, samples is not an integer in
 *   [MIN_SAMPLES, MAX_SAMPLES], noise is not a finite number >= 0, or seed is not an integer in [0, 2^32 - 1]
 *
 * @example
 * makeDataset({ ...settings, dataset: "moons", samples: 100, noise: 0.1, seed: 1 }).X.length; // => 100
 */
export function makeDataset(settings: Settings): DataSet {
  const { dataset, samples, noise, seed } = settings;
  if (!DATASET_IDS.includes(dataset)) {
    throw new ConfigError(`Expected dataset to be one of ${DATASET_IDS.map((d) => `"${d}"`).join(", ")}, got ${JSON.stringify(dataset)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new ConfigError(`Expected seed to be an integer from 0 to ${MAX_SEED}, got ${String(seed)}`);
  }
  if (isGenerated(dataset)) {
    if (!Number.isInteger(samples) || samples < MIN_SAMPLES || samples > MAX_SAMPLES) {
      throw new ConfigError(`Expected samples to be an integer from ${MIN_SAMPLES} to ${MAX_SAMPLES}, got ${String(samples)}`);
    }
    if (typeof noise !== "number" || !Number.isFinite(noise) || noise < 0) {
      throw new ConfigError(`Expected noise to be a finite number >= 0, got ${String(noise)}`);
    }
  }
  let X: number[][];
  let labels: number[];
  switch (dataset) {
    case "xor":
      X = BLOG_X.map((row) => [...row]);
      labels = [0, 1, 1, 0];
      break;
    case "blogFirst":
      X = BLOG_X.map((row) => [...row]);
      labels = [0, 0, 1, 1];
      break;
    case "parity3":
      X = [];
      labels = [];
      for (let i = 0; i < 8; i++) {
        const bits = [(i >> 2) & 1, (i >> 1) & 1, i & 1];
        X.push(bits);
        labels.push((bits[0]! + bits[1]! + bits[2]!) % 2);
      }
      break;
    default:
      ({ X, labels } = generate(dataset, samples, noise, seededRandom(seed)));
  }
  const softmax = settings.outputActivation === "softmax";
  const y = labels.map((label) => (softmax ? [1 - label, label] : [label]));
  return { X, y, planar: X[0]!.length === 2, labels };
}

/**
 * Row i of a generated set: class c = i % 2, k = floor(i / 2) its index among the n_c rows of its
 * class, t = k / n_c (k / (n_c - 1) for moons, whose arcs include both ends), then
 *
 * ```text
 * moons    c = 0: (cos πt, sin πt)           c = 1: (1 - cos πt, 0.5 - sin πt)
 * circles  c = 0: (cos 2πt, sin 2πt)         c = 1: 0.5 (cos 2πt, sin 2πt)
 * spirals  r = 0.05 + 0.95 t, θ = 3πt + cπ:  (r cos θ, r sin θ)
 * ```
 *
 * plus noise · (z1, z2), two standard normals from one Box-Muller pair (two draws per row, drawn
 * even when noise is 0, so the noise changes the points' spread but not which draws they get).
 */
function generate(id: DatasetId, samples: number, noise: number, random: Random): { X: number[][]; labels: number[] } {
  const X: number[][] = [];
  const labels: number[] = [];
  const perClass = [Math.ceil(samples / 2), Math.floor(samples / 2)];
  for (let i = 0; i < samples; i++) {
    const c = i % 2;
    const k = (i - c) / 2;
    const n = perClass[c]!;
    let x0: number;
    let x1: number;
    if (id === "moons") {
      const a = (Math.PI * k) / (n - 1);
      [x0, x1] = c === 0 ? [Math.cos(a), Math.sin(a)] : [1 - Math.cos(a), 0.5 - Math.sin(a)];
    } else if (id === "circles") {
      const a = (2 * Math.PI * k) / n;
      const r = c === 0 ? 1 : 0.5;
      [x0, x1] = [r * Math.cos(a), r * Math.sin(a)];
    } else {
      const t = k / n;
      const r = 0.05 + 0.95 * t;
      const a = 3 * Math.PI * t + c * Math.PI;
      [x0, x1] = [r * Math.cos(a), r * Math.sin(a)];
    }
    // Box-Muller; 1 - u is in (0, 1], so its log is finite
    const u1 = random();
    const u2 = random();
    const radius = Math.sqrt(-2 * Math.log(1 - u1));
    X.push([x0 + noise * radius * Math.cos(2 * Math.PI * u2), x1 + noise * radius * Math.sin(2 * Math.PI * u2)]);
    labels.push(c);
  }
  return { X, labels };
}
