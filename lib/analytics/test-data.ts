import type { DuckDBConnection } from "@duckdb/node-api";
import { fillDerivedColumns } from "@/lib/store/derived-columns";
import { inTransaction } from "@/lib/store/transaction";

/**
 * A small hand-made data set for the analytics tests, and a way to insert any runs.
 * Only test files import this module.
 */

export interface TestRun {
  id: string;
  /** ISO-8601 UTC; null = never started (the run then counts at queuedAt). */
  start: string | null;
  queued?: string;
  tier: string;
  owner: string;
  project: string;
  user: string;
  runType: string;
  status: string;
  cost: string;
  currency?: string;
  durationSec: number;
  title?: string;
  command?: string;
  price?: string;
}

/** The columns migration 1 created, in order: what every writer of `runs` provides. */
const RUN_COLUMNS = `run_id, batch_id, title, command, status, run_type, user_name, user_id, project_owner_name,
  project_owner_id, project_name, project_id, run_duration_sec, hardware_tier, hardware_tier_cost_currency,
  hardware_tier_cost_amount, queued_time, start_time, end_time, total_cost_currency, total_cost_amount,
  compute_cluster_details, started_at, compute_hours, project_key, in_flight`;

/**
 * Inserts runs as a writer that knows only the first migration's columns; `fill` then stores
 * the derived columns as lib/sync does. Without it they stay NULL and queries compute them.
 */
export async function insertRuns(conn: DuckDBConnection, runs: readonly TestRun[], options: { fill?: boolean } = {}): Promise<void> {
  await inTransaction(conn, async () => {
    for (const r of runs) {
      const queued = r.queued ?? r.start!;
      const startedAt = r.start ?? queued;
      const inFlight = !["Succeeded", "Failed", "Stopped", "Error"].includes(r.status);
      await conn.run(
        `INSERT INTO runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
          CAST($16 AS DECIMAL(18,8)), CAST($17 AS TIMESTAMPTZ), CAST($18 AS TIMESTAMPTZ), NULL, $19,
          CAST($20 AS DECIMAL(18,6)), NULL, CAST($21 AS TIMESTAMPTZ), $22, $23, $24)`,
        [
          r.id,
          String(Date.parse(queued)),
          r.title ?? `run ${r.id}`,
          r.command ?? `python ${r.id}.py`,
          r.status,
          r.runType,
          r.user,
          `id-${r.user}`,
          r.owner,
          `id-${r.owner}`,
          r.project,
          `id-${r.owner}-${r.project}`,
          r.durationSec,
          r.tier,
          r.currency ?? "USD",
          r.price ?? "0.0011",
          queued,
          r.start,
          r.currency ?? "USD",
          r.cost,
          startedAt,
          r.durationSec / 3600,
          `${r.owner}/${r.project}`,
          inFlight,
        ],
      );
    }
    if (options.fill) await fillDerivedColumns(conn);
  });
}

export async function setDataInfo(conn: DuckDBConnection, dataVersion: number, asOf: string | null): Promise<void> {
  await conn.run("UPDATE sync_state SET data_version = $1, last_success_at = CAST($2 AS TIMESTAMPTZ) WHERE id = 1", [
    dataVersion,
    asOf,
  ]);
}

/**
 * Seven runs chosen for their edges. In Europe/Berlin (UTC+1 in winter, +2 from
 * 2024-03-31 01:00 UTC): r1 and r2 start at 23:30 UTC and belong to the next local day;
 * r2 is a Sunday in UTC but a Monday in Berlin (another ISO week); r1 is January in UTC
 * and February in Berlin; r3 never started; r5 is in EUR; r6 starts 30 minutes before the
 * clock change; r7 is in summer time. Tier "Small" changed price on r7.
 */
export const FIXTURE: readonly TestRun[] = [
  { id: "r1", start: "2024-01-31T23:30:00.000Z", tier: "Small", owner: "alice", project: "alpha", user: "alice", runType: "Batch", status: "Succeeded", cost: "10.00", durationSec: 3600 },
  { id: "r2", start: "2024-02-04T23:30:00.000Z", tier: "Large", owner: "bob", project: "beta", user: "bob", runType: "Workspace", status: "Failed", cost: "20.50", durationSec: 7200, price: "0.0042" },
  { id: "r3", start: null, queued: "2024-02-10T12:00:00.000Z", tier: "Small", owner: "alice", project: "alpha", user: "carol", runType: "Launcher", status: "Queued", cost: "0", durationSec: 0 },
  { id: "r4", start: "2024-02-15T10:00:00.000Z", tier: "GPU", owner: "bob", project: "alpha", user: "alice", runType: "App", status: "Stopped", cost: "5.25", durationSec: 1800, title: "Nightly GPU training", price: "0.05" },
  { id: "r5", start: "2024-03-01T00:30:00.000Z", tier: "Large", owner: "alice", project: "alpha", user: "bob", runType: "Batch", status: "Error", cost: "3.10", currency: "EUR", durationSec: 900, price: "0.0040" },
  { id: "r6", start: "2024-03-30T23:30:00.000Z", tier: "Small", owner: "carol", project: "gamma", user: "carol", runType: "Other", status: "Succeeded", cost: "1.00", durationSec: 60 },
  { id: "r7", start: "2024-04-01T22:30:00.000Z", tier: "Small", owner: "carol", project: "gamma", user: "alice", runType: "Batch", status: "Succeeded", cost: "2.00", durationSec: 120, price: "0.0012" },
];

/** An in-memory store holding `runs` (the fixture by default) and a connection to it. */
export async function fixtureStore(runs: readonly TestRun[] = FIXTURE, options: { fill?: boolean } = {}) {
  const { openStore } = await import("@/lib/store/db");
  const store = await openStore(":memory:");
  const conn = await store.connect();
  await insertRuns(conn, runs, options);
  return { store, conn };
}

/**
 * Points the process's settings at a fresh DATA_DIR holding the fixture, for tests that call
 * route handlers. Call before anything reads the settings.
 */
export async function routeTestStore(timeZone = "UTC") {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dir = mkdtempSync(path.join(tmpdir(), "runledger-analytics-"));
  process.env.DATA_DIR = dir;
  process.env.RUNLEDGER_TIMEZONE = timeZone;
  delete process.env.DOMINO_API_HOST;
  // A store another test file opened in this worker must not be reused.
  (globalThis as { __runledgerStore?: unknown }).__runledgerStore = undefined;
  const { getStore } = await import("@/lib/store/db");
  const store = await getStore(dir);
  const conn = await store.connect();
  await insertRuns(conn, FIXTURE, { fill: true });
  await setDataInfo(conn, 7, "2024-04-02T08:00:00.000Z");
  conn.closeSync();
  return { store, dir };
}

/** Calls a route handler the way Next.js does and returns status and JSON body. */
export async function callRoute(
  get: (request: Request) => Promise<Response>,
  pathAndQuery: string,
): Promise<{ status: number; body: any }> {
  const response = await get(new Request(`http://localhost${pathAndQuery}`));
  return { status: response.status, body: await response.json() };
}
