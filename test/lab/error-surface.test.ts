import { describe, expect, it } from "vitest";
import { ConfigError, errorSurface, Network, numpyRandom } from "../../src/index.js";
import { fixture, XOR_X, XOR_Y } from "./fixtures.js";

// Part 2's "2 Layer Neural Network" (program e): the network of the blog's error plane.
const X = [[0, 1], [0, 1], [1, 0], [1, 0]];
const Y = [[0], [0], [1], [1]];
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe("errorSurface", () => {
  it("equals direct evaluation of the blog's 2-weight network over [-10, 10]²", () => {
    const net = new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
    const golden = fixture("e_part2_2layer_gd.json");
    const w0 = net.weights();
    expect(w0[0]).toEqual(Object.values<number[][]>(golden.runs[0].initial_weights)[0]);
    const s = errorSurface(net, X, Y, { x: { parameter: "W0", row: 0 }, y: { parameter: "W0", row: 1 }, metric: "meanAbsoluteError" });
    expect(s.xs).toHaveLength(41);
    expect(s.xs[0]).toBe(-10);
    expect(s.xs[40]).toBe(10);
    expect(s.xs[20]).toBe(0);
    let worst = 0;
    s.ys.forEach((b, j) =>
      s.xs.forEach((a, i) => {
        // mean |sigmoid(x W) - y| by hand
        const direct = X.reduce((acc, x, k) => acc + Math.abs(sigmoid(x[0]! * a + x[1]! * b) - Y[k]![0]!), 0) / 4;
        worst = Math.max(worst, Math.abs(s.values[j]![i]! - direct));
      }),
    );
    expect(worst).toBeLessThanOrEqual(1e-16);
    // the blog: "the error is minimized when x (the first synapse_0 weight) is high" (and the second low)
    expect(s.min.x).toBe(10);
    expect(s.min.y).toBe(-10);
    expect(s.min.value).toBeCloseTo(sigmoid(-10), 15);
    expect(s.current.x).toBe(w0[0]![0]![0]);
    expect(s.current.y).toBe(w0[0]![1]![0]);
    expect(s.xLabel).toBe("W0[0][0]");
    expect(net.weights()).toEqual(w0);
  });

  it("equals evaluate() with the two weights set, for a hidden-layer network and the sse loss", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    net.train(XOR_X, XOR_Y, { iterations: 1000 });
    const s = errorSurface(net, XOR_X, XOR_Y, {
      x: { parameter: "W1", row: 0, from: -5, to: 5, steps: 7 },
      y: { parameter: "W1", row: 2, from: -3, to: 6, steps: 4 },
    });
    expect(s.values).toHaveLength(4);
    expect(s.values[0]).toHaveLength(7);
    const W1 = net.parameters()[1]!.value;
    const saved = [W1.get(0, 0), W1.get(2, 0)];
    for (const [j, b] of s.ys.entries()) {
      for (const [i, a] of s.xs.entries()) {
        W1.set(0, 0, a);
        W1.set(2, 0, b);
        expect(s.values[j]![i]).toBe(net.evaluate(XOR_X, XOR_Y).loss);
      }
    }
    W1.set(0, 0, saved[0]!);
    W1.set(2, 0, saved[1]!);
    expect(s.current.value).toBe(net.evaluate(XOR_X, XOR_Y).loss);
  });

  it("names the bad argument", () => {
    const net = new Network({ layers: [2, 1], bias: false, seed: 1 });
    expect(() => errorSurface(net, X, Y, { x: { parameter: "W9" }, y: { parameter: "W0", row: 1 } })).toThrow(/x.parameter must be one of W0, got "W9"/);
    expect(() => errorSurface(net, X, Y, { x: { parameter: "W0" }, y: { parameter: "W0", row: 2 } })).toThrow(/y.row must be an integer in \[0, 1\]/);
    expect(() => errorSurface(net, X, Y, { x: { parameter: "W0" }, y: { parameter: "W0" } })).toThrow(ConfigError);
    expect(() => errorSurface(net, X, Y, { x: { parameter: "W0", steps: 1 }, y: { parameter: "W0", row: 1 } })).toThrow(/x.steps must be an integer >= 2/);
  });
});
