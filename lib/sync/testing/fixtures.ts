import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GatewayConnection } from "@/lib/gateway/connection";
import { simulatedRun, startSimulator, totalVisibleRuns, type FaultOptions, type RunningSimulator } from "@/lib/gateway/simulator";
import type { DatasetSpec } from "@/lib/gateway/simulator";
import { openStore, type Store } from "@/lib/store/db";

/** What tests of the sync share: a simulator on a clock the test moves, a store in a temp dir. */

export const ADMIN_KEY = "sync-test-admin";
export const NON_ADMIN_KEY = "sync-test-viewer";

/** Retries in milliseconds, so fault tests stay fast; the policy's shape is the client's. */
export const FAST_RETRY = { attempts: 8, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 };

export interface TestSimulator {
  sim: RunningSimulator;
  spec: DatasetSpec;
  clock: { nowMs: number };
  connection(limit?: number, key?: string): GatewayConnection;
  close(): Promise<void>;
}

export async function startTestSimulator(options: { runs: number; seed?: number; faults?: FaultOptions; anchorMs?: number }): Promise<TestSimulator> {
  const anchorMs = options.anchorMs ?? Date.UTC(2025, 5, 1, 12);
  const clock = { nowMs: anchorMs };
  const sim = await startSimulator({
    runs: options.runs,
    seed: options.seed ?? 11,
    anchorMs,
    now: () => clock.nowMs,
    port: 0,
    adminKeys: [ADMIN_KEY],
    nonAdminKeys: [NON_ADMIN_KEY],
    keepProcessAlive: false,
    ...(options.faults ? { faults: { retryAfterSec: 0, ...options.faults } } : {}),
  });
  return {
    sim,
    spec: sim.spec,
    clock,
    connection: (limit = 250, key = ADMIN_KEY) => ({ baseUrl: sim.url, auth: { kind: "api-key", secret: key }, limit, timeoutMs: 10_000 }),
    close: () => sim.close(),
  };
}

export interface Totals {
  count: number;
  ids: string[];
  /** The sum of totalCostAmount in millionths of a dollar, exact. */
  costMicros: bigint;
  inFlight: number;
}

/** Exact for amounts with at most six decimals, which is what the simulator sends. */
export function toMicros(amount: number): bigint {
  return BigInt(Math.round(amount * 1e6));
}

/** What the store must hold when the simulator's clock reads `nowMs` (from run `fromIndex` on). */
export function expectedTotals(spec: DatasetSpec, nowMs: number, fromIndex = 0): Totals {
  const n = totalVisibleRuns(spec, nowMs);
  const ids: string[] = [];
  let costMicros = 0n;
  let inFlight = 0;
  for (let i = fromIndex; i < n; i++) {
    const run = simulatedRun(i, spec, nowMs)!;
    ids.push(run.runId);
    costMicros += toMicros(run.totalCostAmount);
    if (run.endTime === null) inFlight++;
  }
  ids.sort();
  return { count: n - fromIndex, ids, costMicros, inFlight };
}

export async function storeTotals(store: Store): Promise<Totals> {
  const conn = await store.connect();
  try {
    const row = (
      await conn.runAndReadAll(
        `SELECT count(*) AS n, CAST(coalesce(sum(total_cost_amount), 0) * 1000000 AS VARCHAR) AS micros,
                count(*) FILTER (WHERE in_flight) AS open FROM runs`,
      )
    ).getRowObjectsJS()[0]!;
    const ids = (await conn.runAndReadAll("SELECT run_id FROM runs ORDER BY run_id")).getRowObjectsJS().map((r) => String(r.run_id));
    return { count: Number(row.n), ids, costMicros: BigInt(String(row.micros).replace(/\.0+$/, "")), inFlight: Number(row.open) };
  } finally {
    conn.closeSync();
  }
}

export interface TempStore {
  dir: string;
  store: Store;
  spoolDir: string;
  cleanup(): void;
}

export async function tempStore(): Promise<TempStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-sync-"));
  const store = await openStore(path.join(dir, "runledger.duckdb"));
  return {
    dir,
    store,
    spoolDir: path.join(dir, "spool"),
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
