// tinynn in Cloudflare's runtime: the example worker (examples/runtimes/cloudflare-worker/) is
// bundled as wrangler would bundle it, served by workerd (the open-source runtime of Cloudflare
// Workers, from the `workerd` devDependency, offline, on 127.0.0.1 only), and asked over HTTP.
// It must print what numpy prints and compute what Node computes, bit for bit. workerd refuses
// code generation from strings and WebAssembly compiled from bytes at run time, so tinynn's matrix
// products run on its JavaScript kernels there: a second worker (workerd/probe.ts) reports that,
// and /big shows those kernels give the bits of the WebAssembly kernel Node runs.
//
// workerd's V8 is newer than Node 20's (11.3), and its Math.exp differs from Node's in the last bit
// for about one argument in ten (over the 60000 iterations of GET / that moved the sigmoid network's
// outputs by ~1e-15, when tinynn called Math.exp). tinynn computes exp, tanh, log and the rest
// itself (src/math, exactMath: Node 20's bits in every engine), so GET / gives Node's bits. A third
// worker (workerd/exp-control.ts) is the example with Math.exp replaced by an exp made of exactly
// rounded arithmetic (a few ulps off), in workerd and here: its bits are the example's own, so
// tinynn does not read the engine's Math.exp.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BigResult, BlogResult } from "../../examples/runtimes/cloudflare-worker/worker.js";
import { Network, formatFloat, numpyRandom, seededRandom } from "../../src/index.js";
import { wasmKernelsAvailable } from "../../src/matrix/wasm.js";
import { golden } from "../golden.js";
import { withArithmeticExp } from "./workerd/arithmetic-exp.js";
import type { ProbeResult } from "./workerd/probe.js";

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const EXAMPLE = path("../../examples/runtimes/cloudflare-worker/");
const PROBE = path("./workerd/probe.ts");
const EXP_CONTROL = path("./workerd/exp-control.ts");
const TINYNN = path("../../src/index.ts");

/** The workerd binary and its version, or why it cannot run here (then the tests are skipped, saying so). */
function findWorkerd(): { bin: string; version: string } | { unavailable: string } {
  let bin: string;
  try {
    // the package's main export is the path of the binary of this platform's optional dependency
    bin = (createRequire(import.meta.url)("workerd") as { default: string }).default;
  } catch (e) {
    const reason = e instanceof Error ? (e.message.trim().split("\n")[0] ?? "") : String(e);
    return { unavailable: `no workerd binary for ${process.platform} ${process.arch}: ${reason}` };
  }
  const r = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 10_000 });
  if (r.status !== 0) return { unavailable: `${bin} --version failed: ${r.error?.message ?? r.stderr.trim()}` };
  return { bin, version: r.stdout.trim() };
}

/** `count` different ports free on 127.0.0.1 (all held open until each is chosen, so that they differ). */
async function freePorts(count: number): Promise<number[]> {
  const listen = (): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer();
      server.on("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    });
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) servers.push(await listen());
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** The compatibility date a user deploys with (the example's wrangler.toml), so the test runs the same. */
function compatibilityDate(): string {
  const toml = readFileSync(join(EXAMPLE, "wrangler.toml"), "utf8");
  const date = /^compatibility_date\s*=\s*"(\d{4}-\d{2}-\d{2})"/m.exec(toml)?.[1];
  if (date === undefined) throw new Error(`no compatibility_date in ${join(EXAMPLE, "wrangler.toml")}`);
  return date;
}

/** The workers the test serves: each bundled to `<name>.js`, its own service on its own port. */
const WORKERS = { example: join(EXAMPLE, "worker.ts"), probe: PROBE, control: EXP_CONTROL };
type WorkerName = keyof typeof WORKERS;

/** workerd's text config: one service per worker, each on its own socket, bound to 127.0.0.1 only. */
function config(date: string, ports: Record<WorkerName, number>): string {
  const names = Object.keys(ports) as WorkerName[];
  const service = (name: WorkerName) =>
    `    (name = "${name}", worker = (modules = [(name = "${name}.js", esModule = embed "${name}.js")], compatibilityDate = "${date}")),`;
  const socket = (name: WorkerName) => `    (name = "${name}", address = "127.0.0.1:${ports[name]}", http = (), service = "${name}"),`;
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
${names.map(service).join("\n")}
  ],
  sockets = [
${names.map(socket).join("\n")}
  ],
);
`;
}

const workerd = findWorkerd();
const unavailable = "unavailable" in workerd ? workerd.unavailable : undefined;

let dir: string | undefined;
let child: ChildProcess | undefined;
let output = { stdout: "", stderr: "" };
const url: Record<WorkerName, string> = { example: "", probe: "", control: "" };

/** Stops workerd (if it runs) and waits until it has exited. */
async function stop(): Promise<void> {
  const c = child;
  child = undefined;
  if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((resolve) => c.once("exit", resolve));
  c.kill("SIGTERM");
  const force = setTimeout(() => c.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(force);
}

// should the test runner's worker exit without afterAll (a crash, a kill), workerd goes too
const killOnExit = (): void => void child?.kill("SIGKILL");

/** Waits until `url` answers, or throws with what workerd printed if it exits or stays silent. */
async function waitUntilAnswering(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`workerd exited (${child?.exitCode ?? child?.signalCode}) before answering ${url}:\n${output.stderr}${output.stdout}`);
    }
    try {
      await (await fetch(url, { signal: AbortSignal.timeout(1_000) })).arrayBuffer();
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`workerd did not answer ${url} within 15 s:\n${output.stderr}${output.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text}\n${output.stderr}`);
  return JSON.parse(text) as T;
}

/** The worker's GET /, run here in Node. */
function blogInNode(): BlogResult {
  const { X, y } = golden("b_part1_3layer");
  const net = new Network({ layers: [3, 4, 1], activation: "sigmoid", bias: false, random: numpyRandom(1) });
  let printed = "";
  net.train(X, y, {
    iterations: 60000,
    alpha: 1,
    loss: "sse",
    progressEvery: 10000,
    onProgress: ({ meanAbsoluteError }) => {
      printed += "Error:" + formatFloat(meanAbsoluteError) + "\n";
    },
  });
  return { printed, predict: net.predict(X) };
}

/** The worker's GET /big, run here in Node. */
function bigInNode(): BigResult {
  const rows = (count: number, columns: number, seed: number): number[][] => {
    const random = seededRandom(seed);
    return Array.from({ length: count }, () => Array.from({ length: columns }, () => 2 * random() - 1));
  };
  const X = rows(256, 64, 2);
  const y = rows(256, 10, 3);
  const net = new Network({ layers: [64, 128, 10], activation: "relu", outputActivation: "identity", initializer: "heUniform", seed: 1 });
  const summary = net.train(X, y, { iterations: 3, alpha: 0.01, loss: "mse" });
  return { loss: summary.history.loss, predict: net.predict(X) };
}

const title = unavailable === undefined ? `tinynn in workerd (${"version" in workerd ? workerd.version : ""})` : `tinynn in workerd: skipped, ${unavailable}`;

// CI installs everything these tests need: there a missing workerd is a failure, not a skip
if (unavailable !== undefined && process.env.CI === "true") {
  it("workerd runs here (CI=true: the tests may not be skipped)", () => {
    throw new Error(unavailable);
  });
}

describe.skipIf(unavailable !== undefined)(title, () => {
  beforeAll(async () => {
    if (!("bin" in workerd)) return;
    dir = mkdtempSync(join(tmpdir(), "tinynn-workerd-"));
    const names = Object.keys(WORKERS) as WorkerName[];
    const ports = await freePorts(names.length);
    const portOf = {} as Record<WorkerName, number>;
    names.forEach((name, i) => {
      // as wrangler bundles a worker: one ESM file for the browser platform (no Node built-ins)
      buildSync({ entryPoints: [WORKERS[name]], bundle: true, format: "esm", platform: "browser", alias: { tinynn: TINYNN }, outfile: join(dir!, `${name}.js`), logLevel: "silent" });
      portOf[name] = ports[i]!;
      url[name] = `http://127.0.0.1:${ports[i]}`;
    });
    writeFileSync(join(dir, "config.capnp"), config(compatibilityDate(), portOf));

    output = { stdout: "", stderr: "" };
    process.once("exit", killOnExit);
    child = spawn(workerd.bin, ["serve", join(dir, "config.capnp")], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.setEncoding("utf8").on("data", (s: string) => (output.stdout += s));
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (output.stderr += s));
    try {
      // a 404 from each: nothing is trained
      for (const name of names) await waitUntilAnswering(`${url[name]}/not-a-route`);
    } catch (e) {
      await stop();
      throw e;
    }
  }, 30_000);

  afterAll(async () => {
    await stop();
    process.off("exit", killOnExit);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses WebAssembly compiled from bytes and code from strings; tinynn falls back to its JavaScript kernels", async () => {
    const probe = await get<ProbeResult>(`${url.probe}/`);
    expect(probe).toEqual({
      webAssemblyFromBytes: "CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder",
      functionFromString: "EvalError: Code generation from strings disallowed for this context",
      tinynnWasmKernel: false,
    });
    // and Node compiles it, so /big below compares workerd's JavaScript kernels with Node's WebAssembly kernel
    expect(wasmKernelsAvailable()).toBe(true);
  });

  it("GET /: prints what numpy prints, byte for byte", async () => {
    const result = await get<BlogResult>(`${url.example}/`);
    expect(result.printed).toBe(golden("b_part1_3layer").printed);
    expect(result.printed.split("\n")[0]).toBe("Error:0.496410031903");
  });

  it("GET /: predicts Node's numbers, bit for bit", async () => {
    const result = await get<BlogResult>(`${url.example}/`);
    const node = blogInNode();
    expect(result.printed).toBe(node.printed);
    expect(result.predict).toHaveLength(4);
    expect(result.predict.every((row) => row.length === 1)).toBe(true);
    // JSON carries each float64 as its shortest round-trip decimal: equal values are equal bits
    expect(result.predict).toEqual(node.predict);
    expect(result.predict.map((row) => row.map((v) => Math.round(v)))).toEqual([[0], [1], [1], [0]]);
  });

  it("control: with Math.exp replaced (by an exp a few ulps off) in both runtimes, GET / gives the same bits as without: tinynn does not read Math.exp", async () => {
    const result = await get<BlogResult>(`${url.control}/`);
    const node = withArithmeticExp(blogInNode);
    expect(result.printed).toBe(golden("b_part1_3layer").printed);
    expect(result).toEqual(node);
    expect(node).toEqual(blogInNode());
  });

  it("GET /big: a [64, 128, 10] network trains and predicts Node's numbers, bit for bit", async () => {
    const result = await get<BigResult>(`${url.example}/big`);
    const node = bigInNode();
    expect(result.loss).toEqual(node.loss);
    expect(result.loss[2]!).toBeLessThan(result.loss[0]!);
    expect(result.predict).toHaveLength(256);
    expect(result.predict.every((row) => row.length === 10)).toBe(true);
    expect(result.predict).toEqual(node.predict);
  });

  it("unknown paths are a 404 naming the routes", async () => {
    const response = await fetch(`${url.example}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "No route /nope: try / or /big" });
  });

  it("workerd printed nothing: no warnings, and the library wrote nothing to the console", () => {
    expect(output).toEqual({ stdout: "", stderr: "" });
  });
});
