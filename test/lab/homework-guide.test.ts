// The code of docs/testing-homework.md, run as a test: a teacher's checks of a student's activation.
import { describe, expect, it } from "vitest";
import { Network, type Activation } from "../../src/index.js";
import { assertClose, assertGradients, TinyNNAssertionError, tinynnMatchers } from "../../src/testing/index.js";

expect.extend(tinynnMatchers);

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const buggyTanh: Activation = { name: "studentTanh", apply: Math.tanh, derivative: (_x, out) => 1 - out }; // the guide's bug
const studentTanh: Activation = { name: "studentTanh", apply: Math.tanh, derivative: (_x, out) => 1 - out * out };
const netWith = (activation: Activation): Network => new Network({ layers: [3, 4, 1], activation, outputActivation: "sigmoid", seed: 1 });

describe("docs/testing-homework.md", () => {
  it("fails the buggy derivative with the message the guide shows", () => {
    let message = "";
    try {
      assertGradients(netWith(buggyTanh), X, y);
    } catch (e) {
      expect(e).toBeInstanceOf(TinyNNAssertionError);
      message = (e as Error).message;
    }
    expect(message).toBe(GUIDE_MESSAGE);
  });

  it("passes the correct derivative, and the network learns XOR", () => {
    expect(assertGradients(netWith(studentTanh), X, y).maxRelativeError).toBeLessThan(1e-6);
    const net = netWith(studentTanh);
    net.train(X, y, { iterations: 5000, alpha: 0.5 });
    expect(net).toFit(X, y, 0.1);
  });

  it("shows assertClose's message", () => {
    expect(() => assertClose([[0.0097], [0.0079], [0.9836], [0.9921]], [[0.0097], [0.0079], [0.9936], [0.9921]], { absolute: 1e-4, name: "l1" })).toThrow(
      "l1 differs from expected at 1 of 4 elements (tolerance 0.0001 + 0 × |expected|); worst at [2][0]: 0.9836 vs 0.9936, difference 0.01",
    );
  });
});

const GUIDE_MESSAGE =
  "Gradient of W0[1][0] is wrong: backprop 0.0107808369837, finite differences -0.0487151989303, relative error 1.22e+0 > tolerance 0.00001";
