// The examples of docs/future-work.md (classification, optimizers, regression) run, exit 0 and print their stated results.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const run = (name: string): string => execFileSync("node_modules/.bin/tsx", [`examples/${name}.ts`], { encoding: "utf8" });

describe("the future-work guide's examples", () => {
  it("classification reaches test accuracy >= 0.95", () => {
    const accuracy = Number(/test accuracy:\s+([\d.]+)/.exec(run("classification"))![1]);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("optimizers: every contender reaches the loss, and the resumed Adam run is identical", () => {
    const out = run("optimizers");
    expect(out).not.toContain("not reached");
    expect(out).toContain("gradient descent, alpha 1 (the blog)     646 updates");
    expect(out).toContain("identical to the uninterrupted one: true");
  });

  it("regression reaches test mse < 1e-3", () => {
    const mse = Number(/test mse: (\S+)/.exec(run("regression"))![1]);
    expect(mse).toBeLessThan(1e-3);
  });
});
