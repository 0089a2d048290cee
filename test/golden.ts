// Typed access to the numpy goldens in test/fixtures (copied from the project's reference data).
import { readFileSync } from "node:fs";

export type Rows = number[][];

export interface GoldenRun {
  alpha: number | null;
  hidden_size: number;
  initial_weights: Record<string, Rows>;
  checkpoints: { iteration: number; error: number; printed_value: string }[];
  weights_after_n_updates: Record<string, Record<string, Rows>>;
  final_weights: Record<string, Rows>;
  final_outputs: Rows;
  error_at_n_updates: Record<string, number>;
  post_training: { outputs: Rows; error: number };
  direction_counts?: Record<string, Rows>;
  robustness: { fragile: boolean };
}

export interface Golden {
  program: string;
  iterations: number;
  X: Rows;
  y: Rows;
  printed: string;
  runs: GoldenRun[];
}

export const PROGRAMS = [
  "a_part1_2layer",
  "b_part1_3layer",
  "c_part1_11line",
  "d_part2_13line",
  "e_part2_2layer_gd",
  "f_part2_alpha_sweep",
  "g_part2_alpha_sweep_direction_counts",
  "h_part2_hidden32_alpha_sweep",
] as const;

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as T;
}

export const golden = (name: (typeof PROGRAMS)[number]): Golden => fixture<Golden>(name);

/** Largest |a - b| over two equally shaped matrices; throws on a shape mismatch. */
export function maxAbsDiff(a: Rows, b: Rows): number {
  if (a.length !== b.length) throw new Error(`row count ${a.length} != ${b.length}`);
  let m = 0;
  a.forEach((row, i) => {
    const other = b[i]!;
    if (row.length !== other.length) throw new Error(`row ${i}: ${row.length} != ${other.length} columns`);
    row.forEach((v, j) => (m = Math.max(m, Math.abs(v - other[j]!))));
  });
  return m;
}
