import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, expect, test } from "vitest";
import { answer, type AnswerOptions } from "@/lib/analytics/answer";
import { breakdownParams, computeBreakdown } from "@/lib/analytics/breakdown";
import { DIMENSIONS } from "@/lib/analytics/dimensions";
import { noFilters, type Filters } from "@/lib/analytics/filters";
import { getOverview, overviewParams } from "@/lib/analytics/overview";
import { refreshRollups } from "@/lib/analytics/rollups";
import { computeTimeseries, timeseriesParams } from "@/lib/analytics/timeseries";
import type { Store } from "@/lib/store/db";
import { createPgPool, type PgPool } from "@/lib/store/postgres/connection";
import { describeWithPostgres, usePgCluster } from "@/lib/store/postgres/testing/pg-fixture";
import { readSyncState } from "@/lib/store/sync-state";
import { runSync } from "@/lib/sync/run-sync";
import { SyncManager } from "@/lib/sync/sync-manager";
import { ADMIN_KEY, expectedTotals, FAST_RETRY, startTestSimulator, storeTotals, tempStore, type Totals } from "@/lib/sync/testing/fixtures";
import { ApiError } from "@/lib/api/errors";
import { freePort } from "@/lib/store/postgres/temp-cluster";
import { getStore, setStoreGate } from "@/lib/store/db";
import { ReplicaCoordinator } from "./coordinator";
import { startReplica } from "./start";
import { testReplica } from "./testing/test-replica";

/**
 * Replicas on a real PostgreSQL (a throw-away cluster for this file): the sync publishes into
 * it under the advisory lock, other replicas' DuckDB copies follow it, one replica syncs at a
 * time, a killed syncer's work is taken over, and the answers equal a plain store's.
 */

const ROOT = path.resolve(__dirname, "../..");
const CHILD = path.join(__dirname, "testing/replica-sync-child.ts");
const cleanups: (() => unknown)[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** The runs in PostgreSQL, as storeTotals reads a DuckDB store. */
async function sharedTotals(pool: PgPool): Promise<Totals> {
  const row = (
    await pool.query(
      `SELECT count(*) AS n, (coalesce(sum(total_cost_amount), 0) * 1000000)::bigint::text AS micros,
              count(*) FILTER (WHERE in_flight) AS open FROM runs`,
    )
  ).rows[0];
  const ids = (await pool.query("SELECT run_id FROM runs ORDER BY run_id COLLATE \"C\"")).rows.map((r) => String(r.run_id));
  return { count: Number(row.n), ids, costMicros: BigInt(row.micros), inFlight: Number(row.open) };
}

const replica = (url: string, gateway: Parameters<typeof testReplica>[1]) => testReplica(url, gateway, cleanups);

describeWithPostgres("replicas on PostgreSQL", () => {
  const pg = usePgCluster();

  test("backfill, then incremental syncs: PostgreSQL and a following replica hold exactly the gateway's runs", async () => {
    const sim = await startTestSimulator({ runs: 3_000 });
    cleanups.push(() => sim.close());
    const url = await pg.freshDatabase();
    const a = await replica(url, () => sim.connection(100));
    const b = await replica(url, () => sim.connection(100));

    expect((await a.manager.syncNow())?.kind).toBe("backfill");
    const first = expectedTotals(sim.spec, sim.clock.nowMs);
    expect(await sharedTotals(a.pool)).toEqual(first);
    await b.coordinator.current();
    expect(await storeTotals(b.temp.store)).toEqual(first);

    // Two days later: new runs, and runs open at the first sync have finished.
    sim.clock.nowMs += 2 * 86_400_000;
    expect((await a.manager.syncNow())?.kind).toBe("incremental");
    const second = expectedTotals(sim.spec, sim.clock.nowMs);
    expect(second.count).toBeGreaterThan(first.count);
    expect(await sharedTotals(a.pool)).toEqual(second);
    await b.coordinator.current();
    expect(await storeTotals(b.temp.store)).toEqual(second);
    expect(await storeTotals(a.temp.store)).toEqual(second);

    // The follower carries the sync state too: cursor, version, when data is as of.
    const [stateA, stateB] = await Promise.all([a.temp.store, b.temp.store].map(async (store) => {
      const conn = await store.connect();
      try {
        return await readSyncState(conn);
      } finally {
        conn.closeSync();
      }
    }));
    expect(stateB).toEqual(stateA);
    expect(stateB!.lastSuccessAt).not.toBeNull();
  }, 120_000);

  test("a full re-sync on the syncing replica is published whole: followers reload it and still equal the gateway", async () => {
    const sim = await startTestSimulator({ runs: 2_000 });
    cleanups.push(() => sim.close());
    const url = await pg.freshDatabase();
    const a = await replica(url, () => sim.connection(100));
    const b = await replica(url, () => sim.connection(100));
    expect(await a.manager.syncNow()).not.toBeNull();
    expect((await b.coordinator.catchUpNow())?.kind).toBe("full");
    const generation = Number((await a.pool.query("SELECT generation FROM sync_state")).rows[0].generation);

    sim.clock.nowMs += 86_400_000;
    expect((await a.manager.syncNow({ full: true }))?.kind).toBe("resync");
    expect(Number((await a.pool.query("SELECT generation FROM sync_state")).rows[0].generation)).toBe(generation + 1);
    const expected = expectedTotals(sim.spec, sim.clock.nowMs);
    expect(await sharedTotals(a.pool)).toEqual(expected);
    // A new generation: the follower reloads rather than applying changes on top.
    expect((await b.coordinator.catchUpNow())?.kind).toBe("full");
    expect(await storeTotals(b.temp.store)).toEqual(expected);
  }, 120_000);

  test("PostgreSQL unreachable: a read is refused with 503 unavailable rather than answered from a copy that may be behind", async () => {
    const temp = await tempStore();
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const pool = createPgPool(url);
    cleanups.push(async () => {
      await pool.end();
      temp.cleanup();
    });
    const coordinator = new ReplicaCoordinator({ store: temp.store, pool, databaseUrl: url });
    const refused = await coordinator.current().then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe("unavailable");
    expect((refused as ApiError).status).toBe(503);
  });

  test("through getStore, as the routes read: every read after a sync committed on another replica sees it, without waiting for any timer", async () => {
    const sim = await startTestSimulator({ runs: 1_500 });
    cleanups.push(() => sim.close());
    const url = await pg.freshDatabase();
    const writer = await replica(url, () => sim.connection(100));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "runledger-replica-process-"));
    const store = await getStore(dataDir);
    const coordinator = await startReplica({ DATABASE_URL: url, REPLICA_FRESHNESS_MS: 0 }, store, () => {});
    cleanups.push(async () => {
      setStoreGate(null);
      await coordinator.close();
      store.close();
      (globalThis as { __runledgerStore?: unknown }).__runledgerStore = undefined;
    });

    for (let day = 0; day < 3; day++) {
      sim.clock.nowMs += day === 0 ? 0 : 86_400_000;
      expect(await writer.manager.syncNow()).not.toBeNull();
      // No explicit catch-up: getStore itself brings the copy to the version just committed.
      const read = await getStore(dataDir);
      expect(await storeTotals(read)).toEqual(expectedTotals(sim.spec, sim.clock.nowMs));
    }
  }, 120_000);

  test("two replicas syncing at once: one syncs, the other skips and then serves the same runs", async () => {
    const sim = await startTestSimulator({ runs: 2_000, faults: { latencyMs: 20 } });
    cleanups.push(() => sim.close());
    const url = await pg.freshDatabase();
    const a = await replica(url, () => sim.connection(100));
    const b = await replica(url, () => sim.connection(100));

    const [ra, rb] = await Promise.all([a.manager.syncNow(), b.manager.syncNow()]);
    expect([ra, rb].filter((r) => r !== null)).toHaveLength(1);
    const expected = expectedTotals(sim.spec, sim.clock.nowMs);
    expect(await sharedTotals(a.pool)).toEqual(expected);
    for (const r of [a, b]) {
      await r.coordinator.current();
      expect(await storeTotals(r.temp.store)).toEqual(expected);
    }
    // The one that skipped recorded no failure.
    expect((await (ra === null ? a : b).manager.status()).lastError).toBeNull();
  }, 120_000);

  test("the syncing replica SIGKILLed mid-backfill: another takes over within one interval, resumes at the cursor, nothing lost or twice", async () => {
    // 150 pages of 100 runs at 40 ms each: the child is well inside its backfill when killed.
    const sim = await startTestSimulator({ runs: 15_000, faults: { latencyMs: 40 } });
    cleanups.push(() => sim.close());
    const url = await pg.freshDatabase();
    const dead = await tempStore();
    dead.store.close();
    cleanups.push(() => dead.cleanup());

    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", CHILD, dead.dir, url, sim.sim.url, ADMIN_KEY, "100", "3"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.push(child);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    const lines = createInterface({ input: child.stdout! });
    let published = 0;
    const twoBatches = new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => {
        const match = /^published (\d+)$/.exec(line);
        if (match && ++published === 2) resolve();
      });
      void exited.then(() => reject(new Error(`the child ended before two batches: ${stderr}`)));
    });
    await twoBatches;

    // The other replica, scheduled every second, is refused the lock while the child syncs.
    const b = await replica(url, () => sim.connection(100));
    expect(await b.manager.syncNow()).toBeNull();

    // Killed in the middle of its next batch (each takes about 3 × 40 ms of fetching).
    await new Promise((r) => setTimeout(r, 60));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const killedAt = Date.now();
    const storedWhenKilled = (await sharedTotals(b.pool)).count;
    expect(storedWhenKilled).toBeGreaterThan(0);

    const intervalMs = 1_000;
    let tookOverAt = 0;
    const summary = await new Promise<Awaited<ReturnType<SyncManager["syncNow"]>>>((resolve) => {
      const timer = setInterval(() => {
        const attemptAt = Date.now();
        const { started, done } = b.manager.request();
        if (!started) return;
        void done.then((result) => {
          if (result === null) return; // the dying session still held the lock: next tick
          clearInterval(timer);
          tookOverAt = attemptAt;
          resolve(result);
        });
      }, intervalMs);
      cleanups.push(() => clearInterval(timer));
    });
    expect(tookOverAt - killedAt).toBeLessThanOrEqual(intervalMs + 500);
    // Resumed: it read only what the dead replica had not published, not the whole history.
    const expected = expectedTotals(sim.spec, sim.clock.nowMs);
    expect(summary!.kind).toBe("incremental");
    expect(summary!.runsStored).toBeLessThan(expected.count);
    expect(await sharedTotals(b.pool)).toEqual(expected);
    expect(await storeTotals(b.temp.store)).toEqual(expected);
  }, 180_000);

  test("analytics from a replica fed by PostgreSQL equal a plain DuckDB store's, to the cent", async () => {
    const sim = await startTestSimulator({ runs: 4_000 });
    cleanups.push(() => sim.close());
    const url = await pg.freshDatabase();
    const writer = await replica(url, () => sim.connection(250));
    const follower = await replica(url, () => sim.connection(250));
    expect(await writer.manager.syncNow()).not.toBeNull();
    await follower.coordinator.current();

    const plain = await tempStore();
    cleanups.push(() => plain.cleanup());
    await runSync({ store: plain.store, gateway: sim.connection(250), spoolDir: plain.spoolDir, fetchOptions: { retry: FAST_RETRY } });

    const now = sim.clock.nowMs;
    // With rollups built on both (all-time answers read them), as the server builds them.
    for (const store of [plain.store, follower.temp.store]) await refreshRollups(store, "Europe/Berlin", { force: true });
    const ask = async (store: Store, filters: Filters) => {
      const options: AnswerOptions = { store, timeZone: "Europe/Berlin", noCache: true, now };
      const overview = await getOverview(filters, overviewParams.parse({ interval: "week", stackBy: "project" }), options);
      const breakdowns = [];
      for (const by of DIMENSIONS) {
        breakdowns.push(await answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, filters, timeZone, breakdownParams.parse({ by, limit: 1000 })), options));
      }
      const series = await answer("s", "", ({ conn, timeZone }) => computeTimeseries(conn, filters, timeZone, timeseriesParams.parse({ interval: "day", stackBy: "hardwareTier" })), options);
      const strip = <T extends { dataVersion: number; dataAsOf: string | null }>({ dataVersion: _v, dataAsOf: _a, ...rest }: T) => rest;
      return { overview: strip(overview), breakdowns: breakdowns.map(strip), series: strip(series) };
    };
    const all = noFilters();
    const expected = await ask(plain.store, all);
    expect(await ask(follower.temp.store, all)).toEqual(expected);
    const tier = expected.breakdowns[0]!.rows[0]!.key;
    const filtered: Filters = { ...all, tier: [tier], from: "2025-03-01", to: "2025-05-31" };
    expect(await ask(follower.temp.store, filtered)).toEqual(await ask(plain.store, filtered));
    // Both stores hold the gateway's runs to the micro-unit (the totals above are sums of these).
    expect(await storeTotals(follower.temp.store)).toEqual(expectedTotals(sim.spec, now));
  }, 120_000);

  // Last in the file: it stops the file's cluster (and starts it again).
  test("PostgreSQL restarted mid-sync: the sync stops as store_unavailable, reads answer 503 meanwhile, and both recover by themselves", async () => {
    const sim = await startTestSimulator({ runs: 10_000, faults: { latencyMs: 30 } });
    cleanups.push(() => sim.close());
    const url = await pg.freshDatabase();
    const a = await replica(url, () => sim.connection(100));
    const b = await replica(url, () => sim.connection(100));
    cleanups.push(() => {
      // Whatever happened above, the cluster is left running for the file's teardown.
      try {
        pg.cluster().startServer();
      } catch {
        // already running
      }
    });

    const { done } = a.manager.request();
    // Wait for a first published batch, then take the database away.
    for (let i = 0; i < 400 && Number((await a.pool.query("SELECT count(*) AS n FROM runs")).rows[0].n) === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    pg.cluster().stopServer();
    expect(await done).toBeNull();
    const status = await a.manager.status().then(
      () => null,
      (error: unknown) => error,
    );
    // The status itself cannot check the shared state: 503 unavailable.
    expect((status as ApiError).code).toBe("unavailable");
    expect((await b.coordinator.current().then(() => null, (error: unknown) => error) as ApiError).code).toBe("unavailable");

    pg.cluster().startServer();
    // The failure was recorded locally with its own code…
    const conn = await a.temp.store.connect();
    const local = await readSyncState(conn);
    conn.closeSync();
    expect(local.lastError?.code).toBe("store_unavailable");
    // …and the next sync resumes at the stored cursor and ends exact; the follower serves it.
    expect((await a.manager.syncNow())?.kind).toBe("incremental");
    const expected = expectedTotals(sim.spec, sim.clock.nowMs);
    expect(await sharedTotals(a.pool)).toEqual(expected);
    await b.coordinator.current();
    expect(await storeTotals(b.temp.store)).toEqual(expected);
  }, 180_000);
});
