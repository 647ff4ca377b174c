import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Runs a measured process of its own (its wall time, CPU and RSS are its alone) and resolves
 * with the JSON object it prints as its last line on `statsOn`.
 */
export function childResult<T>(
  label: string,
  command: string,
  args: string[],
  statsOn: "stdout" | "stderr",
  env: Record<string, string> = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out = (out + c.toString()).slice(-8000)));
    child.stderr.on("data", (c: Buffer) => (err = (err + c.toString()).slice(-8000)));
    child.once("error", reject);
    child.once("exit", (code) => {
      const last = (statsOn === "stdout" ? out : err).trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${label} exited ${code}: ${err.trim().slice(-500)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`no result line from ${label}: ${last.slice(0, 200)}`));
      }
    });
  });
}
