import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readPages } from "../../lib/gateway/client";
import type { GatewayConnection } from "../../lib/gateway/connection";
import { WASTED_STATUSES } from "../../lib/gateway/run";
import { startSimulator } from "../../lib/gateway/simulator";
import { datasetFor } from "../../lib/gateway/simulator/run-at";
import { openStore, type Store } from "../../lib/store/db";
import { readStoreCounts, readSyncState } from "../../lib/store/sync-state";
import { runSync } from "../../lib/sync/run-sync";

/**
 * One measured backfill in a process of its own, so its CPU time and peak RSS are the
 * dashboard's alone (the simulator runs in another process). Modes:
 *
 * - `sync URL KEY RUNS`: lib/sync's backfill (DuckDB reads each page), then an incremental
 *   sync that finds 1,000 new runs: an in-process simulator of the same deployment
 *   (seed 42, this hour's anchor) with its clock moved on until 1,000 runs follow the cursor.
 * - `appender URL KEY`: the other design, for comparison: readPages (JSON.parse and
 *   normaliseRun in JS) and DuckDB's appender.
 *
 * Prints one JSON line.
 */

const HOUR_MS = 3_600_000;

async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; wallS: number; cpuS: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wallS: (performance.now() - started) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

async function syncMode(conn: GatewayConnection, dir: string, runs: number): Promise<Record<string, number>> {
  const store = await openStore(path.join(dir, "runledger.duckdb"));
  const backfill = await measure(() => runSync({ store, gateway: conn, spoolDir: path.join(dir, "spool") }));
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const incremental = await incrementalMode(store, dir, runs);
  store.close();
  return {
    runs: backfill.value.runsStored,
    pages: backfill.value.pages,
    wallS: backfill.wallS,
    cpuS: backfill.cpuS,
    maxRssMb,
    ...incremental,
  };
}

async function incrementalMode(store: Store, dir: string, runs: number): Promise<Record<string, number>> {
  const c = await store.connect();
  const cursor = (await readSyncState(c)).cursor;
  const before = (await readStoreCounts(c)).runCount;
  c.closeSync();
  if (cursor === null) throw new Error("the backfill left no cursor");
  const spec = { runs, seed: 42, anchorMs: Math.floor(Date.now() / HOUR_MS) * HOUR_MS };
  const dataset = datasetFor(spec);
  // The first run after the cursor, then the moment the 1,000th run after it is queued.
  let lo = 0;
  let hi = dataset.visibleCount(Number(cursor) + 365 * 86_400_000);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (dataset.batchMs(mid) <= Number(cursor)) lo = mid + 1;
    else hi = mid;
  }
  const nowMs = dataset.batchMs(lo + 999);
  const sim = await startSimulator({ ...spec, now: () => nowMs, port: 0, adminKeys: ["bench-incremental"], keepProcessAlive: false });
  try {
    const gateway: GatewayConnection = { baseUrl: sim.url, auth: { kind: "api-key", secret: "bench-incremental" }, limit: 1000, timeoutMs: 60_000 };
    const result = await measure(() => runSync({ store, gateway, spoolDir: path.join(dir, "spool") }));
    const c2 = await store.connect();
    const after = (await readStoreCounts(c2)).runCount;
    c2.closeSync();
    return {
      incrementalWallS: result.wallS,
      incrementalNewRuns: after - before,
      incrementalPages: result.value.pages,
      incrementalRefreshPages: result.value.refreshPages,
    };
  } finally {
    await sim.close();
  }
}

const COLUMNS = 26;

async function appenderMode(conn: GatewayConnection, dir: string): Promise<Record<string, number>> {
  const store = await openStore(path.join(dir, "runledger.duckdb"));
  const db = await store.connect();
  let runs = 0;
  let pages = 0;
  const result = await measure(async () => {
    let appender = await db.createAppender("runs");
    for await (const page of readPages(conn)) {
      pages++;
      for (const r of page.runs) {
        const started = r.startTime ?? r.queuedTime;
        appender.appendVarchar(r.runId);
        appender.appendVarchar(r.batchId);
        appender.appendVarchar(r.title);
        appender.appendVarchar(r.command);
        appender.appendVarchar(r.status);
        appender.appendVarchar(r.runType);
        appender.appendVarchar(r.userName);
        appender.appendVarchar(r.userId);
        appender.appendVarchar(r.projectOwnerName);
        appender.appendVarchar(r.projectOwnerId);
        appender.appendVarchar(r.projectName);
        appender.appendVarchar(r.projectId);
        appender.appendDouble(r.runDurationSec);
        appender.appendVarchar(r.hardwareTier);
        appender.appendVarchar(r.hardwareTierCostCurrency);
        appender.appendVarchar(String(r.hardwareTierCostAmount)); // DuckDB casts text to DECIMAL exactly
        appender.appendVarchar(r.queuedTime);
        if (r.startTime === null) appender.appendNull();
        else appender.appendVarchar(r.startTime);
        if (r.endTime === null) appender.appendNull();
        else appender.appendVarchar(r.endTime);
        appender.appendVarchar(r.totalCostCurrency);
        appender.appendVarchar(String(r.totalCostAmount));
        if (r.computeClusterDetails === null) appender.appendNull();
        else appender.appendVarchar(JSON.stringify(r.computeClusterDetails));
        appender.appendVarchar(started);
        appender.appendDouble(r.runDurationSec / 3600);
        appender.appendVarchar(`${r.projectOwnerName}/${r.projectName}`);
        appender.appendBoolean(r.endTime === null);
        appender.appendNull(); // compute_hours_exact: readers fall back to casting compute_hours
        appender.appendBoolean((WASTED_STATUSES as readonly string[]).includes(r.status));
        appender.appendVarchar("Unallocated"); // team: no rules in a bench store
        appender.appendVarchar("(none)"); // cost_centre
        appender.endRow();
        runs++;
      }
      if (pages % 100 === 0) {
        appender.closeSync();
        appender = await db.createAppender("runs");
      }
    }
    appender.closeSync();
    await db.run("CHECKPOINT");
  });
  db.closeSync();
  store.close();
  return { runs, pages, wallS: result.wallS, cpuS: result.cpuS, maxRssMb: process.resourceUsage().maxRSS / 1024, columns: COLUMNS };
}

async function main(): Promise<void> {
  const [mode, url, key, runs] = process.argv.slice(2);
  if (!mode || !url || !key) throw new Error("usage: sync-backfill-process.ts sync|appender URL KEY [RUNS]");
  const conn: GatewayConnection = { baseUrl: url, auth: { kind: "api-key", secret: key }, limit: 1000, timeoutMs: 60_000 };
  const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-sync-"));
  try {
    const result = mode === "sync" ? await syncMode(conn, dir, Number(runs)) : await appenderMode(conn, dir);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
