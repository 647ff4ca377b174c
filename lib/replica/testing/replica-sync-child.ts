import path from "node:path";
import { openStore } from "@/lib/store/db";
import { createPgPool, migratePg } from "@/lib/store/postgres/connection";
import { runSync } from "@/lib/sync/run-sync";
import { FAST_RETRY } from "@/lib/sync/testing/fixtures";
import { ReplicaCoordinator } from "../coordinator";

/**
 * One replica's sync in a process of its own, for the failover test to SIGKILL mid-batch:
 * `replica-sync-child.ts DATA_DIR DATABASE_URL GATEWAY_URL KEY LIMIT BATCH_PAGES`. Prints
 * `locked` or `skipped`, then `published <runs>` after each batch committed locally (the batch before
 * it is then in PostgreSQL: each is applied while the next is written), `done` at the end.
 */
async function main(): Promise<void> {
  const [dataDir, databaseUrl, url, key, limit, batchPages] = process.argv.slice(2);
  if (!dataDir || !databaseUrl || !url || !key) throw new Error("usage: replica-sync-child.ts DATA_DIR DATABASE_URL GATEWAY_URL KEY [LIMIT] [BATCH_PAGES]");
  const store = await openStore(path.join(dataDir, "runledger.duckdb"));
  const pool = createPgPool(databaseUrl);
  await migratePg(pool);
  const coordinator = new ReplicaCoordinator({ store, pool, databaseUrl });
  const summary = await coordinator.exclusive(async (afterBatch) => {
    process.stdout.write("locked\n");
    return runSync({
      store,
      gateway: { baseUrl: url, auth: { kind: "api-key", secret: key }, limit: Number(limit ?? 200), timeoutMs: 10_000 },
      spoolDir: path.join(dataDir, "spool"),
      batchPages: Number(batchPages ?? 3),
      fetchOptions: { retry: FAST_RETRY },
      afterBatch,
      onProgress: (_kind, progress) => process.stdout.write(`published ${progress.runsStored}\n`),
    });
  });
  process.stdout.write(summary === null ? "skipped\n" : "done\n");
  await pool.end();
  store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
