// Divergence loses nothing: when training's loss (or a parameter) stops being finite, the network
// is put back, bit for bit, to its state after the last update whose loss and predictions were
// finite: parameters, BatchNorm statistics, optimizer state and random source. The reference for
// "its state after k updates" is an identical network trained the same way, with a monitor that
// records the whole state after every update (a run with monitors takes its checkpoints at every
// update; one without takes them every 256 updates and replays from there: both are checked).
import { describe, expect, it } from "vitest";
import {
  Adam,
  BatchNorm,
  DataError,
  LimitError,
  Dense,
  Dropout,
  GradientDescent,
  Momentum,
  Network,
  numpyRandom,
  TrainingError,
  type Loss,
  type Optimizer,
  type Parameter,
  type Random,
  type TrainOptions,
} from "../src/index.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1], [0.5, 0.2, 0.1], [0.3, 0.9, 0.4]];
const y = [[0], [1], [1], [0], [0.5], [0.2]];

interface State {
  parameters: number[][];
  layerState: number[][];
  random: unknown;
  optimizer: unknown;
}

function stateOf(net: Network, optimizer: Optimizer): State {
  return {
    parameters: net.parameters().map((p) => Array.from(p.value.data)),
    layerState: net.layers.flatMap((l) => (l.state ?? []).map((m) => Array.from(m.data))),
    random: net.random.getState!(),
    optimizer: optimizer.toJSON?.(),
  };
}

/** Trains a fresh network until it diverges; returns the error and the state after each update (index 0: before any). */
function diverge(make: () => Network, optimizer: () => Optimizer, options: TrainOptions, record: boolean) {
  const net = make();
  const opt = optimizer();
  const states: State[] = [stateOf(net, opt)];
  const monitors = record ? [{ afterUpdate: () => void states.push(stateOf(net, opt)) }] : [];
  let error: unknown;
  try {
    net.train(X, y, { ...options, optimizer: opt, monitors });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TrainingError);
  return { net, opt, states, error: error as TrainingError };
}

/** The update count the error says the network is back to (0: before training). */
function restoredUpdates(e: TrainingError): number {
  if (/back to its state before this training/.test(e.message)) return 0;
  const m = /back to its state after (\d+) updates/.exec(e.message);
  expect(m, e.message).not.toBeNull();
  return Number(m![1]);
}

const blogNet = () => new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
const bnNet = () =>
  new Network({
    layers: [
      new Dense({ inputSize: 3, outputSize: 4, activation: "tanh" }),
      new BatchNorm({ size: 4 }),
      new Dropout({ size: 4, rate: 0.25 }),
      new Dense({ inputSize: 4, outputSize: 1, activation: "identity" }),
    ],
    random: numpyRandom(2),
  });

// a learning rate that jumps after `at` updates: a run that diverges there, late enough for
// several checkpoints to have been taken
const jump = (small: number, at: number, big: number) => (t: number) => (t < at ? small : big);

const cases: { name: string; make: () => Network; optimizer: () => Optimizer; options: TrainOptions }[] = [
  { name: "full batch, gradient descent", make: blogNet, optimizer: () => new GradientDescent({ alpha: jump(0.1, 600, 5) }), options: { iterations: 2000, loss: "mse" } },
  {
    name: "shuffled mini-batches, BatchNorm, Dropout, Momentum",
    make: bnNet,
    optimizer: () => new Momentum({ alpha: jump(0.01, 700, 50), beta: 0.9 }),
    options: { iterations: 2000, batchSize: 4, loss: "mse" },
  },
  {
    name: "mini-batches in order, BatchNorm, Dropout, Adam",
    make: bnNet,
    optimizer: () => new Adam({ alpha: jump(0.001, 530, 1e200) }),
    options: { iterations: 2000, batchSize: 2, shuffle: false, loss: "mse" },
  },
];

describe("divergence puts the network back", () => {
  for (const c of cases) {
    it(`${c.name}: to the state after the last update whose loss was finite, bit for bit, with or without monitors`, () => {
      const reference = diverge(c.make, c.optimizer, c.options, true);
      const plain = diverge(c.make, c.optimizer, c.options, false);
      // the same divergence, the same message, whether checkpoints were taken at every update or replayed to
      expect(plain.error.message).toBe(reference.error.message);
      expect(plain.error.iteration).toBe(reference.error.iteration);
      const k = restoredUpdates(plain.error);
      // past the first checkpoints: replay from one was needed
      expect(k).toBeGreaterThan(256);
      // the updates made before it failed: every one recorded
      expect(reference.states.length).toBeGreaterThan(k);
      for (const run of [plain, reference]) {
        const got = stateOf(run.net, run.opt);
        const want = reference.states[k]!;
        expect(got.parameters).toEqual(want.parameters);
        expect(got.layerState).toEqual(want.layerState);
        expect(got.optimizer).toEqual(want.optimizer);
        expect(got.random).toEqual(want.random);
        // usable: its predictions and loss on the data are finite
        const e = run.net.evaluate(X, y, "mse");
        expect(Number.isFinite(e.loss) && Number.isFinite(e.meanAbsoluteError)).toBe(true);
      }
    });
  }

  it("says where the network is: the iteration the last kept update belongs to", () => {
    const { error } = diverge(blogNet, () => new GradientDescent({ alpha: jump(0.1, 600, 5) }), { iterations: 2000, loss: "mse" }, false);
    const k = restoredUpdates(error);
    // full batch: update k - 1 is made in iteration k - 1; the loss became non-finite later
    expect(error.message).toContain(`after ${k} updates (the last in iteration ${k - 1})`);
    expect(error.iteration).toBeGreaterThan(k - 1);
  });

  it("a loss that is not finite from the start: the network is as it was before training", () => {
    const net = new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
    const before = net.parameters().map((p) => Array.from(p.value.data));
    expect(() => net.train([[1e200, 1e200, 1e200]], [[1]], { iterations: 10 })).toThrow(/back to its state before this training/);
    expect(net.parameters().map((p) => Array.from(p.value.data))).toEqual(before);
  });
});

const weightsOf = (net: Network) => net.parameters().map((p) => Array.from(p.value.data));
const restoredFrom = (e: unknown) => restoredUpdates(e as TrainingError);

describe("the paths a divergence can take", () => {
  // a loss whose value stays finite (capped) while its gradient becomes Infinity once an output
  // passes 3: the weights turn Infinity without the loss showing it
  const capped = {
    name: "capped",
    value(o: { data: Float64Array }, t: { data: Float64Array }) {
      let s = 0;
      for (let i = 0; i < o.data.length; i++) s += (o.data[i]! - t.data[i]!) ** 2;
      return Number.isFinite(s) ? Math.min(s, 1e6) : 1e6;
    },
    gradient(g: { data: Float64Array }, o: { data: Float64Array }, t: { data: Float64Array }) {
      for (let i = 0; i < g.data.length; i++) g.data[i] = Math.abs(o.data[i]!) > 3 ? Number.POSITIVE_INFINITY : 2 * (o.data[i]! - t.data[i]!);
    },
  } as unknown as Loss;

  for (const monitored of [false, true]) {
    it(`parameters that turn Infinity while the loss stays finite: back to the last finite update${monitored ? " (with a monitor)" : ""}`, () => {
      const net = new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
      const states = [weightsOf(net)];
      const record = { afterUpdate: () => void states.push(weightsOf(net)) };
      let error: unknown;
      try {
        net.train(X, y, { iterations: 1000, loss: capped, optimizer: new GradientDescent({ alpha: jump(0.01, 600, 0.5) }), monitors: monitored ? [record] : [] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TrainingError);
      expect((error as Error).message).toMatch(/a parameter or a layer's state became NaN or Infinity; the network is back to its state after \d+ updates/);
      const k = restoredFrom(error);
      // the reference: the same run recorded, to the first state that is not finite
      const reference = new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
      const all = [weightsOf(reference)];
      try {
        reference.train(X, y, { iterations: 1000, loss: capped, optimizer: new GradientDescent({ alpha: jump(0.01, 600, 0.5) }), monitors: [{ afterUpdate: () => void all.push(weightsOf(reference)) }] });
      } catch {
        // the same divergence
      }
      const firstBad = all.findIndex((w) => w.flat().some((v) => !Number.isFinite(v)));
      expect(firstBad).toBeGreaterThan(600);
      expect(k).toBe(firstBad - 1);
      expect(weightsOf(net)).toEqual(all[k]);
    });
  }

  it("a random source of yours with getState/setState is put back to the state it had, not the newest checkpoint's", () => {
    // numpyRandom's getState and setState, but not its bulk draws: tinynn sees a source of yours
    const yours = (): Random => {
      const inner = numpyRandom(7);
      const r = (() => inner()) as Random;
      r.getState = () => inner.getState!();
      r.setState = (st) => inner.setState!(st);
      return r;
    };
    const run = (random: Random, record: boolean) => {
      const net = new Network({ layers: [3, 4, 1], activation: "identity", random });
      const states = [{ w: weightsOf(net), r: random.getState!() }];
      let error: unknown;
      try {
        net.train(X, y, {
          iterations: 2000, batchSize: 2, loss: "mse", optimizer: new GradientDescent({ alpha: jump(0.02, 515, 5) }),
          monitors: record ? [{ afterUpdate: () => void states.push({ w: weightsOf(net), r: random.getState!() }) }] : [],
        });
      } catch (e) {
        error = e;
      }
      return { net, random, states, k: restoredFrom(error) };
    };
    const reference = run(numpyRandom(7), true);
    const mine = run(yours(), false);
    expect(mine.k).toBe(reference.k);
    expect(mine.k).toBeGreaterThan(256);
    expect(weightsOf(mine.net)).toEqual(reference.states[mine.k]!.w);
    expect(mine.random.getState!()).toEqual(reference.states[mine.k]!.r);
  });

  it("changes made from onProgress are kept: no replay runs across a callback", () => {
    const net = new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
    const states = [weightsOf(net)];
    let error: unknown;
    try {
      net.train(X, y, {
        iterations: 2000, loss: "mse", optimizer: new GradientDescent({ alpha: jump(0.05, 600, 5) }),
        onProgress: (p) => {
          net.parameters()[0]!.value.data[0]! += 1e-6;
          if (p.iteration % 50 === 0) net.train(X, y, { iterations: 1, alpha: 0.01, loss: "mse" });
          states.push(weightsOf(net));
        },
      });
    } catch (e) {
      error = e;
    }
    const k = restoredFrom(error);
    expect(k).toBeGreaterThan(256);
    // full batch, progress every iteration: the state after k updates is the one onProgress saw after iteration k - 1
    expect(weightsOf(net)).toEqual(states[k]);
  });

  it("an optimizer of yours that keeps state: the replay gives other losses than the run, so the network is put back to the checkpoint itself", () => {
    const momentum = (): Optimizer => {
      const velocity = new Map<Parameter, Float64Array>();
      return {
        name: "myMomentum",
        step(ps, t = 0) {
          const a = t < 600 ? 0.05 : 5;
          for (const p of ps) {
            let m = velocity.get(p);
            if (m === undefined) velocity.set(p, (m = new Float64Array(p.value.data.length)));
            for (let i = 0; i < m.length; i++) {
              m[i] = 0.9 * m[i]! + p.grad.data[i]!;
              p.value.data[i]! -= a * m[i]!;
            }
          }
        },
      };
    };
    const reference = new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
    const states = [weightsOf(reference)];
    try {
      reference.train(X, y, { iterations: 2000, loss: "mse", optimizer: momentum(), monitors: [{ afterUpdate: () => void states.push(weightsOf(reference)) }] });
    } catch {
      // the same divergence, recorded
    }
    const net = new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
    let error: unknown;
    try {
      net.train(X, y, { iterations: 2000, loss: "mse", optimizer: momentum() });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(/back to its state after 512 updates \(the last in iteration 511\), a checkpoint: replaying the updates after it gave other losses/);
    expect(states.length).toBeGreaterThan(600);
    expect(weightsOf(net)).toEqual(states[512]);
  });

  it("a validation pass that overflows first is a divergence too: the network is put back, not left with overflowing weights", () => {
    const net = new Network({ layers: [3, 4, 1], activation: "identity", random: numpyRandom(1) });
    let error: unknown;
    try {
      net.train(X, y, { iterations: 100, loss: "mse", optimizer: new GradientDescent({ alpha: jump(0.01, 50, 1e306) }), earlyStopping: { validation: { X: [[1e5, 1e5, 1e5]], y: [[0]] }, patience: 1000 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as Error).message).toMatch(/the validation (output is not finite|loss became Infinity); the network is back/);
    for (const row of net.predict(X)) expect(Number.isFinite(row[0])).toBe(true);
  });

  it("BatchNorm statistics that overflow are a divergence, not a network that cannot be saved", () => {
    const net = new Network({
      layers: [new Dense({ inputSize: 1, outputSize: 2, activation: "identity" }), new BatchNorm({ size: 2 }), new Dense({ inputSize: 2, outputSize: 1, activation: "identity" })],
      random: numpyRandom(3),
    });
    expect(() => net.train([[1e160], [-1e160]], [[0], [1]], { iterations: 5, loss: "mse", alpha: 0.01 })).toThrow(TrainingError);
    const stats = net.layers[1]!.state!.flatMap((m) => Array.from(m.data));
    for (const v of stats) expect(Number.isFinite(v)).toBe(true);
    expect(() => Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())))).not.toThrow();
  });

  it("the checkpoints count against the memory budget", () => {
    // 4 x 3 + 3 + 3 x 1 + 1 = 19 values: 3 checkpoints of 152 bytes with plain gradient descent, 1368 with Adam's two moments more
    const net = (budget: number) => new Network({ layers: [4, 3, 1], random: numpyRandom(1), memoryBudget: budget });
    const data = { X: [[1, 2, 3, 4]], y: [[1]] };
    expect(() => net(1000).train(data.X, data.y, { iterations: 1, alpha: 0.1 })).not.toThrow();
    expect(() => net(1000).train(data.X, data.y, { iterations: 1, optimizer: new Adam({ alpha: 0.1 }) })).toThrow(LimitError);
    expect(() => net(1000).train(data.X, data.y, { iterations: 1, optimizer: new Adam({ alpha: 0.1 }) })).toThrow(/the run's 3 checkpoints .* would need 1.34 KiB/);
  });

  it("a DataError from your own loss is not taken for a divergence", () => {
    const throwing = { name: "bad", value: () => { throw new DataError("mine"); }, gradient: () => undefined } as unknown as Loss;
    expect(() => new Network({ layers: [3, 1], random: numpyRandom(1) }).train(X, y, { loss: throwing })).toThrow(/^mine$/);
  });
});
