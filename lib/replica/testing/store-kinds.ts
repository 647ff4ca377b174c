import type { DuckDBConnection } from "@duckdb/node-api";
import pg from "pg";
import { fixtureStore, type TestRun } from "@/lib/analytics/test-data";
import { openStore, type Store } from "@/lib/store/db";
import { createPgPool, migratePg } from "@/lib/store/postgres/connection";
import { pgAvailable, usePgCluster } from "@/lib/store/postgres/testing/pg-fixture";
import { runSync, type SyncOptions, type SyncSummary } from "@/lib/sync/run-sync";
import { tempStore } from "@/lib/sync/testing/fixtures";
import { ReplicaCoordinator } from "../coordinator";
import { catchUp } from "../follow";
import { publishAll, recordPublished } from "../publish";

/**
 * One set of tests, two stores: the analytics, CSV and sync suites run with
 * `describe.each(STORE_KINDS)` against a plain DuckDB store and against a replica's store
 * (docs/replicas.md), which got its runs through PostgreSQL: written into one store, published
 * whole by the syncer's code (publishAll) into a fresh database of a throw-away cluster, and
 * followed (catchUp) by a second store, the one a follower replica answers from. Only test
 * files import this module. Without PostgreSQL installed only "duckdb" runs (CI installs it,
 * and pg-fixture fails there when it is missing).
 */

export type StoreKind = "duckdb" | "replica";

export const STORE_KINDS: readonly StoreKind[] = pgAvailable ? ["duckdb", "replica"] : ["duckdb"];

/** A store a sync writes into, as the tests of lib/sync see it. */
export interface SyncTarget {
  /** The store the test reads: the one synced (duckdb), or a replica following the syncer (replica). */
  store: Store;
  /**
   * One sync as the server runs it: into the store (duckdb); or by a second, syncing replica
   * under the lock, each batch published to PostgreSQL, then `store` caught up (replica).
   */
  sync(options: Omit<SyncOptions, "store" | "spoolDir" | "afterBatch">): Promise<SyncSummary>;
  /** Sets the cursor the next sync resumes at: the store's own, or the shared one. */
  setCursor(batchId: string): Promise<void>;
  cleanup(): Promise<void>;
}

export interface StoreKindFixture {
  /** An empty store to sync into (temp folders, removed by `cleanup`). */
  syncTarget(): Promise<SyncTarget>;
  /** `source` itself (duckdb), or a new store that followed it through PostgreSQL (replica). */
  through(source: Store): Promise<Store>;
  /** lib/analytics' fixtureStore, then `through`: the store and a connection the test reads. */
  fixtureStore(runs?: readonly TestRun[], options?: { fill?: boolean }): Promise<{ store: Store; conn: DuckDBConnection }>;
}

/** Call at the top of a describe block of `describe.each(STORE_KINDS)`; starts a cluster for "replica". */
export function useStoreKind(kind: StoreKind): StoreKindFixture {
  const cluster = kind === "replica" ? usePgCluster() : null;
  const through = async (source: Store): Promise<Store> => {
    if (!cluster) return source;
    const url = await cluster.freshDatabase();
    const pool = createPgPool(url);
    const lock = new pg.Client(url);
    try {
      await migratePg(pool);
      await lock.connect();
      const conn = await source.connect();
      try {
        // Times travel as text in UTC, as the syncing replica's own connection writes them.
        await conn.run("SET TimeZone = 'UTC'");
        await recordPublished(conn, (await publishAll(conn, lock)).stamp);
      } finally {
        conn.closeSync();
      }
      const follower = await openStore(":memory:");
      const outcome = await catchUp(follower, pool);
      if (outcome.kind !== "full") throw new Error(`the follower's first catch-up was ${outcome.kind}, not full`);
      return follower;
    } finally {
      await lock.end().catch(() => {});
      await pool.end();
    }
  };
  return {
    through,
    async syncTarget() {
      const reads = await tempStore();
      if (!cluster) {
        return {
          store: reads.store,
          sync: (options) => runSync({ ...options, store: reads.store, spoolDir: reads.spoolDir }),
          async setCursor(batchId) {
            const conn = await reads.store.connect();
            try {
              await conn.run("UPDATE sync_state SET cursor = $c WHERE id = 1", { c: batchId });
            } finally {
              conn.closeSync();
            }
          },
          cleanup: async () => reads.cleanup(),
        };
      }
      const url = await cluster.freshDatabase();
      const pool = createPgPool(url);
      await migratePg(pool);
      const writes = await tempStore();
      const syncer = new ReplicaCoordinator({ store: writes.store, pool, databaseUrl: url });
      const follower = new ReplicaCoordinator({ store: reads.store, pool, databaseUrl: url });
      return {
        store: reads.store,
        async sync(options) {
          const summary = await syncer.exclusive((afterBatch) => runSync({ ...options, store: writes.store, spoolDir: writes.spoolDir, afterBatch }));
          if (summary === null) throw new Error("the syncing replica did not get the sync lock");
          await follower.catchUpNow();
          return summary;
        },
        async setCursor(batchId) {
          await pool.query("UPDATE sync_state SET cursor = $1, serial = serial + 1 WHERE id = 1", [batchId]);
        },
        async cleanup() {
          await pool.end();
          writes.cleanup();
          reads.cleanup();
        },
      };
    },
    async fixtureStore(runs, options) {
      const source = await fixtureStore(runs, options);
      if (!cluster) return source;
      source.conn.closeSync();
      const store = await through(source.store);
      source.store.close();
      return { store, conn: await store.connect() };
    },
  };
}
