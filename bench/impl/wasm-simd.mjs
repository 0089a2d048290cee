// W3 only: the hand-written forward pass with both matrix products done by the WebAssembly SIMD
// prototype (bench/wasm-simd, f64x2 lanes, 4x2-vector tiles). Same summation order as tinynn, so
// its output is bit-identical to the hand-written and tinynn rows. A measurement for
// docs/performance.md, not a library path.
import fs from "node:fs";

export async function create(w) {
  if (w.kind !== "infer") throw new Error("prototype covers W3 (inference) only");
  const bytes = fs.readFileSync(new URL("../wasm-simd/gemm.wasm", import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes);
  const { mem, gemm_f64 } = instance.exports;
  const [ni, nh, no] = w.sizes;
  const noPad = Math.ceil(no / 4) * 4; // the kernel wants whole 4-column tiles: zero columns
  const n = w.n;
  // layout in wasm memory (bytes): X, W0, W1 (padded), H, Out (padded)
  const xOff = 0, w0Off = xOff + n * ni * 8, w1Off = w0Off + ni * nh * 8, hOff = w1Off + nh * noPad * 8, oOff = hOff + n * nh * 8;
  const need = oOff + n * noPad * 8;
  if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
  const F = new Float64Array(mem.buffer);
  F.set(w.x, xOff / 8);
  F.set(w.W[0], w0Off / 8);
  for (let k = 0; k < nh; k++) for (let j = 0; j < no; j++) F[w1Off / 8 + k * noPad + j] = w.W[1][k * no + j];
  const b0 = w.b[0], b1 = w.b[1];
  const H = F.subarray(hOff / 8, hOff / 8 + n * nh), O = F.subarray(oOff / 8, oOff / 8 + n * noPad);
  const out = new Float64Array(n * no);
  const predict = () => {
    gemm_f64(hOff, xOff, w0Off, n, nh, ni);
    for (let i = 0, q = 0; i < n; i++) for (let j = 0; j < nh; j++, q++) H[q] = 1 / (1 + Math.exp(-(H[q] + b0[j])));
    gemm_f64(oOff, hOff, w1Off, n, noPad, nh);
    for (let i = 0; i < n; i++) for (let j = 0; j < no; j++) out[i * no + j] = 1 / (1 + Math.exp(-(O[i * noPad + j] + b1[j])));
    return out;
  };
  return {
    name: "wasm-simd-f64",
    dtype: "float64",
    notes: "prototype: hand-written forward, products in WebAssembly f64x2 (bench/wasm-simd)",
    run() { for (let p = 0; p < w.passes; p++) predict(); },
    probe(units) { for (let p = 0; p < units; p++) predict(); },
    output: () => predict(),
  };
}
