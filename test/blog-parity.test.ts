// Every run of every blog program, trained through the public API, against numpy's exact outputs.
// Runs the goldens mark fragile (chaotic: a 1-ulp difference grows) are compared on what is stable
// there: the saturated errors and outputs, and the direction counts.
import { describe, expect, it } from "vitest";
import { DirectionChanges, Network, numpyRandom, toRows, type TrainingMonitor } from "tinynn";
import { golden, maxAbsDiff, PROGRAMS, type Golden, type GoldenRun, type Rows } from "./golden.js";

const TOL = 1e-12;

interface Trained {
  initial: Rows[];
  errors: number[];
  weightsAt: Map<number, Rows[]>;
  final: Rows[];
  lastOutputs: Rows;
  postOutputs: Rows;
  postError: number;
  directions: Record<string, Rows>;
}

function alphaOf(g: Golden, run: GoldenRun): number {
  if (run.alpha !== null) return run.alpha;
  return g.program.startsWith("d_") ? 0.5 : 1;
}

function train(g: Golden, run: GoldenRun): Trained {
  const inputs = g.X[0]!.length;
  const layers = run.hidden_size ? [inputs, run.hidden_size, 1] : [inputs, 1];
  const net = new Network({ layers, activation: "sigmoid", bias: false, random: numpyRandom(1) });
  const initial = net.weights();
  const snapshotsAt = new Set(Object.keys(run.weights_after_n_updates).map(Number));
  const weightsAt = new Map<number, Rows[]>();
  let lastOutputs: Rows = [];
  const watcher: TrainingMonitor = {
    beforeUpdate: ({ step, output }) => {
      if (snapshotsAt.has(step)) weightsAt.set(step, net.weights());
      if (step === g.iterations - 1) lastOutputs = toRows(output);
    },
  };
  const directions = new DirectionChanges();
  const summary = net.train(g.X, g.y, { iterations: g.iterations, alpha: alphaOf(g, run), loss: "sse", monitors: [watcher, directions] });
  weightsAt.set(g.iterations, net.weights());
  const post = net.evaluate(g.X, g.y);
  return {
    initial,
    errors: summary.history.meanAbsoluteError,
    weightsAt,
    final: net.weights(),
    lastOutputs,
    postOutputs: net.predict(g.X),
    postError: post.meanAbsoluteError,
    directions: directions.counts(),
  };
}

const weightsOf = (w: Record<string, Rows>): Rows[] => Object.keys(w).sort().map((k) => w[k]!);

for (const name of PROGRAMS) {
  const g = golden(name);
  describe(name, () => {
    g.runs.forEach((run, r) => {
      const label = run.alpha === null ? "the run" : `alpha ${run.alpha}`;
      it(`${label}${run.robustness.fragile ? " (fragile)" : ""} matches numpy`, () => {
        const t = train(g, run);
        // initial weights: bit for bit
        expect(t.initial).toEqual(weightsOf(run.initial_weights));
        // the errors the program prints (and every error the goldens record)
        for (const [n, err] of Object.entries(run.error_at_n_updates)) {
          // fragile runs: only the printed checkpoints (every 10000) and the end, past the transient
          if (run.robustness.fragile && Number(n) % 10000 !== 0) continue;
          const ours = Number(n) === g.iterations ? t.postError : t.errors[Number(n)]!;
          const tol = run.robustness.fragile ? fragileErrorTolerance(name, run) : TOL;
          expect(Math.abs(ours - err), `error after ${n} updates (run ${r})`).toBeLessThanOrEqual(tol);
        }
        if (!run.robustness.fragile) {
          for (const [n, w] of Object.entries(run.weights_after_n_updates)) {
            const ours = t.weightsAt.get(Number(n))!;
            weightsOf(w).forEach((m, l) => expect(maxAbsDiff(ours[l]!, m), `W${l} after ${n} updates`).toBeLessThanOrEqual(TOL));
          }
          weightsOf(run.final_weights).forEach((m, l) => expect(maxAbsDiff(t.final[l]!, m)).toBeLessThanOrEqual(TOL));
          expect(maxAbsDiff(t.lastOutputs, run.final_outputs)).toBeLessThanOrEqual(TOL);
          expect(maxAbsDiff(t.postOutputs, run.post_training.outputs)).toBeLessThanOrEqual(TOL);
        } else {
          // saturated outputs agree even where the weights wander
          const outTol = name.startsWith("h_") ? 1e-3 : 1e-9;
          expect(maxAbsDiff(t.postOutputs, run.post_training.outputs)).toBeLessThanOrEqual(outTol);
        }
        if (run.direction_counts) {
          expect(t.directions.W0).toEqual(run.direction_counts.synapse_0_direction_count);
          expect(t.directions.W1).toEqual(run.direction_counts.synapse_1_direction_count);
        }
      });
    });
  });
}

function fragileErrorTolerance(name: string, run: GoldenRun): number {
  // h alpha 10 depends on numpy's SIMD exp and BLAS summation order (goldens README): ~1% apart.
  if (name.startsWith("h_")) return 2e-5;
  // f/g alpha 100 wander by 5e-11; alpha 1000 saturates at exactly 0.5
  return run.alpha === 1000 ? TOL : 1e-9;
}
