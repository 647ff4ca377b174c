import { createPgPool, migratePg, type PgPool } from "@/lib/store/postgres/connection";
import { SyncManager } from "@/lib/sync/sync-manager";
import { FAST_RETRY, startTestSimulator, tempStore, type TempStore } from "@/lib/sync/testing/fixtures";
import { ReplicaCoordinator } from "../coordinator";

/**
 * One replica for the replica tests: a DuckDB store of its own in a temp folder, a pool on the
 * shared database, its coordinator and a sync manager syncing from the test simulator in small
 * batches. Its clean-up goes into `cleanups` (the test file runs them after each test).
 */

export interface TestReplica {
  temp: TempStore;
  pool: PgPool;
  coordinator: ReplicaCoordinator;
  manager: SyncManager;
}

type Connection = ReturnType<Awaited<ReturnType<typeof startTestSimulator>>["connection"]>;

export async function testReplica(url: string, gateway: () => Connection, cleanups: (() => unknown)[]): Promise<TestReplica> {
  const temp = await tempStore();
  const pool = createPgPool(url);
  cleanups.push(async () => {
    await pool.end();
    temp.cleanup();
  });
  await migratePg(pool);
  const coordinator = new ReplicaCoordinator({ store: temp.store, pool, databaseUrl: url });
  const manager = new SyncManager({
    store: temp.store,
    gateway: async () => gateway(),
    spoolDir: temp.spoolDir,
    coordinator,
    syncOptions: { batchPages: 3, fetchOptions: { retry: FAST_RETRY } },
    log: () => {},
  });
  return { temp, pool, coordinator, manager };
}
