// float32 inference on request (`predict(X, { precision: "float32" })`). Work in progress.

import { ConfigError } from "../errors.js";
import type { CheckedInput } from "../matrix/matrix.js";
import type { Plans } from "./plan.js";

/** The network's outputs for every row of `input`, computed in float32. @internal */
export function predictFloat32(plans: Plans, input: CheckedInput, outputs: number): number[][] {
  void plans;
  void input;
  void outputs;
  throw new ConfigError("predict: precision \"float32\" is not available yet");
}
