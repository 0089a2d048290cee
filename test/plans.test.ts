// A network keeps its plans (buffers for one batch size) between calls, never more than it needs:
// predict works through large inputs in chunks of rows, training keeps buffers for one batch size
// at a time, and a chunked pass gives the same bits as predicting rows one at a time.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchNorm, Dense, Dropout, Network, seededRandom, Softmax } from "../src/index.js";
import { modelOf } from "../src/network/network.js";
import { bundleLibrary } from "./bundle.js";

const bits = (values: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(values).buffer));

const data = (n: number, c: number, seed: number): number[][] => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: c }, () => 2 * r() - 1));
};

describe("plans", () => {
  let dir: string;
  let remove: () => void;
  beforeAll(() => ({ dir, remove } = bundleLibrary("tinynn-plans-")));
  afterAll(() => remove());

  it("after predict on 20,000 rows of a 64-128-10 network it holds under 2 MB of buffers, after train in mini-batches under 1 MB more (ArrayBuffers and WebAssembly memories after GC)", () => {
    writeFileSync(
      join(dir, "memory.mjs"),
      `import { Network } from "./tinynn.mjs";
const net = new Network({ layers: [64, 128, 10], seed: 1 });
const X = Array.from({ length: 20000 }, (_, i) => Array.from({ length: 64 }, (_, j) => Math.sin(i * 64 + j)));
// ArrayBuffer memory is freed by a sweeper after the GC, on another thread: collect, then let it finish
const settle = async () => { for (let k = 0; k < 5; k++) { gc(); await new Promise((r) => setTimeout(r, 20)); } };
// external: ArrayBuffers and the WebAssembly memories of the plans' arenas (arrayBuffers counts no WebAssembly memory)
const held = async (run) => { await settle(); const before = process.memoryUsage().external; run(); await settle(); return process.memoryUsage().external - before; };
const rows = await held(() => net.predict(X).length);
const result = net.predict(X.slice(0, 3));
// a packed float64 view (read in place, 10 MB): made and dropped inside the measurement
const view = await held(() => net.predict({ data: Float64Array.from(X.flat()), shape: [20000, 64], stride: [64, 1], offset: 0, dimension: 2, get() {} }).length);
// training in mini-batches on all 20,000 rows: buffers for batches of 32, not for the data
const Y = X.map((r) => r.slice(0, 10).map((v) => (v + 1) / 2));
const training = await held(() => net.train(X, Y, { iterations: 1, batchSize: 32 }));
process.stdout.write(JSON.stringify({ rows, view, training, result }));
`,
    );
    const r = spawnSync(process.execPath, ["--expose-gc", join(dir, "memory.mjs")], { encoding: "utf8", timeout: 120_000 });
    expect(r.stderr).toBe("");
    const { rows, view, training, result } = JSON.parse(r.stdout) as { rows: number; view: number; training: number; result: number[][] };
    // the first call builds the inference plan (its arena: ~1.1 MB for this network); the second
    // keeps nothing of its 10 MB input; training keeps its batch-sized plan (~0.3 MB), not the data
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(2 * 1024 * 1024);
    expect(view).toBeLessThan(64 * 1024);
    expect(training).toBeLessThan(1024 * 1024);
    const net = new Network({ layers: [64, 128, 10], seed: 1 });
    const X = Array.from({ length: 3 }, (_, i) => Array.from({ length: 64 }, (_, j) => Math.sin(i * 64 + j)));
    expect(result).toEqual(net.predict(X));
  });

  it("rows predicted together (in chunks) equal rows predicted one at a time, for every layer", () => {
    const net = new Network({
      layers: [
        new Dense({ inputSize: 5, outputSize: 40, activation: "relu" }),
        new BatchNorm({ size: 40 }),
        new Dropout({ size: 40, rate: 0.5 }),
        new Dense({ inputSize: 40, outputSize: 4, activation: "identity" }),
        new Softmax({ size: 4 }),
      ],
      seed: 2,
    });
    const X = data(3000, 5, 9);
    const chunk = modelOf(net).plans.chunkRows;
    expect(X.length).toBeGreaterThan(2 * chunk);
    const together = net.predict(X);
    const oneByOne = X.map((row) => net.predict([row])[0]!);
    expect(bits(together.flat())).toEqual(bits(oneByOne.flat()));
  });

  it("training keeps buffers for one batch size at a time, and reuses them for the same size", () => {
    const net = new Network({ layers: [4, 8, 2], seed: 3 });
    const X = data(50, 4, 1);
    const y = data(50, 2, 2).map((r) => r.map((v) => (v + 1) / 2));
    const plans = modelOf(net).plans as unknown as { trainingPlan: { mode: { rows: number } } | undefined };
    net.train(X, y, { iterations: 2, batchSize: 10 });
    const first = plans.trainingPlan;
    expect(first?.mode.rows).toBe(10);
    net.train(X, y, { iterations: 2, batchSize: 10, loss: "mse" });
    expect(plans.trainingPlan).toBe(first);
    net.train(X, y, { iterations: 2, batchSize: 25 });
    expect(plans.trainingPlan?.mode.rows).toBe(25);
    net.train(X, y, { iterations: 2 });
    expect(plans.trainingPlan?.mode.rows).toBe(50);
  });
});
