// The network's update count (the step optimizers and schedules get, saved with its training state)
// is live: a save or a clone taken during a run, from a callback or while trainAsync waits, resumes
// exactly, and a run inside a run adds to it.
import { describe, expect, it } from "vitest";
import { GradientDescent, Network, numpyRandom, optimizerFromJSON, stepDecay, type NetworkJSON, type TrainOptions } from "../src/index.js";

const X = Array.from({ length: 7 }, (_, i) => [Math.sin(i), Math.cos(2 * i), (i % 3) / 3]);
const y = X.map(([a, b]) => [a! * b! > 0 ? 1 : 0]);
const net = (): Network => new Network({ layers: [3, 5, 1], random: numpyRandom(3) });
const schedule = () => new GradientDescent({ alpha: stepDecay({ alpha: 1, drop: 0.5, every: 4 }) });
const options = (iterations: number, optimizer: GradientDescent): TrainOptions => ({ iterations, batchSize: 3, optimizer });

describe("resuming from a save taken during a run", () => {
  it("toJSON from onProgress: the update count is the run's so far, and the resumed run is the uninterrupted one", () => {
    const whole = net();
    whole.train(X, y, options(8, schedule()));
    const a = net();
    const optimizer = schedule();
    let saved: NetworkJSON | undefined;
    a.train(X, y, { ...options(8, optimizer), onProgress: ({ iteration }) => void (iteration === 4 && (saved = JSON.parse(JSON.stringify(a.toJSON({ optimizer }))))) });
    // 5 iterations of 3 batches
    expect(saved!.training!.updates).toBe(15);
    const resumed = Network.fromJSON(saved!);
    resumed.train(X, y, options(3, optimizerFromJSON(saved!.optimizer) as GradientDescent));
    expect(resumed.toJSON()).toEqual(whole.toJSON());
  });

  it("clone from onProgress, and toJSON while trainAsync waits, see the live count", async () => {
    const whole = net();
    whole.train(X, y, options(8, schedule()));
    const a = net();
    let copy: Network | undefined;
    a.train(X, y, { ...options(8, schedule()), onProgress: ({ iteration }) => void (iteration === 2 && (copy = a.clone())) });
    expect(copy!.toJSON({ training: true }).training!.updates).toBe(9);
    copy!.train(X, y, options(5, schedule()));
    // the clone's own optimizer starts fresh, but the schedule reads the network's count: the same updates
    expect(copy!.toJSON()).toEqual(whole.toJSON());

    const b = net();
    const counts: number[] = [];
    const timer = setInterval(() => counts.push(b.toJSON({ training: true }).training!.updates), 0);
    await b.trainAsync(X, y, { ...options(20000, schedule()), yieldEveryMs: 1 });
    clearInterval(timer);
    expect(counts.some((c) => c > 0 && c < 60000)).toBe(true);
    expect(b.toJSON({ training: true }).training!.updates).toBe(60000);
  });

  it("a run inside a run adds its updates to the count", () => {
    const a = net();
    a.train(X, y, { iterations: 3, onProgress: ({ iteration }) => void (iteration === 1 && a.train(X, y, { iterations: 5 })) });
    expect(a.toJSON({ training: true }).training!.updates).toBe(8);
  });
});
