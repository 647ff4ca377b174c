import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { AUTH_BASE_URL, authServerEnv } from "./e2e/auth-env";

// The system Chromium when there is one (CHROMIUM_PATH, else Debian's), else Playwright's own.
const systemChromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    }
  : {};

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: { baseURL, trace: "retain-on-failure", launchOptions },
  projects: [
    { name: "api", testMatch: /.*\.api\.spec\.ts/ },
    { name: "browser", testMatch: /.*\.browser\.spec\.ts/, use: { ...devices["Desktop Chrome"], launchOptions } },
  ],
  webServer: [
    {
      // The built app, in demo mode on a small simulated deployment, with its own data folder.
      command: `npx next build && exec node e2e/serve.mjs`,
      url: `${baseURL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      env: {
        PORT: String(port),
        NEXT_TELEMETRY_DISABLED: "1",
        DATA_DIR: process.env.E2E_DATA_DIR ?? "test-results/e2e-data",
        DEMO_RUNS: process.env.E2E_DEMO_RUNS ?? "20000",
        DEMO_SEED: "7",
        SYNC_INTERVAL: "0",
      },
    },
    {
      // The same build in AUTH_MODE=password against a simulated Domino (e2e/auth-env.ts):
      // started after the first entry is up, so the build is there.
      command: "exec node e2e/serve-auth.mjs",
      url: `${AUTH_BASE_URL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
      env: authServerEnv,
    },
  ],
});
