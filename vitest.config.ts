import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // examples and tests import the package by name, as users do; resolve it to the source
    alias: { tinynn: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
