import "server-only";
import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import type { SharedTables, SharedValue } from "@/lib/store/shared-tables";
import { createPgPool, isPgUnavailable, migratePg, type PgPool } from "./connection";

/**
 * The shared tables (lib/store/shared-tables.ts) in the replicas' PostgreSQL database. Every
 * statement goes to PostgreSQL: nothing is cached here, so what one replica wrote is what the
 * next request on any replica reads. The database away: 503 `unavailable`, as for the runs.
 */

const unavailable = () =>
  new ApiError("unavailable", "The shared database cannot be reached, so this replica cannot answer. Try again shortly.");

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw isPgUnavailable(error) ? unavailable() : error;
  }
}

const rowsOf = async (client: pg.Pool | pg.PoolClient | pg.Client, sql: string, params: readonly SharedValue[]) =>
  (await client.query(sql, [...params])).rows as Record<string, unknown>[];

/** One client inside the caller's transaction (a replica's catch-up snapshot, a save). */
export function onClient(client: pg.PoolClient | pg.Client): SharedTables {
  const tables: SharedTables = {
    dialect: "postgres",
    query: (sql, params = []) => guarded(() => rowsOf(client, sql, params)),
    // Already inside the caller's transaction.
    transaction: (fn) => fn(tables),
  };
  return tables;
}

export function pgTables(pool: PgPool): SharedTables {
  return {
    dialect: "postgres",
    query: (sql, params = []) => guarded(() => rowsOf(pool, sql, params)),
    transaction: (fn) =>
      guarded(async () => {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query("BEGIN");
          try {
            const result = await fn(onClient(client));
            await client.query("COMMIT");
            return result;
          } catch (error) {
            broken = isPgUnavailable(error);
            await client.query("ROLLBACK").catch(() => undefined);
            throw error;
          }
        } finally {
          // A connection that failed under us is dropped rather than handed to the next caller.
          client.release(broken || undefined);
        }
      }),
  };
}

const holder = globalThis as unknown as { __runledgerSharedPg?: { url: string; pool: PgPool; tables: Promise<SharedTables> } };

/**
 * The process's shared tables on DATABASE_URL: one pool, the schema migrated on first use (a
 * failure is retried by the next caller, so a replica started before its database recovers).
 */
export function processPgTables(url: string): Promise<SharedTables> {
  if (holder.__runledgerSharedPg?.url !== url) {
    const pool = createPgPool(url, 8);
    const tables = guarded(async () => {
      await migratePg(pool);
      return pgTables(pool);
    }).catch(async (error: unknown) => {
      if (holder.__runledgerSharedPg?.pool === pool) holder.__runledgerSharedPg = undefined;
      await pool.end().catch(() => undefined);
      throw error;
    });
    holder.__runledgerSharedPg = { url, pool, tables };
  }
  return holder.__runledgerSharedPg!.tables;
}

/** Closes the process's pool (tests, scripts); the next use opens a new one. */
export async function closeProcessPgTables(): Promise<void> {
  const current = holder.__runledgerSharedPg;
  holder.__runledgerSharedPg = undefined;
  await current?.pool.end().catch(() => undefined);
}
