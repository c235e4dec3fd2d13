import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e/console",
  testMatch: "*.spec.ts",
  globalSetup: "./e2e/console/global-setup.ts",
  // Each test creates its own uniquely named users and groups, so tests may run side by side.
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // the longest flows (an application's whole life, a connection provisioning a user) take 10-25 s of clicks on
  // this 2-core machine; a busy machine must not turn them into timeouts
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    browserName: "chromium",
    // Set by the global setup, which runs before the workers read this.
    baseURL: process.env.PROVISIO_E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // The system Chromium: Playwright's own browser download is not available everywhere these run.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
});
