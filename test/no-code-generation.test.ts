// tinynn must run where code generation from strings is refused (Cloudflare Workers, Manifest V3
// extensions, pages whose Content-Security-Policy lacks 'unsafe-eval'): `node
// --disallow-code-generation-from-strings` refuses `new Function` and `eval` the same way. The
// library is bundled from source with esbuild (as an app would bundle it), then a script imports
// it, trains a network of every built-in layer with cross-entropy and Adam, predicts, evaluates,
// traces, checks gradients and restores from JSON, in ESM and in CommonJS. Its numbers must equal
// the same run here, bit for bit.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tinynn from "../src/index.js";
import { bundleLibrary } from "./bundle.js";

/** The run, written once; `lib` is the library (the bundle in the child process, the source here). */
function run(lib: typeof tinynn): Record<string, unknown> {
  const { Network, Dense, BatchNorm, Dropout, Softmax, Adam, checkGradients, trace, oneHot } = lib;
  const X: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 24; i++) {
    X.push([Math.sin(i), Math.cos(2 * i), (i % 5) / 5, ((i * 7) % 11) / 11]);
    labels.push(i % 3);
  }
  const y = oneHot(labels, 3);
  const net = new Network({
    layers: [
      new Dense({ inputSize: 4, outputSize: 8, activation: "relu", initializer: "heUniform" }),
      new BatchNorm({ size: 8 }),
      new Dropout({ size: 8, rate: 0.25 }),
      new Dense({ inputSize: 8, outputSize: 3, activation: "identity" }),
      new Softmax({ size: 3 }),
    ],
    seed: 7,
  });
  const summary = net.train(X, y, { iterations: 30, batchSize: 5, loss: "crossEntropy", optimizer: new Adam({ alpha: 0.01 }) });
  const step = trace(net, X, y, { loss: "crossEntropy" });
  const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
  return {
    loss: summary.history.loss,
    predict: net.predict(X),
    copy: copy.predict(X),
    evaluate: net.evaluate(X, y, "crossEntropy"),
    trace: step.loss,
    gradients: checkGradients(net, X, y, { loss: "crossEntropy" }).maxRelativeError,
  };
}

let dir: string;
let remove: () => void;

beforeAll(() => {
  ({ dir, remove } = bundleLibrary("tinynn-nocodegen-"));
  const body = `const run = ${run.toString()};\nprocess.stdout.write(JSON.stringify(run(lib)));\n`;
  writeFileSync(join(dir, "main.mjs"), `import * as lib from "./tinynn.mjs";\n${body}`);
  writeFileSync(join(dir, "main.cjs"), `const lib = require("./tinynn.cjs");\n${body}`);
  // the control: asNdarray makes an ndarray, which compiles code, and is refused
  writeFileSync(join(dir, "ndarray.mjs"), `import { asNdarray, zeros } from "./tinynn.mjs";\nasNdarray(zeros(2, 2));\n`);
});

afterAll(() => remove());

const node = (script: string) =>
  spawnSync(process.execPath, ["--disallow-code-generation-from-strings", join(dir, script)], { encoding: "utf8", timeout: 60_000 });

describe("no code generation from strings", () => {
  const expected = JSON.stringify(run(tinynn));

  it.each(["main.mjs", "main.cjs"])("%s: imports, trains, predicts, traces and restores under --disallow-code-generation-from-strings", (script) => {
    const r = node(script);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // JSON's shortest round-trip numbers: equal text means equal bits
    expect(r.stdout).toBe(expected);
    const result = JSON.parse(r.stdout) as { loss: number[]; predict: number[][] };
    expect(result.loss).toHaveLength(30);
    expect(result.predict.flat().every(Number.isFinite)).toBe(true);
  });

  it("the flag is in force: asNdarray (ndarray compiles its view class) is refused", () => {
    const r = node("ndarray.mjs");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/EvalError: Code generation from strings disallowed/);
  });
});
