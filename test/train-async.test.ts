// trainAsync: the same run as train, bit for bit, in slices between which the event loop runs;
// stopped by an AbortSignal at the end of an iteration, as fetch rejects.
import { describe, expect, it } from "vitest";
import { Adam, BatchNorm, ConfigError, Dense, Dropout, Network, numpyRandom, Softmax, oneHot, type TrainOptions } from "../src/index.js";
import { XOR_X as X, XOR_Y as y } from "./lab/fixtures.js";

/** Everything a run leaves: the network's JSON (weights, BatchNorm statistics) and the next draw of its random source. */
function state(net: Network): unknown {
  return { json: net.toJSON(), next: net.random() };
}

const blog = (): Network => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });

/** A classifier of every built-in layer, trained on shuffled mini-batches: draws for the shuffle and the dropout masks. */
function classifier(): { net: Network; X: number[][]; y: number[][] } {
  const labels = Array.from({ length: 30 }, (_, i) => i % 3);
  const Xc = labels.map((c, i) => [c + 0.3 * Math.sin(i), c * c - 0.2 * Math.cos(3 * i), (i % 4) / 4]);
  const net = new Network({
    layers: [
      new Dense({ inputSize: 3, outputSize: 8, activation: "relu" }),
      new BatchNorm({ size: 8 }),
      new Dropout({ size: 8, rate: 0.2 }),
      new Dense({ inputSize: 8, outputSize: 3, activation: "identity" }),
      new Softmax({ size: 3 }),
    ],
    random: numpyRandom(5),
  });
  return { net, X: Xc, y: oneHot(labels) };
}

describe("trainAsync", () => {
  const cases: [string, () => { net: Network; X: number[][]; y: number[][] }, () => TrainOptions][] = [
    ["the blog's network b, with progress reports", () => ({ net: blog(), X, y }), () => ({ iterations: 3000, progressEvery: 1000, onProgress: () => {} })],
    ["shuffled mini-batches, BatchNorm, Dropout, Adam", classifier, () => ({ iterations: 60, batchSize: 7, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }) })],
    [
      "early stopping on validation data, best restored",
      classifier,
      () => ({ iterations: 400, batchSize: 10, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.05 }), earlyStopping: { validation: classifier(), patience: 5, restoreBest: true } }),
    ],
  ];
  for (const [name, make, options] of cases) {
    it(`gives train's summary and network bit for bit: ${name}`, async () => {
      const a = make();
      const b = make();
      const sync = a.net.train(a.X, a.y, options());
      // yieldEveryMs 0: a turn of the event loop after every group of iterations, as many pauses as there can be
      const summary = await b.net.trainAsync(b.X, b.y, { ...options(), yieldEveryMs: 0 });
      expect(summary).toEqual(sync);
      expect(summary.history.loss).toEqual(sync.history.loss);
      expect(state(b.net)).toEqual(state(a.net));
    });
  }

  it("gives the event loop turns: a timer fires while it trains, and predict then sees the weights of the iterations done", async () => {
    const net = blog();
    const total = 100000;
    let completed = 0;
    let fired = -1;
    let predicted: number[][] = [];
    const timer = setTimeout(() => {
      fired = completed;
      predicted = net.predict(X);
    }, 1);
    const summary = await net.trainAsync(X, y, {
      iterations: total,
      yieldEveryMs: 2,
      // a report after every iteration: `completed` is exact when the timer fires
      onProgress: ({ iteration }) => void (completed = iteration + 1),
    });
    clearTimeout(timer);
    expect(summary.iterations).toBe(total);
    // the timer ran between two slices: after some iterations, before the last
    expect(fired).toBeGreaterThan(0);
    expect(fired).toBeLessThan(total);
    // and predict saw the network after exactly those iterations
    const partial = blog();
    partial.train(X, y, { iterations: fired });
    expect(predicted).toEqual(partial.predict(X));
  });

  it("aborted from a timer: rejects with an AbortError; the network is as train leaves it after the iterations completed", async () => {
    const net = blog();
    const controller = new AbortController();
    let last = -1;
    setTimeout(() => controller.abort(), 5);
    const error = await net
      .trainAsync(X, y, { iterations: 10_000_000, yieldEveryMs: 1, signal: controller.signal, progressEvery: 1, onProgress: ({ iteration }) => void (last = iteration) })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(last).toBeGreaterThan(0);
    const reference = blog();
    reference.train(X, y, { iterations: last + 1 });
    expect(state(net)).toEqual(state(reference));
  });

  it("aborted from inside the run (a monitor, mid-iteration): stops at the end of that iteration, rejecting with the reason given", async () => {
    const { net, X: Xc, y: yc } = classifier();
    const controller = new AbortController();
    const reason = new Error("enough");
    // 30 rows in batches of 7: 5 updates per iteration; update 12 is in iteration 2
    const options = (): TrainOptions => ({ iterations: 50, batchSize: 7, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }) });
    const monitor = { afterUpdate: ({ step }: { step: number }) => (step === 12 ? controller.abort(reason) : undefined) };
    await expect(net.trainAsync(Xc, yc, { ...options(), monitors: [monitor], signal: controller.signal })).rejects.toBe(reason);
    const reference = classifier();
    reference.net.train(reference.X, reference.y, { ...options(), iterations: 3 });
    expect(state(net)).toEqual(state(reference.net));
  });

  it("aborted from onProgress: the iteration it reports is the last one kept", async () => {
    const net = blog();
    const controller = new AbortController();
    const run = net.trainAsync(X, y, { iterations: 1000, signal: controller.signal, onProgress: ({ iteration }) => void (iteration === 10 && controller.abort()) });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    const reference = blog();
    reference.train(X, y, { iterations: 11 });
    expect(state(net)).toEqual(state(reference));
  });

  it("an already aborted signal rejects before any work: the network is unchanged", async () => {
    const net = blog();
    const before = state(blog());
    await expect(net.trainAsync(X, y, { iterations: 10, signal: AbortSignal.abort("no") })).rejects.toBe("no");
    expect(state(net)).toEqual(before);
  });

  it("another train of the network while it waits is refused; predict is not; after it ends, training works again", async () => {
    const net = blog();
    const running = net.trainAsync(X, y, { iterations: 200000, yieldEveryMs: 1 });
    await new Promise((r) => setTimeout(r, 2));
    expect(() => net.train(X, y, { iterations: 1 })).toThrow(ConfigError);
    expect(() => net.train(X, y, { iterations: 1 })).toThrow(/being trained by trainAsync/);
    await expect(net.trainAsync(X, y, { iterations: 1 })).rejects.toThrow(/being trained by trainAsync/);
    expect(net.predict(X)).toHaveLength(4);
    await running;
    expect(net.train(X, y, { iterations: 1 }).iterations).toBe(1);
  });

  it("refused from inside this network's own training, and with an optimizer that another unfinished run holds", async () => {
    const net = blog();
    let inner: Promise<unknown> | undefined;
    net.train(X, y, { iterations: 3, onProgress: ({ iteration }) => void (iteration === 1 && (inner = net.trainAsync(X, y, { iterations: 5 }).catch((e: unknown) => e))) });
    expect(await inner).toBeInstanceOf(ConfigError);
    expect(String(await inner)).toMatch(/trainAsync cannot start from inside this network's own training/);

    const adam = new Adam({ alpha: 0.01 });
    const other = blog();
    const running = net.trainAsync(X, y, { iterations: 100000, yieldEveryMs: 1, optimizer: adam });
    await new Promise((r) => setTimeout(r, 2));
    expect(() => other.train(X, y, { iterations: 1, optimizer: adam })).toThrow(/optimizer "adam" is in use by a trainAsync run that has not ended/);
    await running;
    expect(other.train(X, y, { iterations: 1, optimizer: adam }).iterations).toBe(1);
  });

  it("diverging with an optimizer whose state tinynn cannot copy: trainAsync puts the network back where train does", async () => {
    // the learning rate grows with a count the optimizer keeps to itself: a replay from a
    // checkpoint cannot reproduce the run, so the network goes back to a checkpoint, which must be
    // train's (trainAsync's pauses take none)
    const growing = () => {
      let k = 0;
      return {
        name: "growing",
        step(parameters: readonly { value: { data: Float64Array }; grad: { data: Float64Array } }[]) {
          const rate = 0.01 * 1.01 ** k++;
          for (const p of parameters) for (let i = 0; i < p.value.data.length; i++) p.value.data[i]! -= rate * p.grad.data[i]!;
        },
      };
    };
    const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);
    const linear = () => new Network({ layers: [3, 4, 1], activation: "identity", bias: false, random: numpyRandom(1) });
    const a = linear();
    const syncError = await errorOf(Promise.resolve().then(() => a.train(X, y, { iterations: 5000, optimizer: growing() })));
    expect(syncError).toBeInstanceOf(Error);
    // past two checkpoint intervals (256 updates): a replay is tried and found unfaithful
    expect(syncError!.message).toMatch(/after (\d{3,}) updates/);
    const expected = state(a);
    for (const yieldEveryMs of [0, 1]) {
      const b = linear();
      const asyncError = await errorOf(b.trainAsync(X, y, { iterations: 5000, optimizer: growing(), yieldEveryMs }));
      expect(asyncError!.message).toBe(syncError!.message);
      expect(state(b)).toEqual(expected);
    }
  });

  it("refuses bad options with a ConfigError that names them, before any work", async () => {
    const net = blog();
    const before = state(blog());
    const bad: [unknown, RegExp][] = [
      [{ yieldEveryMs: -1 }, /yieldEveryMs must be .*-1/],
      [{ yieldEveryMs: Number.NaN }, /yieldEveryMs/],
      [{ yieldEveryMs: "16" }, /yieldEveryMs/],
      [{ signal: {} }, /signal must be an AbortSignal/],
      [{ signal: "stop" }, /signal must be an AbortSignal .*got "stop"/],
      [{ yieldEveryMS: 16 }, /trainAsync.*yieldEveryMS.*yieldEveryMs/],
      [{ iterations: 0 }, /iterations/],
      [null, /trainAsync options must be an object/],
    ];
    for (const [options, message] of bad) {
      const error = await net.trainAsync(X, y, options as TrainOptions).then(() => undefined, (e: unknown) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
    }
    // train does not take trainAsync's options
    expect(() => net.train(X, y, { yieldEveryMs: 16 } as TrainOptions)).toThrow(/train.*yieldEveryMs/);
    expect(state(net)).toEqual(before);
  });

  it("its TSDoc example's result", async () => {
    const summary = await blog().trainAsync(X, y, { iterations: 60000, signal: new AbortController().signal });
    expect(summary.meanAbsoluteError).toBe(0.0031835307355949105);
  });
});
