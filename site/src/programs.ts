// The blog's eight programs for the playground: each runs with tinynn exactly as examples/blog/<id>.ts
// does (same networks, seeds and options; trainAsync instead of train, bit-identical) and prints what
// the numpy original prints, line by line. The Python sources are at the end of this file, as
// string constants equal byte for byte to site/programs/<id>.py (test/site/programs.test.ts checks
// it; after editing a .py file, paste it into its constant).
//
// Exactness: programs a to e print golden text byte for byte. The sweeps f, g and h do too except
// in their chaotic runs (CHAOTIC_ALPHAS), where numpy's SIMD exp and OpenBLAS's FMA sums differ from
// JavaScript's by an ulp that training amplifies: there the header, the iteration-0 error and g's
// direction counts are exact, and the later errors (and g's weights) differ in their last digits
// (alpha 100 with 4 hidden units, alpha 10 with 32) or beyond (g's weights at alpha 1000).

import { DirectionChanges, Network, formatFloat, formatMatrix, numpyRandom, toRows, type TrainingMonitor } from "tinynn";
import type { Program, ProgramId } from "./types.js";
// the Python programs, read as text (`?raw`: vite in the tests, build-site.mjs for the page)
import PY_A from "../programs/a_part1_2layer.py?raw";
import PY_B from "../programs/b_part1_3layer.py?raw";
import PY_C from "../programs/c_part1_11line.py?raw";
import PY_D from "../programs/d_part2_13line.py?raw";
import PY_E from "../programs/e_part2_2layer_gd.py?raw";
import PY_F from "../programs/f_part2_alpha_sweep.py?raw";
import PY_G from "../programs/g_part2_alpha_sweep_direction_counts.py?raw";
import PY_H from "../programs/h_part2_hidden32_alpha_sweep.py?raw";

/** Writes one printed line; `text` may hold several lines (a matrix, a leading "\n"), split here. */
type Print = (line: string) => void;
const printer = (print: Print) => (text: string) => {
  for (const line of text.split("\n")) print(line);
};

const BLOG_X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
const XOR_Y = [[0], [1], [1], [0]];
const ALPHAS = [0.001, 0.01, 0.1, 1, 10, 100, 1000];

/**
 * The runs of the sweeps whose printed text is not byte-identical to numpy's (chaotic: goldens'
 * `robustness.fragile`, README's Exactness); every other run of every program is exact.
 */
export const CHAOTIC_ALPHAS: Readonly<Partial<Record<ProgramId, readonly number[]>>> = {
  f_part2_alpha_sweep: [100],
  g_part2_alpha_sweep_direction_counts: [100, 1000],
  h_part2_hidden32_alpha_sweep: [10],
};

/** Programs a and e: a one-layer network, printing its output from the last iteration (before its update). */
async function lastOutput(X: number[][], y: number[][], print: Print, signal: AbortSignal): Promise<void> {
  const out = printer(print);
  const net = new Network({ layers: [X[0]!.length, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  let output: number[][] = [];
  const lastLayer: TrainingMonitor = {
    beforeUpdate: ({ iteration, output: o }) => {
      if (iteration === 9999) output = toRows(o);
    },
  };
  await net.trainAsync(X, y, { iterations: 10000, alpha: 1, loss: "sse", monitors: [lastLayer], signal });
  out("Output After Training:");
  out(formatMatrix(output));
}

/** Programs c and d: the XOR network trained silently, as the blog's short listings do. */
async function silent(alpha: number, hidden: number, signal: AbortSignal): Promise<void> {
  const net = new Network({ layers: [3, hidden, 1], bias: false, random: numpyRandom(1) });
  await net.trainAsync(BLOG_X, XOR_Y, { iterations: 60000, alpha, loss: "sse", signal });
}

/** Programs f and h: the alpha sweep, seed 1 for each alpha, the error every 10000 iterations. */
async function alphaSweep(hidden: number, print: Print, signal: AbortSignal): Promise<void> {
  const out = printer(print);
  for (const alpha of ALPHAS) {
    signal.throwIfAborted();
    out("\nTraining With Alpha:" + alpha);
    const net = new Network({ layers: [3, hidden, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
    await net.trainAsync(BLOG_X, XOR_Y, {
      iterations: 60000,
      alpha,
      loss: "sse",
      progressEvery: 10000,
      onProgress: ({ iteration, meanAbsoluteError }) =>
        out("Error after " + iteration + " iterations:" + formatFloat(meanAbsoluteError)),
      signal,
    });
  }
}

export const PROGRAMS: readonly Program[] = [
  {
    id: "a_part1_2layer",
    title: 'Part 1, "2 Layer Neural Network"',
    get python() {
      return PY_A;
    },
    exact: true,
    run: (print, signal) => lastOutput(BLOG_X, [[0], [0], [1], [1]], print, signal),
  },
  {
    id: "b_part1_3layer",
    title: 'Part 1, "3 Layer Neural Network" (XOR)',
    get python() {
      return PY_B;
    },
    exact: true,
    async run(print, signal) {
      const out = printer(print);
      const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
      await net.trainAsync(BLOG_X, XOR_Y, {
        iterations: 60000,
        alpha: 1,
        loss: "sse",
        progressEvery: 10000,
        onProgress: ({ meanAbsoluteError }) => out("Error:" + formatFloat(meanAbsoluteError)),
        signal,
      });
    },
  },
  {
    id: "c_part1_11line",
    title: 'Part 1, "Just Give Me The Code": 11 lines (prints nothing)',
    get python() {
      return PY_C;
    },
    exact: true,
    run: (_print, signal) => silent(1, 4, signal),
  },
  {
    id: "d_part2_13line",
    title: 'Part 2, "Just Give Me The Code": 13 lines (prints nothing)',
    get python() {
      return PY_D;
    },
    exact: true,
    run: (_print, signal) => silent(0.5, 4, signal),
  },
  {
    id: "e_part2_2layer_gd",
    title: 'Part 2, "2 Layer Neural Network" with gradient descent',
    get python() {
      return PY_E;
    },
    exact: true,
    run: (print, signal) => lastOutput([[0, 1], [0, 1], [1, 0], [1, 0]], [[0], [0], [1], [1]], print, signal),
  },
  {
    id: "f_part2_alpha_sweep",
    title: 'Part 2, "Improvement 1": the alpha sweep',
    get python() {
      return PY_F;
    },
    exact: false,
    run: (print, signal) => alphaSweep(4, print, signal),
  },
  {
    id: "g_part2_alpha_sweep_direction_counts",
    title: "Part 2, \"Let's Take a Closer Look\": update direction changes",
    get python() {
      return PY_G;
    },
    exact: false,
    async run(print, signal) {
      const out = printer(print);
      for (const alpha of ALPHAS) {
        signal.throwIfAborted();
        out("\nTraining With Alpha:" + alpha);
        const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
        const directions = new DirectionChanges();
        await net.trainAsync(BLOG_X, XOR_Y, {
          iterations: 60000,
          alpha,
          loss: "sse",
          monitors: [directions],
          progressEvery: 10000,
          onProgress: ({ meanAbsoluteError }) => out("Error:" + formatFloat(meanAbsoluteError)),
          signal,
        });
        const [synapse0, synapse1] = net.weights();
        const counts = directions.counts();
        out("Synapse 0");
        out(formatMatrix(synapse0!));
        out("Synapse 0 Update Direction Changes");
        out(formatMatrix(counts.W0!));
        out("Synapse 1");
        out(formatMatrix(synapse1!));
        out("Synapse 1 Update Direction Changes");
        out(formatMatrix(counts.W1!));
      }
    },
  },
  {
    id: "h_part2_hidden32_alpha_sweep",
    title: 'Part 2, "Improvement 2": the alpha sweep with 32 hidden units',
    get python() {
      return PY_H;
    },
    exact: false,
    run: (print, signal) => alphaSweep(32, print, signal),
  },
];

/** The program with this id. */
export function programById(id: ProgramId): Program {
  const program = PROGRAMS.find((p) => p.id === id);
  if (program === undefined) throw new Error(`Unknown program ${JSON.stringify(id)}: expected one of ${PROGRAMS.map((p) => p.id).join(", ")}`);
  return program;
}
