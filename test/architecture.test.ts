// Imports run one way: errors, limits, random <- matrix <- data <- activations, losses <- layers <- optimizers <-
// monitors <- engine <- network <- lab <- plot <- testing <- index. Only src/matrix/ndarray.ts
// imports ndarray (asNdarray, when a user asks for an ndarray view); nothing imports ndarray-ops.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

/** Rank of each module: a file may import only from modules of lower or equal rank (equal: same module). */
const RANK: Record<string, number> = {
  "errors.ts": 0,
  "limits.ts": 0.25,
  "random.ts": 0.5,
  math: 0.75,
  matrix: 1,
  data: 1.5,
  format: 2,
  activations: 2,
  losses: 2,
  layers: 3,
  optimizers: 5,
  monitors: 6,
  engine: 6.5,
  network: 7,
  workers: 7.5,
  lab: 8,
  plot: 9,
  interop: 9.5,
  testing: 10,
  "index.ts": 100,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

const moduleOf = (file: string): string => relative(SRC, file).split("/")[0]!;
const imports = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);

describe("architecture", () => {
  const all = files(SRC);
  it("knows every module", () => {
    const unknown = [...new Set(all.map(moduleOf))].filter((m) => !(m in RANK));
    expect(unknown, "add new modules to RANK in test/architecture.test.ts").toEqual([]);
  });
  for (const file of all) {
    const name = relative(SRC, file);
    it(`${name} imports only downward`, () => {
      const from = moduleOf(file);
      for (const spec of imports(file)) {
        if (spec === "ndarray" || spec === "ndarray-ops") {
          expect(`${name} imports ${spec}`).toBe("matrix/ndarray.ts imports ndarray");
          continue;
        }
        if (!spec.startsWith(".")) {
          expect(["seedrandom"], `${name} imports package ${spec}`).toContain(spec);
          continue;
        }
        const to = moduleOf(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
        if (to === from) continue;
        expect(RANK[to]!, `${name} imports ${spec} (${to} is above ${from})`).toBeLessThan(RANK[from]!);
      }
    });
  }
});
