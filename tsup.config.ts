import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing/index.ts", interop: "src/interop/index.ts", "interop-node": "src/interop/node.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  // shared chunks, so that tinynn, tinynn/testing and tinynn/interop share one copy of the error classes
  splitting: true,
  treeshake: true,
});
