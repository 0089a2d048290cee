import { exp } from "../math/exp.js";
import { tanh } from "../math/tanh.js";
import type { Float32Activation } from "./float32.js";
import { WASM_KERNELS32_BASE64, WASM_KERNELS_BASE64 } from "./wasm-kernels.generated.js";

// tinynn's WebAssembly SIMD kernels (scripts/gen-wasm-kernels.mjs): the float64 matrix product
// (tiles of 4 rows x 4 columns, two f64x2 vectors, each lane a separate multiply then add, k = 0,
// 1, ..., p-1) and the bias + activation kernels (the sigmoid with fdlibm's exp vectorised). Every
// value is the same IEEE operations in the same order as the JS kernels (matmul.ts, kernels.ts,
// src/math/exp.ts): the two give the same bits, and tests compare them.
//
// **Arenas.** A plan's buffers live in the WebAssembly memory of an instance of its own (a
// `WasmArena`), sized once when the plan is built and never grown after: the products and
// activations of a forward pass and a training step read and write them in place, with no copy
// in or out between layers. The module is compiled once, synchronously (5.5 kB: Chromium compiles
// up to 8 MB synchronously on a page's main thread; an engine that refuses it gets the JS kernels);
// each arena is a new instance of it. An arena is let go with its plan.
//
// **Without an arena** (a product outside any plan, or a plan past ARENA_MAX_BYTES), the products
// copy their operands into one shared instance's memory, capped at MAX_BYTES; past that, and
// whenever WebAssembly is missing or compiling is refused (a Content-Security-Policy without
// 'wasm-unsafe-eval', workerd), the JS kernels compute the same bits.

/** The module's exports. */
interface Kernels {
  mem: WebAssembly.Memory;
  /** O[i][j] = Σ_k A[i][k] B[k][j]; addresses and strides in bytes (see the generator). */
  gemm(o: number, os: number, a: number, ai: number, ak: number, b: number, bs: number, n: number, m: number, p: number): void;
  act_identity: ActKernel;
  act_sigmoid: ActKernel;
  act_tanh: ActKernel;
  act_exp: ActKernel;
  act_relu: ActKernel;
  act_leakyRelu: ActKernel;
}

/** a = f(z + b) over rows x cols at byte addresses (b = 0: no bias); z = z + b when keep is 1. */
type ActKernel = (z: number, a: number, b: number, rows: number, cols: number, keep: number) => void;

/** The activations the module computes (and exp itself, for tests). */
export type WasmActivation = "identity" | "sigmoid" | "tanh" | "relu" | "leakyRelu" | "exp";

/** 0: not tried yet, 1: compiled, -1: unavailable (JS kernels only). */
let state = 0;
/** Tests only: WebAssembly treated as unavailable (see {@link setWasmSwitchedOff}). */
let switchedOff = false;
let compiled: WebAssembly.Module | undefined;
const imports = { m: { exp, tanh } };
let minWork = 4096;

/** The most a shared instance's memory may grow to: 8 MiB (a million float64 values). */
const MAX_BYTES = 8 * 1024 * 1024;
/** The largest arena a plan gets: 64 MiB. A plan needing more keeps its buffers in JS memory. */
const ARENA_MAX_BYTES = 64 * 1024 * 1024;
const PAGE = 65536;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let len = s.length;
  while (len > 0 && s[len - 1] === "=") len--;
  const out = new Uint8Array((len * 3) >> 2);
  let bits = 0;
  let nbits = 0;
  let q = 0;
  for (let i = 0; i < len; i++) {
    bits = (bits << 6) | alphabet.indexOf(s[i]!);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[q++] = (bits >> nbits) & 0xff;
    }
  }
  return out;
}

/** A new instance of the module, or undefined if WebAssembly (or SIMD) is unavailable or refused. */
function instantiate(): Kernels | undefined {
  if (state === -1 || switchedOff) return undefined;
  if (state === 0) {
    // a refused or failed compile is for good (no WebAssembly, no SIMD, a policy without 'wasm-unsafe-eval')
    state = -1;
    try {
      if (typeof WebAssembly !== "object" || WebAssembly === null) return undefined;
      compiled = new WebAssembly.Module(decodeBase64(WASM_KERNELS_BASE64));
      state = 1;
    } catch {
      return undefined;
    }
  }
  try {
    const k = new WebAssembly.Instance(compiled!, imports).exports as unknown as Kernels;
    if (typeof k.gemm !== "function" || !(k.mem instanceof WebAssembly.Memory)) return undefined;
    instances++;
    return k;
  } catch {
    // an instance that cannot be had now (its memory: too many live at once) is this plan's loss only
    return undefined;
  }
}

/** How many instances of the float64 module were made (tests: a plan on WebAssembly gets one). */
let instances = 0;

/**
 * Tests only: how many instances of the float64 and float32 modules were made so far in this
 * process (each arena and the shared instance is one).
 * @internal
 */
export function wasmInstancesMade(): { float64: number; float32: number } {
  return { float64: instances, float32: instances32 };
}

/**
 * The buffers of one plan in the memory of a WebAssembly instance of their own, allocated once
 * (a bump allocator over memory grown once to the plan's estimate), and the kernels over them.
 * @internal
 */
export class WasmArena {
  private readonly buffer: ArrayBuffer;
  /** the next free byte (16-byte aligned); byte 0 to 15 stay unused: address 0 means "none" */
  private top = 16;

  private constructor(
    private readonly k: Kernels,
    private readonly limit: number,
  ) {
    this.buffer = k.mem.buffer;
  }

  /**
   * An arena of at least `values` float64 values, or undefined when WebAssembly is unavailable or
   * the arena would be past ARENA_MAX_BYTES (the plan then keeps its buffers in JS memory).
   */
  static create(values: number): WasmArena | undefined {
    const bytes = 16 + values * 8;
    if (!(bytes <= ARENA_MAX_BYTES)) return undefined;
    const k = instantiate();
    if (k === undefined) return undefined;
    try {
      const have = k.mem.buffer.byteLength;
      if (bytes > have) k.mem.grow(Math.ceil((bytes - have) / PAGE));
    } catch {
      return undefined;
    }
    return new WasmArena(k, k.mem.buffer.byteLength);
  }

  /** `values` float64 values of the arena, zeroed, 16-byte aligned. */
  alloc(values: number): Float64Array {
    const at = this.top;
    const end = at + values * 8;
    if (end > this.limit) throw new Error(`tinynn internal: arena of ${this.limit} bytes too small for ${end}`);
    this.top = (end + 15) & ~15;
    return new Float64Array(this.buffer, at, values);
  }

  /** Whether `view` is a buffer of this arena (then the kernels read it in place). */
  holds(view: Float64Array): boolean {
    return view.buffer === this.buffer;
  }

  /**
   * O[n x m] = A[n x p] · B[p x m], all arena buffers, packed: A's row i at a + i·ai bytes, its
   * k-th value ak bytes further (ai = 8p, ak = 8 for A itself; ai = 8, ak = 8n for the transpose
   * of a packed [p x n]).
   */
  gemm(o: Float64Array, a: Float64Array, ai: number, ak: number, b: Float64Array, n: number, m: number, p: number): void {
    this.k.gemm(o.byteOffset, m * 8, a.byteOffset, ai, ak, b.byteOffset, m * 8, n, m, p);
  }

  /** a = f(z + b) over rows x cols (b undefined: no bias); z = z + b too when `keep`. */
  activate(f: WasmActivation, z: Float64Array, a: Float64Array, b: Float64Array | undefined, rows: number, cols: number, keep: boolean): void {
    const k = this.k;
    const kernel =
      f === "sigmoid" ? k.act_sigmoid : f === "tanh" ? k.act_tanh : f === "relu" ? k.act_relu : f === "leakyRelu" ? k.act_leakyRelu : f === "exp" ? k.act_exp : k.act_identity;
    kernel(z.byteOffset, a.byteOffset, b === undefined ? 0 : b.byteOffset, rows, cols, keep ? 1 : 0);
  }
}

/** The float32 module's exports. */
interface Kernels32 {
  mem: WebAssembly.Memory;
  /** as {@link Kernels.gemm}, float32 values (4 bytes) */
  gemm32(o: number, os: number, a: number, ai: number, ak: number, b: number, bs: number, n: number, m: number, p: number): void;
  act32_identity: Act32Kernel;
  act32_sigmoid: Act32Kernel;
  act32_relu: Act32Kernel;
  act32_leakyRelu: Act32Kernel;
}

/** a = f(z + b) over rows x cols, float32, at byte addresses (b = 0: no bias). */
type Act32Kernel = (z: number, a: number, b: number, rows: number, cols: number) => void;

/** 0: not tried yet, 1: compiled, -1: unavailable. */
let state32 = 0;
let instances32 = 0;
let compiled32: WebAssembly.Module | undefined;

/**
 * Buffers for float32 inference in the memory of an instance of the float32 module (as
 * {@link WasmArena}), and its kernels, which compute what src/matrix/float32.ts computes.
 * @internal
 */
export class WasmArena32 {
  private readonly buffer: ArrayBuffer;
  private top = 16;

  private constructor(
    private readonly k: Kernels32,
    private readonly limit: number,
  ) {
    this.buffer = k.mem.buffer;
  }

  /** An arena of at least `values` float32 values, or undefined (no WebAssembly, refused, or past ARENA_MAX_BYTES). */
  static create(values: number): WasmArena32 | undefined {
    const bytes = 16 + values * 4;
    if (!(bytes <= ARENA_MAX_BYTES) || state32 === -1 || state === -1 || switchedOff) return undefined;
    if (state32 === 0) {
      state32 = -1;
      try {
        if (typeof WebAssembly !== "object" || WebAssembly === null) return undefined;
        compiled32 = new WebAssembly.Module(decodeBase64(WASM_KERNELS32_BASE64));
        state32 = 1;
      } catch {
        return undefined;
      }
    }
    try {
      const k = new WebAssembly.Instance(compiled32!, {}).exports as unknown as Kernels32;
      if (typeof k.gemm32 !== "function" || !(k.mem instanceof WebAssembly.Memory)) return undefined;
      const have = k.mem.buffer.byteLength;
      if (bytes > have) k.mem.grow(Math.ceil((bytes - have) / PAGE));
      instances32++;
      return new WasmArena32(k, k.mem.buffer.byteLength);
    } catch {
      return undefined;
    }
  }

  /** `values` float32 values of the arena, zeroed, 16-byte aligned. */
  alloc(values: number): Float32Array {
    const at = this.top;
    const end = at + values * 4;
    if (end > this.limit) throw new Error(`tinynn internal: float32 arena of ${this.limit} bytes too small for ${end}`);
    this.top = (end + 15) & ~15;
    return new Float32Array(this.buffer, at, values);
  }

  /** O[n x m] = A[n x p] · B[p x m] in float32, arena buffers, packed. */
  gemm(o: Float32Array, a: Float32Array, b: Float32Array, n: number, m: number, p: number): void {
    this.k.gemm32(o.byteOffset, m * 4, a.byteOffset, p * 4, 4, b.byteOffset, m * 4, n, m, p);
  }

  /** a = f(z + b) over rows x cols in float32 (b undefined: no bias). */
  activate(f: Float32Activation, z: Float32Array, a: Float32Array, b: Float32Array | undefined, rows: number, cols: number): void {
    const k = this.k;
    const kernel = f === "sigmoid" ? k.act32_sigmoid : f === "relu" ? k.act32_relu : f === "leakyRelu" ? k.act32_leakyRelu : k.act32_identity;
    kernel(z.byteOffset, a.byteOffset, b === undefined ? 0 : b.byteOffset, rows, cols);
  }
}

/**
 * An arena for a plan whose largest product has `largestWork` multiply-adds and whose buffers
 * take `values` float64 values: undefined when every product stays on the JS kernels (below the
 * threshold) or no arena can be had. @internal
 */
export function arenaFor(largestWork: number, values: number): WasmArena | undefined {
  return largestWork < minWork ? undefined : WasmArena.create(values);
}

// ---------------------------------------------------------------- products outside an arena

let shared: Kernels | undefined;
let F: Float64Array | undefined;

/** The shared instance's memory as float64, at least `elements` long (grown if needed), or undefined. */
function reserve(elements: number): Float64Array | undefined {
  if (shared === undefined) {
    shared = instantiate();
    if (shared === undefined) return undefined;
    F = new Float64Array(shared.mem.buffer);
  }
  let f = F!;
  if (f.length < elements) {
    if (elements * 8 > MAX_BYTES) return undefined;
    try {
      shared.mem.grow(Math.ceil((elements * 8 - shared.mem.buffer.byteLength) / PAGE));
    } catch {
      return undefined;
    }
    f = F = new Float64Array(shared.mem.buffer);
  }
  return f;
}

/** Whether the product of this size goes to wasm: large enough, and the module compiled. */
function use(n: number, m: number, p: number): boolean {
  return !(n * m * p < minWork || n < 1 || m < 1 || p < 1) && state !== -1 && !switchedOff;
}

/**
 * Whether a product of `work` multiply-adds is below the WebAssembly threshold, so that the JS
 * kernel computes it: callers that run the same sizes many times decide once (a training plan)
 * instead of asking on every product.
 * @internal
 */
export function belowWasmThreshold(work: number): boolean {
  return work < minWork;
}

/** Copies `len` values from src[off] to f[dst]. */
function copyIn(f: Float64Array, dst: number, src: Float64Array, off: number, len: number): void {
  if (off === 0 && src.length === len) f.set(src, dst);
  else f.set(src.subarray(off, off + len), dst);
}

/**
 * O[n x m] = A[n x p] · B[p x m], all packed from their offsets. Returns false (and does
 * nothing) when the JS kernel should do it.
 * @internal
 */
export function wasmNN(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, n: number, m: number, p: number): boolean {
  if (!use(n, m, p)) return false;
  const bAt = n * p;
  const oAt = bAt + p * m;
  const f = reserve(oAt + n * m);
  if (f === undefined) return false;
  copyIn(f, 0, A, aOff, n * p);
  copyIn(f, bAt, B, bOff, p * m);
  shared!.gemm(oAt * 8, m * 8, 0, p * 8, 8, bAt * 8, m * 8, n, m, p);
  O.set(f.subarray(oAt, oAt + n * m), oOff);
  return true;
}

/**
 * O[p x m] = A[s x p]ᵀ · B[s x m], packed. Returns false when the JS kernel should do it.
 * @internal
 */
export function wasmTN(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, p: number, m: number, s: number): boolean {
  if (!use(p, m, s)) return false;
  const bAt = s * p;
  const oAt = bAt + s * m;
  const f = reserve(oAt + p * m);
  if (f === undefined) return false;
  copyIn(f, 0, A, aOff, s * p);
  copyIn(f, bAt, B, bOff, s * m);
  // row i of Aᵀ is column i of A: next row +1 value, next k +p values
  shared!.gemm(oAt * 8, m * 8, 0, 8, p * 8, bAt * 8, m * 8, p, m, s);
  O.set(f.subarray(oAt, oAt + p * m), oOff);
  return true;
}

/**
 * O[n x p] = A[n x m] · B[p x m]ᵀ, packed. Returns false when the JS kernel should do it.
 * @internal
 */
export function wasmNT(O: Float64Array, oOff: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, n: number, p: number, m: number): boolean {
  if (!use(n, p, m)) return false;
  const bAt = n * m;
  const oAt = bAt + m * p;
  const f = reserve(oAt + n * p);
  if (f === undefined) return false;
  copyIn(f, 0, A, aOff, n * m);
  transposeInto(f, bAt, B, bOff, p, m);
  shared!.gemm(oAt * 8, p * 8, 0, m * 8, 8, bAt * 8, p * 8, n, p, m);
  O.set(f.subarray(oAt, oAt + n * p), oOff);
  return true;
}

/** f[dst + k·rows + j] = B[bOff + j·cols + k]: the [cols x rows] transpose of packed B [rows x cols]. @internal */
export function transposeInto(f: Float64Array, dst: number, B: Float64Array, bOff: number, rows: number, cols: number): void {
  for (let j = 0; j < rows; j++) {
    const s = bOff + j * cols;
    for (let k = 0; k < cols; k++) f[dst + k * rows + j] = B[s + k]!;
  }
}

/**
 * Tests only: products of at least `work` multiply-adds (n·m·p) use the WebAssembly kernels when
 * they are available (default 4096; 0 sends every packed product to them, `Infinity` none). Plans
 * built afterwards follow it. Returns the previous value.
 * @internal
 */
export function setWasmMinWork(work: number): number {
  const previous = minWork;
  minWork = work;
  return previous;
}

/**
 * Tests only: with `true`, plans and float32 passes built afterwards get no WebAssembly arena and
 * products outside arenas take the JS kernels, as where WebAssembly is unavailable; `false` undoes
 * it. Returns the previous setting.
 * @internal
 */
export function setWasmSwitchedOff(off: boolean): boolean {
  const previous = switchedOff;
  switchedOff = off;
  return previous;
}

/**
 * Tests only: whether the WebAssembly kernels are compiled and in use (compiles them on first call).
 * @internal
 */
export function wasmKernelsAvailable(): boolean {
  if (state === 0) instantiate();
  return state === 1;
}
