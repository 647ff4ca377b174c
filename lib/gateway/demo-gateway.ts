import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "../env";
import type { GatewayConnection } from "./connection";
import { startSimulator, type RunningSimulator } from "./simulator";

/**
 * Demo mode's gateway: the simulator, in this process, on a random loopback port, with an
 * admin key made up at start. The dashboard reaches it over real HTTP through the same
 * client as a real Domino. One per process, held on globalThis because Next.js loads this
 * module in several bundles.
 */

const ANCHOR_FILE = "demo-gateway.json";
const HOUR_MS = 3_600_000;
const SLOT = Symbol.for("runledger.demo-gateway");

interface DemoGateway {
  connection: GatewayConnection;
  simulator: RunningSimulator;
}

type Slot = { [SLOT]?: Promise<DemoGateway> };

export async function getDemoGateway(): Promise<GatewayConnection> {
  const slot = globalThis as Slot;
  slot[SLOT] ??= startDemoGateway().catch((error: unknown) => {
    delete slot[SLOT]; // let the next call try again
    throw error;
  });
  return (await slot[SLOT]).connection;
}

/** Stops this process's demo gateway (tests, shutdown); the next getDemoGateway starts a new one. */
export async function closeDemoGateway(): Promise<void> {
  const slot = globalThis as Slot;
  const running = slot[SLOT];
  delete slot[SLOT];
  if (running) await (await running).simulator.close();
}

async function startDemoGateway(): Promise<DemoGateway> {
  const settings = env();
  const seed = settings.DEMO_SEED;
  const runs = settings.DEMO_RUNS;
  const anchorMs = await demoAnchor(settings.DATA_DIR, seed, runs, Date.now());
  const adminKey = randomBytes(24).toString("hex");
  const simulator = await startSimulator({
    runs,
    seed,
    anchorMs,
    port: 0,
    host: "127.0.0.1",
    adminKeys: [adminKey],
    // A command-line script using the store must still be able to exit.
    keepProcessAlive: false,
  });
  return {
    simulator,
    connection: {
      baseUrl: simulator.url,
      auth: { kind: "api-key", secret: adminKey },
      limit: settings.DOMINO_PAGE_LIMIT,
      timeoutMs: settings.DOMINO_TIMEOUT_MS,
    },
  };
}

/**
 * The demo's anchor (the moment DEMO_RUNS is counted to), kept in DATA_DIR so that after a
 * restart the simulator serves the same runs the store already holds. A changed seed or
 * size is a different deployment, so it gets a fresh anchor.
 */
export async function demoAnchor(dataDir: string, seed: number, runs: number, nowMs: number): Promise<number> {
  const file = path.join(dataDir, ANCHOR_FILE);
  try {
    const saved = JSON.parse(await readFile(file, "utf8")) as { seed?: unknown; runs?: unknown; anchorMs?: unknown };
    if (saved.seed === seed && saved.runs === runs && typeof saved.anchorMs === "number" && Number.isFinite(saved.anchorMs)) {
      return saved.anchorMs;
    }
  } catch {
    // No file yet, or one that cannot be read: start a new anchor.
  }
  const anchorMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  await mkdir(dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ seed, runs, anchorMs }) + "\n");
  await rename(temp, file);
  return anchorMs;
}
