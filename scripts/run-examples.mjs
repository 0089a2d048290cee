// Runs every program in examples/ (recursively) with tsx and fails if any exits non-zero.
// examples/runtimes/ is not run here: its programs run in a browser page, a Web Worker or Cloudflare's
// runtime, and the runtime tests (test/runtimes/) run each of them there. A `*.worker.ts` file is a
// worker that its example starts.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const files = (dir) =>
  readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      if (p === join("examples", "runtimes")) return [];
      return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".worker.ts") ? [p] : [];
    });

let failed = 0;
for (const file of files("examples")) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8" });
  const ms = Date.now() - started;
  if (r.status === 0) {
    console.log(`ok    ${file} (${ms} ms)`);
  } else {
    failed++;
    console.log(`FAIL  ${file} (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
  }
}
if (failed > 0) {
  console.log(`${failed} example(s) failed`);
  process.exit(1);
}
