// How close is tinynn to numpy? Trains every run of every blog program through the public API and
// prints the largest deviation from the numpy goldens in test/fixtures: weights after every
// recorded number of updates, the printed errors, the last iteration's outputs and predictions.
// Runs the goldens mark fragile (chaotic) are listed separately.
import { readFileSync } from "node:fs";
import { Network, numpyRandom, toRows, type TrainingMonitor } from "tinynn";

type Rows = number[][];
interface Run {
  alpha: number | null;
  hidden_size: number | null;
  weights_after_n_updates: Record<string, Record<string, Rows>>;
  error_at_n_updates: Record<string, number>;
  final_outputs: Rows;
  post_training: { outputs: Rows };
  robustness: { fragile: boolean };
}
interface Golden { program: string; iterations: number; X: Rows; y: Rows; runs: Run[] }

const programs = ["a_part1_2layer", "b_part1_3layer", "c_part1_11line", "d_part2_13line", "e_part2_2layer_gd",
  "f_part2_alpha_sweep", "g_part2_alpha_sweep_direction_counts", "h_part2_hidden32_alpha_sweep"];

const maxDiff = (a: Rows, b: Rows): number => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!))));
const fmt = (x: number): string => (x === 0 ? "0" : x.toExponential(1));

console.log("program                                  weights    errors     outputs    fragile runs (alpha: weights / errors)");
for (const name of programs) {
  const g = JSON.parse(readFileSync(new URL(`../test/fixtures/${name}.json`, import.meta.url), "utf8")) as Golden;
  let dw = 0;
  let de = 0;
  let dout = 0;
  const fragile: string[] = [];
  for (const run of g.runs) {
    const layers = run.hidden_size ? [g.X[0]!.length, run.hidden_size, 1] : [g.X[0]!.length, 1];
    const net = new Network({ layers, bias: false, random: numpyRandom(1) });
    const at = new Map<number, Rows[]>();
    let last: Rows = [];
    const watch: TrainingMonitor = {
      beforeUpdate: ({ step, output }) => {
        if (String(step) in run.weights_after_n_updates) at.set(step, net.weights());
        if (step === g.iterations - 1) last = toRows(output);
      },
    };
    const alpha = run.alpha ?? (name.startsWith("d_") ? 0.5 : 1);
    const s = net.train(g.X, g.y, { iterations: g.iterations, alpha, monitors: [watch] });
    at.set(g.iterations, net.weights());
    const errors = [...s.history.meanAbsoluteError, net.evaluate(g.X, g.y).meanAbsoluteError];
    let w = 0;
    for (const [n, byName] of Object.entries(run.weights_after_n_updates)) {
      Object.keys(byName).sort().forEach((k, l) => (w = Math.max(w, maxDiff(at.get(Number(n))![l]!, byName[k]!))));
    }
    const e = Math.max(...Object.entries(run.error_at_n_updates).map(([n, v]) => Math.abs(errors[Number(n)]! - v)));
    const o = Math.max(maxDiff(last, run.final_outputs), maxDiff(net.predict(g.X), run.post_training.outputs));
    if (run.robustness.fragile) {
      fragile.push(`${run.alpha}: ${fmt(w)} / ${fmt(e)}`);
    } else {
      dw = Math.max(dw, w);
      de = Math.max(de, e);
      dout = Math.max(dout, o);
    }
  }
  console.log(`${name.padEnd(40)} ${fmt(dw).padEnd(10)} ${fmt(de).padEnd(10)} ${fmt(dout).padEnd(10)} ${fragile.join(", ")}`);
}
