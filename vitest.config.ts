import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // examples and tests import the package by name, as users do; resolve it to the source
    alias: [
      { find: /^tinynn\/interop\/node$/, replacement: fileURLToPath(new URL("./src/interop/node.ts", import.meta.url)) },
      { find: /^tinynn\/interop$/, replacement: fileURLToPath(new URL("./src/interop/index.ts", import.meta.url)) },
      { find: /^tinynn\/testing$/, replacement: fileURLToPath(new URL("./src/testing/index.ts", import.meta.url)) },
      { find: /^tinynn$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
