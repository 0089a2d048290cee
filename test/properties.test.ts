// Property-based tests (fast-check): for random small networks of every built-in layer, activation, loss and
// optimizer, backprop equals finite differences, JSON round trips predict the same bits, a seed fixes a run,
// predictions do not depend on the batch, and training can be split in two calls. Each property has a fixed
// seed and number of runs, so the suite is reproducible: a failure prints the seed and the shrunk case.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkGradients, Dense, fromRows, Network, optimizerFromJSON, toRows, trace, type Activation, type BatchNorm, type NetworkJSON } from "tinynn";
import {
  buildNetwork,
  firstDifference,
  makeOptimizer,
  networkNumbers,
  optimizerSpec,
  randomState,
  seedSpec,
  specWithData,
  type LossName,
  type NetworkWithData,
  type OptimizerSpec,
  type SeedSpec,
} from "./arbitraries.js";

// ---------------------------------------------------------------------------------------------
// 1. Gradients

/** Finite-difference step: central differences have error O(h²) from truncation, O(ε |L| / h) from rounding. */
const H = 1e-6;

/**
 * Where analytic and numeric gradients disagree beyond rounding and truncation, or undefined.
 *
 * ```text
 * |analytic - numeric| <= 1e-6 · scale + 1e-9 · (1 + |L|)     scale = max |gradient| over the network
 * ```
 *
 * Relative to the network's gradient scale, not entry by entry: an entry near 0 beside large ones carries
 * the same absolute rounding error, and a wrong derivative moves entries by a fraction of the scale.
 */
function gradientMismatch(analytic: readonly number[], numeric: readonly number[], loss: number, record = true): string | undefined {
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) scale = Math.max(scale, Math.abs(analytic[i]!), Math.abs(numeric[i]!));
  const tolerance = 1e-6 * scale + 1e-9 * (1 + Math.abs(loss));
  for (let i = 0; i < analytic.length; i++) {
    const error = Math.abs(analytic[i]! - numeric[i]!);
    if (record) worstRatio = Math.max(worstRatio, error / tolerance);
    if (!(error <= tolerance)) return `entry ${i}: analytic ${analytic[i]}, numeric ${numeric[i]} (tolerance ${tolerance})`;
  }
  return undefined;
}
/** The largest error / tolerance met, for tuning (printed with TINYNN_REPORT=1). */
let worstRatio = 0;

/**
 * Whether finite differences are meaningful for this network on these inputs: every relu / leakyRelu
 * pre-activation z is at least 1e-3 from its kink (a step of h moves z by far less), and every BatchNorm
 * feature, in training mode, has a batch variance that is 0 (a constant column, which stays constant) or
 * at least 1e-3 (x̂ = (x - μ) / sqrt(σ² + 1e-5) curves sharply below that); in inference mode, every
 * running variance is at least 1e-3.
 *
 * @param inputs - each layer's input rows, as the pass being checked sees them
 */
function smoothAt(net: Network, inputs: readonly number[][][], training: boolean): boolean {
  return net.layers.every((layer, k) => {
    const input = inputs[k]!;
    if (layer.type === "dense") {
      const d = layer as Dense;
      if (d.activation.name !== "relu" && d.activation.name !== "leakyRelu") return true;
      const W = d.weights.value;
      return input.every((row) => {
        for (let j = 0; j < d.outputSize; j++) {
          let z = d.bias === undefined ? 0 : d.bias.value.data[j]!;
          for (let i = 0; i < d.inputSize; i++) z += row[i]! * W.get(i, j);
          if (Math.abs(z) < 1e-3) return false;
        }
        return true;
      });
    }
    if (layer.type === "batchNorm" && !training) {
      // inference scales by 1 / sqrt(σ²_run + ε): up to 316 for a running variance near 0, where the
      // O(h²) truncation error of central differences grows with the cube of that slope
      return (layer as BatchNorm).runningVariance.data.every((v) => v >= 1e-3);
    }
    if (layer.type === "batchNorm" && training) {
      for (let j = 0; j < layer.inputSize; j++) {
        const column = input.map((row) => row[j]!);
        const mean = column.reduce((s, v) => s + v, 0) / column.length;
        const variance = column.reduce((s, v) => s + (v - mean) ** 2, 0) / column.length;
        if (variance !== 0 && variance < 1e-3 && column.some((v) => v !== column[0])) return false;
      }
    }
    return true;
  });
}

/** Each layer's input rows in inference mode (what predict and checkGradients see). */
function inferenceInputs(net: Network, X: number[][]): number[][][] {
  const inputs: number[][][] = [];
  let a = fromRows(X);
  for (const layer of net.layers) {
    inputs.push(toRows(a));
    a = layer.forward(a, false);
  }
  return inputs;
}

/**
 * Backprop's gradients of the training-mode loss (from trace, which takes one training step and puts
 * everything back: weights, BatchNorm statistics, the random stream, so every call draws the same
 * dropout masks) and central differences of the loss trace reports.
 */
function trainingGradients(net: Network, X: number[][], y: number[][], loss: LossName): { analytic: number[]; numeric: number[]; loss: number; inputs: number[][][] } {
  const step = trace(net, X, y, { loss });
  const analytic: number[] = [];
  const numeric: number[] = [];
  for (const p of net.parameters()) {
    analytic.push(...step.gradients[p.name]!.flat());
    const v = p.value.data;
    for (let i = 0; i < v.length; i++) {
      const keep = v[i]!;
      v[i] = keep + H;
      const plus = trace(net, X, y, { loss }).loss;
      v[i] = keep - H;
      const minus = trace(net, X, y, { loss }).loss;
      v[i] = keep;
      numeric.push((plus - minus) / (2 * H));
    }
  }
  return { analytic, numeric, loss: step.loss, inputs: net.layers.map((_, k) => step.layers[`l${k}`]!) };
}

const gradientCases = fc.record({
  net: specWithData({}, { min: 2, max: 5 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe("1. backprop gradients equal central differences", () => {
  const runs = 100;
  it(`in training mode (trace: batch statistics, dropout masks replayed) [${runs} runs, seed 101]`, () => {
    fc.assert(
      fc.property(gradientCases, ({ net: { spec, data }, seed }) => {
        const net = buildNetwork(spec, { kind: "seed", seed });
        const g = trainingGradients(net, data.X, data.y, spec.loss);
        fc.pre(smoothAt(net, g.inputs, true));
        expect(gradientMismatch(g.analytic, g.numeric, g.loss)).toBeUndefined();
      }),
      { seed: 101, numRuns: runs },
    );
  });

  it(`in inference mode (checkGradients: running statistics, no dropout), after 3 training iterations [${runs} runs, seed 102]`, () => {
    fc.assert(
      fc.property(gradientCases, ({ net: { spec, data }, seed }) => {
        const net = buildNetwork(spec, { kind: "seed", seed });
        const { X, y } = data;
        net.train(X, y, { iterations: 3, alpha: 0.05, loss: spec.loss });
        fc.pre(smoothAt(net, inferenceInputs(net, X), false));
        const report = checkGradients(net, X, y, { loss: spec.loss, epsilon: H });
        const analytic = report.entries.map((e) => e.analytic);
        expect(gradientMismatch(analytic, report.entries.map((e) => e.numeric), net.evaluate(X, y, spec.loss).loss)).toBeUndefined();
      }),
      { seed: 102, numRuns: runs },
    );
  });

  it("the tolerance catches a derivative 1% off", () => {
    const offTanh: Activation = { name: "offTanh", apply: Math.tanh, derivative: (_x, y) => 0.99 * (1 - y * y) };
    const net = new Network({ layers: [new Dense({ inputSize: 3, outputSize: 4, activation: offTanh }), new Dense({ inputSize: 4, outputSize: 2, activation: "identity" })], seed: 5 });
    const g = trainingGradients(net, [[0.5, -1.2, 0.3], [1.5, 0.2, -0.7], [-0.4, 0.9, 1.1]], [[1, 0], [0, 1], [0.5, 0.5]], "sse");
    expect(gradientMismatch(g.analytic, g.numeric, g.loss, false)).toMatch(/^entry/);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. JSON round trips

/** Any double in [-3, 3] but -0: 0, subnormals, the ends (see the skipped property for -0). */
const weight = fc.double({ min: -3, max: 3, noNaN: true }).filter((v) => !Object.is(v, -0));

/** Writes `values`, cycled, into every parameter and running statistic (variances as |v|). */
function overwrite(net: Network, values: readonly number[]): void {
  let k = 0;
  const next = (): number => values[k++ % values.length]!;
  for (const p of net.parameters()) p.value.data.forEach((_, i, d) => (d[i] = next()));
  for (const layer of net.layers) {
    if (layer.type !== "batchNorm") continue;
    const bn = layer as BatchNorm;
    bn.runningMean.data.forEach((_, i, d) => (d[i] = next()));
    bn.runningVariance.data.forEach((_, i, d) => (d[i] = Math.abs(next())));
  }
}

function roundTripCases(values: fc.Arbitrary<number>) {
  return fc.record({
    net: specWithData({}, { min: 1, max: 8 }),
    seed: seedSpec,
    training: fc.option(fc.record({ optimizer: optimizerSpec(), iterations: fc.integer({ min: 1, max: 3 }), batchSize: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
    values: fc.option(fc.array(values, { minLength: 1, maxLength: 30 }), { nil: undefined }),
  });
}

type RoundTripCase = ReturnType<typeof roundTripCases> extends fc.Arbitrary<infer C> ? C : never;

function checkRoundTrip({ net: { spec, data }, seed, training, values }: RoundTripCase): void {
  const net = buildNetwork(spec, seed);
  if (training !== undefined) {
    net.train(data.X, data.y, { iterations: training.iterations, batchSize: training.batchSize, optimizer: makeOptimizer(training.optimizer), loss: spec.loss });
  }
  if (values !== undefined) overwrite(net, values);
  const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
  expect(firstDifference(copy.predict(data.X).flat(), net.predict(data.X).flat())).toBeUndefined();
  expect(firstDifference(networkNumbers(copy), networkNumbers(net))).toBeUndefined();
}

describe("2. Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON()))) predicts the same bits", () => {
  const runs = 300;
  it(`initialised, trained, or holding any doubles but -0 [${runs} runs, seed 201]`, () => {
    fc.assert(fc.property(roundTripCases(weight), checkRoundTrip), { seed: 201, numRuns: runs });
  });

  // Skipped, a library bug: a -0 weight is written as 0 (JSON.stringify(-0) is "0"), so the copy holds +0 and
  // can predict +0 where the original predicts -0. Smallest counterexample (2 runs): a Dense 1 -> 1 sigmoid
  // with W0 = -0 comes back with W0 = 0. One that reaches the output (found after 12,734 runs): a Dense
  // 3 -> 3, identity, no bias, every weight -0, X = [[0, 0, 0]]: the net predicts [[-0, -0, -0]], the copy
  // [[0, 0, 0]]. Enable once the layers' toJSON / fromJSON (src/layers/) keep the sign of zero.
  it.skip(`holding any doubles, -0 included [${runs} runs, seed 202]`, () => {
    fc.assert(fc.property(roundTripCases(fc.double({ min: -3, max: 3, noNaN: true })), checkRoundTrip), { seed: 202, numRuns: runs });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. A seed fixes a run

interface Run {
  readonly numbers: number[];
  readonly loss: number[];
  readonly meanAbsoluteError: number[];
  readonly random: string;
  readonly error: string | undefined;
}

/** What a run leaves: every number of the network, the history, the random stream's position (or the error it threw). */
function runOf(net: Network, train: () => { history: { loss: number[]; meanAbsoluteError: number[] } }[]): Run {
  try {
    const histories = train();
    return {
      numbers: networkNumbers(net),
      loss: histories.flatMap((h) => h.history.loss),
      meanAbsoluteError: histories.flatMap((h) => h.history.meanAbsoluteError),
      random: randomState(net.random),
      error: undefined,
    };
  } catch (error) {
    return { numbers: networkNumbers(net), loss: [], meanAbsoluteError: [], random: randomState(net.random), error: String(error) };
  }
}

function expectSameRun(a: Run, b: Run): void {
  expect(a.error).toBe(b.error);
  expect(firstDifference(a.numbers, b.numbers)).toBeUndefined();
  expect(firstDifference(a.loss, b.loss)).toBeUndefined();
  expect(firstDifference(a.meanAbsoluteError, b.meanAbsoluteError)).toBeUndefined();
  expect(a.random).toBe(b.random);
}

describe("3. the same seed gives the same run", () => {
  const runs = 200;
  it(`shuffled mini-batches, dropout, batch norm, every optimizer and schedule [${runs} runs, seed 301]`, () => {
    const cases = fc.record({
      net: specWithData({}, { min: 1, max: 8 }),
      seed: seedSpec,
      optimizer: optimizerSpec(),
      iterations: fc.integer({ min: 1, max: 4 }),
      batchSize: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      shuffle: fc.boolean(),
    });
    fc.assert(
      fc.property(cases, ({ net: { spec, data }, seed, optimizer, iterations, batchSize, shuffle }) => {
        const run = (): Run => {
          const net = buildNetwork(spec, seed);
          const options = { iterations, shuffle, loss: spec.loss, optimizer: makeOptimizer(optimizer) };
          return runOf(net, () => [net.train(data.X, data.y, batchSize === undefined ? options : { ...options, batchSize })]);
        };
        expectSameRun(run(), run());
      }),
      { seed: 301, numRuns: runs },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Predictions do not depend on the batch

function checkRowByRow({ net: { spec, data }, seed, trained }: { net: NetworkWithData; seed: SeedSpec; trained: boolean }): void {
  const net = buildNetwork(spec, seed);
  if (trained) net.train(data.X, data.y, { iterations: 2, alpha: 0.05, loss: spec.loss });
  const together = net.predict(data.X).flat();
  const oneByOne = data.X.flatMap((row) => net.predict([row])[0]!);
  expect(firstDifference(oneByOne, together)).toBeUndefined();
}

describe("4. rows predicted one at a time equal rows predicted together", () => {
  const runs = 200;
  it(`small networks, 1 to 12 rows [${runs} runs, seed 401]`, () => {
    const cases = fc.record({ net: specWithData({}, { min: 1, max: 12 }), seed: seedSpec, trained: fc.boolean() });
    fc.assert(fc.property(cases, checkRowByRow), { seed: 401, numRuns: runs });
  });

  const wideRuns = 50;
  it(`16 to 24 inputs and hidden units, 16 to 40 rows: a batch's first product goes to the WebAssembly kernel (>= 4096 multiply-adds), a row's to JavaScript [${wideRuns} runs, seed 402]`, () => {
    const cases = fc.record({ net: specWithData({ minSize: 16, maxSize: 24, minHidden: 1, maxHidden: 1 }, { min: 16, max: 40 }), seed: seedSpec, trained: fc.boolean() });
    fc.assert(fc.property(cases, checkRowByRow), { seed: 402, numRuns: wideRuns });
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Training can be split

type SplitOptimizer = { readonly kind: "alpha"; readonly alpha: number } | { readonly kind: "optimizer"; readonly spec: OptimizerSpec };

function checkSplit({ net: { spec, data }, seed, n, m, optimizer, batchSize, shuffle, viaJSON }: {
  net: NetworkWithData;
  seed: SeedSpec;
  n: number;
  m: number;
  optimizer: SplitOptimizer;
  batchSize: number | undefined;
  shuffle?: boolean;
  /** between the two calls, save the network with its training state as JSON text and go on with the restored copy */
  viaJSON?: boolean;
}): void {
  // one optimizer object for both calls of the split run (its state and update count carry over), a fresh one for the whole run
  const optionsWith = (iterations: number, shared: ReturnType<typeof makeOptimizer> | undefined) => {
    const o = optimizer.kind === "alpha" ? { iterations, loss: spec.loss, alpha: optimizer.alpha } : { iterations, loss: spec.loss, optimizer: shared! };
    return batchSize === undefined ? o : { ...o, batchSize, shuffle: shuffle ?? true };
  };
  let split = buildNetwork(spec, seed);
  let shared = optimizer.kind === "optimizer" ? makeOptimizer(optimizer.spec) : undefined;
  const a = runOf(split, () => {
    const first = split.train(data.X, data.y, optionsWith(n, shared));
    if (viaJSON) {
      const json = JSON.parse(JSON.stringify(split.toJSON(shared === undefined ? { training: true } : { optimizer: shared }))) as NetworkJSON;
      split = Network.fromJSON(json);
      if (shared !== undefined) shared = optimizerFromJSON(json.optimizer) as typeof shared;
    }
    return [first, split.train(data.X, data.y, optionsWith(m, shared))];
  });
  // the numbers and the random state of the network that trained last
  if (viaJSON) Object.assign(a, { numbers: networkNumbers(split), random: randomState(split.random) });
  const whole = buildNetwork(spec, seed);
  const b = runOf(whole, () => [whole.train(data.X, data.y, optionsWith(n + m, optimizer.kind === "optimizer" ? makeOptimizer(optimizer.spec) : undefined))]);
  expectSameRun(a, b);
}

const splitOptimizer = (spec: fc.Arbitrary<OptimizerSpec>): fc.Arbitrary<SplitOptimizer> =>
  fc.oneof(
    fc.record({ kind: fc.constant("alpha" as const), alpha: fc.double({ min: 0.005, max: 0.5, noNaN: true }) }),
    fc.record({ kind: fc.constant("optimizer" as const), spec }),
  );

describe("5. two train calls of n and m iterations equal one of n + m", () => {
  const runs = 200;
  it(`full batch: gradient descent (constant alpha) and the stateful optimizers (any schedule) [${runs} runs, seed 501]`, () => {
    const stateful = fc.oneof(optimizerSpec(["gradientDescent"], ["constant"]), optimizerSpec(["momentum", "nesterov", "adam", "rmsprop", "adagrad"]));
    const cases = fc.record({
      net: specWithData({}, { min: 1, max: 6 }),
      seed: seedSpec,
      n: fc.integer({ min: 1, max: 4 }),
      m: fc.integer({ min: 1, max: 4 }),
      optimizer: splitOptimizer(stateful),
      batchSize: fc.constant(undefined),
    });
    fc.assert(fc.property(cases, checkSplit), { seed: 501, numRuns: runs });
  });

  const miniBatchCases = (shuffle: boolean) =>
    fc.record({
      net: specWithData({}, { min: 1, max: 6 }),
      seed: seedSpec,
      n: fc.integer({ min: 1, max: 4 }),
      m: fc.integer({ min: 1, max: 4 }),
      optimizer: splitOptimizer(fc.oneof(optimizerSpec(["gradientDescent"], ["constant"]), optimizerSpec(["momentum", "nesterov", "adam", "rmsprop", "adagrad"]))),
      batchSize: fc.integer({ min: 1, max: 6 }),
      shuffle: fc.constant(shuffle),
    });

  it(`mini-batches in order [${runs} runs, seed 502]`, () => {
    fc.assert(fc.property(miniBatchCases(false), checkSplit), { seed: 502, numRuns: runs });
  });

  // each iteration's order is a new permutation drawn from the network's random stream, which the
  // second call continues (src/random.ts randomPermutation)
  it(`shuffled mini-batches [${runs} runs, seed 503]`, () => {
    fc.assert(fc.property(miniBatchCases(true), checkSplit), { seed: 503, numRuns: runs });
  });

  // a schedule reads the network's update count, which the second call continues
  const scheduleCases = fc.record({
    net: specWithData({}, { min: 1, max: 6 }),
    seed: seedSpec,
    n: fc.integer({ min: 1, max: 4 }),
    m: fc.integer({ min: 1, max: 4 }),
    optimizer: optimizerSpec(["gradientDescent"], ["step", "exponential", "inverseTime"]).map((spec): SplitOptimizer => ({ kind: "optimizer", spec })),
    batchSize: fc.constant(undefined),
  });
  it(`gradient descent with a schedule [${runs} runs, seed 504]`, () => {
    fc.assert(fc.property(scheduleCases, checkSplit), { seed: 504, numRuns: runs });
  });
});

describe("6. train(n), toJSON with the training state, JSON text, fromJSON, train(m) equals train(n + m)", () => {
  const runs = 150;
  const anyOptimizer = splitOptimizer(fc.oneof(optimizerSpec(["gradientDescent"]), optimizerSpec(["momentum", "nesterov", "adam", "rmsprop", "adagrad"])));
  it(`full batch, every optimizer and schedule [${runs} runs, seed 601]`, () => {
    const cases = fc.record({
      net: specWithData({}, { min: 1, max: 6 }),
      seed: seedSpec,
      n: fc.integer({ min: 1, max: 4 }),
      m: fc.integer({ min: 1, max: 4 }),
      optimizer: anyOptimizer,
      batchSize: fc.constant(undefined),
      viaJSON: fc.constant(true),
    });
    fc.assert(fc.property(cases, checkSplit), { seed: 601, numRuns: runs });
  });
  it(`mini-batches, shuffled or in order, every optimizer and schedule [${runs} runs, seed 602]`, () => {
    const cases = fc.record({
      net: specWithData({}, { min: 1, max: 6 }),
      seed: seedSpec,
      n: fc.integer({ min: 1, max: 4 }),
      m: fc.integer({ min: 1, max: 4 }),
      optimizer: anyOptimizer,
      batchSize: fc.integer({ min: 1, max: 6 }),
      shuffle: fc.boolean(),
      viaJSON: fc.constant(true),
    });
    fc.assert(fc.property(cases, checkSplit), { seed: 602, numRuns: runs });
  });
});

describe("report", () => {
  it("prints the largest gradient error relative to its tolerance", () => {
    if (process.env.TINYNN_REPORT) console.log(JSON.stringify({ worstGradientErrorOverTolerance: worstRatio }));
    expect(worstRatio).toBeLessThan(1);
  });
});
