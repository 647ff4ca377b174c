import type { SharedTables } from "@/lib/store/shared-tables";
import { createPgPool, migratePg, type PgPool } from "../connection";
import { pgTables } from "../shared-tables";

/**
 * One replica's view of the shared tables in tests: a pool of its own on the shared database
 * (as a separate process would have), the schema migrated as a starting replica does.
 */
export interface ReplicaTables {
  tables: SharedTables;
  pool: PgPool;
  close(): Promise<void>;
}

export async function replicaTables(url: string): Promise<ReplicaTables> {
  const pool = createPgPool(url);
  await migratePg(pool);
  return { tables: pgTables(pool), pool, close: () => pool.end() };
}
