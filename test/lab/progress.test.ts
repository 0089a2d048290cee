import { describe, expect, it } from "vitest";
import { ConfigError, Network, numpyRandom, progressReporter } from "../../src/index.js";
import { XOR_X, XOR_Y } from "./fixtures.js";

function fakeClock(stepMs: number): () => number {
  let t = 0;
  return () => (t += stepMs);
}

describe("progressReporter", () => {
  it("writes iteration, loss, error and rate lines to the stream it is given", () => {
    const out: string[] = [];
    const report = progressReporter({ write: (s) => out.push(s) }, { iterations: 60000, now: fakeClock(100) });
    const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
    net.train(XOR_X, XOR_Y, { iterations: 60000, progressEvery: 10000, onProgress: report });
    expect(out).toHaveLength(6);
    expect(out[0]).toBe("iteration 0/60000 (0.0%)  loss 4.952e-1  error 0.496410  - it/s\n");
    // 10000 iterations per 100 ms of the fake clock
    expect(out[1]).toBe("iteration 10000/60000 (16.7%)  loss 1.508e-4  error 0.00858453  100,000 it/s\n");
    expect(out[5]).toMatch(/^iteration 50000\/60000 \(83\.3%\)  loss .*  error 0\.00351012  100,000 it\/s\n$/);
  });

  it("rewrites one line on a TTY and ends it after the last report", () => {
    const out: string[] = [];
    const report = progressReporter({ write: (s) => out.push(s), isTTY: true }, { iterations: 30, label: "alpha=10", now: fakeClock(1) });
    for (const iteration of [0, 10, 20]) report({ iteration, loss: 0.5, meanAbsoluteError: 0.25 });
    expect(out.every((s) => s.startsWith("\ralpha=10  iteration "))).toBe(true);
    expect(out[0]!.endsWith("\n")).toBe(false);
    expect(out[2]!.endsWith("\n")).toBe(true);
  });

  it("never prints by default and rejects a stream without write", () => {
    expect(() => progressReporter({} as never)).toThrow(ConfigError);
    expect(() => progressReporter(process.stderr, { iterations: 0 })).toThrow(/iterations must be an integer >= 1, got 0/);
  });
});
