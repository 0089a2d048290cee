// predict(X, { precision: "float32" }): against a float32 forward pass written here from the
// definition (Math.fround after every operation), against float64, on the WebAssembly kernels and
// on the JS ones.
import ndarray from "ndarray";
import { afterEach, describe, expect, it } from "vitest";
import { BatchNorm, ConfigError, DataError, Dense, Dropout, Network, Softmax, type Layer } from "../src/index.js";
import { sigmoid32 } from "../src/matrix/float32.js";
import { setWasmSwitchedOff, wasmInstancesMade, wasmKernelsAvailable } from "../src/matrix/wasm.js";

afterEach(() => {
  setWasmSwitchedOff(false);
});

const f = Math.fround;

/** Deterministic values in [-scale, scale). */
function values(n: number, seed: number, scale = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 4294967296 - 0.5) * 2 * scale;
  });
}
const rowsOf = (flat: number[], cols: number): number[][] => Array.from({ length: flat.length / cols }, (_, i) => flat.slice(i * cols, i * cols + cols));

/** The float32 Dense layer by its definition: fround after every product and sum, k = 0, 1, ... in order. */
function dense32(x: number[][], layer: Dense, f32act: (v: number) => number): number[][] {
  const W = Array.from(layer.weights.value.data, f);
  const b = layer.bias ? Array.from(layer.bias.value.data, f) : undefined;
  const n = layer.inputSize;
  const m = layer.outputSize;
  return x.map((row) =>
    Array.from({ length: m }, (_, j) => {
      let c = f(f(row[0]!) * W[j]!);
      for (let k = 1; k < n; k++) c = f(c + f(f(row[k]!) * W[k * m + j]!));
      return f32act(b === undefined ? c : f(c + b[j]!));
    }),
  );
}

/** Both ways, each on a copy of `net` with plans of its own: on the WebAssembly kernels, then with WebAssembly switched off. */
function bothWays(net: Network, X: number[][]): [number[][], number[][]] {
  setWasmSwitchedOff(false);
  const before = wasmInstancesMade().float32;
  const wasm = net.clone().predict(X, { precision: "float32" });
  // the float32 module really ran: the copy's pass got an arena of its own
  expect(wasmInstancesMade().float32).toBe(before + 1);
  setWasmSwitchedOff(true);
  const js = net.clone().predict(X, { precision: "float32" });
  expect(wasmInstancesMade().float32).toBe(before + 1);
  setWasmSwitchedOff(false);
  return [wasm, js];
}

describe('predict(X, { precision: "float32" })', () => {
  it("computes each Dense layer in float32 as its definition does (relu, leakyRelu, identity: no exp involved), bit for bit, on WebAssembly and in JS", () => {
    expect(wasmKernelsAvailable()).toBe(true);
    const net = new Network({ layers: [7, 9, 6, 5], activation: "relu", outputActivation: "identity", seed: 11 });
    const X = rowsOf(values(7 * 37, 5, 3), 7);
    const [l0, l1, l2] = net.layers as Dense[];
    const expected = dense32(dense32(dense32(X, l0!, (v) => (v > 0 ? v : 0)), l1!, (v) => (v > 0 ? v : 0)), l2!, (v) => v);
    const [wasm, js] = bothWays(net, X);
    expect(wasm).toEqual(expected);
    expect(js).toEqual(expected);
    const leaky = new Network({ layers: [5, 12, 3], activation: "leakyRelu", outputActivation: "identity", bias: false, seed: 2 });
    const X2 = rowsOf(values(5 * 21, 9, 4), 5);
    const [d0, d1] = leaky.layers as Dense[];
    const expected2 = dense32(dense32(X2, d0!, (v) => (v > 0 ? v : f(f(0.01) * v))), d1!, (v) => v);
    const [w2, j2] = bothWays(leaky, X2);
    expect(w2).toEqual(expected2);
    expect(j2).toEqual(expected2);
  });

  it("the sigmoid: float32 throughout, within 3 float32 ulps of the float64 sigmoid on 10^6 values, its value at -88 below -88 and 1 past 87", () => {
    let worstUlps = 0;
    let notFloat32 = 0;
    const xs = values(1_000_000, 17, 90);
    for (const x0 of xs) {
      const x = f(x0);
      const s = sigmoid32(x);
      if (f(s) !== s) notFloat32++;
      const exact = 1 / (1 + Math.exp(-x));
      if (exact < 1.2e-38) continue; // below float32's normal range
      const ulp = 2 ** (Math.floor(Math.log2(exact)) - 23);
      worstUlps = Math.max(worstUlps, Math.abs(s - exact) / ulp);
    }
    expect(notFloat32).toBe(0);
    expect(worstUlps).toBeLessThan(3);
    expect(worstUlps).toBeGreaterThan(0.5);
    expect(sigmoid32(-89)).toBe(sigmoid32(-88));
    expect(sigmoid32(-1e30)).toBe(sigmoid32(-88));
    expect(sigmoid32(-88)).toBeGreaterThan(6.0e-39);
    expect(sigmoid32(-88)).toBeLessThan(6.1e-39);
    expect(sigmoid32(88)).toBe(1);
    expect(sigmoid32(1e30)).toBe(1);
    expect(sigmoid32(0)).toBe(0.5);
  });

  it("sigmoid and tanh networks: the WebAssembly kernels and the JS kernels give the same bits, every output a float32 value within 1e-6 of float64 (relative to the largest output)", () => {
    for (const [sizes, activation, seed] of [[[64, 128, 10], "sigmoid", 1], [[3, 4, 1], "sigmoid", 3], [[10, 33, 17, 3], "tanh", 4], [[6, 5, 5, 2], "sigmoid", 8]] as const) {
      const net = new Network({ layers: [...sizes], activation, initializer: "xavierUniform", seed });
      const X = rowsOf(values(sizes[0] * 300, seed + 100, 1), sizes[0]);
      const [wasm, js] = bothWays(net, X);
      expect(wasm).toEqual(js);
      const f64 = net.predict(X).flat();
      const f32 = wasm.flat();
      expect(f32.every((v) => f(v) === v)).toBe(true);
      const largest = Math.max(...f64.map(Math.abs));
      const worst = Math.max(...f32.map((v, i) => Math.abs(v - f64[i]!))) / largest;
      expect(worst, `${sizes.join("-")} ${activation}`).toBeLessThan(1e-6);
      expect(worst).toBeGreaterThan(0); // float32 is not float64
    }
  });

  it("other layers run their float64 step on the float32 values, rounded: Softmax, BatchNorm, Dropout (inference), and a layer of yours", () => {
    const doubler = (): Layer =>
      ({
        type: "doubler", inputSize: 4, outputSize: 4, parameters: [],
        initialize: () => undefined,
        toJSON: () => ({ type: "doubler" }),
        forward: (input: { data: Float64Array }) => ({ ...input, data: Float64Array.from(input.data, (v) => 2 * v + 1 / 3) }),
        backward: () => undefined,
      }) as unknown as Layer;
    const make = (): Network => {
      const net = new Network({
        layers: [new Dense({ inputSize: 3, outputSize: 4, activation: "relu" }), new BatchNorm({ size: 4 }), new Dropout({ size: 4, rate: 0.3 }), doubler(), new Dense({ inputSize: 4, outputSize: 4, activation: "identity" }), new Softmax({ size: 4 })],
        seed: 5,
      });
      const bn = net.layers[1] as BatchNorm;
      bn.runningMean.data.set([0.5, -0.25, 1, 0]);
      bn.runningVariance.data.set([2, 0.5, 1.5, 1]);
      return net;
    };
    const net = make();
    const [d0, bn, , , d1] = net.layers as [Dense, BatchNorm, Dropout, Layer, Dense];
    const X = rowsOf(values(3 * 10, 21, 2), 3);
    const h0 = dense32(X, d0, (v) => (v > 0 ? v : 0));
    // BatchNorm's own inference in float64 (a network of that one layer) on the float32 values, rounded
    const viaBn = new Network({ layers: [new BatchNorm({ size: 4 })] });
    const bn2 = viaBn.layers[0] as BatchNorm;
    bn2.gamma.value.data.set(bn.gamma.value.data);
    bn2.beta.value.data.set(bn.beta.value.data);
    bn2.runningMean.data.set(bn.runningMean.data);
    bn2.runningVariance.data.set(bn.runningVariance.data);
    const h1 = viaBn.predict(h0).map((r) => r.map(f));
    const h2 = h1.map((r) => r.map((v) => f(2 * v + 1 / 3)));
    const h3 = dense32(h2, d1, (v) => v);
    const expected = new Network({ layers: [new Softmax({ size: 4 })] }).predict(h3).map((r) => r.map(f));
    setWasmSwitchedOff(false);
    expect(make().predict(X, { precision: "float32" })).toEqual(expected);
    setWasmSwitchedOff(true);
    expect(make().predict(X, { precision: "float32" })).toEqual(expected);
  });

  it("reads the weights as they are at each call, takes ndarray inputs, and works through more rows than one chunk", () => {
    const net = new Network({ layers: [64, 128, 10], initializer: "xavierUniform", seed: 9 });
    const X = rowsOf(values(64 * 1500, 33, 1), 64);
    const first = net.predict(X, { precision: "float32" });
    (net.layers[0] as Dense).weights.value.data[5]! += 0.5;
    const second = net.predict(X, { precision: "float32" });
    expect(second).not.toEqual(first);
    // the same rows as a float64 ndarray view at an offset inside a larger buffer, and as float32 storage
    const storage = new Float64Array(7 + 1500 * 64);
    storage.set(X.flat(), 7);
    expect(net.predict(ndarray(storage, [1500, 64], [64, 1], 7), { precision: "float32" })).toEqual(second);
    expect(net.predict(ndarray(Float32Array.from(X.flat()), [1500, 64]), { precision: "float32" })).toEqual(second);
    const [l0, l1] = net.layers as Dense[];
    expect(second.slice(0, 3)).toEqual(dense32(dense32(X.slice(0, 3), l0!, sigmoid32), l1!, sigmoid32));
    expect(second[1499]).toEqual(dense32(dense32([X[1499]!], l0!, sigmoid32), l1!, sigmoid32)[0]);
  });

  it("refuses what float64 predict refuses, with the same errors; options are checked", () => {
    const net = new Network({ layers: [2, 3, 1], seed: 1 });
    for (const bad of [[[1, NaN]], [[1, 2, 3]], [], [[1, Infinity]]]) {
      let f64: unknown, f32: unknown;
      try { net.predict(bad); } catch (e) { f64 = e; }
      try { net.predict(bad, { precision: "float32" }); } catch (e) { f32 = e; }
      expect(f32).toBeInstanceOf(Error);
      expect(String(f32)).toBe(String(f64));
    }
    expect(() => net.predict([[1, 2]], { precision: "float16" as never })).toThrow(ConfigError);
  });

  it("an output past float32's range is a DataError naming the output, not a silent Infinity", () => {
    const net = new Network({ layers: [new Dense({ inputSize: 1, outputSize: 1, activation: "identity", bias: false })] });
    (net.layers[0] as Dense).weights.value.data[0] = 1e30;
    expect(net.predict([[1e10]])[0]![0]).toBe(1e40);
    expect(() => net.predict([[1e10]], { precision: "float32" })).toThrow(DataError);
    expect(() => net.predict([[1e10]], { precision: "float32" })).toThrow(/float32 output\[0\]\[0\] is Infinity/);
  });
});

describe("float32 predict refuses values float32 cannot hold", () => {
  it("a weight, a bias or an input past ±3.4e38 (finite in float64) is a DataError naming it, before a silent Infinity", () => {
    const make = (): Network => new Network({ layers: [new Dense({ inputSize: 2, outputSize: 3, activation: "sigmoid" }), new Dense({ inputSize: 3, outputSize: 1 })], seed: 3 });
    const net = make();
    (net.layers[1] as Dense).weights.value.data[2] = 1e39;
    expect(Number.isFinite(net.predict([[1, 2]])[0]![0]!)).toBe(true);
    expect(() => net.predict([[1, 2]], { precision: "float32" })).toThrow(DataError);
    expect(() => net.predict([[1, 2]], { precision: "float32" })).toThrow(/layers\[1\]'s weight \[2\]\[0\] is 1e\+39: past float32's range/);
    const biased = make();
    (biased.layers[0] as Dense).bias!.value.data[1] = -5e38;
    expect(() => biased.predict([[1, 2]], { precision: "float32" })).toThrow(/layers\[0\]'s bias \[1\] is -5e\+38/);
    const ok = make();
    expect(() => ok.predict([[1, 2], [3, 4e38]], { precision: "float32" })).toThrow(/X\[1\]\[1\] is 4e\+38: past float32's range/);
    expect(() => ok.predict(ndarray(Float64Array.from([1, 2, 3, -1e300]), [2, 2]), { precision: "float32" })).toThrow(/X\[1\]\[1\] is -1e\+300/);
    expect(ok.predict([[1, 2], [3, 3e38]], { precision: "float32" })[1]![0]).toBeGreaterThan(0);
  });
});
