// The script of exact-math.html, bundled with tinynn by esbuild as an app bundles it: tinynn's exp,
// expm1, tanh, log, log1p, cos and pow (exactMath) on the seeded arguments of
// test/exact-math-arguments.ts (?n=...&seed=..., drawn here with integer and exact float operations:
// the arguments Node draws; pow on pairs), computed by Chromium. It writes to #result, per function:
// the SHA-256 of the arguments and of the results' float64 bytes (NaNs made canonical), which
// test/runtimes/chromium.test.ts compares with Node's Math.* on the same arguments, and how often
// Chromium's own Math.* differs from tinynn's (per category, with the first few arguments); and the
// losses and predictions of four networks trained with tinynn's functions (activations, losses,
// normal initializers, Adam, schedules), as hex. The results stay in window.exactMathResults for a
// closer look.
import * as tinynn from "tinynn";
import { argumentsFor, canonicalNaNs, exactMathNetworks, layoutOf, MATH_NAMES, type MathName, powArgumentsFor, powLayoutOf } from "../../exact-math-arguments.js";

/** What the page finds for one function. */
export interface ExactMathPageResult {
  count: number;
  /** The SHA-256 of the arguments (pow: of x's bytes, then y's). */
  argumentsSha256: string;
  sha256: string;
  /** Arguments where Chromium's Math[name] differs from exactMath[name], by category. */
  mathDiffers: { category: string; count: number; differ: number }[];
  /** The first few of them: [x, Chromium's Math, exactMath] (pow: [x, y, Chromium's, exactMath's]). */
  examples: number[][];
}

const element = (id: string): HTMLElement => {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`exact-math.html has no #${id}`);
  return e;
};

async function sha256(values: Float64Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(values.buffer as ArrayBuffer, values.byteOffset, values.byteLength)));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const n = Number(query.get("n"));
  const seed = Number(query.get("seed"));
  const results: Partial<Record<MathName | "pow", Float64Array>> = {};
  const out: Partial<Record<MathName | "pow", ExactMathPageResult>> = {};
  for (const name of MATH_NAMES) {
    const xs = argumentsFor(name, n, seed);
    const ours = tinynn.exactMath[name];
    const engine = Math[name];
    const ys = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) ys[i] = ours(xs[i]!);
    const examples: number[][] = [];
    const mathDiffers = layoutOf(name, n).map(({ category, start, end }) => {
      let differ = 0;
      for (let i = start; i < end; i++) {
        const m = engine(xs[i]!);
        if (!Object.is(m, ys[i])) {
          differ++;
          if (examples.length < 3) examples.push([xs[i]!, m, ys[i]!]);
        }
      }
      return { category, count: end - start, differ };
    });
    results[name] = ys;
    out[name] = { count: xs.length, argumentsSha256: await sha256(xs), sha256: await sha256(canonicalNaNs(ys.slice())), mathDiffers, examples };
  }
  // pow, on pairs
  {
    const { x, y } = powArgumentsFor(n, seed);
    const ours = tinynn.exactMath.pow;
    const zs = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) zs[i] = ours(x[i]!, y[i]!);
    const examples: number[][] = [];
    const mathDiffers = powLayoutOf(n).map(({ category, start, end }) => {
      let differ = 0;
      for (let i = start; i < end; i++) {
        const m = Math.pow(x[i]!, y[i]!);
        if (!Object.is(m, zs[i])) {
          differ++;
          if (examples.length < 3) examples.push([x[i]!, y[i]!, m, zs[i]!]);
        }
      }
      return { category, count: end - start, differ };
    });
    const xy = new Float64Array(2 * x.length);
    xy.set(x);
    xy.set(y, x.length);
    results.pow = zs;
    out.pow = { count: x.length, argumentsSha256: await sha256(xy), sha256: await sha256(canonicalNaNs(zs.slice())), mathDiffers, examples };
  }
  (window as unknown as { exactMathResults: typeof results }).exactMathResults = results;
  // whole networks on them: tanh, softmax, crossEntropy, sigmoid, binaryCrossEntropy, heNormal and
  // xavierNormal draws, Adam, exponentialDecay and stepDecay
  const networks = Float64Array.from(exactMathNetworks(tinynn));
  element("result").textContent = JSON.stringify({ functions: out, networks: Array.from(new Uint8Array(networks.buffer), (b) => b.toString(16).padStart(2, "0")).join("") });
}

main().then(
  () => {
    element("status").textContent = "done";
  },
  (error: unknown) => {
    element("status").textContent = `failed: ${String(error)}`;
    throw error;
  },
);
