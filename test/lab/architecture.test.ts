import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
// Imports run one way: a module may import from its own rank or lower ones.
const RANK: Record<string, number> = {
  "errors.ts": 0, "limits.ts": 0, "random.ts": 0, matrix: 1, format: 1, activations: 2, losses: 2, layers: 3,
  optimizers: 5, monitors: 6, engine: 6.5, network: 7, lab: 8, plot: 9, testing: 10,
};

function files(dir: string): string[] {
  return readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The file without its comments (doc comments show imports and console.log in examples). */
function code(f: string): string {
  return readFileSync(join(SRC, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
}

describe("architecture of the lab modules", () => {
  const mine = [...files("lab"), ...files("plot"), ...files("testing"), "monitors/largest-weight.ts", "monitors/update-sizes.ts"];

  it("imports only from lower layers, never a test runner or ndarray", () => {
    const bad: string[] = [];
    for (const f of mine) {
      const own = RANK[f.split("/")[0]!]!;
      for (const m of code(f).matchAll(/from "([^"]+)"/g)) {
        const spec = m[1]!;
        if (!spec.startsWith(".")) {
          bad.push(`${f} imports package ${spec}`);
          continue;
        }
        const target = join(f, "..", spec).split("/")[0]!;
        const rank = RANK[target] ?? RANK[target.replace(/\.js$/, ".ts")];
        if (rank === undefined || rank > own) bad.push(`${f} imports ${spec} (rank ${rank} > ${own})`);
      }
    }
    expect(bad).toEqual([]);
    expect(mine.length).toBeGreaterThanOrEqual(14);
  });

  it("never prints", () => {
    const printing = mine.filter((f) => /console\.\w+\(|process\.(stdout|stderr)\.write/.test(code(f)));
    expect(printing).toEqual([]);
  });
});
