// The plans' WebAssembly path (buffers in an arena, products, bias and activation in the module)
// against the JS kernels: the same networks trained and run both ways give the same bits.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { exp } from "../src/math/exp.js";
import { tanh } from "../src/math/tanh.js";
import { setWasmMinWork, WasmArena, wasmInstancesMade, wasmKernelsAvailable, type WasmActivation } from "../src/matrix/wasm.js";
import { exactMath } from "../src/math/exact-math.js";
import { Network } from "../src/network/network.js";
import { buildNetwork, firstDifference, makeOptimizer, networkNumbers, optimizerSpec, seedSpec, specWithData } from "./arbitraries.js";
import { canonicalNaNs, type ExactMathFixture, onNode20 } from "./exact-math-arguments.js";

/**
 * Node 20's Math.exp and Math.tanh on the arguments below, as SHA-256 (scripts/gen-exact-math-fixture.mjs
 * draws them as this file does): newer V8 computes Math.* otherwise, so other runtimes compare with
 * these, and Node 20 with its own Math.* too.
 */
const NODE20 = (JSON.parse(readFileSync(new URL("./fixtures/exact-math-node20.json", import.meta.url), "utf8")) as ExactMathFixture).wasmEngine;
const ON_NODE_20 = onNode20();
const sha256 = (v: Float64Array): string => createHash("sha256").update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest("hex");
/** The fixture's hashes of arguments and results (NaNs canonical, on a copy). */
const hashes = (xs: Float64Array, ys: Float64Array): { count: number; argumentsSha256: string; sha256: string } => ({
  count: xs.length,
  argumentsSha256: sha256(xs),
  sha256: sha256(canonicalNaNs(ys.slice())),
});

afterEach(() => {
  setWasmMinWork(4096);
});

/** Runs `f` with every product on the JS kernels, then with every product (and so every plan) on WebAssembly. */
function bothWays<T>(f: () => T): [T, T] {
  setWasmMinWork(Infinity);
  const before = wasmInstancesMade().float64;
  const js = f();
  expect(wasmInstancesMade().float64, "no arena when every product is on the JS kernels").toBe(before);
  setWasmMinWork(0);
  const wasm = f();
  // the plans of the second run got arenas (training and inference: at least two instances)
  expect(wasmInstancesMade().float64).toBeGreaterThanOrEqual(before + 2);
  setWasmMinWork(4096);
  return [js, wasm];
}

/** A deterministic value stream for kernel inputs. */
function values(n: number, seed: number, scale: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 4294967296 - 0.5) * 2 * scale;
  });
}

describe("the activation kernels of the WebAssembly module", () => {
  const js: Record<WasmActivation, (x: number) => number> = {
    identity: (x) => x,
    sigmoid: (x) => 1 / (1 + exp(-x)),
    tanh: (x) => tanh(x),
    relu: (x) => (x > 0 ? x : 0),
    leakyRelu: (x) => (x > 0 ? x : 0.01 * x),
    exp: (x) => exp(x),
  };
  // the exp's edges: its vector range ends at |x| = 708 (k = ±1021), 2^-28, 0.5 ln 2, 1.5 ln 2; x = 1; overflow, underflow, subnormal results
  const edges = [0, -0, 1, -1, 708, -708, 707.9999999999999, -707.9999999999999, 709.78, -709.78, 710, -745.2, -740, 745, 2 ** -28, -(2 ** -28), 2 ** -29,
    0.34657359027997264, 0.3465735912322998, 1.0397205352783203, 1.0397205352783201, 5e-324, -5e-324, 1e-300, 1e300, -1e300, Infinity, -Infinity, NaN, 36, 37, -36, -37];

  for (const f of Object.keys(js) as WasmActivation[]) {
    it(`${f}: a = f(z + b) as the JS formula gives, bit for bit, with and without b, odd and even rows, z kept or not`, () => {
      expect(wasmKernelsAvailable()).toBe(true);
      const arena = WasmArena.create(1 << 20)!;
      for (const [rows, cols] of [[1, 1], [3, 7], [64, 128], [5, 2], [100, 33]] as const) {
        const n = rows * cols;
        for (const scale of [3, 40, 800]) {
          const input = values(n, rows * 31 + cols + scale, scale);
          input.set(edges.slice(0, Math.min(edges.length, n)));
          const bias = values(cols, cols, 1);
          for (const withBias of [false, true]) {
            for (const keep of [false, true]) {
              const z = arena.alloc(n);
              const a = arena.alloc(n);
              const b = arena.alloc(cols);
              z.set(input);
              b.set(bias);
              arena.activate(f, z, a, withBias ? b : undefined, rows, cols, keep);
              let differ = 0;
              for (let i = 0; i < n; i++) {
                const x = withBias ? input[i]! + bias[i % cols]! : input[i]!;
                if (!Object.is(a[i], js[f](x))) differ++;
                if (!Object.is(z[i], keep ? x : input[i])) differ++;
              }
              expect(differ, `${f} ${rows}x${cols} scale ${scale} bias ${withBias} keep ${keep}`).toBe(0);
            }
          }
        }
      }
    });
  }

  it("its exp equals Node 20's Math.exp (the fixture's SHA-256 of each round; on Node 20 also this Node's Math.exp directly) and tinynn's exp on 10^7 arguments: uniform in [-750, 750], [-40, 40] and [-1, 1], random bit patterns (subnormal results, overflow, NaN), and the edges", () => {
    const chunk = 1 << 20;
    const arena = WasmArena.create(2 * chunk + 64)!;
    const z = arena.alloc(chunk);
    const a = arena.alloc(chunk);
    const words = new Uint32Array(z.buffer, z.byteOffset, 2 * chunk);
    let total = 0;
    let differ = 0;
    let differTinynn = 0;
    const rounds: ReturnType<typeof hashes>[] = [];
    let s = 2026;
    for (let round = 0; round < 10; round++) {
      if (round < 3) {
        let w = round * 7919 + 13;
        for (let i = 0; i < 2 * chunk; i++) {
          w = (Math.imul(w, 1103515245) + 12345) >>> 0;
          words[i] = w ^ (w >>> 13);
        }
      } else {
        z.set(values(chunk, (s = s * 31 + round), [750, 40, 1, 709.8, 745.2, 0.36, 1.04][round - 3]!));
      }
      z.set(edges, 0);
      const xs = Float64Array.from(z);
      arena.activate("exp", z, a, undefined, chunk / 1024, 1024, false);
      for (let i = 0; i < chunk; i++) {
        if (ON_NODE_20 && !Object.is(a[i], Math.exp(xs[i]!))) differ++;
        if (!Object.is(a[i], exp(xs[i]!))) differTinynn++;
      }
      rounds.push(hashes(xs, a));
      total += chunk;
    }
    expect(total).toBeGreaterThan(1e7);
    expect(rounds).toEqual(NODE20.exp);
    expect(differ).toBe(0);
    expect(differTinynn).toBe(0);
  });

  it("the sigmoid's exp equals the JS exp on 2^20 random float64 bit patterns and 2^20 values in [-750, 750]", () => {
    const arena = WasmArena.create(3 << 20)!;
    const n = 1 << 20;
    const z = arena.alloc(n);
    const a = arena.alloc(n);
    const words = new Uint32Array(z.buffer, z.byteOffset, 2 * n);
    let s = 12345;
    for (let i = 0; i < 2 * n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      words[i] = s ^ (s >>> 13);
    }
    const patterns = Float64Array.from(z);
    arena.activate("sigmoid", z, a, undefined, n / 1024, 1024, false);
    let differ = 0;
    for (let i = 0; i < n; i++) if (!Object.is(a[i], 1 / (1 + exp(-patterns[i]!)))) differ++;
    const uniform = values(n, 99, 750);
    z.set(uniform);
    arena.activate("sigmoid", z, a, undefined, 1, n, false);
    for (let i = 0; i < n; i++) if (!Object.is(a[i], 1 / (1 + exp(-uniform[i]!)))) differ++;
    expect(differ).toBe(0);
  });
  it("the tanh (fdlibm's, expm1 inside, every branch of it) equals the JS tanh and Node 20's Math.tanh (the fixture's SHA-256; on Node 20 also this Node's Math.tanh directly) on 2^20 values in [-23, 23], 2^18 in [-1.2, 1.2] and 2^18 random bit patterns", () => {
    const arena = WasmArena.create(3 << 20)!;
    const n = 1 << 20;
    const z = arena.alloc(n);
    const a = arena.alloc(n);
    let differ = 0;
    let differMath = 0;
    const sets: ReturnType<typeof hashes>[] = [];
    const check = (inputs: Float64Array, cols: number): void => {
      z.set(inputs);
      arena.activate("tanh", z, a, undefined, inputs.length / cols, cols, false);
      for (let i = 0; i < inputs.length; i++) {
        if (!Object.is(a[i], tanh(inputs[i]!))) differ++;
        if (ON_NODE_20 && !Object.is(a[i], Math.tanh(inputs[i]!))) differMath++;
      }
      sets.push(hashes(inputs, a.subarray(0, inputs.length)));
    };
    check(values(n, 5, 23), 1024);
    check(values(1 << 18, 6, 1.2), 512);
    const patterns = new Float64Array(1 << 18);
    const words = new Uint32Array(patterns.buffer);
    let s = 777;
    for (let i = 0; i < words.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      words[i] = s ^ (s >>> 11);
    }
    check(patterns, 512);
    expect(sets).toEqual(NODE20.tanh);
    expect(differ).toBe(0);
    expect(differMath).toBe(0);
  });
});

describe("networks on the WebAssembly path give the JS kernels' bits", () => {
  it("training (every built-in layer, loss and optimizer; full and mini-batches, shuffled or not) and then predict, evaluate", () => {
    expect(wasmKernelsAvailable()).toBe(true);
    fc.assert(
      fc.property(
        specWithData({ maxSize: 9, maxHidden: 3 }, { min: 1, max: 12 }),
        seedSpec,
        optimizerSpec(),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 3 }),
        ({ spec, data }, seed, opt, batchSize, shuffle, iterations) => {
          const [js, wasm] = bothWays(() => {
            const net = buildNetwork(spec, seed);
            net.train(data.X, data.y, { loss: spec.loss, optimizer: makeOptimizer(opt), iterations, batchSize, shuffle });
            return { numbers: networkNumbers(net), predicted: net.predict(data.X).flat(), loss: net.evaluate(data.X, data.y, spec.loss).loss };
          });
          expect(firstDifference(js.numbers, wasm.numbers)).toBeUndefined();
          expect(firstDifference(js.predicted, wasm.predicted)).toBeUndefined();
          expect(Object.is(js.loss, wasm.loss)).toBe(true);
        },
      ),
      { numRuns: 150, seed: 1401 },
    );
  });

  it("the blog network of 64-128-10 sized layers: sigmoid with bias, mse, batches of 32 (W2's shape), 4096-row predict in chunks", () => {
    const X = Array.from({ length: 96 }, (_, i) => Array.from(values(64, i, 1)));
    const y = X.map((row) => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((j) => 1 / (1 + Math.exp(-row[j]! * 2))));
    const big = Array.from({ length: 4096 }, (_, i) => Array.from(values(64, 1000 + i, 1)));
    const [js, wasm] = bothWays(() => {
      const net = new Network({ layers: [64, 128, 10], seed: 7 });
      net.train(X, y, { loss: "mse", alpha: 0.1, iterations: 3, batchSize: 32 });
      return [...networkNumbers(net), ...net.predict(big).flat()];
    });
    expect(firstDifference(js, wasm)).toBeUndefined();
  });

  it("tanh (in the module) and activations of yours (their JS kernels over the arena's buffers) give the same bits", () => {
    const X = Array.from({ length: 20 }, (_, i) => Array.from(values(12, i, 2)));
    const y = X.map((row) => [Math.tanh(row[0]!), Math.tanh(row[1]!)]);
    const mine = { name: "mySoftsign", apply: (x: number) => x / (1 + Math.abs(x)), derivative: (x: number) => 1 / (1 + Math.abs(x)) ** 2 };
    const [js, wasm] = bothWays(() => {
      const net = new Network({ layers: [12, 16, 16, 2], activation: "tanh", seed: 3 });
      const other = new Network({ layers: [12, 16, 2], activation: mine, seed: 3 });
      net.train(X, y, { iterations: 5, batchSize: 7, alpha: 0.05 });
      other.train(X, y, { iterations: 5, batchSize: 7, alpha: 0.05 });
      return [...networkNumbers(net), ...networkNumbers(other), ...net.predict(X).flat(), ...other.predict(X).flat()];
    });
    expect(firstDifference(js, wasm)).toBeUndefined();
  });
});

describe("a sigmoid of yours written with exactMath.exp", () => {
  it("trains and predicts a 64-128-10 network bit for bit like the built-in one, which runs in the WebAssembly module", () => {
    expect(wasmKernelsAvailable()).toBe(true);
    const mySigmoid = { name: "mySigmoid", apply: (x: number) => 1 / (1 + exactMath.exp(-x)), derivative: (_x: number, y: number) => y * (1 - y) };
    const X = Array.from({ length: 64 }, (_, i) => Array.from(values(64, 300 + i, 2)));
    const y = X.map((row) => row.slice(0, 10).map((v) => (v + 2) / 4));
    const run = (activation: "sigmoid" | typeof mySigmoid): number[] => {
      const net = new Network({ layers: [64, 128, 10], activation, outputActivation: activation, seed: 21 });
      net.train(X, y, { iterations: 4, batchSize: 32, loss: "mse", alpha: 0.5 });
      return [...networkNumbers(net), ...net.predict(X).flat()];
    };
    expect(firstDifference(run("sigmoid"), run(mySigmoid))).toBeUndefined();
  });
});
