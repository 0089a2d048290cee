// Bundles tinynn from source with esbuild, as an app would, for tests that run it in a child
// process (with node flags the test runner's own process does not have).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const ENTRY = fileURLToPath(new URL("../src/index.ts", import.meta.url));

/** A temporary folder holding `tinynn.mjs` and `tinynn.cjs`; `remove()` deletes it. */
export function bundleLibrary(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const format of ["esm", "cjs"] as const) {
    buildSync({ entryPoints: [ENTRY], bundle: true, format, platform: "node", outfile: join(dir, `tinynn.${format === "esm" ? "mjs" : "cjs"}`), logLevel: "silent" });
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
