// The blocked kernels must not change a single result: every entry of every product is compared,
// with ===, against a naive triple loop that sums the shared index left to right from the first
// product (numpy's order for these shapes). Shapes cover every tile edge (n mod 4, m mod 2, p = 1),
// and views cover offsets, transposes and strides.
import ndarray from "ndarray";
import { afterEach, describe, expect, it, vi } from "vitest";
import { zeros, type Matrix } from "../src/index.js";
import { matmul, matmulTransA, matmulTransB } from "../src/matrix/matmul.js";
import { setWasmMinWork, wasmKernelsAvailable } from "../src/matrix/wasm.js";

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

// The WebAssembly SIMD kernel (src/matrix/wasm.ts) against the JS kernels: the same product computed
// with the wasm path forced on (minimum work 0) and off (Infinity) must agree entry by entry with
// Object.is (=== that also tells -0 from +0), and both must equal the naive sum.
describe("the WebAssembly kernel gives the JS kernels' results bit for bit", () => {
  afterEach(() => {
    setWasmMinWork(4096);
  });

  it("is available in this runtime (Node 20 has WebAssembly SIMD)", () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  const wasmShapes: [number, number, number][] = [];
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9]) for (const p of [1, 2, 3, 5]) for (const m of [1, 2, 3, 4, 5, 6, 7, 8, 9]) wasmShapes.push([n, p, m]);
  wasmShapes.push(
    [1, 64, 128], [128, 64, 1], [64, 1, 128], [32, 64, 128], [32, 128, 10], [32, 10, 128], [128, 32, 10], [64, 32, 128],
    [33, 129, 10], [31, 17, 13], [4096, 64, 10], [100, 3, 1], [1, 200, 1], [17, 1, 19], [50, 50, 50], [257, 31, 11],
  );

  type Product = (out: Matrix, a: Matrix, b: Matrix) => void;
  const both = (product: Product, rows: number, cols: number, a: Matrix, b: Matrix): [Matrix, Matrix] => {
    const js = zeros(rows, cols);
    const wasm = zeros(rows, cols);
    setWasmMinWork(Infinity);
    product(js, a, b);
    setWasmMinWork(0);
    product(wasm, a, b);
    return [js, wasm];
  };
  const expectSame = (js: Matrix, wasm: Matrix): void => {
    let differ = 0;
    for (let t = 0; t < js.data.length; t++) if (!Object.is(js.data[t], wasm.data[t])) differ++;
    expect(differ).toBe(0);
  };

  it(`all three products on ${wasmShapes.length} shapes (tile edges, odd sizes, 1xN, Nx1)`, () => {
    expect(wasmKernelsAvailable()).toBe(true);
    for (const [n, p, m] of wasmShapes) {
      const a = randomMatrix(n, p);
      const b = randomMatrix(p, m);
      const [js1, w1] = both(matmul, n, m, a, b);
      expectSame(js1, w1);
      const at = randomMatrix(p, n);
      const [js2, w2] = both(matmulTransA, n, m, at, b);
      expectSame(js2, w2);
      const bt = randomMatrix(m, p);
      const [js3, w3] = both(matmulTransB, n, m, a, bt);
      expectSame(js3, w3);
      if (n * m * p <= 4096) {
        expect(rowsOf(w1)).toEqual(naive(n, m, p, (i, k) => get(a, i, k), (k, j) => get(b, k, j)));
        expect(rowsOf(w2)).toEqual(naive(n, m, p, (i, s) => get(at, s, i), (s, j) => get(b, s, j)));
        expect(rowsOf(w3)).toEqual(naive(n, m, p, (i, k) => get(a, i, k), (k, j) => get(bt, j, k)));
      }
    }
  });

  it("packed operands at an offset inside a larger buffer (subarray-backed), and repeated calls reusing the memory", () => {
    const [n, p, m] = [13, 21, 18];
    const big = Float64Array.from({ length: 3000 }, rand);
    const a = ndarray(big, [n, p], [p, 1], 7) as unknown as Matrix;
    const b = ndarray(big, [p, m], [m, 1], 1000) as unknown as Matrix;
    const bt = ndarray(big, [m, p], [p, 1], 2000) as unknown as Matrix;
    const at = ndarray(big, [p, n], [n, 1], 500) as unknown as Matrix;
    for (let rep = 0; rep < 3; rep++) {
      const [js1, w1] = both(matmul, n, m, a, b);
      expectSame(js1, w1);
      const [js2, w2] = both(matmulTransA, n, m, at, b);
      expectSame(js2, w2);
      const [js3, w3] = both(matmulTransB, n, m, a, bt);
      expectSame(js3, w3);
    }
  });

  it("keeps -0, and infinities and NaN where the JS kernel has them", () => {
    const a0 = randomMatrix(8, 1);
    const b0 = randomMatrix(1, 6);
    a0.data[0] = -1;
    b0.data[0] = 0;
    const [js0, wasm0] = both(matmul, 8, 6, a0, b0);
    expect(Object.is(js0.data[0], -0)).toBe(true);
    expect(Object.is(wasm0.data[0], -0)).toBe(true);
    expectSame(js0, wasm0);
    const a = randomMatrix(8, 5);
    const b = randomMatrix(5, 6);
    a.data[10] = Infinity;
    a.data[16] = NaN;
    b.data[7] = -Infinity;
    const [js, wasm] = both(matmul, 8, 6, a, b);
    let nonFinite = 0;
    for (let t = 0; t < js.data.length; t++) {
      if (!Number.isFinite(js.data[t])) nonFinite++;
      if (Number.isNaN(js.data[t])) expect(Number.isNaN(wasm.data[t])).toBe(true);
      else expect(Object.is(js.data[t], wasm.data[t])).toBe(true);
    }
    expect(nonFinite).toBeGreaterThan(0);
  });

  for (const kind of ["transposed", "offset", "stepped"] as const) {
    it(`${kind} views with the wasm path on (they take the JS kernel) keep the naive sums`, () => {
      setWasmMinWork(0);
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
});

describe("without WebAssembly the products fall back to the JS kernels", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  const fresh = async (): Promise<{ wasm: typeof import("../src/matrix/wasm.js"); mm: typeof import("../src/matrix/matmul.js") }> => {
    vi.resetModules();
    const wasm = await import("../src/matrix/wasm.js");
    const mm = await import("../src/matrix/matmul.js");
    return { wasm, mm };
  };

  const check = (mm: typeof import("../src/matrix/matmul.js")): void => {
    const [n, p, m] = [33, 20, 18];
    const a = randomMatrix(n, p);
    const b = randomMatrix(p, m);
    const out = zeros(n, m);
    mm.matmul(out, a, b);
    expect(rowsOf(out)).toEqual(naive(n, m, p, (i, k) => get(a, i, k), (k, j) => get(b, k, j)));
  };

  it("when WebAssembly is missing", async () => {
    vi.stubGlobal("WebAssembly", undefined);
    const { wasm, mm } = await fresh();
    wasm.setWasmMinWork(0);
    check(mm);
    expect(wasm.wasmKernelsAvailable()).toBe(false);
  });

  it("when compiling is refused (a Content-Security-Policy without 'wasm-unsafe-eval', or no SIMD)", async () => {
    const real = WebAssembly;
    vi.stubGlobal("WebAssembly", {
      ...real,
      Memory: real.Memory,
      Module: function Module(): never {
        throw new real.CompileError("WebAssembly.Module(): Refused to compile or instantiate WebAssembly module");
      },
    });
    const { wasm, mm } = await fresh();
    wasm.setWasmMinWork(0);
    check(mm);
    expect(wasm.wasmKernelsAvailable()).toBe(false);
  });
});
