import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    // one secret for every file: modules read the configuration once per worker (config()), and the files share workers
    env: { LOG_LEVEL: "silent", PROVISIO_SECRET: "unit-test-secret-unit-test-secret-0123456" },
    // a worker keeps its loaded modules from one file to the next instead of loading lib/ afresh for each (on 2 cores
    // the suite takes about 45 s instead of 110 s); each test still opens its own database with its own instance
    // state (caches, listeners), so no file sees another's data
    isolate: false,
    // some unit tests read every source file or talk to a local fake server: on a busy 2-core machine they can take
    // longer than vitest's 5 s default without anything being wrong
    testTimeout: 30_000,
  },
});
