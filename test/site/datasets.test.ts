// The playground's data sets: shapes, the blog's exact rows, determinism from the seed, balance,
// exact generated values for one seed, and the typed errors for bad settings.
import { ConfigError } from "tinynn";
import { describe, expect, it } from "vitest";
import { DATASET_IDS, makeDataset } from "../../site/src/datasets.js";
import type { DatasetId, Settings } from "../../site/src/types.js";

const base: Settings = {
  program: null,
  dataset: "xor",
  samples: 200,
  noise: 0.1,
  seed: 1,
  hidden: [4],
  activation: "sigmoid",
  outputActivation: "sigmoid",
  loss: "sse",
  bias: false,
  optimizer: "gradientDescent",
  alpha: 1,
  batchSize: null,
  iterations: 1000,
};
const make = (dataset: DatasetId, more: Partial<Settings> = {}) => makeDataset({ ...base, dataset, ...more });
const GENERATED: DatasetId[] = ["moons", "circles", "spirals"];

describe("makeDataset", () => {
  it("gives the blog's X and y for xor and blogFirst, with the bias column", () => {
    const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
    expect(make("xor")).toEqual({ X, y: [[0], [1], [1], [0]], planar: false, labels: [0, 1, 1, 0] });
    expect(make("blogFirst")).toEqual({ X, y: [[0], [0], [1], [1]], planar: false, labels: [0, 0, 1, 1] });
  });

  it("gives all 8 rows of 3 bits with their parity for parity3", () => {
    const d = make("parity3");
    expect(d.X).toEqual([[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]]);
    expect(d.y).toEqual([[0], [1], [1], [0], [1], [0], [0], [1]]);
    expect(d.planar).toBe(false);
  });

  for (const id of GENERATED) {
    it(`${id}: samples rows of 2 finite columns, balanced interleaved labels, y = [[label]]`, () => {
      for (const samples of [4, 7, 200]) {
        const d = make(id, { samples });
        expect(d.X.length).toBe(samples);
        expect(d.planar).toBe(true);
        for (const row of d.X) {
          expect(row.length).toBe(2);
          for (const v of row) expect(Number.isFinite(v)).toBe(true);
        }
        expect(d.labels).toEqual(Array.from({ length: samples }, (_, i) => i % 2));
        expect(d.y).toEqual(d.labels.map((l) => [l]));
        const ones = d.labels.filter((l) => l === 1).length;
        expect(Math.abs(samples - 2 * ones)).toBeLessThanOrEqual(1);
      }
    });

    it(`${id}: deterministic from the seed, different for another seed, unchanged by the settings it does not read`, () => {
      const a = make(id);
      expect(make(id, { hidden: [8, 8], alpha: 0.1, iterations: 5 })).toEqual(a);
      expect(make(id, { seed: 2 }).X).not.toEqual(a.X);
      // noise 0: the points lie exactly on their curves, whatever the seed
      expect(make(id, { noise: 0, seed: 1 }).X).toEqual(make(id, { noise: 0, seed: 7 }).X);
    });
  }

  it("noise 0 puts moons and circles on their curves", () => {
    const moons = make("moons", { noise: 0, samples: 10 });
    moons.X.forEach(([a, b], i) => {
      const [cx, cy] = i % 2 === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(a! - cx, b! - cy)).toBeCloseTo(1, 12);
    });
    const circles = make("circles", { noise: 0, samples: 10 });
    circles.X.forEach(([a, b], i) => expect(Math.hypot(a!, b!)).toBeCloseTo(i % 2 === 0 ? 1 : 0.5, 12));
  });

  it("gives exact values for seed 1 (seededRandom's stream, Box-Muller)", () => {
    const at = { samples: 6, noise: 0.1, seed: 1 };
    expect(make("moons", at).X).toEqual([
      [0.9273937012197127, 0.03174028844866373],
      [0.002353913954386642, 0.7035590828525228],
      [-0.1250703650949101, 0.9852739824237802],
      [1.0413866869994828, -0.33920333442959605],
      [-0.8948767835791833, 0.003092052279952925],
      [2.0468234754021126, 0.48186186427813044],
    ]);
    expect(make("circles", at).X).toEqual([
      [0.9273937012197127, 0.03174028844866373],
      [0.5023539139543867, 0.20355908285252278],
      [-0.6250703650949099, 0.8512993862082189],
      [-0.20861331300051708, 0.5938093674626232],
      [-0.39487678357918377, -0.8629333515044857],
      [-0.20317652459788751, -0.4511508376140887],
    ]);
    expect(make("spirals", at).X).toEqual([
      [-0.02260629878028729, 0.03174028844866373],
      [-0.04764608604561336, 0.20355908285252278],
      [-0.4917370317615768, -0.014726017576219757],
      [0.4080533536661495, 0.16079666557040384],
      [0.78845654975415, 0.0030920522799526354],
      [-0.6365098579312206, -0.018138135721869193],
    ]);
  });

  it("gives one-hot y for a softmax output", () => {
    expect(make("xor", { outputActivation: "softmax" }).y).toEqual([[1, 0], [0, 1], [0, 1], [1, 0]]);
    const d = make("spirals", { outputActivation: "softmax", samples: 5 });
    expect(d.y).toEqual(d.labels.map((l) => [1 - l, l]));
  });

  it("lists every data set", () => {
    expect([...DATASET_IDS].sort()).toEqual(["blogFirst", "circles", "moons", "parity3", "spirals", "xor"]);
  });

  it("refuses bad settings with a ConfigError that names the setting", () => {
    const bad: [DatasetId, Partial<Settings>, RegExp][] = [
      ["moons", { samples: 3 }, /samples/],
      ["moons", { samples: 10.5 }, /samples/],
      ["circles", { samples: 1e6 }, /samples/],
      ["spirals", { noise: -0.1 }, /noise/],
      ["spirals", { noise: Number.NaN }, /noise/],
      ["xor", { seed: -1 }, /seed/],
      ["moons", { seed: 1.5 }, /seed/],
      ["nope" as DatasetId, {}, /dataset/],
    ];
    for (const [id, more, message] of bad) {
      expect(() => make(id, more)).toThrow(ConfigError);
      expect(() => make(id, more)).toThrow(message);
    }
    // the fixed sets ignore samples and noise
    expect(() => make("xor", { samples: 0, noise: -1 })).not.toThrow();
  });
});
