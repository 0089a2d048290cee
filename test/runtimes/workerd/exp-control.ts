// The example worker with Math.exp replaced by an exp made of exactly rounded arithmetic (a few ulps
// off) for the whole of each request: the workerd test runs the same in Node. tinynn computes exp
// itself (src/math), so the answers are the example's own bits: the control shows tinynn reads no
// engine Math.exp.
import example from "../../../examples/runtimes/cloudflare-worker/worker.js";
import { withArithmeticExp } from "./arithmetic-exp.js";

const control = {
  async fetch(request: Request): Promise<Response> {
    // the example's fetch trains and answers synchronously: its promise is made before exp is put back
    return await withArithmeticExp(() => example.fetch(request));
  },
};

export default control;
