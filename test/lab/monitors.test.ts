import { describe, expect, it } from "vitest";
import { ConfigError, LargestWeight, Network, numpyRandom, trace, UpdateSizes } from "../../src/index.js";
import { XOR_X, XOR_Y } from "./fixtures.js";

describe("LargestWeight and UpdateSizes", () => {
  it("measure the weights and the updates that trace reports", () => {
    const a = new Network({ layers: [3, 4, 1], random: numpyRandom(1) }); // with biases
    const b = new Network({ layers: [3, 4, 1], random: numpyRandom(1) });
    const steps = [0, 1, 2].map(() => trace(a, XOR_X, XOR_Y, { alpha: 10, apply: true }));
    const largest = new LargestWeight();
    const withBiases = new LargestWeight({ includeBiases: true });
    const sizes = new UpdateSizes();
    b.train(XOR_X, XOR_Y, { iterations: 3, alpha: 10, monitors: [largest, withBiases, sizes] });
    expect(b.weights()).toEqual(a.weights());

    const weightsOnly = (rec: Record<string, number[][]>): number[] => ["W0", "W1"].flatMap((k) => rec[k]!.flat());
    const all = (rec: Record<string, number[][]>): number[] => Object.values(rec).flat(2);
    const maxAbs = (v: number[]): number => Math.max(...v.map((x) => Math.abs(x)));
    expect(largest.largest).toBe(maxAbs(b.weights().flat(2)));
    expect(withBiases.largest).toBe(maxAbs(b.parameters().flatMap((p) => Array.from(p.value.data))));
    expect(largest.history.step).toEqual([0, 1, 2]);
    expect(sizes.history.maxAbs).toEqual(steps.map((s) => maxAbs(weightsOnly(s.updates))));
    steps.forEach((s, i) => expect(sizes.history.norm[i]).toBeCloseTo(Math.hypot(...weightsOnly(s.updates)), 14));
    expect(sizes.largest).toBe(Math.max(...sizes.history.maxAbs));
    expect(sizes.lastMaxAbs).toBe(sizes.history.maxAbs[2]);
    expect(Object.keys(largest.byParameter())).toEqual(["W0", "W1"]);
    expect(maxAbs(all(steps[0]!.weights))).toBeLessThanOrEqual(1);
  });

  it("reject bad options", () => {
    expect(() => new LargestWeight({ every: 0 })).toThrow(/every must be an integer >= 1, got 0/);
    expect(() => new UpdateSizes({ includeBiases: "yes" as never })).toThrow(ConfigError);
  });
});
