import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore, STORE_FILE_NAME } from "../../lib/store/db";
import { createPgPool, migratePg } from "../../lib/store/postgres/connection";
import { startTempCluster } from "../../lib/store/postgres/temp-cluster";
import { ReplicaCoordinator } from "../../lib/replica/coordinator";
import type { GatewayConnection } from "../../lib/gateway/connection";
import { runSync } from "../../lib/sync/run-sync";
import type { Bench, BenchContext, BenchRow } from "./harness";

/**
 * Replicas (docs/replicas.md), side by side in one run: a backfill into a plain DuckDB store,
 * the same backfill by a replica (its DuckDB, each batch published to PostgreSQL by COPY under
 * the sync lock), and a second replica following it (every run copied from PostgreSQL into its
 * DuckDB). In this process (wall and CPU of Node; PostgreSQL's own CPU is not counted), with
 * the machine's load average on each row.
 */

async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; wallS: number; cpuS: number; load: string }> {
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
      const plain = await openStore(path.join(dir, "plain", STORE_FILE_NAME));
      const plainRun = await measure(() => runSync({ store: plain, gateway, spoolDir: path.join(dir, "plain", "spool") }));
      plain.close();

      context.log(`${bench}: replica (DuckDB + COPY into PostgreSQL per batch)`);
      const writerStore = await openStore(path.join(dir, "writer", STORE_FILE_NAME));
      const writer = new ReplicaCoordinator({ store: writerStore, pool, databaseUrl: cluster.url });
      const replicaRun = await measure(() =>
        writer.exclusive((afterBatch) => runSync({ store: writerStore, gateway, spoolDir: path.join(dir, "writer", "spool"), afterBatch })),
      );
      writerStore.close();

      context.log(`${bench}: a second replica catching up from PostgreSQL`);
      const followerStore = await openStore(path.join(dir, "follower", STORE_FILE_NAME));
      const follower = new ReplicaCoordinator({ store: followerStore, pool, databaseUrl: cluster.url });
      const follow = await measure(() => follower.catchUpNow());
      followerStore.close();

      const stored = replicaRun.result?.runsStored ?? 0;
      return [
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
    } finally {
      await pool.end();
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
