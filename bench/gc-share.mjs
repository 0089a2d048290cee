// Garbage collection's share of an implementation's time, from V8's CPU profile.
//
//   node --cpu-prof --cpu-prof-dir=<dir> --cpu-prof-interval=250 bench/gc-share.mjs <impl> <workload> [runs]
//
// warms up (two whole runs), then makes `runs` whole runs inside profiledRuns(), with no gc()
// calls of its own, and prints one JSON line. The profile is written when the process exits;
// `shareOfGC` (used by scripts/bench.mjs) reads it: of the time between the first and the last
// sample taken inside profiledRuns(), the part whose samples are "(garbage collector)". V8 puts GC
// samples directly under the root, not under the JS that caused them, hence the window by time.
import { fileURLToPath } from "node:url";

/** The function whose samples delimit the measured window. */
export const WINDOW_FUNCTION = "profiledRuns";

/**
 * `{ share, gcMs, totalMs, samples }` over the window of `profile` (a parsed .cpuprofile), or
 * undefined if no sample was taken inside `WINDOW_FUNCTION`. Each sample counts for its
 * `timeDeltas` entry (the time since the sample before it).
 */
export function shareOfGC(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inWindow = new Map();
  const isInWindow = (id) => {
    if (inWindow.has(id)) return inWindow.get(id);
    const node = byId.get(id);
    const p = parent.get(id);
    const yes = node?.callFrame.functionName === WINDOW_FUNCTION || (p !== undefined && isInWindow(p));
    inWindow.set(id, yes);
    return yes;
  };
  const { samples, timeDeltas } = profile;
  let first = -1, last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (isInWindow(samples[i])) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return undefined;
  let total = 0, gc = 0;
  for (let i = first + 1; i <= last; i++) {
    total += timeDeltas[i];
    if (byId.get(samples[i])?.callFrame.functionName === "(garbage collector)") gc += timeDeltas[i];
  }
  return { share: total > 0 ? gc / total : 0, gcMs: gc / 1000, totalMs: total / 1000, samples: last - first };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { makeWorkload } = await import("./workloads.mjs");
  const { load } = await import("./impl/index.mjs");
  const [implName, workloadName, runsArg] = process.argv.slice(2);
  const runs = Number(runsArg ?? 15);
  const w = makeWorkload(workloadName);
  const impl = await load(implName, w);
  await impl.run();
  await impl.run();
  // (named: its frames mark the window in the profile)
  async function profiledRuns(count) {
    for (let r = 0; r < count; r++) await impl.run();
  }
  const t0 = performance.now();
  await profiledRuns(runs);
  process.stdout.write(JSON.stringify({ impl: impl.name, workload: workloadName, runs, ms: performance.now() - t0 }) + "\n");
}
