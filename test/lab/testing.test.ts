import { describe, expect, it } from "vitest";
import { ConfigError, Network, numpyRandom, type Activation } from "../../src/index.js";
import {
  assertClose,
  assertFits,
  assertGradients,
  compareMatrices,
  TinyNNAssertionError,
  tinynnMatchers,
  type TinyNNMatchers,
} from "../../src/testing/index.js";
import { XOR_X, XOR_Y } from "./fixtures.js";

declare module "vitest" {
  interface Assertion<T = any> extends TinyNNMatchers<T> {}
}
expect.extend(tinynnMatchers);

describe("tinynn/testing", () => {
  it("compareMatrices says where and by how much", () => {
    const c = compareMatrices([[1, 2], [3, 4]], [[1, 2], [3, 4.001]], { absolute: 1e-6 });
    expect(c.pass).toBe(false);
    expect(c.mismatches).toBe(1);
    expect(c.worst).toEqual({ row: 1, col: 1, actual: 4, expected: 4.001, difference: expect.closeTo(0.001, 12) });
    expect(c.message).toBe(
      "actual differs from expected at 1 of 4 elements (tolerance 0.000001 + 0 × |expected|); worst at [1][1]: 4 vs 4.001, difference 0.001",
    );
    expect(compareMatrices([[1, 2]], [[1, 2, 3]]).message).toBe("actual has shape [1 x 2] but expected has shape [1 x 3]");
    expect(compareMatrices([[NaN]], [[0]]).pass).toBe(false);
    expect(compareMatrices([[100]], [[101]], { relative: 0.01 }).pass).toBe(true);
    expect(compareMatrices(0.5, [[0.5]]).pass).toBe(true);
    expect(() => compareMatrices([[1]], [[1]], { absolute: -1 })).toThrow(ConfigError);
  });

  it("assertClose throws an AssertionError that names the matrix", () => {
    expect(() => assertClose([[1]], [[1 + 1e-12]])).not.toThrow();
    try {
      assertClose([[0, 1], [2, 3]], [[0, 1], [2.5, 3]], { name: "syn0" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TinyNNAssertionError);
      expect((e as Error).name).toBe("AssertionError");
      expect((e as Error).message).toContain("syn0 differs from expected at 1 of 4 elements");
      expect((e as Error).message).toContain("worst at [1][0]: 2 vs 2.5, difference 0.5");
    }
  });

  it("assertFits passes for a trained network and names the worst sample otherwise", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    expect(() => assertFits(net, XOR_X, XOR_Y)).toThrow(/does not fit the data within 0.1: .* Sample \d \(output 0\) is/);
    net.train(XOR_X, XOR_Y, { iterations: 60000 });
    expect(() => assertFits(net, XOR_X, XOR_Y, { tolerance: 0.004 })).not.toThrow(); // worst 0.0039
    expect(() => assertFits(net, XOR_X, XOR_Y, { tolerance: 0.003 })).toThrow(/Sample 3 \(output 0\) is 0.00386/);
  });

  it("assertGradients catches a student's wrong derivative", () => {
    const studentSigmoid: Activation = { name: "studentSigmoid", apply: (x) => 1 / (1 + Math.exp(-x)), derivative: (_x, y) => y * (1 - y) };
    const buggy: Activation = { ...studentSigmoid, name: "buggy", derivative: (_x, y) => y }; // forgot (1 - y)
    const X = [[0.1, 0.7], [0.9, -0.3], [-0.5, 0.4]];
    const y = [[1], [0], [1]];
    const good = assertGradients(new Network({ layers: [2, 3, 1], activation: studentSigmoid, seed: 1 }), X, y);
    expect(good.maxRelativeError).toBeLessThan(1e-6);
    expect(() => assertGradients(new Network({ layers: [2, 3, 1], activation: buggy, seed: 1 }), X, y)).toThrow(
      /^Gradient of [Wb][01]\[\d\]\[\d\] is wrong: backprop .*, finite differences .*, relative error .* > tolerance 0.00001$/,
    );
  });

  it("plugs into expect", () => {
    expect([[1, 2]]).toBeCloseToMatrix([[1, 2 + 1e-10]]);
    expect([[1, 2]]).not.toBeCloseToMatrix([[1, 3]]);
    expect(() => expect([[1, 2]]).toBeCloseToMatrix([[1, 3]], 0.5)).toThrow(/worst at \[0\]\[1\]: 2 vs 3, difference 1/);
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    net.train(XOR_X, XOR_Y, { iterations: 60000 });
    expect(net).toFit(XOR_X, XOR_Y, 0.01);
    expect(net).not.toFit(XOR_X, XOR_Y, 0.001);
    const r = tinynnMatchers.toBeCloseToMatrix([[1]], [[2]], 0.1);
    expect(r.pass).toBe(false);
    expect(r.message()).toContain("received differs from expected");
  });
});
