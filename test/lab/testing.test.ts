import { describe, expect, it } from "vitest";
import { ConfigError, Dense, Network, numpyRandom, type Activation } from "../../src/index.js";
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

  it("assertGradients gives the results of its TSDoc example", () => {
    const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
    const y = [[0], [1], [1], [0]];
    const studentTanh: Activation = { name: "studentTanh", apply: Math.tanh, derivative: (_x, out) => 1 - out * out };
    const net = new Network({ layers: [3, 4, 1], activation: studentTanh, outputActivation: "sigmoid", seed: 1 });
    expect(assertGradients(net, X, y).maxRelativeError).toBe(1.512140626902677e-8);
    const buggyTanh: Activation = { ...studentTanh, derivative: (_x, out) => 1 - out };
    const buggy = new Network({ layers: [3, 4, 1], activation: buggyTanh, outputActivation: "sigmoid", seed: 1 });
    expect(() => assertGradients(buggy, X, y)).toThrow(TinyNNAssertionError);
    expect(() => assertGradients(buggy, X, y)).toThrow(
      /^Gradient of W0\[1\]\[0\] is wrong: backprop 0.0107808369837, finite differences -0.0487151989303, relative error 1.22e\+0 > tolerance 0.00001$/,
    );
  });

  it("assertGradients' message says when entries at a kink were left out", () => {
    // a relu layer with zero biases and a sample of zeros: its 4 biases sit at relu's kink; the output
    // layer's derivative is off by 1% on top
    const off: Activation = { name: "identity×1.01", apply: (x) => x, derivative: () => 1.01 };
    const net = new Network({
      layers: [new Dense({ inputSize: 3, outputSize: 4, activation: "relu", initializer: "heNormal" }), new Dense({ inputSize: 4, outputSize: 1, activation: off })],
      random: numpyRandom(3),
    });
    const X = [[0, 0, 0], [0.3, -1.2, 0.8], [1.5, 0.4, -0.7], [-0.9, 0.6, 1.1]];
    const y = [[1], [0.5], [-0.5], [0.2]];
    expect(() => assertGradients(net, X, y)).toThrow(/^Gradient of .* relative error 9.9\de-3 > tolerance 0.00001; 4 of 21 entries sit at a kink of the loss and were not compared$/);
  });

  it("assertGradients takes checkGradients' options and refuses bad ones naming them", () => {
    const net = new Network({ layers: [2, 3, 1], seed: 1 });
    const X = [[0.1, 0.7], [0.9, -0.3]];
    const y = [[1], [0]];
    // relativeFloor: 0 is the former measure; a floor of 1 makes every gradient here an absolute difference
    expect(assertGradients(net, X, y, { relativeFloor: 0 }).floor).toBe(1e-8);
    expect(assertGradients(net, X, y, { floor: 1 }).floor).toBe(1);
    expect(() => assertGradients(net, X, y, { relativeFloor: -0.1 })).toThrow(ConfigError);
    expect(() => assertGradients(net, X, y, { relativeFloor: -0.1 })).toThrow(/^relativeFloor must be a finite number >= 0, got -0.1$/);
    expect(() => assertGradients(net, X, y, { tolerance: Number.NaN })).toThrow(/^tolerance must be a finite number >= 0, got NaN$/);
    expect(() => assertGradients(net, X, y, { relativefloor: 0 } as never)).toThrow(
      /^Unknown assertGradients option "relativefloor"; known options: tolerance, loss, epsilon, floor, relativeFloor$/,
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
