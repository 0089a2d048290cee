// placeholder, being written: see src/interop/index.ts
import { ConfigError } from "../errors.js";
/** @internal */
export function toStandaloneModule(_net: unknown): string {
  throw new ConfigError("not yet");
}
