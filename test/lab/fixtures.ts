import { readFileSync } from "node:fs";

/** Reads a JSON file of test/fixtures. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as T;
}

/** Largest |a - b| over two nested arrays of the same shape. */
export function maxDiff(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b);
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, maxDiff(a[i], b[i]));
  return m;
}

/** Elementwise negation of a nested array. */
export function neg(a: number[][]): number[][] {
  return a.map((r) => r.map((v) => -v));
}

export const XOR_X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
export const XOR_Y = [[0], [1], [1], [0]];
