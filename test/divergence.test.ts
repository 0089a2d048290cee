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
  Dense,
  Dropout,
  GradientDescent,
  Momentum,
  Network,
  numpyRandom,
  TrainingError,
  type Optimizer,
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
