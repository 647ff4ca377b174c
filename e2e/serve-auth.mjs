// The password-mode e2e server: a gateway simulator standing in for Domino, and the built
// app pointed at it. Every line the app prints also goes to LOG_FILE (the key-leak check
// reads it). Both children are stopped by their own PIDs.
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { stopWithParent } from "./stop-with-parent.mjs";

const env = process.env;
rmSync(env.DATA_DIR, { recursive: true, force: true });
mkdirSync(dirname(env.LOG_FILE), { recursive: true });
const log = createWriteStream(env.LOG_FILE);

const simulator = spawn(
  process.execPath,
  ["--import", "tsx", "scripts/simulator.ts", "--port", env.SIM_PORT, "--runs", env.SIM_RUNS, "--seed", "11", "--key", env.DOMINO_USER_API_KEY],
  { stdio: ["ignore", "ignore", "inherit"], env: { ...env, NODE_OPTIONS: "" } },
);
const children = [simulator];

const listening = (port) =>
  new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
for (let i = 0; !(await listening(env.SIM_PORT)); i++) {
  if (i > 300) throw new Error("the simulator did not start");
  await new Promise((r) => setTimeout(r, 100));
}

const app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", env.PORT], {
  stdio: ["ignore", "pipe", "pipe"],
  env,
});
children.push(app);
for (const stream of [app.stdout, app.stderr]) {
  stream.on("data", (chunk) => {
    log.write(chunk);
    process.stdout.write(chunk);
  });
}

const stop = (signal) => {
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal));
stopWithParent(stop);
app.on("exit", (code) => {
  stop("SIGTERM");
  log.end(() => process.exit(code ?? 0));
});
