// The playground's settings: every setting survives a trip through the URL, and a link with unknown
// or bad values opens the page with the defaults and a note, never an exception.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACTIVATION_NAMES,
  DATASET_IDS,
  DEFAULTS,
  defaultSettings,
  LOSS_NAMES,
  OPTIMIZER_IDS,
  OUTPUT_ACTIVATION_NAMES,
  PROGRAM_IDS,
  parseHidden,
  readSettings,
  settingsFromUrl,
  urlFor,
} from "../../site/src/settings.js";
import type { Settings } from "../../site/src/types.js";

const settingsArb: fc.Arbitrary<Settings> = fc.record({
  program: fc.option(fc.constantFrom(...PROGRAM_IDS), { nil: null }),
  dataset: fc.constantFrom(...DATASET_IDS),
  samples: fc.integer({ min: 4, max: 2000 }),
  noise: fc.double({ min: 0, max: 1, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  hidden: fc.array(fc.integer({ min: 1, max: 128 }), { maxLength: 6 }),
  activation: fc.constantFrom(...ACTIVATION_NAMES),
  outputActivation: fc.constantFrom(...OUTPUT_ACTIVATION_NAMES),
  loss: fc.constantFrom(...LOSS_NAMES),
  bias: fc.boolean(),
  optimizer: fc.constantFrom(...OPTIMIZER_IDS),
  alpha: fc.double({ min: 1e-6, max: 1e4, noNaN: true }),
  batchSize: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
  iterations: fc.integer({ min: 1, max: 1_000_000 }),
});

describe("settings in the URL", () => {
  it("an empty query gives the defaults, no autorun and no notes", () => {
    expect(readSettings("")).toEqual({ settings: defaultSettings(), autorun: false, notes: [] });
    expect(settingsFromUrl("?")).toEqual(DEFAULTS);
  });

  it("round-trips every setting (property)", () => {
    fc.assert(
      fc.property(settingsArb, fc.boolean(), (settings, autorun) => {
        const read = readSettings(urlFor(settings, { autorun }));
        expect(read.notes).toEqual([]);
        expect(read.settings).toEqual(settings);
        expect(read.autorun).toBe(autorun);
      }),
    );
  });

  it("the issue's link runs program b on load", () => {
    const read = readSettings("?program=b_part1_3layer&autorun=1");
    expect(read.settings).toEqual({ ...DEFAULTS, program: "b_part1_3layer" });
    expect(read.autorun).toBe(true);
    expect(read.notes).toEqual([]);
  });

  it("writes the defaults readably, commas unescaped", () => {
    expect(urlFor({ ...defaultSettings(), hidden: [8, 8] })).toBe(
      "?program=none&dataset=xor&samples=200&noise=0.1&seed=1&hidden=8,8&activation=sigmoid&output=sigmoid&loss=sse&bias=1&optimizer=gradientDescent&alpha=1&batch=full&iterations=10000",
    );
  });

  it("bad values become defaults, each with a note naming the value", () => {
    const read = readSettings(
      "?program=z_nope&dataset=mnist&samples=3&noise=-1&seed=1.5&hidden=8,x&activation=sigmod&output=softmaxx&loss=mes&bias=maybe&optimizer=sgd&alpha=-1&batch=0&iterations=1e9&autorun=yes&colour=red",
    );
    expect(read.settings).toEqual(DEFAULTS);
    expect(read.autorun).toBe(false);
    expect(read.notes).toHaveLength(16);
    expect(read.notes[0]).toMatch(/^program "z_nope" is not one of none, a_part1_2layer/);
    expect(read.notes.join("\n")).toContain('alpha "-1" is not in [0.000001, 10000]: using 1');
    expect(read.notes.join("\n")).toContain('unknown setting "colour" ignored');
  });

  it("never throws on any query (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.constantFrom("program", "hidden", "alpha", "batch", "seed", "x"), fc.string()), (raw, dict) => {
        expect(() => readSettings(raw)).not.toThrow();
        const read = readSettings(new URLSearchParams(dict));
        expect(() => urlFor(read.settings)).not.toThrow();
        expect(readSettings(urlFor(read.settings)).settings).toEqual(read.settings);
      }),
    );
  });

  it("reads the form's pairs like the URL, batch 'full' is the full batch", () => {
    const read = readSettings([
      ["program", "none"],
      ["hidden", " 8 8 "],
      ["batch", "full"],
      ["alpha", "0.5"],
    ]);
    expect(read.settings).toEqual({ ...DEFAULTS, hidden: [8, 8], alpha: 0.5 });
    expect(read.notes).toEqual([]);
  });

  it("parses hidden sizes", () => {
    expect(parseHidden("4")).toEqual([4]);
    expect(parseHidden("8,8")).toEqual([8, 8]);
    expect(parseHidden("")).toEqual([]);
    expect(parseHidden("0")).toMatch(/not sizes/);
    expect(parseHidden("1,2,3,4,5,6,7")).toMatch(/7 layers/);
  });
});
