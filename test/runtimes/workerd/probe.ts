// A second worker the workerd test runs beside the example, in an isolate of its own: it reports
// what this runtime does when code is compiled at run time, and which matrix kernels tinynn picks
// there. (The example's own isolate cannot be asked: it is the worker a user deploys.)
import { wasmKernelsAvailable } from "../../../src/matrix/wasm.js";

/** GET /: how the runtime answered each attempt. */
export interface ProbeResult {
  /** "compiled", or the error `new WebAssembly.Module(bytes)` threw, as "Name: message". */
  webAssemblyFromBytes: string;
  /** "compiled", or the error `new Function(...)` threw. */
  functionFromString: string;
  /** Whether tinynn compiled its WebAssembly kernel (false: its JavaScript kernels run). */
  tinynnWasmKernel: boolean;
}

const attempt = (compile: () => unknown): string => {
  try {
    compile();
    return "compiled";
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
};

// The smallest valid module: the magic number and version 1.
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

const probe = {
  async fetch(_request: Request): Promise<Response> {
    const result: ProbeResult = {
      webAssemblyFromBytes: attempt(() => new WebAssembly.Module(EMPTY_MODULE)),
      functionFromString: attempt(() => new Function("return 1")),
      tinynnWasmKernel: wasmKernelsAvailable(),
    };
    return new Response(JSON.stringify(result), { headers: { "content-type": "application/json" } });
  },
};

export default probe;
