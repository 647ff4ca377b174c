import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startTempCluster } from "../lib/store/postgres/temp-cluster";
import { spawnSimulator } from "./bench/simulator-process";
import { startLoadBalancer, type Backend } from "./load-balancer";

/**
 * `npm run replicas -- --replicas 2`: a local PostgreSQL (temp cluster), a simulated Domino,
 * N Runledger replicas sharing the database (`next start`, each with its own DATA_DIR), and a
 * small round-robin load balancer in front, for trying failover by hand: kill a replica by its
 * PID (printed) and keep using the balancer's address. Ctrl-C stops everything it started.
 * Needs a build (`npm run build`) first.
 */

const ROOT = path.resolve(__dirname, "..");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      replicas: { type: "string", default: "2" },
      port: { type: "string", default: "3000" },
      runs: { type: "string", default: "50000" },
      interval: { type: "string", default: "10" },
    },
  });
  const count = Number(values.replicas);
  const lbPort = Number(values.port);
  if (!Number.isInteger(count) || count < 1 || count > 8) throw new Error("--replicas must be 1–8");
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no build found: run `npm run build` first");

  const log = (m: string) => console.log(`[replicas] ${m}`);
  const work = mkdtempSync(path.join(os.tmpdir(), "runledger-replicas-"));
  const cluster = await startTempCluster({ durable: true });
  log(`PostgreSQL at ${cluster.url} (${cluster.dir})`);
  const sim = await spawnSimulator({ runs: Number(values.runs), log });
  const children: ChildProcess[] = [];
  // One secret for all: a share link or session signed by one replica is accepted by the others.
  const secret = randomBytes(32).toString("hex");
  const backends: Backend[] = [];

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await sim.stop().catch(() => {});
    cluster.stop();
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());

  for (let i = 0; i < count; i++) {
    const port = lbPort + 1 + i;
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        DATA_DIR: path.join(work, `replica-${i + 1}`),
        DATABASE_URL: cluster.url,
        DOMINO_API_HOST: sim.url,
        DOMINO_USER_API_KEY: sim.adminKey,
        AUTH_MODE: "none",
        RUNLEDGER_SECRET: secret,
        REPLICA_SYNC_INTERVAL_SECONDS: values.interval,
      },
    });
    children.push(child);
    backends.push({ port });
    log(`replica ${i + 1}: pid ${child.pid}, http://127.0.0.1:${port}`);
  }

  const balancer = await startLoadBalancer({ backends, port: lbPort });
  log(`load balancer: ${balancer.url} (Ctrl-C stops everything)`);
}

main().catch((error: unknown) => {
  console.error(`[replicas] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
