// Built-in names as types: a misspelled activation, loss or initializer does not compile, and an
// editor completes the names. Proven by `npx tsc --noEmit -p .`: each @ts-expect-error below must
// meet an error (an unneeded one is itself an error), and every other line must compile. At run
// time the same misspelled calls still throw the ConfigError that lists the valid names, for
// JavaScript callers and `as any`.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  activations,
  checkGradients,
  ConfigError,
  Dense,
  errorSurface,
  initializers,
  losses,
  Network,
  numpyRandom,
  trace,
  type Activation,
  type ActivationName,
  type DenseOptions,
  type ErrorSurfaceOptions,
  type GradientCheckOptions,
  type Initializer,
  type InitializerName,
  type Loss,
  type LossName,
  type NetworkOptions,
  type TraceOptions,
  type TrainOptions,
  type WorkerTrainOptions,
} from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const net = () => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
const axes = { x: { parameter: "W0", from: -1, to: 1, steps: 2 }, y: { parameter: "W1", from: -1, to: 1, steps: 2 } };

describe("built-in names as types", () => {
  it("are the keys of the registries, so a new built-in joins them by itself", () => {
    expectTypeOf<ActivationName>().toEqualTypeOf<keyof typeof activations>();
    expectTypeOf<LossName>().toEqualTypeOf<keyof typeof losses>();
    expectTypeOf<InitializerName>().toEqualTypeOf<keyof typeof initializers>();
    // literal names, not widened to string
    expectTypeOf<string>().not.toExtend<ActivationName>();
    expectTypeOf<string>().not.toExtend<LossName>();
    expectTypeOf<string>().not.toExtend<InitializerName>();
    expectTypeOf<"sigmoid" | "tanh" | "relu" | "leakyRelu" | "identity">().toExtend<ActivationName>();
    expectTypeOf<"sse" | "mse" | "crossEntropy">().toExtend<LossName>();
    expectTypeOf<"uniform" | "xavierUniform" | "xavierNormal" | "heUniform" | "heNormal">().toExtend<InitializerName>();
    // the registries still hold Activation, Loss and Initializer objects under those names
    expectTypeOf(activations.sigmoid).toEqualTypeOf<Activation>();
    expectTypeOf(losses.sse).toEqualTypeOf<Loss>();
    expectTypeOf(initializers.heNormal).toEqualTypeOf<Initializer>();
  });

  it("type every option that takes a name, with your own object still accepted", () => {
    expectTypeOf<NonNullable<NetworkOptions["activation"]>>().toEqualTypeOf<ActivationName | Activation>();
    expectTypeOf<NonNullable<NetworkOptions["outputActivation"]>>().toEqualTypeOf<ActivationName | "softmax" | Activation>();
    expectTypeOf<NonNullable<NetworkOptions["initializer"]>>().toEqualTypeOf<InitializerName | Initializer>();
    expectTypeOf<NonNullable<DenseOptions["activation"]>>().toEqualTypeOf<ActivationName | Activation>();
    expectTypeOf<NonNullable<DenseOptions["initializer"]>>().toEqualTypeOf<InitializerName | Initializer>();
    expectTypeOf<NonNullable<TrainOptions["loss"]>>().toEqualTypeOf<LossName | Loss>();
    expectTypeOf<NonNullable<WorkerTrainOptions["loss"]>>().toEqualTypeOf<LossName | Loss>();
    expectTypeOf<NonNullable<GradientCheckOptions["loss"]>>().toEqualTypeOf<LossName | Loss>();
    expectTypeOf<NonNullable<ErrorSurfaceOptions["loss"]>>().toEqualTypeOf<LossName | Loss>();
    expectTypeOf<NonNullable<TraceOptions["loss"]>>().toEqualTypeOf<LossName | Loss>();
    expectTypeOf<Parameters<Network["evaluate"]>[2]>().toEqualTypeOf<LossName | Loss | undefined>();
  });

  it("accept every built-in name and your own objects", () => {
    const softsign: Activation = { name: "softsign", apply: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / (1 + Math.abs(x)) ** 2 };
    for (const activation of Object.keys(activations) as ActivationName[]) {
      expect(new Network({ layers: [3, 2, 2], activation, outputActivation: "softmax", seed: 1 }).predict(X)).toHaveLength(4);
    }
    for (const initializer of Object.keys(initializers) as InitializerName[]) {
      expect(new Dense({ inputSize: 3, outputSize: 1, activation: "relu", initializer }).outputSize).toBe(1);
    }
    const n = new Network({ layers: [3, 4, 1], activation: softsign, outputActivation: "sigmoid", initializer: "xavierUniform", seed: 1 });
    expect(n.evaluate(X, y, "mse").loss).toBeGreaterThan(0);
    expect(n.evaluate(X, y, losses.sse).loss).toBeGreaterThan(0);
    expect(n.train(X, y, { iterations: 2, loss: "sse" }).iterations).toBe(2);
    expect(checkGradients(n, X, y, { loss: "mse" }).maxRelativeError).toBeLessThan(1e-6);
    expect(trace(n, X, y, { loss: "sse" }).loss).toBeGreaterThan(0);
  });

  it("refuse a misspelled name at compile time, and JavaScript's at run time with the valid names", () => {
    const anyString: string = "sigmoid";
    const misspelled: [string, () => unknown, RegExp][] = [
      // @ts-expect-error "sigmod" is not an ActivationName
      ["activation", () => new Network({ layers: [3, 4, 1], activation: "sigmod" }), /Unknown activation "sigmod"; known activations: sigmoid, tanh, relu, leakyRelu, identity/],
      // @ts-expect-error softmax is row-wise: only outputActivation takes it
      ["hidden softmax", () => new Network({ layers: [2, 3, 2], activation: "softmax" }), /pass outputActivation: "softmax"/],
      // @ts-expect-error "softmaxx" is neither an ActivationName nor "softmax"
      ["outputActivation", () => new Network({ layers: [3, 2], outputActivation: "softmaxx" }), /Unknown outputActivation "softmaxx"; known activations: .*, softmax/],
      // @ts-expect-error "glorot" is not an InitializerName
      ["Network initializer", () => new Network({ layers: [3, 1], initializer: "glorot" }), /Unknown initializer "glorot"; known initializers: uniform, xavierUniform/],
      // @ts-expect-error "sigmod" is not an ActivationName
      ["Dense activation", () => new Dense({ inputSize: 3, outputSize: 1, activation: "sigmod" }), /Unknown activation "sigmod"/],
      // @ts-expect-error "heNormall" is not an InitializerName
      ["Dense initializer", () => new Dense({ inputSize: 3, outputSize: 1, initializer: "heNormall" }), /Unknown initializer "heNormall"/],
      // @ts-expect-error "mes" is not a LossName
      ["train loss", () => net().train(X, y, { iterations: 1, loss: "mes" }), /Unknown loss "mes"; known losses: sse, mse, crossEntropy/],
      // @ts-expect-error "mes" is not a LossName
      ["evaluate loss", () => net().evaluate(X, y, "mes"), /Unknown loss "mes"/],
      // @ts-expect-error "mes" is not a LossName
      ["checkGradients loss", () => checkGradients(net(), X, y, { loss: "mes" }), /Unknown loss "mes"/],
      // @ts-expect-error "mes" is not a LossName
      ["errorSurface loss", () => errorSurface(net(), X, y, { ...axes, loss: "mes" }), /Unknown loss "mes"/],
      // @ts-expect-error "mes" is not a LossName
      ["trace loss", () => trace(net(), X, y, { loss: "mes" }), /Unknown loss "mes"/],
      // @ts-expect-error a string variable could hold any name: give it the type ActivationName
      ["a string variable", () => new Network({ layers: [3, 1], activation: anyString.toUpperCase() }), /Unknown activation "SIGMOID"/],
    ];
    for (const [what, call, message] of misspelled) {
      expect(call, what).toThrow(ConfigError);
      expect(call, what).toThrow(message);
    }
  });
});
