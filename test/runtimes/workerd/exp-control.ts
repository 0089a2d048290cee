// The example worker with Math.exp replaced by an exp that gives the same bits in every engine,
// for the whole of each request: the workerd test runs the same in Node, and equal bits there
// show that Math.exp is the only thing that differs between the two runtimes' answers.
import example from "../../../examples/runtimes/cloudflare-worker/worker.js";
import { withArithmeticExp } from "./arithmetic-exp.js";

const control = {
  async fetch(request: Request): Promise<Response> {
    // the example's fetch trains and answers synchronously: its promise is made before exp is put back
    return await withArithmeticExp(() => example.fetch(request));
  },
};

export default control;
