// The playground's code panel: the generated TypeScript, run with `node --import tsx` from the
// repository root ("tinynn" resolves through tsconfig's paths), trains the same bits as the page's
// own path (makeDataset, networkFor, optimizerFor, trainOptionsFor); a blog program's code is its
// examples/blog file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "tinynn";
import { afterAll, describe, expect, it } from "vitest";
import { checkSettings, codeFor, networkFor, optimizerFor, trainOptionsFor } from "../../site/src/code.js";
import { makeDataset } from "../../site/src/datasets.js";
import type { Settings } from "../../site/src/types.js";
import { golden, PROGRAMS } from "../golden.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tinynn-code-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function runCode(code: string): string {
  const file = join(dir, `code${files++}.ts`);
  writeFileSync(file, code);
  return execFileSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8" });
}

const base: Settings = {
  program: null,
  dataset: "xor",
  samples: 60,
  noise: 0.1,
  seed: 1,
  hidden: [4],
  activation: "sigmoid",
  outputActivation: "sigmoid",
  loss: "sse",
  bias: false,
  optimizer: "gradientDescent",
  alpha: 1,
  batchSize: null,
  iterations: 500,
};

const cases: [string, Partial<Settings>][] = [
  ["xor, the blog's network and loss", {}],
  ["moons, tanh, mse, Adam, batches of 10", { dataset: "moons", activation: "tanh", loss: "mse", bias: true, optimizer: "adam", alpha: 0.01, batchSize: 10, seed: 3 }],
  ["circles, softmax and cross-entropy, Momentum", { dataset: "circles", hidden: [6], activation: "relu", outputActivation: "softmax", loss: "crossEntropy", bias: true, optimizer: "momentum", alpha: 0.1, samples: 41 }],
  ["spirals, two hidden layers, RMSprop, no noise", { dataset: "spirals", hidden: [8, 8], activation: "tanh", bias: true, optimizer: "rmsprop", alpha: 0.01, noise: 0, seed: 9 }],
  ["parity3, Adagrad, batches of 3", { dataset: "parity3", hidden: [6, 4], bias: true, optimizer: "adagrad", alpha: 0.5, batchSize: 3 }],
];

describe("codeFor", () => {
  for (const [name, more] of cases) {
    it(`${name}: the code trains the page's numbers`, async () => {
      const s: Settings = { ...base, ...more };
      // the page's path
      const data = makeDataset(s);
      const net = networkFor(s, data);
      const summary = await net.trainAsync(data.X, data.y, trainOptionsFor(s, optimizerFor(s)));

      const code = codeFor(s);
      expect(code).toMatch(/^\/\/ .*\nimport \{[^}]*\} from "tinynn";\n/);
      const out = runCode(code + "console.log(JSON.stringify({ X, y, final: net.predict(X) }));\n").trimEnd().split("\n");
      expect(out).toContain("final loss " + summary.loss);
      expect(out).toContain("final mean |error| " + summary.meanAbsoluteError);
      const printed = JSON.parse(out.at(-1)!) as { X: number[][]; y: number[][]; final: number[][] };
      expect(printed.X).toEqual(data.X);
      expect(printed.y).toEqual(data.y);
      expect(printed.final).toEqual(net.predict(data.X));
    });
  }

  it("writes every option of the settings", () => {
    const code = codeFor({ ...base, ...cases[1]![1] });
    for (const part of ['activation: "tanh"', 'outputActivation: "sigmoid"', "bias: true", "random: seededRandom(3)", "iterations: 500", "new Adam({ alpha: 0.01 })", 'loss: "mse"', "batchSize: 10", "layers: [2, 4, 1]"]) {
      expect(code).toContain(part);
    }
    expect(codeFor(base)).not.toContain("batchSize");
    expect(codeFor(base)).toContain("const X = [\n  [0, 0, 1],\n  [0, 1, 1],\n  [1, 0, 1],\n  [1, 1, 1],\n];");
  });

  it("gives a blog program's examples/blog file, which prints the golden text", () => {
    for (const id of PROGRAMS) {
      expect(codeFor({ ...base, program: id })).toBe(readFileSync(join(root, "examples/blog", `${id}.ts`), "utf8"));
    }
    expect(runCode(codeFor({ ...base, program: "b_part1_3layer" }))).toBe(golden("b_part1_3layer").printed);
  });

  it("refuses bad settings with a ConfigError", () => {
    const bad: [Partial<Settings>, RegExp][] = [
      [{ hidden: [0] }, /hidden/],
      [{ hidden: [2.5] }, /hidden/],
      [{ alpha: 0 }, /alpha/],
      [{ alpha: Number.POSITIVE_INFINITY }, /alpha/],
      [{ iterations: 0 }, /iterations/],
      [{ batchSize: 0 }, /batchSize/],
      [{ optimizer: "sgd" as Settings["optimizer"] }, /optimizer/],
      [{ dataset: "moons", samples: 2 }, /samples/],
      [{ program: "z" as Settings["program"] }, /program/],
    ];
    for (const [more, message] of bad) {
      expect(() => codeFor({ ...base, ...more })).toThrow(ConfigError);
      expect(() => codeFor({ ...base, ...more })).toThrow(message);
    }
    expect(() => checkSettings(base)).not.toThrow();
  });
});
