import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * The gateway simulator in a process of its own (`scripts/simulator.ts --prebuild`), so the
 * process being measured does not share its CPU time or heap with the server. Started once
 * per `npm run bench`, stopped by PID at the end.
 */

export interface SimulatorProcess {
  url: string;
  adminKey: string;
  pid: number;
  stop(): Promise<void>;
}

export const BENCH_ADMIN_KEY = "bench-admin-key";
const ROOT = path.resolve(__dirname, "../..");
const START_TIMEOUT_MS = 15 * 60_000;

/** Node with TypeScript and the server condition, as every script of the project runs. */
export function tsNodeArgs(script: string): string[] {
  return ["--conditions=react-server", "--import", "tsx", path.join(ROOT, script)];
}

export async function spawnSimulator(options: { runs: number; seed?: number; log: (m: string) => void }): Promise<SimulatorProcess> {
  const args = [
    ...tsNodeArgs("scripts/simulator.ts"),
    "--prebuild",
    "--runs",
    String(options.runs),
    "--seed",
    String(options.seed ?? 42),
    "--port",
    "0",
    "--key",
    BENCH_ADMIN_KEY,
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`the simulator did not start within ${START_TIMEOUT_MS / 60_000} min`)), START_TIMEOUT_MS);
    function fail(error: Error) {
      clearTimeout(timer);
      lines.close();
      child.kill("SIGKILL");
      reject(error);
    }
    lines.once("line", (line) => {
      const match = /^listening on (http:\/\/\S+)/.exec(line);
      if (!match) return fail(new Error(`unexpected first line from the simulator: ${line}`));
      clearTimeout(timer);
      // Keep reading so the child never blocks on a full pipe.
      child.stdout!.resume();
      resolve(match[1]!);
    });
    child.once("exit", (code) => fail(new Error(`the simulator exited (${code}) before listening: ${stderr.trim()}`)));
  });
  options.log(`simulator pid ${child.pid} at ${url}`);
  return { url, adminKey: BENCH_ADMIN_KEY, pid: child.pid!, stop: () => stopChild(child) };
}

/** SIGTERM by PID, SIGKILL if it has not exited within five seconds. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid!, "SIGTERM");
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGKILL");
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
