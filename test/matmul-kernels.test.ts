// The blocked kernels must not change a single result: every entry of every product is compared,
// with ===, against a naive triple loop that sums the shared index left to right from the first
// product (numpy's order for these shapes). Shapes cover every tile edge (n mod 4, m mod 2, p = 1),
// and views cover offsets, transposes and strides.
import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import { matmul, matmulTransA, matmulTransB, zeros, type Matrix } from "../src/index.js";

let seed = 12345;
function rand(): number {
  // mulberry32: deterministic values with full 53-bit mantissas
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const hi = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return (hi - 0.5) * 3 + Math.sin(hi * 1e4) * 1e-3;
}

function randomMatrix(rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rand();
  return m;
}

/** A view of a fresh random [rows x cols] matrix that is not packed: transposed, offset or stepped. */
function randomView(rows: number, cols: number, kind: "transposed" | "offset" | "stepped"): Matrix {
  if (kind === "transposed") {
    const base = ndarray(Float64Array.from({ length: rows * cols }, rand), [cols, rows]);
    return base.transpose(1, 0) as unknown as Matrix;
  }
  if (kind === "offset") {
    const base = ndarray(Float64Array.from({ length: (rows + 2) * (cols + 3) }, rand), [rows + 2, cols + 3]);
    return base.lo(1, 2).hi(rows, cols) as unknown as Matrix;
  }
  const base = ndarray(Float64Array.from({ length: rows * 2 * cols * 3 }, rand), [rows * 2, cols * 3]);
  return base.step(2, 3) as unknown as Matrix;
}

const get = (m: Matrix, i: number, j: number): number => m.data[m.offset + i * m.stride[0]! + j * m.stride[1]!]!;

function naive(n: number, m: number, p: number, a: (i: number, k: number) => number, b: (k: number, j: number) => number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < m; j++) {
      let s = a(i, 0) * b(0, j);
      for (let k = 1; k < p; k++) s += a(i, k) * b(k, j);
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

function rowsOf(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.shape[0]!; i++) {
    const row: number[] = [];
    for (let j = 0; j < m.shape[1]!; j++) row.push(get(m, i, j));
    out.push(row);
  }
  return out;
}

const shapes: [number, number, number][] = [
  [1, 1, 1], [4, 3, 4], [4, 4, 1], [3, 4, 4], [5, 7, 3], [7, 1, 5], [9, 13, 11], [32, 64, 128], [33, 10, 129], [6, 2, 2],
];

describe("matmul kernels keep the naive left-to-right sum bit for bit", () => {
  for (const [n, p, m] of shapes) {
    it(`matmul [${n}x${p}]·[${p}x${m}]`, () => {
      const a = randomMatrix(n, p);
      const b = randomMatrix(p, m);
      const out = zeros(n, m);
      matmul(out, a, b);
      expect(rowsOf(out)).toEqual(naive(n, m, p, (i, k) => get(a, i, k), (k, j) => get(b, k, j)));
    });
    it(`matmulTransA [${p}x${n}]ᵀ·[${p}x${m}]`, () => {
      const a = randomMatrix(p, n);
      const b = randomMatrix(p, m);
      const out = zeros(n, m);
      matmulTransA(out, a, b);
      expect(rowsOf(out)).toEqual(naive(n, m, p, (i, s) => get(a, s, i), (s, j) => get(b, s, j)));
    });
    it(`matmulTransB [${n}x${p}]·[${m}x${p}]ᵀ`, () => {
      const a = randomMatrix(n, p);
      const b = randomMatrix(m, p);
      const out = zeros(n, m);
      matmulTransB(out, a, b);
      expect(rowsOf(out)).toEqual(naive(n, m, p, (i, k) => get(a, i, k), (k, j) => get(b, j, k)));
    });
  }

  for (const kind of ["transposed", "offset", "stepped"] as const) {
    it(`all three on ${kind} views, written into a ${kind} output`, () => {
      const [n, p, m] = [9, 6, 7];
      const a = randomView(n, p, kind);
      const b = randomView(p, m, kind);
      const out = randomView(n, m, kind);
      matmul(out, a, b);
      expect(rowsOf(out)).toEqual(naive(n, m, p, (i, k) => get(a, i, k), (k, j) => get(b, k, j)));
      const at = randomView(p, n, kind);
      matmulTransA(out, at, b);
      expect(rowsOf(out)).toEqual(naive(n, m, p, (i, s) => get(at, s, i), (s, j) => get(b, s, j)));
      const bt = randomView(m, p, kind);
      matmulTransB(out, a, bt);
      expect(rowsOf(out)).toEqual(naive(n, m, p, (i, k) => get(a, i, k), (k, j) => get(bt, j, k)));
    });
  }

  it("keeps -0 and the first product as the starting value (no 0 + ...)", () => {
    const a = zeros(1, 1);
    const b = zeros(1, 1);
    a.data[0] = -1;
    b.data[0] = 0;
    const out = zeros(1, 1);
    matmul(out, a, b);
    expect(Object.is(out.data[0], -0)).toBe(true);
  });
});
