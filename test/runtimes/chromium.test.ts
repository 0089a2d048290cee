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
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XOR_X, trainXor } from "../../examples/runtimes/chrome-extension/xor.js";
import { formatMatrix, Network, numpyRandom } from "../../src/index.js";
import { golden } from "../golden.js";
import { XOR_X as BLOG_X, XOR_Y as BLOG_Y } from "../lab/fixtures.js";
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
import { float64Hex, type KernelResult, kernelWorkload } from "./pages/workloads.js";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const TINYNN = here("../../src/index.ts");
const EXTENSION = here("../../examples/runtimes/chrome-extension");
const WEB_WORKER = here("../../examples/runtimes/web-worker");

const missing = chromiumMissing();

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
      // 8 digits: Chromium's Math.exp may differ from Node's in the last bit, never in these
      expect(await page.textContent("#output")).toBe(formatMatrix(net.predict(BLOG_X)));
      expect(log.pageErrors).toEqual([]);
      expect(log.console).toEqual([]);
    } finally {
      await close();
    }
  });

  /** Asserts that the popup shows XOR's four predictions, Node's to 1e-9, and logged nothing. */
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
      // sigmoid's Math.exp may differ from Node's by an ulp: close, and on the right side of 0.5
      expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-9);
      expect(Math.round(p)).toBe(a ^ b);
    });
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    expect(log.console).toEqual([]);
  }

  it("the Manifest V3 popup (examples/runtimes/chrome-extension), served under its manifest's CSP: shows XOR's predictions, Node's to 1e-9", async () => {
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
