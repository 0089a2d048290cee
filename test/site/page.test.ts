// The playground in headless chromium, served from the built folder under the strict CSP the issue
// names: opening `?program=b_part1_3layer&autorun=1` prints golden b's text byte for byte; training
// XOR from the form brings the shown error down and Pause stops the curve; no console error; and
// screenshots at desktop and phone width are saved (SITE_SCREENSHOTS, default a temp folder, printed).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHAOTIC_ALPHAS } from "../../site/src/programs.js";
import { golden } from "../golden.js";
import { chromiumMissing, collectLog, launchChromium, type PageLog, serve, type Served } from "../runtimes/browser.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/build-site.mjs", import.meta.url));
const CSP = "script-src 'self' 'wasm-unsafe-eval'";
const missing = chromiumMissing();

if (missing !== undefined && process.env.CI === "true") {
  throw new Error(`the playground's browser tests must run in CI: ${missing}`);
}
if (missing !== undefined) console.warn(`test/site/page.test.ts skipped: ${missing}`);

describe.skipIf(missing !== undefined)(`the playground in chromium under "${CSP}"`, () => {
  let out: string;
  let shots: string;
  let served: Served;
  let browser: Browser;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "tinynn-site-page-"));
    execFileSync(process.execPath, [SCRIPT, out], { encoding: "utf8" });
    shots = process.env.SITE_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), "tinynn-site-shots-"));
    mkdirSync(shots, { recursive: true });
    console.log(`playground screenshots: ${shots}`);
    const headers = { "content-security-policy": CSP };
    // browser.ts's server knows no .css type: a stylesheet sent as octet-stream is refused
    served = await serve(out, {
      "/": { file: "index.html", headers },
      "/index.html": { file: "index.html", headers },
      "/style.css": { file: "style.css", headers: { "content-type": "text/css; charset=utf-8" } },
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  });

  async function open(query: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; log: PageLog }> {
    const page = await browser.newPage({ viewport });
    const log = collectLog(page);
    await page.goto(`${served.origin}/index.html${query}`);
    return { page, log };
  }

  it("?program=b_part1_3layer&autorun=1 prints golden b's text byte for byte", async () => {
    const { page, log } = await open("?program=b_part1_3layer&autorun=1");
    await page.waitForSelector("body[data-state=done]", { timeout: 60_000 });
    expect(await page.textContent("#printed")).toBe(golden("b_part1_3layer").printed);
    expect(await page.textContent("#python")).toContain("import numpy as np");
    await page.screenshot({ path: join(shots, "program-b-desktop.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, "program-b-phone.png"), fullPage: true });
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    await page.close();
  });

  it("?program=f_part2_alpha_sweep&autorun=1 prints golden f's text outside its chaotic runs", async () => {
    const { page, log } = await open("?program=f_part2_alpha_sweep&autorun=1");
    await page.waitForSelector("body[data-state=done]", { timeout: 120_000 });
    const sections = (text: string) =>
      text
        .split("\nTraining With Alpha:")
        .slice(1)
        .map((part) => ({ alpha: Number(part.split("\n")[0]), text: part }));
    const ours = sections((await page.textContent("#printed")) ?? "");
    const theirs = sections(golden("f_part2_alpha_sweep").printed);
    expect(ours.map((x) => x.alpha)).toEqual(theirs.map((x) => x.alpha));
    const chaotic = CHAOTIC_ALPHAS.f_part2_alpha_sweep ?? [];
    expect(chaotic.length).toBeGreaterThan(0);
    theirs.forEach((section, k) => {
      if (!chaotic.includes(section.alpha)) expect(ours[k]!.text).toBe(section.text);
    });
    expect(await page.textContent("#program-note")).toMatch(/chaotic/);
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    await page.close();
  });

  it("works opened from disk (file://, no server): program b prints its text", async () => {
    const page = await browser.newPage();
    const log = collectLog(page);
    await page.goto(`${pathToFileURL(join(out, "index.html")).href}?program=b_part1_3layer&autorun=1`);
    await page.waitForSelector("body[data-state=done]", { timeout: 60_000 });
    expect(await page.textContent("#printed")).toBe(golden("b_part1_3layer").printed);
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    await page.close();
  });

  it("training XOR from the form brings the shown error under 0.01; Pause stops the curve", async () => {
    const { page, log } = await open("?program=none&dataset=xor&hidden=4&alpha=1&iterations=20000");
    await page.click("#train");
    await page.waitForSelector("body[data-state=done]", { timeout: 60_000 });
    const status = (await page.textContent("#status")) ?? "";
    const error = Number(/mean \|error\| ([0-9.e+-]+)/.exec(status)?.[1]);
    expect(error).toBeLessThan(0.01);
    expect(await page.locator("#curves svg").count()).toBe(1);
    expect(await page.locator("#weights svg").count()).toBe(1);
    expect(await page.locator("#directions svg").count()).toBe(1);
    expect(await page.locator("#surface svg").count()).toBe(1);
    expect(await page.textContent("#code")).toContain("new Network(");
    await page.screenshot({ path: join(shots, "xor-desktop.png"), fullPage: true });

    // Pause: the state and the curve stop; Train continues the same network
    await page.click("#reset");
    await page.fill("#iterations", "1000000");
    await page.dispatchEvent("#iterations", "change");
    await page.click("#train");
    await page.waitForFunction(() => /iteration [1-9]/.test(document.getElementById("status")?.textContent ?? ""));
    await page.click("#pause");
    await page.waitForSelector("body[data-state=paused]");
    const paused = await page.textContent("#status");
    const curve = await page.innerHTML("#curves");
    await page.waitForTimeout(300);
    expect(await page.textContent("#status")).toBe(paused);
    expect(await page.innerHTML("#curves")).toBe(curve);

    // Train continues the same network from where it paused; Reset while training starts over
    const pausedAt = Number(/iteration (\d+)/.exec(paused ?? "")?.[1]);
    await page.click("#train");
    await page.waitForFunction((n) => Number(/iteration (\d+)/.exec(document.getElementById("status")?.textContent ?? "")?.[1]) > n, pausedAt);
    await page.click("#reset");
    await page.waitForTimeout(300);
    expect(await page.getAttribute("body", "data-state")).toBe("idle");
    expect(await page.textContent("#status")).toBe("Ready.");
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    await page.close();
  });

  it("two moons at phone width: a single column, the decision boundary drawn", async () => {
    const { page, log } = await open("?program=none&dataset=moons&hidden=8,8&activation=tanh&loss=mse&alpha=0.5&iterations=2000&autorun=1", { width: 390, height: 844 });
    await page.waitForSelector("body[data-state=done]", { timeout: 60_000 });
    const [controls, output] = await Promise.all([page.locator("#settings").boundingBox(), page.locator(".output").boundingBox()]);
    expect(output!.y).toBeGreaterThan(controls!.y + controls!.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator("#boundary svg").count()).toBe(1);
    await page.screenshot({ path: join(shots, "moons-phone.png"), fullPage: true });
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    await page.close();
  });

  it("works from the keyboard: Enter in a field trains, focus moves to Pause, Space pauses", async () => {
    const { page, log } = await open("?program=none&dataset=spirals&hidden=16,16&activation=tanh&loss=mse&alpha=0.1&iterations=1000000");
    await page.focus("#hidden");
    await page.keyboard.press("Enter");
    await page.waitForSelector("body[data-state=training]");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("pause");
    await page.waitForFunction(() => /iteration [1-9]/.test(document.getElementById("status")?.textContent ?? ""));
    await page.screenshot({ path: join(shots, "keyboard-training-desktop.png") });
    await page.keyboard.press("Space");
    await page.waitForSelector("body[data-state=paused]");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("train");
    expect(await page.textContent("#train")).toBe("Continue");
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    await page.close();
  });

  it("a changed setting rewrites the URL and the code; Copy puts the code on the clipboard", async () => {
    const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    const log = collectLog(page);
    await page.goto(`${served.origin}/index.html`);
    await page.selectOption("#dataset", "circles");
    await page.fill("#hidden", "8,8");
    await page.dispatchEvent("#hidden", "change");
    expect(new URL(page.url()).searchParams.get("dataset")).toBe("circles");
    expect(new URL(page.url()).searchParams.get("hidden")).toBe("8,8");
    expect(await page.getAttribute("#permalink", "href")).toContain("autorun=1");
    const code = (await page.textContent("#code")) ?? "";
    expect(code).toContain("layers: [2, 8, 8, 1]");
    await page.click("#copy");
    await page.waitForFunction(() => document.getElementById("copy-status")?.textContent === "Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    expect(log.errors()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    await context.close();
  });

  it("a link with bad values opens with the defaults and a visible note", async () => {
    const { page, log } = await open("?alpha=-1&dataset=mnist");
    await page.waitForSelector("#notes:not([hidden])");
    expect(await page.textContent("#notes")).toContain('alpha "-1"');
    expect(await page.inputValue("#alpha")).toBe("1");
    expect(page.url()).toContain("alpha=1");
    expect(log.errors()).toEqual([]);
    await page.close();
  });
});
