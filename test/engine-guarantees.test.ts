// What the engine guarantees beyond the numbers: a train or trace called from inside training
// leaves the outer run alone; a subclass's optimizer hook is honoured; hostile inputs and layers
// get typed errors; nothing of the caller's is kept after a call returns.
import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import {
  asNdarray,
  checkGradients,
  ConfigError,
  DataError,
  Dense,
  exponentialDecay,
  GradientDescent,
  Momentum,
  Network,
  numpyRandom,
  seededRandom,
  ShapeError,
  trace,
  zeros,
  type Layer,
  type Loss,
  type Parameter,
  type Random,
} from "../src/index.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];
const bits = (values: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(values).buffer));
const blog = (): Network => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });

describe("calls from inside training", () => {
  it("trace (without apply) from onProgress and from a monitor leaves the outer run's numbers as they were", () => {
    const plain = blog().train(X, y, { iterations: 50, progressEvery: 5 });
    const net = blog();
    const traced: number[] = [];
    const s = net.train(X, y, {
      iterations: 50,
      progressEvery: 5,
      onProgress: () => void traced.push(trace(net, X, y).loss),
      monitors: [{ beforeUpdate: () => void trace(net, X, y, { alpha: 3 }) }],
    });
    expect(traced).toHaveLength(10);
    expect(bits(s.history.loss)).toEqual(bits(plain.history.loss));
  });

  it("a train from onProgress runs on its own buffers; the outer run continues from the weights it leaves", () => {
    const net = blog();
    const s = net.train(X, y, {
      iterations: 6,
      progressEvery: 2,
      onProgress: ({ iteration }) => {
        if (iteration === 2) net.train(X, y, { iterations: 3, alpha: 0.5, batchSize: 2 });
      },
    });
    // the same sequence, written out
    const ref = blog();
    const a = ref.train(X, y, { iterations: 3 });
    ref.train(X, y, { iterations: 3, alpha: 0.5, batchSize: 2 });
    const b = ref.train(X, y, { iterations: 3 });
    expect(bits(s.history.loss)).toEqual(bits([...a.history.loss, ...b.history.loss]));
  });
});

describe("optimizers you extend", () => {
  it("a subclass's update hook is called for every parameter of every update, and its result used", () => {
    let calls = 0;
    class Counting extends Momentum {
      protected override update(value: Float64Array, grad: Float64Array, slots: Float64Array[], alpha: number): void {
        calls++;
        super.update(value, grad, slots, alpha);
      }
    }
    const a = blog();
    const b = blog();
    a.train(X, y, { iterations: 3, optimizer: new Counting({ alpha: 0.5 }) });
    b.train(X, y, { iterations: 3, optimizer: new Momentum({ alpha: 0.5 }) });
    expect(calls).toBe(6);
    expect(bits(a.predict(X).flat())).toEqual(bits(b.predict(X).flat()));
  });

  it("a built-in schedule whose rate underflows to 0 trains on, as the same function of yours does", () => {
    const builtIn = exponentialDecay({ alpha: 1, rate: 0.5 });
    const yours = (t: number): number => 1 * 0.5 ** t;
    const weights = [builtIn, yours].map((alpha) => {
      const net = blog();
      net.train(X, y, { iterations: 1200, optimizer: new GradientDescent({ alpha }) });
      return net.weights().flat(2);
    });
    // 0.5^t is 0 from t = 1075: the updates after it change nothing, and both give the same bits
    expect(weights[0]).toEqual(weights[1]);
    const after1100 = blog();
    after1100.train(X, y, { iterations: 1100, optimizer: new GradientDescent({ alpha: builtIn }) });
    expect(after1100.weights().flat(2)).toEqual(weights[0]);
  });
});

describe("typed errors, not TypeErrors or hangs", () => {
  it("seededRandom.setState refuses an S that is not a permutation (a draw from it would never end)", () => {
    const r = seededRandom(1);
    expect(() => r.setState!({ type: "arc4", i: 0, j: 0, S: new Array<number>(256).fill(0) })).toThrow(ConfigError);
    expect(() => r.setState!({ type: "arc4", i: 0, j: 0, S: new Array<number>(256).fill(0) })).toThrow(/permutation/);
  });

  it("asNdarray of something that is not a matrix", () => {
    expect(() => asNdarray(null as never)).toThrow(DataError);
    expect(() => asNdarray({} as never)).toThrow(/asNdarray needs a 2-D Matrix/);
  });

  it("a layer object without what the Layer protocol promises", () => {
    const base = (): Record<string, unknown> => ({
      type: "mine", inputSize: 3, outputSize: 1, parameters: [],
      initialize() {}, forward: (x: unknown) => x, backward: (g: unknown) => g, toJSON: () => ({ type: "mine" }),
    });
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ["no forward", { ...base(), forward: undefined }, /layers\[0\]\.forward must be a function/],
      ["parameters undefined", { ...base(), parameters: undefined }, /layers\[0\]\.parameters must be an array/],
      ["inputSize a string", { ...base(), inputSize: "3" }, /layers\[0\]\.inputSize must be an integer >= 1, got "3"/],
    ];
    for (const [, layer, message] of bad) {
      expect(() => new Network({ layers: [layer as unknown as Layer] })).toThrow(ConfigError);
      expect(() => new Network({ layers: [layer as unknown as Layer] })).toThrow(message);
    }
  });

  it("a layer of yours that returns a wrong shape or non-numbers", () => {
    const make = (out: () => unknown): Layer => ({
      type: "mine", inputSize: 3, outputSize: 1, parameters: [],
      initialize() {}, forward: out as Layer["forward"], backward: () => undefined, toJSON: () => ({ type: "mine" }),
    });
    expect(() => new Network({ layers: [make(() => zeros(4, 2))] }).predict(X)).toThrow(ShapeError);
    const strings = { data: ["a", "b", "c", "d"], shape: [4, 1], stride: [1, 1], offset: 0, get: () => 0, set: () => 0 };
    expect(() => new Network({ layers: [make(() => strings)] }).predict(X)).toThrow(/holding "a"/);
    expect(() => new Network({ layers: [make(() => ({ data: {}, shape: [4, 1], stride: [1, 1], offset: 0 }))] }).predict(X)).toThrow(ShapeError);
  });

  it("trace with a random source that can read its state but not put it back", () => {
    const r: Random = Object.assign(() => 0.5, { getState: () => ({ type: "mt19937" as const, key: [], pos: 0 }) });
    const net = new Network({ layers: [3, 4, 1], random: r });
    expect(trace(net, X, y).applied).toBe(false);
  });

  it("checkGradients puts the network back when a loss of yours throws halfway", () => {
    const net = blog();
    const before = net.parameters().map((p) => bits(p.value.data));
    let calls = 0;
    const flaky: Loss = {
      name: "flaky",
      value: (o, t) => {
        if (++calls === 5) throw new Error("flaky");
        let s = 0;
        for (let i = 0; i < o.data.length; i++) s += (o.data[i]! - t.data[i]!) ** 2;
        return s / 2;
      },
      gradient: (g, o, t) => {
        for (let i = 0; i < o.data.length; i++) g.data[i] = o.data[i]! - t.data[i]!;
      },
    };
    expect(() => checkGradients(net, X, y, { loss: flaky })).toThrow("flaky");
    expect(net.parameters().map((p) => bits(p.value.data))).toEqual(before);
  });
});

describe("nothing of the caller's is kept", () => {
  it("a changing input (a getter answering differently the second time) is caught as it is read", () => {
    let reads = 0;
    const shifty = { shape: [2, 3], dimension: 2, get: (i: number, j: number) => (++reads > 6 && i === 1 && j === 2 ? Number.NaN : i + j) };
    expect(() => blog().predict(shifty)).toThrow(DataError);
  });

  it("the early-stopping validation data are copied: changing them while training changes nothing", () => {
    const run = (mutate: boolean) => {
      const VX = X.map((r) => [...r]);
      return blog().train(X, y, {
        iterations: 6,
        earlyStopping: { validation: { X: VX, y }, patience: 100 },
        onProgress: () => {
          if (mutate) VX[0]![0] = Number.NaN;
        },
      }).history.validationLoss!;
    };
    expect(run(true)).toEqual(run(false));
  });

  it("after predict, evaluate and train, the network holds no reference to the caller's storage", () => {
    const net = new Network({ layers: [3, 4, 1], seed: 2 });
    const storage = new Float64Array(4 * 3);
    X.flat().forEach((v, i) => (storage[i] = v));
    const view = ndarray(storage, [4, 3]);
    net.predict(view);
    net.evaluate(view, y);
    net.train(view, y, { iterations: 2 });
    net.train(view, y, { iterations: 2, batchSize: 2 });
    // everything the network keeps, searched for the caller's buffer
    const seen = new Set<unknown>();
    const holds = (v: unknown): boolean => {
      if (typeof v !== "object" || v === null || seen.has(v)) return false;
      seen.add(v);
      if (ArrayBuffer.isView(v)) return v.buffer === storage.buffer;
      if (v instanceof Map) return [...v.entries()].some(([k, x]) => holds(k) || holds(x));
      return Reflect.ownKeys(v).some((k) => holds((v as Record<PropertyKey, unknown>)[k]));
    };
    expect(holds(net)).toBe(false);
    // the search does find a buffer that is held
    expect(holds({ kept: { inside: [storage.subarray(1)] } })).toBe(true);
  });
});

// a Dense of yours calling the built-in one's protocol keeps working (the plan adapts it)
describe("layers of yours wrapping built-in ones", () => {
  it("a residual block over two Dense layers trains and matches its own forward", () => {
    class Residual implements Layer {
      readonly type = "residual";
      readonly inner = [new Dense({ inputSize: 3, outputSize: 3, activation: "tanh" }), new Dense({ inputSize: 3, outputSize: 3, activation: "identity" })];
      readonly inputSize = 3;
      readonly outputSize = 3;
      readonly parameters: readonly Parameter[] = this.inner.flatMap((d) => d.parameters);
      private out = zeros(1, 3);
      initialize(random: Random): void {
        for (const d of this.inner) d.initialize(random);
      }
      forward(x: Parameters<Layer["forward"]>[0], training: boolean) {
        const h = this.inner[1]!.forward(this.inner[0]!.forward(x, training), training);
        this.out = zeros(h.shape[0]!, 3);
        for (let i = 0; i < h.shape[0]!; i++) for (let j = 0; j < 3; j++) this.out.set(i, j, h.get(i, j) + x.get(i, j));
        return this.out;
      }
      backward(g: Parameters<Layer["backward"]>[0], need: boolean) {
        const inner = this.inner[0]!.backward(this.inner[1]!.backward(g, true)!, true)!;
        if (!need) return undefined;
        const gx = zeros(g.shape[0]!, 3);
        for (let i = 0; i < g.shape[0]!; i++) for (let j = 0; j < 3; j++) gx.set(i, j, inner.get(i, j) + g.get(i, j));
        return gx;
      }
      toJSON() {
        return { type: "residual" };
      }
    }
    const net = new Network({ layers: [new Residual(), new Dense({ inputSize: 3, outputSize: 1 })], seed: 3 });
    const s = net.train(X, y, { iterations: 300, alpha: 0.5 });
    expect(s.loss).toBeLessThan(s.history.loss[0]!);
    expect(checkGradients(net, X, y).maxRelativeError).toBeLessThan(1e-5);
  });
});
