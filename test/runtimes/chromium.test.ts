// tinynn in a real browser: headless chromium loads pages served on 127.0.0.1 under three
// Content-Security-Policies, and a Manifest V3 extension's popup, served under its manifest's
// policy and then installed as the extension itself.
//
// Each CSP page (pages/train.html) trains the blog's network b with trainAsync and must print
// numpy's text byte for byte while the page keeps painting; then it runs products above the
// WebAssembly threshold, whose numbers must be Node's bit for bit. Under `script-src 'self'`
// compiling WebAssembly is refused, so that page proves the JavaScript kernels give the
// WebAssembly kernel's bits. No page may log a console error or throw.
//
// Chromium reports the refused compile as a `securitypolicyviolation` event (blockedURI
// "wasm-eval") and as a DevTools issue (kWasmEvalViolation), never in the console: the tests
// assert exactly that one of each on that page, and none elsewhere.
//
// A page (pages/exact-math.html) computes tinynn's exp, expm1, tanh, log, log1p, cos and pow
// (exactMath) on 10^6 seeded arguments each (pow: pairs): their float64 bits must be Node's Math.*
// on the same arguments, and four networks trained there with them (activations, losses, normal
// initializers, Adam, schedules) must give Node's bits. It also counts where Chromium's own Math.*
// differs from them (that is, from Node 20's), which is not asserted (an engine may change it).
// (Two of the networks also predict in float32 there: Node's bits too.)
// Measured with Debian's Chromium 156.0.8078.108 against Node 20.20.2 (V8 11.3) on those arguments
// (test/exact-math-arguments.ts, seed 20260101), all 1 ulp:
//   Math.exp    63,157 of 10^6 (6.3%): 9.3% of uniform [-1, 1], 9.9% of [-40, 40], 9.6% of
//               [-746, 710], 18% of the arguments near (n + 1/2) ln2, 0.9% of subnormal results
//   Math.pow    53,231 (5.3%): 7.6% of β^t (β in (0, 1), t <= 1000), 6.0% of 0.9^t, 0.999^t, ...
//               (t <= 20000), 2.5% of β in [0.99, 1) to t <= 10^6, 9.9% of [0, 10]^[-10, 10];
//               0.9^4 is 0.6561 there, 0.6561000000000001 in Node
//   Math.log    21,417 (2.1%): 7.2% of (0, 1], 7.7% of [0.5, 2], 2.0% of [0, 1000]
//   Math.cos    18,934 (1.9%): 3.3% of [0, 2π) (Box-Muller's), 3.3% of [-10, 10], 3.4% beyond 2^19 π/2
//   Math.tanh    1,528 (0.15%): 0.12% of [-1, 1], 0.5% of |x| < 2^-20
//   Math.expm1     814 (0.08%): 0.25% of [-1, 1]
//   Math.log1p     308 (0.03%): 0.09% of [-1, 1]
// With Math.pow in Adam's bias corrections, or Math.log and Math.cos in the normal initializers,
// the networks trained in the page differ from Node's (tried: the test fails).
// (the test prints the figures of each run.)
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XOR_X, trainXor } from "../../examples/runtimes/chrome-extension/xor.js";
import * as tinynn from "../../src/index.js";
import { formatFloat, formatMatrix, Network, numpyRandom } from "../../src/index.js";
import { golden } from "../golden.js";
import { XOR_X as BLOG_X, XOR_Y as BLOG_Y } from "../lab/fixtures.js";
import { argumentsFor, canonicalNaNs, exactMathNetworks, hexOf, MATH_NAMES, type MathName, powArgumentsFor } from "../exact-math-arguments.js";
import {
  chromiumMissing,
  collectCspIssues,
  collectLog,
  launchChromium,
  launchChromiumWithExtension,
  type PageLog,
  type Route,
  serve,
  type Served,
  unpackedExtensionId,
} from "./browser.js";
import type { ExactMathPageResult } from "./pages/exact-math.js";
import { float64Hex, type KernelResult, kernelWorkload } from "./pages/workloads.js";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const TINYNN = here("../../src/index.ts");
const EXTENSION = here("../../examples/runtimes/chrome-extension");
const WEB_WORKER = here("../../examples/runtimes/web-worker");

const missing = chromiumMissing();

/** The SHA-256 of float64 values' bytes, as the exact-math page computes it. */
const sha256 = (values: Float64Array): string => createHash("sha256").update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest("hex");

/**
 * Where the page's exactMath results (window.exactMathResults) first differ from Node's, read 10^5
 * at a time; `call(i)` writes the call of argument i, e.g. `cos(1.5) [3ff8000000000000]`.
 */
async function firstDifference(page: Page, name: MathName | "pow", call: (i: number) => string, node: Float64Array): Promise<string> {
  for (let start = 0; start < node.length; start += 100_000) {
    const end = Math.min(node.length, start + 100_000);
    const hex = await page.evaluate(
      ([f, s, e]) => {
        const ys = (window as unknown as { exactMathResults: Record<string, Float64Array> }).exactMathResults[f]!.subarray(s, e);
        return Array.from(new Uint8Array(ys.buffer, ys.byteOffset, ys.byteLength), (b) => b.toString(16).padStart(2, "0")).join("");
      },
      [name, start, end] as const,
    );
    const page64 = fromHex(hex);
    for (let i = start; i < end; i++) {
      const y = page64[i - start]!;
      if (!Object.is(y, node[i])) return `first at [${i}]: ${call(i)} is ${y} [${hexOf(y)}] in Chromium, ${node[i]} [${hexOf(node[i]!)}] in Node`;
    }
  }
  return "the hashes differ but no value does";
}

/** The float64 values whose bytes `float64Hex` wrote. */
const fromHex = (hex: string): number[] => Array.from(new Float64Array(Uint8Array.from(Buffer.from(hex, "hex")).buffer));

interface CspPage {
  name: string;
  path: string;
  csp: string | undefined;
  kernel: "webassembly" | "javascript";
  violations: string[];
  issues: string[];
}

const CSP_PAGES: CspPage[] = [
  { name: "no CSP", path: "/no-csp.html", csp: undefined, kernel: "webassembly", violations: [], issues: [] },
  {
    name: "script-src 'self' 'wasm-unsafe-eval' (a Manifest V3 extension page's)",
    path: "/wasm-unsafe-eval.html",
    csp: "script-src 'self' 'wasm-unsafe-eval'",
    kernel: "webassembly",
    violations: [],
    issues: [],
  },
  {
    name: "script-src 'self' (WebAssembly refused)",
    path: "/self.html",
    csp: "script-src 'self'",
    kernel: "javascript",
    violations: ["script-src wasm-eval"],
    issues: ["kWasmEvalViolation"],
  },
];

// Without chromium the tests are skipped, visibly: a skipped test's name and a warning in the run's
// output (the default reporter does not list skipped tests by name) say what is missing.
if (missing !== undefined && process.env.CI === "true") {
  // .ci/run installs chromium: in CI a missing chromium is a failure, not a skip
  it("chromium is installed (CI=true: the browser tests may not be skipped)", () => {
    throw new Error(missing);
  });
} else if (missing !== undefined) {
  console.warn(`test/runtimes/chromium.test.ts skipped: ${missing}`);
  it.skip(`tinynn in headless chromium: ${missing}`, () => {});
}

describe.skipIf(missing !== undefined)("tinynn in headless chromium", () => {
  let dir: string;
  let server: Served | undefined;
  let browser: Browser | undefined;
  let extensionCsp: string;
  /** The kernel workload computed here, in Node. */
  let node: KernelResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tinynn-chromium-"));
    // as an app bundles tinynn: from source ("tinynn" is src/index.ts, as in vitest.config.ts), for the browser
    const options = { bundle: true, format: "esm", platform: "browser", alias: { tinynn: TINYNN }, logLevel: "silent" } as const;
    await build({ ...options, entryPoints: [here("pages/train.ts")], outfile: join(dir, "train.js") });
    cpSync(here("pages/train.html"), join(dir, "train.html"));
    // the extension's popup, bundled with the command its popup.ts gives
    mkdirSync(join(dir, "extension"));
    await build({ ...options, entryPoints: [join(EXTENSION, "popup.ts")], outfile: join(dir, "extension", "popup.js") });
    cpSync(join(EXTENSION, "popup.html"), join(dir, "extension", "popup.html"));
    const manifest = JSON.parse(readFileSync(join(EXTENSION, "manifest.json"), "utf8")) as { content_security_policy: { extension_pages: string } };
    extensionCsp = manifest.content_security_policy.extension_pages;

    const routes: Record<string, Route> = Object.fromEntries(
      CSP_PAGES.map((p) => [p.path, { file: "train.html", headers: p.csp === undefined ? {} : { "content-security-policy": p.csp } }]),
    );
    routes["/extension/popup.html"] = { file: "extension/popup.html", headers: { "content-security-policy": extensionCsp } };
    // the Web Worker example: its page and its module worker, each bundled as an app would
    mkdirSync(join(dir, "web-worker"));
    for (const entry of ["main", "train.worker"]) {
      await build({ ...options, entryPoints: [join(WEB_WORKER, `${entry}.ts`)], outfile: join(dir, "web-worker", `${entry}.js`) });
    }
    cpSync(join(WEB_WORKER, "index.html"), join(dir, "web-worker", "index.html"));
    routes["/web-worker/index.html"] = { file: "web-worker/index.html", headers: { "content-security-policy": "script-src 'self'" } };
    // tinynn's exactMath against Node's Math.*
    await build({ ...options, entryPoints: [here("pages/exact-math.ts")], outfile: join(dir, "exact-math.js") });
    cpSync(here("pages/exact-math.html"), join(dir, "exact-math.html"));
    routes["/exact-math.html"] = { file: "exact-math.html" };
    server = await serve(dir, routes);
    node = kernelWorkload();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `path` in a fresh context, collecting its log from before it loads, and waits for its #status. */
  async function open(path: string) {
    const context = await browser!.newContext();
    const page: Page = await context.newPage();
    const log = collectLog(page);
    const issues = await collectCspIssues(page);
    await page.goto(server!.origin + path);
    await page.waitForSelector("#status:not(:empty)");
    return { page, log, issues, close: () => context.close() };
  }

  const printedB = golden("b_part1_3layer").printed;

  for (const p of CSP_PAGES) {
    it(`${p.name}: prints golden b byte for byte, its kernels give Node's bits, no console error`, async () => {
      const { page, log, issues, close } = await open(p.path);
      try {
        expect(await page.textContent("#status")).toBe("done");
        expect(await page.textContent("#out")).toBe(printedB);
        // trainAsync gave the page turns: it painted while training
        expect(Number(await page.textContent("#frames"))).toBeGreaterThan(0);

        expect(await page.textContent("#kernel")).toBe(p.kernel);
        const result = JSON.parse((await page.textContent("#result"))!) as { loss: string; outputs: string };
        expect(node.outputs).toHaveLength(2560);
        expect(node.loss).toHaveLength(3);
        // the numbers first (a readable diff), then their bits (-0 and NaN payloads included)
        expect(fromHex(result.outputs)).toEqual(node.outputs);
        expect(fromHex(result.loss)).toEqual(node.loss);
        expect(result.outputs).toBe(float64Hex(node.outputs));
        expect(result.loss).toBe(float64Hex(node.loss));

        // the refused compile is reported asynchronously: wait for it where one is expected
        const violations = () => page.locator("#violations li").allTextContents();
        if (p.violations.length > 0) await expect.poll(violations).toEqual(p.violations);
        if (p.issues.length > 0) await expect.poll(() => issues).toEqual(p.issues);
        expect(await violations()).toEqual(p.violations);
        expect(issues).toEqual(p.issues);

        expect(log.errors()).toEqual([]);
        expect(log.pageErrors).toEqual([]);
        expect(log.console).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it("a module Web Worker (examples/runtimes/web-worker) trains network b with trainInWorker: the page prints golden b byte for byte, no console message", async () => {
    const { page, log, close } = await open("/web-worker/index.html");
    try {
      await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("done") === true);
      expect(await page.textContent("#status")).toBe("done: 60000 iterations");
      expect(await page.textContent("#printed")).toBe(printedB);
      const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
      net.train(BLOG_X, BLOG_Y, { iterations: 60000, alpha: 1, loss: "sse" });
      // the same bits as Node's (tinynn's own exp), printed as formatMatrix does
      expect(await page.textContent("#output")).toBe(formatMatrix(net.predict(BLOG_X)));
      expect(log.pageErrors).toEqual([]);
      expect(log.console).toEqual([]);
    } finally {
      await close();
    }
  });

  it("tinynn's exp, expm1, tanh, log, log1p, cos and pow (exactMath) give Node's bits on 10^6 seeded arguments each, and networks trained with them Node's bits; Chromium's own Math.* is counted, not asserted", async () => {
    const n = 1e6;
    const seed = 20260101;
    const { page, log, close } = await open(`/exact-math.html?n=${n}&seed=${seed}`);
    try {
      expect(await page.textContent("#status")).toBe("done");
      const { functions: result, networks } = JSON.parse((await page.textContent("#result"))!) as { functions: Record<MathName | "pow", ExactMathPageResult>; networks: string };
      const measured: string[] = [];
      /** One line of Chromium's own Math[name] against tinynn's (Node's), per category where they differ. */
      const report = (name: string, r: ExactMathPageResult): string => {
        const differ = r.mathDiffers.reduce((sum, c) => sum + c.differ, 0);
        const where = r.mathDiffers.filter((c) => c.differ > 0).map((c) => `${c.category} ${c.differ}/${c.count}`);
        const example = (e: number[]): string => `${name}(${e.slice(0, -2).join(", ")}) = ${e.at(-2)}, Node ${e.at(-1)}`;
        return `Math.${name} ${differ}/${r.count}${where.length > 0 ? ` (${where.join("; ")}; e.g. ${r.examples.map(example).join(", ")})` : ""}`;
      };
      for (const name of MATH_NAMES) {
        const xs = argumentsFor(name, n, seed);
        const node = new Float64Array(xs.length);
        // tinynn's exactMath in Node (Node 20's Math.* bits, which test/exact-math.test.ts checks
        // against its recorded fixture): comparing with it, not with this Node's own Math.*, keeps the
        // test true on a Node whose Math.* differs
        const f = tinynn.exactMath[name];
        for (let i = 0; i < xs.length; i++) node[i] = f(xs[i]!);
        const r = result[name];
        expect(r.count, name).toBe(xs.length);
        // the page drew the same arguments
        expect(r.argumentsSha256, name).toBe(sha256(xs));
        if (r.sha256 !== sha256(canonicalNaNs(node.slice()))) {
          expect.fail(`${name}: Chromium's exactMath.${name} differs from Node's: ${await firstDifference(page, name, (i) => `${name}(${xs[i]}) [${hexOf(xs[i]!)}]`, node)}`);
        }
        measured.push(report(name, r));
      }
      // pow on pairs: x, then y, hashed as one array
      const { x, y } = powArgumentsFor(n, seed);
      const node = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) node[i] = tinynn.exactMath.pow(x[i]!, y[i]!);
      const xy = new Float64Array(2 * x.length);
      xy.set(x);
      xy.set(y, x.length);
      expect(result.pow.count).toBe(x.length);
      expect(result.pow.argumentsSha256).toBe(sha256(xy));
      if (result.pow.sha256 !== sha256(canonicalNaNs(node.slice()))) {
        expect.fail(`Chromium's exactMath.pow differs from Node's: ${await firstDifference(page, "pow", (i) => `pow(${x[i]}, ${y[i]}) [${hexOf(x[i]!)}, ${hexOf(y[i]!)}]`, node)}`);
      }
      measured.push(report("pow", result.pow));
      console.info(`Chromium's Math.* differs from Node's on: ${measured.join(" | ")}`);
      // four networks trained in the page (tanh, softmax, crossEntropy; sigmoid, binaryCrossEntropy;
      // heNormal, Adam, exponentialDecay; xavierNormal, stepDecay) and two float32 predicts: Node's bits
      const nodeNetworks = exactMathNetworks(tinynn);
      expect(nodeNetworks.length).toBe(40 + 64 * 3 + 40 + 64 * 2 + 40 + 64 * 3 + 40 + 64 * 2 + 64 * 2 + 64 * 2);
      expect(fromHex(networks)).toEqual(nodeNetworks);
      expect(networks).toBe(float64Hex(nodeNetworks));
      expect(log.errors()).toEqual([]);
      expect(log.pageErrors).toEqual([]);
      expect(log.console).toEqual([]);
    } finally {
      await close();
    }
  });

  /** Asserts that the popup shows XOR's four predictions, Node's to the printed digit, and logged nothing. */
  async function expectXorPopup(page: Page, log: PageLog): Promise<void> {
    await page.waitForSelector("#status:not(:text-is('training...'))");
    expect(await page.textContent("#status")).toBe("trained");
    const shown = await page.locator("#predictions li").allTextContents();
    const expected = await trainXor();
    expect(shown).toHaveLength(4);
    shown.forEach((line, i) => {
      const match = /^([01]) XOR ([01]) -> (\S+)$/.exec(line);
      expect(match, line).not.toBeNull();
      const [a, b, p] = [Number(match![1]), Number(match![2]), Number(match![3])];
      expect([a, b]).toEqual(XOR_X[i]);
      // sigmoid's exp is tinynn's own: Node's bits, so the same text
      expect(line).toBe(`${a} XOR ${b} -> ${formatFloat(expected[i]!)}`);
      expect(Math.round(p)).toBe(a ^ b);
    });
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    expect(log.console).toEqual([]);
  }

  it("the Manifest V3 popup (examples/runtimes/chrome-extension), served under its manifest's CSP: shows XOR's predictions, Node's to the printed digit", async () => {
    expect(extensionCsp).toBe("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
    const { page, log, close } = await open("/extension/popup.html");
    try {
      await expectXorPopup(page, log);
    } finally {
      await close();
    }
  });

  it("the same extension installed in chromium (--load-extension): its popup page shows the same", async () => {
    // the folder a user loads: manifest.json, popup.html and the bundled popup.js
    const extension = join(dir, "extension");
    cpSync(join(EXTENSION, "manifest.json"), join(extension, "manifest.json"));
    const profile = mkdtempSync(join(dir, "profile-"));
    const context = await launchChromiumWithExtension(extension, profile);
    try {
      const page = await context.newPage();
      const log = collectLog(page);
      // an extension that failed to load (a bad manifest) has no pages: the navigation fails
      await page.goto(`chrome-extension://${unpackedExtensionId(extension)}/popup.html`);
      await expectXorPopup(page, log);
    } finally {
      await context.close();
    }
  });
});
