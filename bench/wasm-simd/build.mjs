// Assembles gemm.wat into gemm.wasm (needs the wabt package; see README.md).
import fs from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
const here = dirname(fileURLToPath(import.meta.url));
const wabt = await (await import("wabt")).default();
const mod = wabt.parseWat("gemm.wat", fs.readFileSync(join(here, "gemm.wat"), "utf8"), { simd: true });
fs.writeFileSync(join(here, "gemm.wasm"), Buffer.from(mod.toBinary({}).buffer));
