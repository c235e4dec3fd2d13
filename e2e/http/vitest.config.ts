import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// HTTP-level tests against started production servers, on SQLite and on a private PostgreSQL cluster.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("../..", import.meta.url)) } },
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["e2e/http/**/*.test.ts"],
    globalSetup: ["e2e/http/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // each file starts its own servers; two at a time fit the 2-core machine
    maxWorkers: 2,
    minWorkers: 1,
  },
});
