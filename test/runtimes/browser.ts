// A small harness for tests that run tinynn in a real browser: find and launch Debian's chromium
// (playwright-core drives it; nothing downloads a browser), serve a folder on 127.0.0.1 with headers
// per page (a Content-Security-Policy is a response header, so it needs a server, not file://), and
// collect what a page logs.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from "playwright-core";

/** Where the tests look for chromium: `TINYNN_CHROMIUM` (set it to a missing path to see the skip), else Debian's. */
export const CHROMIUM_PATH = process.env.TINYNN_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here (what is missing and how to install it), or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`;
}

/**
 * Launches headless chromium. `--no-sandbox`: CI runs as root, where chromium's sandbox refuses to
 * start; the other flags keep it from reaching the network or doing work no test asked for.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Launches headless chromium with the unpacked extension in `extensionDir` installed (extensions
 * need a profile of their own: `userDataDir`, an empty folder). Its pages are at
 * `chrome-extension://<unpackedExtensionId(extensionDir)>/`.
 */
export function launchChromiumWithExtension(extensionDir: string, userDataDir: string): Promise<BrowserContext> {
  const dir = realpathSync(extensionDir);
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: [...ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
}

/**
 * The id chromium gives an unpacked extension without a "key" in its manifest: the first 128 bits
 * of the SHA-256 of its absolute path, each hex digit written as a letter a-p.
 */
export function unpackedExtensionId(extensionDir: string): string {
  const hex = createHash("sha256").update(realpathSync(extensionDir)).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join("");
}

/** A page to serve: the file (relative to the folder) and the headers of its response. */
export interface Route {
  file: string;
  headers?: Record<string, string>;
}

export interface Served {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
};

/**
 * Serves `dir` on 127.0.0.1 at a free port: a path in `routes` answers with its file and headers,
 * any other path with the file of that name in `dir` (scripts), or 404. `/favicon.ico` answers 204:
 * the browser asks for it on its own, and a 404 would be logged as a console error no page caused.
 */
export async function serve(dir: string, routes: Record<string, Route>): Promise<Served> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (path === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    const route = routes[path];
    const file = normalize(join(dir, route?.file ?? path));
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...route?.headers });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A console message as the tests compare it. */
export interface Logged {
  type: string;
  text: string;
  url: string;
}

/** What a page logged, collected from before it loads: console messages (all types) and uncaught errors. */
export interface PageLog {
  console: Logged[];
  pageErrors: string[];
  /** The console messages of type "error". */
  errors: () => Logged[];
}

/** Starts collecting what `page` logs; call it before `page.goto`. */
export function collectLog(page: Page): PageLog {
  const log: PageLog = {
    console: [],
    pageErrors: [],
    errors: () => log.console.filter((m) => m.type === "error"),
  };
  page.on("console", (m: ConsoleMessage) => log.console.push({ type: m.type(), text: m.text(), url: m.location().url }));
  page.on("pageerror", (error) => log.pageErrors.push(`${error.name}: ${error.message}`));
  return log;
}

/**
 * Collects the Content-Security-Policy issues chromium reports to DevTools' Issues panel (not to the
 * console): a refused WebAssembly compile appears there, as `kWasmEvalViolation`, and nowhere in
 * the console. Returns the violation types in the order reported.
 */
export async function collectCspIssues(page: Page): Promise<string[]> {
  const issues: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on("Audits.issueAdded", ({ issue }) => {
    const details = issue.details.contentSecurityPolicyIssueDetails;
    if (issue.code === "ContentSecurityPolicyIssue" && details) issues.push(details.contentSecurityPolicyViolationType);
  });
  await cdp.send("Audits.enable");
  return issues;
}
