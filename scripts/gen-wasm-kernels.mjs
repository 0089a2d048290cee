// Generates src/matrix/wasm-kernels.generated.ts: the WebAssembly SIMD (f64x2) matrix-product
// kernel, assembled here byte by byte (no toolchain needed; the instruction encodings are those
// of the WebAssembly core spec 2.0 + fixed-width SIMD). Derived from the prototype
// bench/wasm-simd/gemm.wat (gemm_f64): tiles of 4 rows x 2 vectors, one f64x2.mul then one
// f64x2.add per lane (never a fused multiply-add), k = 0, 1, ..., p-1, so every entry is the
// same left-to-right sum as tinynn's JS kernels, bit for bit.
//
//   node scripts/gen-wasm-kernels.mjs          writes the file
//   node scripts/gen-wasm-kernels.mjs --print  prints it (test/wasm-kernels.test.ts compares)
//
// Export "gemm"(o, os, a, ai, ak, b, bs, n, m, p), all i32, addresses and strides in bytes:
//   O[i][j] = Σ_k A[i][k] · B[k][j]   for i < n, j < m (m a multiple of 4), k < p (p >= 1)
//   O[i][j] at o + i·os + 8j,  A[i][k] at a + i·ai + k·ak,  B[k][j] at b + k·bs + 8j.
// Rows in tiles of 4, then the n mod 4 last rows one at a time. Export "mem": the memory (1 page
// at start; the caller grows it).
import fs from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const uleb = (v) => {
  const out = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
};
const sleb = (v) => {
  const out = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) return out.push(b), out;
    out.push(b | 0x80);
  }
};
const name = (s) => [...uleb(s.length), ...Buffer.from(s, "utf8")];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const vec = (items) => [...uleb(items.length), ...items.flat()];

// --- instructions ---
const I32 = 0x7f, V128 = 0x7b;
const get = (l) => [0x20, ...uleb(l)];
const set = (l) => [0x21, ...uleb(l)];
const i32c = (v) => [0x41, ...sleb(v)];
const add = [0x6a], mul = [0x6c], gtS = [0x4a], geS = [0x4e];
const block = [0x02, 0x40], loop = [0x03, 0x40], end = [0x0b];
const br = (d) => [0x0c, ...uleb(d)], brIf = (d) => [0x0d, ...uleb(d)];
const simd = (op) => [0xfd, ...uleb(op)];
const mem = (align, offset) => [...uleb(align), ...uleb(offset)];
const v128load = (offset) => [...simd(0x00), ...mem(3, offset)];
const v128store = (offset) => [...simd(0x0b), ...mem(3, offset)];
const load64splat = [...simd(0x0a), ...mem(3, 0)];
const f64x2add = simd(0xf0), f64x2mul = simd(0xf2);

// --- the kernel ---
// params
const o = 0, os = 1, a = 2, ai = 3, ak = 4, b = 5, bs = 6, n = 7, m = 8, p = 9;
// i32 locals
const i = 10, j = 11, k = 12, pb = 13, po = 14;
const pa = (r) => 15 + r; // the 4 row pointers into A
const I32_LOCALS = 9;
// v128 locals: 8 accumulators c[r][v], b0, b1, x
const c = (r, v) => 19 + r * 2 + v;
const b0 = 27, b1 = 28, x = 29;
const V128_LOCALS = 11;

const seq = (...parts) => parts.flat();

/** Loads the two B vectors at pb (+ row offset already applied). */
const loadB = seq(get(pb), v128load(0), set(b0), get(pb), v128load(16), set(b1));
/** x = splat(A[row r][current k]). */
const splatA = (r) => seq(get(pa(r)), load64splat, set(x));
const first = (r) => seq(splatA(r), get(x), get(b0), f64x2mul, set(c(r, 0)), get(x), get(b1), f64x2mul, set(c(r, 1)));
const accum = (r) =>
  seq(
    splatA(r),
    get(c(r, 0)), get(x), get(b0), f64x2mul, f64x2add, set(c(r, 0)),
    get(c(r, 1)), get(x), get(b1), f64x2mul, f64x2add, set(c(r, 1)),
  );
const storeRow = (r) =>
  seq(
    get(po), ...(r === 0 ? [] : [get(os), i32c(r), mul, add]), get(c(r, 0)), v128store(0),
    get(po), ...(r === 0 ? [] : [get(os), i32c(r), mul, add]), get(c(r, 1)), v128store(16),
  );

/** One tile of `rows` rows (4 or 1) x 4 columns at (i, j): k loop, then stores. */
const tile = (rows) => {
  const rs = [...Array(rows).keys()];
  return seq(
    // pa(r) = a + (i + r)·ai, pb = b + 8j, po = o + i·os + 8j
    get(a), get(i), get(ai), mul, add, set(pa(0)),
    ...rs.slice(1).map((r) => seq(get(pa(r - 1)), get(ai), add, set(pa(r)))),
    get(b), get(j), i32c(8), mul, add, set(pb),
    get(o), get(i), get(os), mul, add, get(j), i32c(8), mul, add, set(po),
    loadB,
    ...rs.map(first),
    i32c(1), set(k),
    block, loop,
    get(k), get(p), geS, brIf(1),
    get(pb), get(bs), add, set(pb),
    ...rs.map((r) => seq(get(pa(r)), get(ak), add, set(pa(r)))),
    loadB,
    ...rs.map(accum),
    get(k), i32c(1), add, set(k),
    br(0),
    end, end,
    ...rs.map(storeRow),
  );
};

/** for (j = 0; j + 4 <= m; j += 4) tile(rows) */
const jLoop = (rows) =>
  seq(
    i32c(0), set(j),
    block, loop,
    get(j), i32c(4), add, get(m), gtS, brIf(1),
    tile(rows),
    get(j), i32c(4), add, set(j),
    br(0),
    end, end,
  );

const body = seq(
  // i = 0; while (i + 4 <= n) { jLoop(4); i += 4 }
  i32c(0), set(i),
  block, loop,
  get(i), i32c(4), add, get(n), gtS, brIf(1),
  jLoop(4),
  get(i), i32c(4), add, set(i),
  br(0),
  end, end,
  // while (i < n) { jLoop(1); i += 1 }
  block, loop,
  get(i), get(n), geS, brIf(1),
  jLoop(1),
  get(i), i32c(1), add, set(i),
  br(0),
  end, end,
  end,
);

const func = seq(vec([[...uleb(I32_LOCALS), I32], [...uleb(V128_LOCALS), V128]]), body);

export function moduleBytes() {
  const bytes = seq(
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    section(1, vec([[0x60, ...vec(Array(10).fill([I32])), ...vec([])]])), // type 0: (10 x i32) -> ()
    section(3, vec([uleb(0)])), // function 0 has type 0
    section(5, vec([[0x00, ...uleb(1)]])), // memory 0: min 1 page, no max
    section(7, vec([[...name("gemm"), 0x00, ...uleb(0)], [...name("mem"), 0x02, ...uleb(0)]])),
    section(10, vec([[...uleb(func.length), ...func]])),
  );
  return Uint8Array.from(bytes);
}

export function generatedSource() {
  const b64 = Buffer.from(moduleBytes()).toString("base64");
  const lines = b64.match(/.{1,96}/g).map((l) => `  "${l}"`).join(" +\n");
  return `// GENERATED by scripts/gen-wasm-kernels.mjs: do not edit (test/wasm-kernels.test.ts checks it).
// The WebAssembly SIMD f64x2 matrix-product kernel, ${moduleBytes().length} bytes, base64. Decoded and compiled
// only on the first large product (see wasm.ts).

/** The kernel module's bytes in base64. @internal */
export const WASM_KERNELS_BASE64 =
${lines};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--print")) process.stdout.write(generatedSource());
  else {
    const here = dirname(fileURLToPath(import.meta.url));
    fs.writeFileSync(join(here, "../src/matrix/wasm-kernels.generated.ts"), generatedSource());
  }
}
