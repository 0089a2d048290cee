// The script of train.html, bundled with tinynn by esbuild (a file of the page's own origin, which
// every CSP of the test allows). It trains the blog's network b with trainAsync, counting the
// animation frames painted meanwhile, then runs the kernel workload and says which kernel ran.
import { wasmKernelsAvailable } from "../../../src/matrix/wasm.js";
import { blogB, float64Hex, kernelWorkload } from "./workloads.js";

const element = (id: string): HTMLElement => {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`train.html has no #${id}`);
  return e;
};

// A refused WebAssembly compile is reported here (and in DevTools' Issues panel), not in the console.
document.addEventListener("securitypolicyviolation", (event) => {
  const item = document.createElement("li");
  item.textContent = `${event.effectiveDirective} ${event.blockedURI}`;
  element("violations").append(item);
});

async function main(): Promise<void> {
  let frames = 0;
  let training = true;
  const frame = (): void => {
    if (!training) return;
    frames++;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const out = element("out");
  out.textContent = await blogB();
  training = false;
  element("frames").textContent = String(frames);

  const { loss, outputs } = kernelWorkload();
  // No public API tells which kernel ran: wasmKernelsAvailable is tinynn's @internal test hook. It
  // compiles nothing here: the workload's first product already tried, and the answer is kept.
  element("kernel").textContent = wasmKernelsAvailable() ? "webassembly" : "javascript";
  element("result").textContent = JSON.stringify({ loss: float64Hex(loss), outputs: float64Hex(outputs) });
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
