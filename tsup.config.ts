import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  // shared chunks, so that tinynn and tinynn/testing share one copy of the error classes
  splitting: true,
  treeshake: true,
});
