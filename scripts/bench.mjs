#!/usr/bin/env node
// npm run bench [-- --json] [-- --reps N] [-- --rounds N] [-- --only W1,W2] [-- --impl tinynn,hand-written]
//
// Installs bench/ (its own package.json and lockfile, so the peers never reach tinynn's users),
// builds tinynn (dist/, what users import), then runs every implementation on every workload, each
// in its own node process, and prints one table (or JSON with --json). See docs/performance.md.
//
// The shared machines slow down by up to 1.6x for tens of seconds at a time, so a ratio taken from
// two processes run minutes apart can land in different periods. The implementations the targets
// compare (tinynn, the hand-written reference, and TF.js-wasm on W2) therefore run in `--rounds`
// alternating rounds (default 5): their times are pooled, and each target ratio is the median of
// the rounds' ratios, each from neighbouring processes.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = join(root, "bench");
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const json = flag("--json");
const log = (msg) => process.stderr.write(msg + "\n");
const count = (name, fallback, least) => {
  const value = Number(option(name, fallback));
  if (!Number.isInteger(value) || value < least) {
    log(`bench: ${name} must be an integer >= ${least}, got ${option(name, fallback)}`);
    process.exit(2);
  }
  return value;
};
const reps = count("--reps", 5, 5);
const rounds = count("--rounds", 5, 1);
const only = option("--only", "W1,W2,W3").split(",");
const implFilter = option("--impl", "");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function sh(cmd, argv, cwd) {
  const r = spawnSync(cmd, argv, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  return { ok: r.status === 0, out: r.stdout ?? "", err: (r.stderr ?? "") + (r.error ? String(r.error) : "") };
}

// 1. the bench's own dependencies (peers that fail to install are reported, not fatal)
if (!existsSync(join(benchDir, "node_modules"))) {
  log("bench: installing bench/ dependencies (npm ci) ...");
  const r = sh(npm, ["ci", "--no-audit", "--no-fund"], benchDir);
  if (!r.ok) {
    log("bench: npm ci failed, trying npm install:\n" + r.err.split("\n").slice(-5).join("\n"));
    const r2 = sh(npm, ["install", "--no-audit", "--no-fund"], benchDir);
    if (!r2.ok) log("bench: npm install failed; peers will show as unavailable:\n" + r2.err.split("\n").slice(-5).join("\n"));
  }
}

// 2. tinynn as users get it
log("bench: building tinynn (tsup) ...");
const build = sh(npm, ["run", "build"], root);
if (!build.ok) {
  log(build.out + build.err);
  process.exit(1);
}

// 3. every implementation on every workload, each in a fresh process
const impls = ["hand-written", "tinynn", "tinynn-2nd-net", "brain.js", "tfjs-cpu", "tfjs-wasm", "wasm-simd-f64"].filter(
  (n) => implFilter === "" || implFilter.split(",").includes(n),
);
const results = [];
const parse = (out, impl, workload) => {
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (line === undefined) return { impl, workload, unavailable: "no result (crashed?)" };
  return JSON.parse(line);
};
const runOnce = (impl, workload) => {
  const r = sh(process.execPath, ["--expose-gc", join(benchDir, "run.mjs"), impl, workload, String(reps)], root);
  const res = parse(r.out, impl, workload);
  if (!r.ok && !res.unavailable) res.unavailable = r.err.trim().split("\n").find((l) => /Error/.test(l)) ?? "crashed";
  return res;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
};
/**
 * The rounds of one implementation as one result: times pooled, the median round's allocation
 * (one round can catch V8 compiling in the background, which allocates too; see run.mjs) and the
 * largest heap seen.
 */
const pool = (runs) => {
  const ok = runs.filter((r) => !r.unavailable);
  if (ok.length === 0) return runs[0];
  const times = ok.flatMap((r) => r.times);
  return {
    ...ok[0],
    times,
    medianMs: median(times),
    minMs: Math.min(...times),
    bytesPerStep: median(ok.map((r) => r.bytesPerStep)),
    roundBytesPerStep: ok.map((r) => r.bytesPerStep),
    peakHeapBytes: Math.max(...ok.map((r) => r.peakHeapBytes)),
    roundMedians: runs.map((r) => (r.unavailable ? undefined : r.medianMs)),
  };
};
/** The median over rounds of a's round median / b's, from rounds where both ran; undefined if none. */
const pairedRatio = (a, b) => {
  const ratios = (a?.roundMedians ?? []).map((m, i) => (m === undefined || b?.roundMedians?.[i] === undefined ? undefined : m / b.roundMedians[i]));
  const ok = ratios.filter((x) => x !== undefined);
  return ok.length > 0 ? median(ok) : undefined;
};
for (const workload of ["W1", "W2", "W3"].filter((w) => only.includes(w))) {
  // what the targets compare, in alternating rounds (see the top of this file)
  const paired = ["hand-written", "tinynn", ...(workload === "W2" ? ["tfjs-wasm"] : [])].filter((n) => impls.includes(n));
  const runs = Object.fromEntries(paired.map((n) => [n, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const impl of paired) {
      log(`bench: ${workload} ${impl} (round ${round} of ${rounds}) ...`);
      runs[impl].push(runOnce(impl, workload));
    }
  }
  for (const impl of paired) results.push(pool(runs[impl]));
  for (const impl of impls) {
    if (paired.includes(impl)) continue;
    if (impl === "wasm-simd-f64" && workload !== "W3") continue; // the prototype covers inference only
    if (impl === "tinynn-2nd-net" && workload === "W3") continue; // inference does not use the training step
    log(`bench: ${workload} ${impl} ...`);
    results.push(runOnce(impl, workload));
  }
  if (workload === "W1" && (implFilter === "" || implFilter.split(",").includes("numpy"))) {
    log("bench: W1 numpy ...");
    const r = sh("python3", [join(benchDir, "numpy_w1.py"), String(reps)], root);
    results.push(r.ok ? parse(r.out, "numpy", "W1") : { impl: "numpy", workload: "W1", unavailable: "python3 not found or failed" });
  }
}

// 4. ratios against the hand-written reference of the same run
const FLOPS = { W1: 2 * 144 * 60000, W2: 2 * 647168 * 640, W3: 2 * 4096 * (64 * 128 + 128 * 10) * 100 };
for (const r of results) {
  if (r.unavailable) continue;
  r.gflops = FLOPS[r.workload] / (r.medianMs * 1e6);
  const ref = results.find((x) => x.workload === r.workload && x.impl === "hand-written" && !x.unavailable);
  if (ref) r.ratio = pairedRatio(r, ref) ?? r.medianMs / ref.medianMs;
}

// 5. the targets, checked on this run
const get = (workload, impl) => results.find((r) => r.workload === workload && r.impl === impl && !r.unavailable);
const targets = [];
const check = (label, ok) => targets.push({ target: label, met: ok === undefined ? null : ok });
const ratio = (wl) => get(wl, "tinynn")?.ratio;
check("W1 tinynn within 1.1x of hand-written", ratio("W1") === undefined ? undefined : ratio("W1") <= 1.1);
check("W2 tinynn within 1.2x of hand-written", ratio("W2") === undefined ? undefined : ratio("W2") <= 1.2);
const w2t = get("W2", "tinynn"), w2w = get("W2", "tfjs-wasm");
const w2speedup = w2t && w2w ? (pairedRatio(w2w, w2t) ?? w2w.medianMs / w2t.medianMs) : undefined;
check("W2 tinynn at least 2x faster than tfjs-wasm", w2speedup === undefined ? undefined : w2speedup >= 2);
check("W3 tinynn within 1.2x of hand-written", ratio("W3") === undefined ? undefined : ratio("W3") <= 1.2);
const trainBytes = ["W1", "W2"].map((wl) => get(wl, "tinynn")?.bytesPerStep).filter((b) => b !== undefined);
check("no allocation per training step (tinynn, < 8 B/step)", trainBytes.length ? trainBytes.every((b) => b < 8) : undefined);

if (json) {
  process.stdout.write(JSON.stringify({ node: process.version, platform: `${process.platform} ${process.arch}`, reps, results, targets }, null, 2) + "\n");
} else {
  const head = ["workload", "implementation", "dtype", "median ms", "min ms", "GFLOP/s", "x ref", "final error", "B/step", "peak heap MB"];
  const rows = results.map((r) =>
    r.unavailable
      ? [r.workload, r.impl, "", `unavailable: ${r.unavailable}`]
      : [
          r.workload, r.impl, r.dtype,
          r.medianMs.toFixed(1), r.minMs.toFixed(1), r.gflops.toFixed(2),
          r.ratio === undefined ? "" : r.ratio.toFixed(2),
          r.finalError.toPrecision(8),
          r.bytesPerStep === undefined ? "n/a" : r.bytesPerStep < 1 ? "0" : Math.round(r.bytesPerStep).toString(),
          r.peakHeapBytes === undefined ? "n/a" : (r.peakHeapBytes / 1048576).toFixed(1),
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 4).map((r) => String(r[i] ?? "").length)));
  const fmt = (cells) => cells.map((c, i) => (i < 3 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  const out = [
    `tinynn bench: node ${process.version}, ${process.platform} ${process.arch}, median of ${reps} runs after a warm-up ` +
      `(hand-written, tinynn and W2's tfjs-wasm: ${rounds} alternating rounds of ${reps}, pooled)`,
    fmt(head),
  ];
  for (const r of rows) out.push(r.length > 4 ? fmt(r) : `${String(r[0]).padEnd(widths[0])}  ${String(r[1]).padEnd(widths[1])}  ${r[3]}`);
  const vs = (a, b) => (a && b ? (pairedRatio(b, a) ?? b.medianMs / a.medianMs).toFixed(2) + "x" : "n/a");
  out.push(
    `tinynn vs peers: W1 numpy ${vs(get("W1", "tinynn"), get("W1", "numpy"))}, brain.js ${vs(get("W1", "tinynn"), get("W1", "brain.js"))}; ` +
      `W2 tfjs-wasm ${vs(get("W2", "tinynn"), get("W2", "tfjs-wasm"))}; W3 tfjs-wasm ${vs(get("W3", "tinynn"), get("W3", "tfjs-wasm"))} (> 1: tinynn faster)`,
  );
  for (const t of targets) out.push(`target ${t.met === null ? "n/a " : t.met ? "MET " : "MISS"}  ${t.target}`);
  out.push(
    "W1 blog XOR 3-4-1 sse alpha 1 full batch 60,000 it. | W2 64-128-10 +bias, mse, batch 32 in order, alpha 0.1, 5 epochs | W3 W2 net forward over 4096 x100",
    "x ref: median / hand-written median (tinynn, and tfjs-wasm vs tinynn on W2: the median of the rounds' ratios). final error: mean |y - output| after the run. B/step: V8 heap bytes allocated per",
    "training step (W3: per forward pass) in steady state. brain.js: per-sample SGD; TF.js: float32. tinynn-2nd-net: another",
    "network trained first in the process (V8 specialises the training step for the first one only). Details: docs/performance.md",
  );
  process.stdout.write(out.join("\n") + "\n");
}
