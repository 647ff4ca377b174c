import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { answer, type AnswerOptions } from "../../lib/analytics/answer";
import { breakdownParams, computeBreakdown } from "../../lib/analytics/breakdown";
import { noFilters, type Filters } from "../../lib/contract/filters";
import { getOverview, overviewParams } from "../../lib/analytics/overview";
import { refreshRollups } from "../../lib/analytics/rollups";
import { addDays } from "../../lib/contract/days";
import type { GatewayConnection } from "../../lib/gateway/connection";
import { ReplicaCoordinator } from "../../lib/replica/coordinator";
import { openStore, STORE_FILE_NAME, type Store } from "../../lib/store/db";
import { createPgPool, migratePg } from "../../lib/store/postgres/connection";
import { startTempCluster } from "../../lib/store/postgres/temp-cluster";
import { runSync } from "../../lib/sync/run-sync";
import { download, startServer, stats } from "./csv";
import type { Bench, BenchContext, BenchRow } from "./harness";
import { replicasThroughput } from "./replicas-throughput";
import { stopChild } from "./simulator-process";

/**
 * Replicas (docs/replicas.md), side by side with a plain DuckDB store in one run:
 *  - backfill: into a plain store; by a replica (its DuckDB, each batch published to
 *    PostgreSQL by COPY under the sync lock); a second replica's full catch-up from PostgreSQL;
 *  - the overview (all time, from the rollups; 90 days filtered to one tier) on the plain store
 *    and on the second replica's store;
 *  - the runs CSV over HTTP from the plain store and from the second replica's store: a
 *    replica answers from its local DuckDB, so the export is the same streamed, windowed
 *    DuckDB export (lib/csv/runs-stream.ts) as a single server's, with the same bytes;
 *  - two replicas against one under the load test's analytics mix (replicas-throughput.ts).
 * Wall and CPU of this process (PostgreSQL's own CPU is not counted), load average on each row.
 */

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; wallS: number; cpuS: number; load: string }> {
  const before = os.loadavg()[0]!;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { result, wallS: (performance.now() - t) / 1000, cpuS: (used.user + used.system) / 1e6, load: `${before.toFixed(1)}–${os.loadavg()[0]!.toFixed(1)}` };
}

const row = (m: { wallS: number; cpuS: number; load: string }, runs: number) => ({
  "wall s": m.wallS.toFixed(1),
  "Node CPU s": m.cpuS.toFixed(1),
  runs: runs.toLocaleString("en-US"),
  "load avg": m.load,
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const SAMPLES = 15;

const summary = (samples: number[], load: string) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { "p50 ms": median(sorted).toFixed(0), "p95 ms": sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!.toFixed(0), "load avg": load };
};

/**
 * The overview (GET /api/overview's one function, uncached) on each store: all time (from the
 * rollups) and 90 days filtered to the busiest tier. Samples alternate between the stores, so
 * both see the same machine.
 */
async function overviewRows(context: BenchContext, stores: { label: string; store: Store; replica: boolean }[]): Promise<BenchRow[]> {
  const params = overviewParams.parse({ interval: "day", stackBy: "hardwareTier", limit: 6 });
  const prepared = [];
  for (const { label, store, replica } of stores) {
    // Built as the server builds them after a sync (a replica: after each catch-up).
    await refreshRollups(store, "UTC", { force: true });
    const options: AnswerOptions = { store, timeZone: "UTC", noCache: true };
    const all = noFilters();
    const last = (await answer("last", "", async ({ conn }) => {
      const r = (await conn.runAndReadAll("SELECT CAST(CAST(max(started_at) AS DATE) AS VARCHAR) AS d FROM runs")).getRowObjectsJS()[0]!;
      return { d: String(r.d) };
    }, options)).d;
    const tier = (await answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, all, timeZone, breakdownParams.parse({ by: "hardwareTier", limit: 1 })), options)).rows[0]?.key;
    const last90: Filters = { ...all, from: addDays(last, -89), to: last, tier: tier ? [tier] : [] };
    prepared.push({ label, replica, all: () => getOverview(all, params, options), last90: () => getOverview(last90, params, options) });
  }
  const at1M = context.runs >= 1_000_000;
  const rows: BenchRow[] = [];
  for (const [bench, which, target, limit] of [
    ["overview, all time (rollups)", "all", "p50 < 150 ms (1M runs)", 150],
    ["overview, 90 days, one tier", "last90", "p50 < 100 ms (1M runs)", 100],
  ] as const) {
    context.log(`replicas: ${bench}, ${stores.map((s) => s.label).join(" and ")} in turn`);
    for (const p of prepared) await p[which]();
    const before = os.loadavg()[0]!;
    const samples = prepared.map(() => [] as number[]);
    for (let i = 0; i < SAMPLES; i++) {
      for (const [j, p] of prepared.entries()) {
        const t = performance.now();
        await p[which]();
        samples[j]!.push(performance.now() - t);
      }
    }
    const load = `${before.toFixed(1)}–${os.loadavg()[0]!.toFixed(1)}`;
    for (const [j, p] of prepared.entries()) {
      const p50 = median(samples[j]!);
      rows.push({ bench, variant: p.label, figures: summary(samples[j]!, load), ...(p.replica ? { target, ...(at1M ? { met: p50 < limit } : {}) } : {}) });
    }
  }
  return rows;
}

async function csvRows(context: BenchContext, dirs: { label: string; dataDir: string; replica: boolean }[]): Promise<BenchRow[]> {
  const bench = `runs CSV over HTTP, ${context.runs.toLocaleString("en-US")} runs`;
  const servers: { label: string; replica: boolean; url: string; child: Awaited<ReturnType<typeof startServer>>["child"] }[] = [];
  try {
    for (const { label, dataDir, replica } of dirs) {
      const tmp = path.join(dataDir, "csv-tmp");
      mkdirSync(tmp, { recursive: true });
      servers.push({ label, replica, ...(await startServer(dataDir, tmp)) });
    }
    const results = new Map<string, { wall: number[]; growth: number[]; rows: number; bytes: number }>();
    // Warm (opens the store), then alternate so both see the same machine.
    for (const s of servers) await download(s.url);
    const baseline = new Map(await Promise.all(servers.map(async (s) => [s.label, (await stats(s.url)).rss] as const)));
    for (let i = 0; i < 3; i++) {
      for (const s of servers) {
        context.log(`replicas: CSV from ${s.label}, try ${i + 1} of 3`);
        const d = await download(s.url);
        const r = results.get(s.label) ?? { wall: [], growth: [], rows: d.rows, bytes: d.bytes };
        r.wall.push(d.wallS);
        r.growth.push((d.peak - baseline.get(s.label)!) / 2 ** 20);
        results.set(s.label, r);
      }
    }
    return servers.map((s) => {
      const r = results.get(s.label)!;
      const wall = median(r.wall);
      const growth = Math.max(...r.growth);
      return {
        bench,
        variant: s.label,
        figures: {
          "wall s (med)": wall.toFixed(2),
          "RSS growth MB (max)": growth.toFixed(0),
          rows: r.rows.toLocaleString("en-US"),
          MB: (r.bytes / 1e6).toFixed(0),
        },
        ...(s.replica
          ? { target: "≤ 5 s, memory flat (RSS growth < 100 MB), every row", ...(context.runs >= 1_000_000 ? { met: wall <= 5 && growth < 100 && r.rows >= context.runs } : {}) }
          : {}),
      };
    });
  } finally {
    await Promise.all(servers.map((s) => stopChild(s.child)));
  }
}

export const replicasBench: Bench = {
  name: "replicas",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const sim = await context.simulator();
    const gateway: GatewayConnection = { baseUrl: sim.url, auth: { kind: "api-key", secret: sim.adminKey }, limit: 1000, timeoutMs: 60_000 };
    const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-replicas-"));
    const cluster = await startTempCluster({ durable: true });
    const pool = createPgPool(cluster.url);
    try {
      await migratePg(pool);
      const bench = `backfill ${context.runs.toLocaleString("en-US")} runs`;

      context.log(`${bench}: plain DuckDB store`);
      const plainDir = path.join(dir, "plain");
      const plain = await openStore(path.join(plainDir, STORE_FILE_NAME));
      const plainRun = await timed(() => runSync({ store: plain, gateway, spoolDir: path.join(plainDir, "spool") }));

      context.log(`${bench}: replica (DuckDB + COPY into PostgreSQL per batch)`);
      const writerStore = await openStore(path.join(dir, "writer", STORE_FILE_NAME));
      const writer = new ReplicaCoordinator({ store: writerStore, pool, databaseUrl: cluster.url });
      const replicaRun = await timed(() =>
        writer.exclusive((afterBatch) => runSync({ store: writerStore, gateway, spoolDir: path.join(dir, "writer", "spool"), afterBatch })),
      );
      writerStore.close();

      context.log(`${bench}: a second replica catching up from PostgreSQL`);
      const followerDir = path.join(dir, "follower");
      const followerStore = await openStore(path.join(followerDir, STORE_FILE_NAME));
      const follower = new ReplicaCoordinator({ store: followerStore, pool, databaseUrl: cluster.url });
      const follow = await timed(() => follower.catchUpNow());

      const stored = replicaRun.result?.runsStored ?? 0;
      const rows: BenchRow[] = [
        { bench, variant: "plain DuckDB (lib/sync)", figures: row(plainRun, plainRun.result.runsStored) },
        {
          bench,
          variant: "replica: lib/sync + each batch COPYed into PostgreSQL",
          figures: row(replicaRun, stored),
          target: "≤ 30 s (1M runs, into PostgreSQL)",
          ...(context.runs >= 1_000_000 ? { met: replicaRun.wallS <= 30 && stored >= context.runs } : {}),
        },
        { bench, variant: "second replica: full catch-up from PostgreSQL", figures: row(follow, follow.result?.runs ?? 0) },
      ];

      // The CSV first, from servers of their own over the two files (closed here: the analytics
      // below keep pooled connections, and with them DuckDB's lock on the file, open).
      plain.close();
      followerStore.close();
      rows.push(
        ...(await csvRows(context, [
          { label: "plain DuckDB store", dataDir: plainDir, replica: false },
          { label: "replica: its local DuckDB's streamed export", dataDir: followerDir, replica: true },
        ])),
      );

      const plainAgain = await openStore(path.join(plainDir, STORE_FILE_NAME));
      const followerAgain = await openStore(path.join(followerDir, STORE_FILE_NAME));
      rows.push(
        ...(await overviewRows(context, [
          { label: "plain DuckDB store", store: plainAgain, replica: false },
          { label: "replica (local DuckDB following PostgreSQL)", store: followerAgain, replica: true },
        ])),
      );

      rows.push(...(await replicasThroughput(context, { databaseUrl: cluster.url, gatewayUrl: sim.url, gatewayKey: sim.adminKey, runs: stored })));
      return rows;
    } finally {
      await pool.end();
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
