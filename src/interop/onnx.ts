// placeholder, being written: see src/interop/index.ts
import { ConfigError } from "../errors.js";
/** @internal */
export interface OnnxOptions { dtype?: "float32" | "float64" }
/** @internal */
export function toOnnx(_net: unknown, _options?: OnnxOptions): Uint8Array {
  throw new ConfigError("not yet");
}
