// Starts the built app for the e2e suite with a fresh data folder, and stops it by its own PID.
import { rmSync } from "node:fs";
import { spawn } from "node:child_process";
import { stopWithParent } from "./stop-with-parent.mjs";

rmSync(process.env.DATA_DIR ?? "test-results/e2e-data", { recursive: true, force: true });
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", process.env.PORT ?? "3100"], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
stopWithParent((signal) => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
