#!/usr/bin/env node
// npm run bench [-- --json] [-- --reps N] [-- --rounds N] [-- --only W1,W4] [-- --impl tinynn,hand-written]
//
// Installs bench/ (its own package.json and lockfile, so the peers never reach tinynn's users),
// builds tinynn (dist/, what users import), then runs every implementation on every workload, each
// in its own node process, and prints one table (or JSON with --json). See docs/performance.md.
//
// The shared machines slow down by up to 1.6x for tens of seconds at a time, so a ratio taken from
// two processes run minutes apart can land in different periods. The implementations the targets
// compare (tinynn and the hand-written reference everywhere, tinynn-20th-net and tinynn-user-pieces
// on W1, TF.js-wasm and numpy on W2, tinynn-f32 and TF.js-wasm on W3, TF.js-wasm on W4, brain.js on
// W5) therefore run in `--rounds` alternating rounds (default 5): their times are pooled, and each
// target ratio is the median of the rounds' ratios, each from neighbouring processes. A row that is
// unavailable in the first round is not run again.
//
// numpy (when python3 imports it) runs W1 (bench/numpy_w1.py, the blog's program) and W2 and W3
// (bench/numpy_w2w3.py, on the workload's own data, written to a temporary JSON file here).
//
// On W4 one more process measures garbage collection's share of tinynn's time from a V8 CPU
// profile (bench/gc-share.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { shareOfGC } from "../bench/gc-share.mjs";
import { makeWorkload } from "../bench/workloads.mjs";

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
const WORKLOADS = ["W1", "W2", "W3", "W4", "W5"];
const only = option("--only", WORKLOADS.join(",")).split(",");
const unknown = only.filter((w) => !WORKLOADS.includes(w));
if (unknown.length > 0) {
  log(`bench: --only takes ${WORKLOADS.join(",")}, got ${unknown.join(",")}`);
  process.exit(2);
}
const implFilter = option("--impl", "");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function sh(cmd, argv, cwd) {
  const r = spawnSync(cmd, argv, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  return { ok: r.status === 0, out: r.stdout ?? "", err: (r.stderr ?? "") + (r.error ? String(r.error) : "") };
}

// 1. the bench's own dependencies (peers that fail to install are reported, not fatal); again when
// bench/package.json gained one since the last install
const benchDeps = Object.keys(JSON.parse(readFileSync(join(benchDir, "package.json"), "utf8")).dependencies ?? {});
if (!existsSync(join(benchDir, "node_modules")) || benchDeps.some((d) => !existsSync(join(benchDir, "node_modules", d, "package.json")))) {
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
const impls = ["hand-written", "tinynn", "tinynn-20th-net", "tinynn-user-pieces", "tinynn-f32", "brain.js", "tfjs-cpu", "tfjs-wasm", "wasm-simd-f64", "numpy"].filter(
  (n) => implFilter === "" || implFilter.split(",").includes(n),
);
const results = [];
const parse = (out, impl, workload) => {
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (line === undefined) return { impl, workload, unavailable: "no result (crashed?)" };
  return JSON.parse(line);
};
const runOnce = (impl, workload) => {
  if (impl === "numpy") return runNumpy(workload);
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
  const measured = (key) => ok.every((r) => r[key] !== undefined); // numpy reports no memory
  return {
    ...ok[0],
    times,
    medianMs: median(times),
    minMs: Math.min(...times),
    bytesPerStep: measured("bytesPerStep") ? median(ok.map((r) => r.bytesPerStep)) : undefined,
    roundBytesPerStep: ok.map((r) => r.bytesPerStep),
    peakHeapBytes: measured("peakHeapBytes") ? Math.max(...ok.map((r) => r.peakHeapBytes)) : undefined,
    roundMedians: runs.map((r) => (r.unavailable ? undefined : r.medianMs)),
  };
};
/** The median over rounds of a's round median / b's, from rounds where both ran; undefined if none. */
const pairedRatio = (a, b) => {
  const ratios = (a?.roundMedians ?? []).map((m, i) => (m === undefined || b?.roundMedians?.[i] === undefined ? undefined : m / b.roundMedians[i]));
  const ok = ratios.filter((x) => x !== undefined);
  return ok.length > 0 ? median(ok) : undefined;
};
/** numpy's row on `workload` (W1: the blog's program; W2, W3: the workload's data, see the top of this file). */
let numpyDir;
function runNumpy(workload) {
  const argv = [join(benchDir, "numpy_w1.py"), String(reps)];
  if (workload !== "W1") {
    numpyDir ??= mkdtempSync(join(tmpdir(), "tinynn-bench-numpy-"));
    const file = join(numpyDir, `${workload}.json`);
    if (!existsSync(file)) {
      const w = makeWorkload(workload);
      const list = (a) => (a === null ? null : Array.from(a));
      writeFileSync(file, JSON.stringify({
        sizes: w.sizes, n: w.n, x: list(w.x), y: list(w.y), W: w.W.map(list), b: w.b.map(list),
        alpha: w.alpha, batchSize: w.batchSize, iterations: w.iterations, passes: w.passes,
      }));
    }
    argv.splice(0, 2, join(benchDir, "numpy_w2w3.py"), workload, file, String(reps));
  }
  const r = sh("python3", argv, root);
  return r.ok ? parse(r.out, "numpy", workload) : { impl: "numpy", workload, unavailable: "python3 not found or failed" };
}
/** Whether `impl` covers `workload` at all (others are not run there, and get no row). */
const covers = (impl, workload) => {
  if (workload === "W5") return impl === "hand-written" || impl === "tinynn" || impl === "brain.js"; // single-row calls
  if (impl === "numpy") return workload === "W1" || workload === "W2" || workload === "W3";
  if (impl === "tinynn-f32") return workload === "W3"; // predict(X, { precision: "float32" })
  if (impl === "wasm-simd-f64") return workload === "W3"; // the prototype covers inference only
  if (impl === "tinynn-20th-net") return workload === "W1" || workload === "W2"; // training rows; W3 (inference) does not train
  if (impl === "tinynn-user-pieces") return workload === "W1";
  return true;
};
/** What the targets compare on each workload, run in alternating rounds (see the top of this file). */
const PAIRED = {
  W1: ["hand-written", "tinynn", "tinynn-20th-net", "tinynn-user-pieces"],
  W2: ["hand-written", "tinynn", "tfjs-wasm", "numpy"],
  W3: ["hand-written", "tinynn", "tinynn-f32", "tfjs-wasm"],
  W4: ["hand-written", "tinynn", "tfjs-wasm"],
  W5: ["hand-written", "tinynn", "brain.js"],
};
let gcShare;
for (const workload of WORKLOADS.filter((w) => only.includes(w))) {
  const paired = PAIRED[workload].filter((n) => impls.includes(n));
  const runs = Object.fromEntries(paired.map((n) => [n, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const impl of paired) {
      if (round > 1 && runs[impl][0].unavailable) continue; // it will not become available
      log(`bench: ${workload} ${impl} (round ${round} of ${rounds}) ...`);
      runs[impl].push(runOnce(impl, workload));
    }
  }
  for (const impl of paired) results.push(pool(runs[impl]));
  for (const impl of impls) {
    if (paired.includes(impl) || !covers(impl, workload)) continue;
    log(`bench: ${workload} ${impl} ...`);
    results.push(runOnce(impl, workload));
  }
  if (workload === "W4" && impls.includes("tinynn")) gcShare = measureGCShare("tinynn", workload);
}
if (numpyDir !== undefined) rmSync(numpyDir, { recursive: true, force: true });

/**
 * Garbage collection's share of `impl`'s time on `workload`: one more process under
 * `node --cpu-prof` (bench/gc-share.mjs, 3 x reps whole runs after a warm-up), its profile read
 * and deleted. undefined (with a message) if it fails.
 */
function measureGCShare(impl, workload) {
  log(`bench: ${workload} ${impl} GC share (node --cpu-prof) ...`);
  const dir = mkdtempSync(join(tmpdir(), "tinynn-bench-prof-"));
  try {
    const runs = 3 * reps;
    const r = sh(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=250", join(benchDir, "gc-share.mjs"), impl, workload, String(runs)], root);
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!r.ok || file === undefined) {
      log(`bench: GC share: the profiled process failed: ${r.err.trim().split("\n").slice(-3).join(" | ")}`);
      return undefined;
    }
    const share = shareOfGC(JSON.parse(readFileSync(join(dir, file), "utf8")));
    if (share === undefined) log("bench: GC share: no sample inside the measured runs");
    return share === undefined ? undefined : { impl, workload, runs, ...share };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// every built-in configuration's allocation per step (bench/alloc-sweep.mjs, each in its own process)
let allocSweep;
if (impls.includes("tinynn")) {
  log("bench: allocation per step of every built-in configuration (bench/alloc-sweep.mjs) ...");
  const r = sh(process.execPath, [join(benchDir, "alloc-sweep.mjs"), "--json"], root);
  if (r.ok) allocSweep = JSON.parse(r.out.trim().split("\n").pop());
  else log(`bench: the allocation sweep failed: ${r.err.trim().split("\n").slice(-3).join(" | ")}`);
}

// 4. ratios against the hand-written reference of the same run
const FLOPS = {
  W1: 2 * 144 * 60000, W2: 2 * 647168 * 640, W3: 2 * 4096 * (64 * 128 + 128 * 10) * 100,
  W4: 2 * (64 * 32 + 32 * 10 + 32 * 10 + 10 * 32 + 64 * 32) * 1797 * 20,
  W5: 2 * (3 * 4 + 4 * 1) * 10000,
};
const CALLS = { W5: 10000 };
for (const r of results) {
  if (r.unavailable) continue;
  r.gflops = FLOPS[r.workload] / (r.medianMs * 1e6);
  if (CALLS[r.workload] !== undefined) r.usPerCall = (1000 * r.medianMs) / CALLS[r.workload];
  const ref = results.find((x) => x.workload === r.workload && x.impl === "hand-written" && !x.unavailable);
  if (ref) r.ratio = pairedRatio(r, ref) ?? r.medianMs / ref.medianMs;
}

// 5. the issue's targets, checked on this run
const get = (workload, impl) => results.find((r) => r.workload === workload && r.impl === impl && !r.unavailable);
const targets = [];
const check = (label, ok) => targets.push({ target: label, met: ok === undefined ? null : ok });
const ratio = (wl, impl = "tinynn") => get(wl, impl)?.ratio;
/** How many times faster `a` is than `b` on `wl` (the median of the rounds' ratios when both ran in rounds). */
const speedup = (wl, a, b) => {
  const ra = get(wl, a), rb = get(wl, b);
  return ra && rb ? (pairedRatio(rb, ra) ?? rb.medianMs / ra.medianMs) : undefined;
};
/** How many times slower `a` is than `b` on `wl`: `a`'s time over `b`'s (the median of the rounds' ratios when both ran in rounds). */
const slowdown = (wl, a, b) => {
  const ra = get(wl, a), rb = get(wl, b);
  return ra && rb ? (pairedRatio(ra, rb) ?? ra.medianMs / rb.medianMs) : undefined;
};
const within = (x, limit) => (x === undefined ? undefined : x <= limit);
const below = (x, limit) => (x === undefined ? undefined : x < limit);
const atLeast = (x, limit) => (x === undefined ? undefined : x >= limit);
check("W1 tinynn within 1.1x of hand-written", within(ratio("W1"), 1.1));
check("W1 tinynn-20th-net within 1.1x of hand-written", within(ratio("W1", "tinynn-20th-net"), 1.1));
const userVsBuiltIn = speedup("W1", "tinynn", "tinynn-user-pieces");
check("W1 user activation + optimizer within 1.1x of built-in tinynn", within(userVsBuiltIn, 1.1));
check("W2 tinynn within 1.2x of hand-written", within(ratio("W2"), 1.2));
check("W2 tinynn at least 2x faster than tfjs-wasm", atLeast(speedup("W2", "tinynn", "tfjs-wasm"), 2));
check("W2 tinynn within 2x of numpy", within(slowdown("W2", "tinynn", "numpy"), 2));
check("W3 tinynn within 1.2x of hand-written", within(ratio("W3"), 1.2));
check("W3 tinynn (float64) within 1.6x of tfjs-wasm", within(slowdown("W3", "tinynn", "tfjs-wasm"), 1.6));
check("W3 tinynn-f32 faster than tfjs-wasm", below(slowdown("W3", "tinynn-f32", "tfjs-wasm"), 1));
check("W4 tinynn within 1.2x of hand-written", within(ratio("W4"), 1.2));
check("W4 tinynn at least 5x faster than tfjs-wasm", atLeast(speedup("W4", "tinynn", "tfjs-wasm"), 5));
check("W5 tinynn within 2x of hand-written", within(ratio("W5"), 2));
check("W5 tinynn faster than brain.js run", below(slowdown("W5", "tinynn", "brain.js"), 1));
const trainBytes = ["W1", "W2", "W4"].map((wl) => get(wl, "tinynn")?.bytesPerStep).filter((b) => b !== undefined);
check("no allocation per training step (tinynn on W1, W2, W4, < 8 B/step)", trainBytes.length ? trainBytes.every((b) => b < 8) : undefined);
check("W4 garbage collection under 3% of tinynn's time", gcShare === undefined ? undefined : gcShare.share < 0.03);
const worstAlloc = allocSweep?.reduce((a, b) => (b.bytesPerStep > a.bytesPerStep ? b : a));
check(`no allocation per training step for any built-in configuration (${allocSweep?.length ?? 0} in bench/alloc-sweep.mjs, < 8 B/step)`, worstAlloc === undefined ? undefined : worstAlloc.bytesPerStep < 8);

// 6. parity: the float64 tinynn rows and the wasm prototype compute the same math as the
// hand-written reference in the same order, so their final error (on W4 also the last epoch's loss,
// on W5 the sum of a run's 10,000 outputs) must be the same number. numpy computes the products in
// OpenBLAS's order and sums |y - output| pairwise: its final error must agree to 1e-12. tinynn-f32
// rounds to float32: its final error must agree to 1e-6.
const parity = [];
for (const wl of WORKLOADS) {
  const ref = get(wl, "hand-written");
  if (ref === undefined) continue;
  const rows = results.filter(
    (r) => r.workload === wl && !r.unavailable && r.dtype === "float64" && (r.impl.startsWith("tinynn") || r.impl === "wasm-simd-f64"),
  );
  if (rows.length > 0) {
    const same = rows.filter((r) => r.finalError === ref.finalError).map((r) => r.impl);
    const differ = rows.filter((r) => r.finalError !== ref.finalError).map((r) => `${r.impl} ${r.finalError}`);
    parity.push({
      check: `${wl} final error of ${rows.map((r) => r.impl).join(", ")} === hand-written's (${ref.finalError})`,
      ok: differ.length === 0, ...(differ.length ? { differ } : {}), same,
    });
  }
  for (const [key, what] of [["finalLoss", "last epoch's loss"], ["outputSum", "sum of a run's outputs"]]) {
    const keyRows = rows.filter((r) => r[key] !== undefined);
    if (ref[key] === undefined || keyRows.length === 0) continue;
    const bad = keyRows.filter((r) => r[key] !== ref[key]).map((r) => `${r.impl} ${r[key]}`);
    parity.push({
      check: `${wl} ${what} of ${keyRows.map((r) => r.impl).join(", ")} === hand-written's (${ref[key]})`,
      ok: bad.length === 0, ...(bad.length ? { differ: bad } : {}),
    });
  }
  for (const [impl, tolerance, label] of [["numpy", 1e-12, "1e-12"], ["tinynn-f32", 1e-6, "1e-6"]]) {
    const r = get(wl, impl);
    if (r === undefined) continue;
    const diff = Math.abs(r.finalError - ref.finalError);
    parity.push({
      check: `${wl} final error of ${impl} within ${label} of hand-written's (${r.finalError}, ${diff.toPrecision(2)} away)`,
      ok: diff <= tolerance, ...(diff <= tolerance ? {} : { differ: [`${impl} ${r.finalError}`] }), difference: diff,
    });
  }
}

if (json) {
  process.stdout.write(JSON.stringify({ node: process.version, platform: `${process.platform} ${process.arch}`, reps, rounds, results, gcShare, allocSweep, parity, targets }, null, 2) + "\n");
} else {
  const head = ["workload", "implementation", "dtype", "median ms", "min ms", "GFLOP/s", "x ref", "final error", "B/step", "peak heap MB"];
  const ms = (x) => x.toFixed(x < 10 ? 2 : 1); // W5's runs last about a millisecond
  const rows = results.map((r) =>
    r.unavailable
      ? [r.workload, r.impl, r.dtype ?? "", `unavailable: ${r.unavailable}`]
      : [
          r.workload, r.impl, r.dtype,
          ms(r.medianMs), ms(r.minMs), r.gflops.toFixed(2),
          r.ratio === undefined ? "" : r.ratio.toFixed(2),
          r.finalError.toPrecision(8),
          r.bytesPerStep === undefined ? "n/a" : r.bytesPerStep < 1 ? "0" : Math.round(r.bytesPerStep).toString(),
          r.peakHeapBytes === undefined ? "n/a" : (r.peakHeapBytes / 1048576).toFixed(1),
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 4).map((r) => String(r[i] ?? "").length)));
  const fmt = (cells) => cells.map((c, i) => (i < 3 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  const out = [
    `tinynn bench: node ${process.version}, ${process.platform} ${process.arch}, median of ${reps} runs after a warm-up (W5: ${10 * reps}) ` +
      `(hand-written, tinynn, W1's tinynn-20th-net and tinynn-user-pieces, W2's tfjs-wasm and numpy, W3's tinynn-f32 and tfjs-wasm, ` +
      `W4's tfjs-wasm, W5's brain.js: ${rounds} alternating rounds, pooled)`,
    fmt(head),
  ];
  for (const r of rows) out.push(r.length > 4 ? fmt(r) : `${String(r[0]).padEnd(widths[0])}  ${String(r[1]).padEnd(widths[1])}  ${String(r[2]).padEnd(widths[2])}  ${r[3]}`);
  const vs = (a, b) => (a && b ? (pairedRatio(b, a) ?? b.medianMs / a.medianMs).toFixed(2) + "x" : "n/a");
  out.push(
    `tinynn vs peers: W1 numpy ${vs(get("W1", "tinynn"), get("W1", "numpy"))}, brain.js ${vs(get("W1", "tinynn"), get("W1", "brain.js"))}; ` +
      `W2 tfjs-wasm ${vs(get("W2", "tinynn"), get("W2", "tfjs-wasm"))}, numpy ${vs(get("W2", "tinynn"), get("W2", "numpy"))}; ` +
      `W3 tfjs-wasm ${vs(get("W3", "tinynn"), get("W3", "tfjs-wasm"))} (tinynn-f32 ${vs(get("W3", "tinynn-f32"), get("W3", "tfjs-wasm"))}), ` +
      `numpy ${vs(get("W3", "tinynn"), get("W3", "numpy"))}; W4 tfjs-wasm ${vs(get("W4", "tinynn"), get("W4", "tfjs-wasm"))}; ` +
      `W5 brain.js ${vs(get("W5", "tinynn"), get("W5", "brain.js"))} (> 1: tinynn faster)`,
  );
  const perCall = results.filter((r) => r.usPerCall !== undefined);
  if (perCall.length > 0) {
    out.push(`W5 per call (median run / 10,000 calls): ${perCall.map((r) => `${r.impl} ${r.usPerCall.toFixed(3)} µs`).join(", ")}`);
  }
  if (userVsBuiltIn !== undefined) out.push(`W1 tinynn-user-pieces / tinynn: ${userVsBuiltIn.toFixed(2)}x (median of the rounds' ratios)`);
  if (gcShare !== undefined) {
    out.push(
      `${gcShare.workload} ${gcShare.impl} GC share: ${(100 * gcShare.share).toFixed(1)}% of profile ` +
        `(${gcShare.gcMs.toFixed(1)} of ${gcShare.totalMs.toFixed(0)} ms, ${gcShare.samples} samples, ${gcShare.runs} runs)`,
    );
  } else if (only.includes("W4") && impls.includes("tinynn")) out.push("W4 tinynn GC share: not measured (see the messages above)");
  if (worstAlloc !== undefined) {
    out.push(`built-in configurations: at most ${worstAlloc.bytesPerStep.toFixed(1)} B/step (${worstAlloc.name}), ${allocSweep.length} measured by bench/alloc-sweep.mjs`);
  }
  for (const p of parity) out.push(`parity ${p.ok ? "OK  " : "FAIL"}  ${p.check}${p.ok ? "" : ": differ " + p.differ.join(", ")}`);
  for (const t of targets) out.push(`target ${t.met === null ? "n/a " : t.met ? "MET " : "MISS"}  ${t.target}`);
  out.push(
    "W1 blog XOR 3-4-1 sse alpha 1 full batch 60,000 it. | W2 64-128-10 +bias, mse, batch 32 in order, alpha 0.1, 5 epochs | W3 W2 net forward over 4096 x100",
    "W4 digits-like 1797 x 64, 10 classes: 64-32-10 relu +bias, softmax, cross-entropy, Adam 0.001, batch 32 shuffled (seeded), 20 epochs",
    "W5 10,000 single-row predict([[x0, x1, x2]]) calls on W1's 3-4-1 net (initial weights), cycling through the 4 XOR rows (the 4 inputs built once)",
    "x ref: median / hand-written median (rows run in rounds: the median of the rounds' ratios). final error: mean |y - output| after the run (W5: of the 4 rows).",
    "B/step: V8 heap bytes allocated per training step (W3: per forward pass, W5: per call) in steady state. brain.js: per-sample SGD, W5 net.run(row);",
    "TF.js: float32 (W4: tfjs-layers model.fit). tinynn-f32: predict(X, { precision: \"float32\" }). numpy: float64, OpenBLAS; W1 the blog's program,",
    "W2 and W3 on the workload's data. tinynn-20th-net: 19 networks of other shapes trained first in the process. tinynn-user-pieces: the user's own",
    "sigmoid and gradient-descent objects. Details: docs/performance.md",
  );
  process.stdout.write(out.join("\n") + "\n");
}
