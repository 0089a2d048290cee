// numpyRandom against numpy's legacy stream (rng.json) and the blog's initial weights (init.json).
import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { ConfigError, Network, numpyRandom, seededRandom } from "tinynn";
import { fillRandom } from "../src/random.js";
import { fixture } from "./golden.js";

interface RngSeed {
  seed: number;
  random20_hex: string[];
}
const rng = fixture<{ seeds: RngSeed[] }>("rng");

const hexToFloat = (hex: string): number => {
  // Python float.hex(): [-]0x1.<13 hex digits>p<exp>
  const m = /^(-)?0x([01])\.([0-9a-f]+)p([-+]\d+)$/.exec(hex);
  if (!m) throw new Error(`bad hex ${hex}`);
  const mant = parseInt(m[2]! + m[3]!, 16) / 16 ** m[3]!.length;
  return (m[1] ? -1 : 1) * mant * 2 ** Number(m[4]);
};

describe("numpyRandom", () => {
  const seeds = rng.seeds;
  it("has reference seeds to check", () => expect(seeds.length).toBeGreaterThanOrEqual(6));
  for (const s of seeds) {
    it(`seed ${s.seed}: first 20 doubles bit for bit`, () => {
      const r = numpyRandom(s.seed);
      expect(Array.from({ length: 20 }, r)).toEqual(s.random20_hex.map(hexToFloat));
    });
  }
  it("rejects seeds numpy rejects", () => {
    expect(() => numpyRandom(-1)).toThrow(ConfigError);
    expect(() => numpyRandom(2 ** 32)).toThrow(/\[0, 4294967295\]/);
    expect(() => numpyRandom(1.5)).toThrow(/seed must be an integer/);
  });
});

describe("the blog's weight initialisation", () => {
  interface InitCase {
    np_random_seed: number;
    calls_in_order: { shape: [number, number]; weights: number[][] }[];
  }
  const init = fixture<{ cases: InitCase[] }>("init");
  for (const c of init.cases) {
    const shapes = c.calls_in_order.map((call) => call.shape);
    it(`seed ${c.np_random_seed}: ${shapes.map((s) => `(${s.join(",")})`).join(" + ")}`, () => {
      const sizes = [shapes[0]![0], ...shapes.map((s) => s[1])];
      const net = new Network({ layers: sizes, bias: false, random: numpyRandom(c.np_random_seed) });
      expect(net.weights()).toEqual(c.calls_in_order.map((call) => call.weights));
    });
  }
});

describe("seededRandom", () => {
  it("is reproducible and in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 100 }, a);
    expect(xs).toEqual(Array.from({ length: 100 }, b));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });
});

describe("random state", () => {
  for (const [name, make] of [
    ["numpyRandom", () => numpyRandom(5)],
    ["seededRandom", () => seededRandom(5)],
  ] as const) {
    it(`${name}: getState / setState continue the stream exactly, across the 624-word twist too`, () => {
      const r = make();
      for (let i = 0; i < 700; i++) r();
      const state = JSON.parse(JSON.stringify(r.getState!()));
      const next = Array.from({ length: 1000 }, r);
      r.setState!(state);
      expect(Array.from({ length: 1000 }, r)).toEqual(next);
      // another source of the same kind continues it too
      const other = make();
      other.setState!(state);
      expect(Array.from({ length: 1000 }, other)).toEqual(next);
    });
  }

  it("a state of the wrong kind or shape is refused with a ConfigError that says what a state is", () => {
    const mt = numpyRandom(1);
    const arc4 = seededRandom(1);
    expect(() => mt.setState!(arc4.getState!())).toThrow(/mt19937/);
    expect(() => arc4.setState!(mt.getState!())).toThrow(/arc4/);
    const bad = { ...mt.getState!(), pos: 625 };
    expect(() => mt.setState!(bad)).toThrow(ConfigError);
    expect(() => arc4.setState!({ type: "arc4", i: 0, j: 0, S: [1, 2] })).toThrow(ConfigError);
    // the stream is unchanged by a refused state
    const fresh = numpyRandom(1);
    expect(mt()).toBe(fresh());
  });
});

describe("seededRandom is seedrandom's stream", () => {
  for (const seed of [1, 42, "hello", 3.5, 0]) {
    it(`seed ${JSON.stringify(seed)}: 100,000 draws one at a time and 5,000 in bulk equal seedrandom's`, () => {
      const reference = seedrandom(String(seed));
      const ours = seededRandom(seed);
      const expected = Array.from({ length: 100000 }, () => reference());
      expect(Array.from({ length: 100000 }, () => ours())).toEqual(expected);
      const bulk = new Float64Array(5000);
      fillRandom(ours, bulk, 5000);
      expect(Array.from(bulk)).toEqual(Array.from({ length: 5000 }, () => reference()));
    });
  }

  it("bulk draws of numpyRandom and of a plain function continue the same stream as single draws", () => {
    const a = numpyRandom(9);
    const b = numpyRandom(9);
    const bulk = new Float64Array(1000);
    fillRandom(a, bulk, 1000);
    expect(Array.from(bulk)).toEqual(Array.from({ length: 1000 }, () => b()));
    let k = 0;
    const plain = () => (k++ % 7) / 7;
    fillRandom(plain, bulk, 10);
    expect(Array.from(bulk.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 1, 2].map((v) => v / 7));
  });
});
