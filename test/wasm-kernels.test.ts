// src/matrix/wasm-kernels.generated.ts is the output of scripts/gen-wasm-kernels.mjs, byte for byte.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the generated WebAssembly module", () => {
  it("is reproduced by scripts/gen-wasm-kernels.mjs", () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const printed = execFileSync(process.execPath, ["scripts/gen-wasm-kernels.mjs", "--print"], { cwd: root, encoding: "utf8" });
    const committed = readFileSync(new URL("../src/matrix/wasm-kernels.generated.ts", import.meta.url), "utf8");
    expect(printed).toBe(committed);
  });
});
