import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    env: { LOG_LEVEL: "silent" },
    // some unit tests read every source file or talk to a local fake server: on a busy 2-core machine they can take
    // longer than vitest's 5 s default without anything being wrong
    testTimeout: 30_000,
  },
});
