// The playground's build: `node scripts/build-site.mjs <outDir>` writes a folder that a static
// server can serve under a strict Content-Security-Policy: one module script, one stylesheet, no
// inline script or style, and no code generated from strings in the bundle.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../scripts/build-site.mjs", import.meta.url));

describe("npm run site", () => {
  let out: string;
  let output: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "tinynn-site-"));
    output = execFileSync(process.execPath, [SCRIPT, out], { encoding: "utf8" });
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("writes index.html, style.css, main.js and its source map, and says so", () => {
    for (const file of ["index.html", "style.css", "main.js", "main.js.map"]) {
      expect(existsSync(join(out, file)), file).toBe(true);
      expect(output).toContain(file);
    }
  });

  it("the bundle generates no code from strings (a strict CSP refuses it)", () => {
    const js = readFileSync(join(out, "main.js"), "utf8");
    expect(js).not.toMatch(/\beval\(/);
    expect(js).not.toMatch(/new Function\b/);
    expect(js).not.toMatch(/\bFunction\(/);
    expect(js).toMatch(/^\/\/# sourceMappingURL=main\.js\.map$/m);
  });

  it("index.html loads only ./main.js and ./style.css, with no inline script, style or handler", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    // a classic deferred script: a module script would not load from file:// (see build-site.mjs)
    expect(scripts.map((m) => m[1]!.trim())).toEqual(['defer src="./main.js"']);
    expect(scripts.every((m) => m[2]!.trim() === "")).toBe(true);
    const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
    expect(links).toEqual(['<link rel="stylesheet" href="./style.css">']);
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
    expect(html).not.toMatch(/javascript:/);
    // every src and href is local: the page works offline
    const urls = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(urls.filter((u) => /^[a-z]+:|^\/\//i.test(u))).toEqual([]);
  });

  it("fails loudly when the entry does not build", () => {
    // an out dir that is a file cannot be written: the script must exit non-zero with a message
    const file = join(out, "index.html");
    let failed = false;
    try {
      execFileSync(process.execPath, [SCRIPT, file], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failed = true;
      expect(String((error as { stderr?: string }).stderr)).toMatch(/build-site|EEXIST|ENOTDIR/);
    }
    expect(failed).toBe(true);
  });
});
