// placeholder, being written: see src/interop/index.ts
import { ConfigError } from "../errors.js";
/** @internal */
export type TfjsArtifacts = Record<string, unknown>;
/** @internal */
export function toTfjsArtifacts(_net: unknown): TfjsArtifacts {
  throw new ConfigError("not yet");
}
/** @internal */
export function fromTfjsArtifacts(_artifacts: unknown): never {
  throw new ConfigError("not yet");
}
