// The playground's shared types: what the page's modules pass each other. The page (main.ts) owns
// the settings and the run; datasets.ts and programs.ts make what is trained; views/ draw it.

import type { ActivationName, LossName, Network, TrainingHistory } from "tinynn";

/** The data sets the page generates from a seed (besides a blog program's own X and y). */
export type DatasetId = "xor" | "blogFirst" | "parity3" | "moons" | "circles" | "spirals";

/** The blog's eight programs, by the names of their goldens (test/fixtures/<id>.json). */
export type ProgramId =
  | "a_part1_2layer"
  | "b_part1_3layer"
  | "c_part1_11line"
  | "d_part2_13line"
  | "e_part2_2layer_gd"
  | "f_part2_alpha_sweep"
  | "g_part2_alpha_sweep_direction_counts"
  | "h_part2_hidden32_alpha_sweep";

/** The optimizers the page offers. */
export type OptimizerId = "gradientDescent" | "momentum" | "adam" | "rmsprop" | "adagrad";

/** Everything a run depends on; the URL holds all of it (settings.ts). */
export interface Settings {
  /** a blog program (its own data, network and printed text), or null for a data set of the page's */
  program: ProgramId | null;
  dataset: DatasetId;
  /** rows generated for moons, circles and spirals */
  samples: number;
  /** noise added to moons, circles and spirals, >= 0 */
  noise: number;
  seed: number;
  /** hidden layer sizes; input and output sizes come from the data */
  hidden: number[];
  activation: ActivationName;
  outputActivation: ActivationName | "softmax";
  loss: LossName;
  bias: boolean;
  optimizer: OptimizerId;
  alpha: number;
  /** null: the full batch */
  batchSize: number | null;
  iterations: number;
}

/** A data set as trained on. */
export interface DataSet {
  readonly X: number[][];
  readonly y: number[][];
  /** true when X has two columns that can be drawn as a plane (decision boundary) */
  readonly planar: boolean;
  /** class labels (argmax of y, or y >= 0.5 for one output), for drawing points */
  readonly labels: number[];
}

/** A blog program: what the page shows beside the Python and how it reproduces the printed text. */
export interface Program {
  readonly id: ProgramId;
  readonly title: string;
  /** the Python source of the numpy program, as in the post */
  readonly python: string;
  /** whether the page can reproduce its printed text byte for byte (false for the chaotic sweeps' runs) */
  readonly exact: boolean;
  /**
   * Runs the program with tinynn, giving each printed line to `print` as numpy's program prints it,
   * with trainAsync so that the page stays responsive; `signal` stops it.
   */
  run(print: (line: string) => void, signal: AbortSignal): Promise<void>;
}

/** What the views draw after each slice of training. */
export interface Snapshot {
  readonly net: Network;
  readonly history: Pick<TrainingHistory, "loss" | "meanAbsoluteError">;
  readonly data: DataSet;
  /** per weight of each weight matrix, how many times its update changed direction (the blog's Part 2) */
  readonly directionChanges: number[][][];
}
