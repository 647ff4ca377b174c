import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import { env } from "@/lib/env";
import { getStore, type Store } from "./db";
import { inTransaction } from "./transaction";

/**
 * The tables every replica must agree on at once (docs/replicas.md, "Shared tables"): sessions,
 * share links, the audit log, budgets and alert deliveries. One SQL text serves both homes:
 * the process's DuckDB file (the default), or, with DATABASE_URL, the shared PostgreSQL
 * database, read per request so a sign-out or a revocation on one replica holds on all.
 * Write SQL both accept (`$n` parameters, `CAST(… AS TIMESTAMPTZ)`, `INTERVAL '1 minute'`,
 * `ON CONFLICT DO NOTHING`, `RETURNING`); where they differ, branch on `dialect`.
 */

export type SharedValue = string | number | boolean | null;
export type SharedRow = Record<string, unknown>;

export interface SharedTables {
  readonly dialect: "duckdb" | "postgres";
  /**
   * Runs one statement; its rows (`RETURNING` included) as plain objects. TIMESTAMPTZ comes
   * back as Date in both; read counts and integers through Number() (BIGINT is a bigint in
   * DuckDB, a string in PostgreSQL) and amounts as text (`CAST(… AS VARCHAR)`).
   */
  query(sql: string, params?: readonly SharedValue[]): Promise<SharedRow[]>;
  /** `fn`'s statements in one transaction on one connection; rolled back if it throws. */
  transaction<T>(fn: (tx: SharedTables) => Promise<T>): Promise<T>;
}

/** What callers may hand the shared-table functions: a store, an open connection or the tables. */
export type SharedTarget = Store | DuckDBConnection | SharedTables;

function isSharedTables(target: SharedTarget): target is SharedTables {
  return "dialect" in target && "transaction" in target;
}

// Told apart by shape, not instanceof: the DuckDB module may be loaded once per server bundle.
function isStore(target: Store | DuckDBConnection): target is Store {
  return "instance" in target && "connect" in target;
}

async function readRows(conn: DuckDBConnection, sql: string, params: readonly SharedValue[]): Promise<SharedRow[]> {
  const reader = await conn.runAndReadAll(sql, params.length > 0 ? [...params] : undefined);
  return reader.getRowObjectsJS() as SharedRow[];
}

/** One DuckDB connection the caller owns (inside its own transaction, perhaps). */
function onConnection(conn: DuckDBConnection): SharedTables {
  const tables: SharedTables = {
    dialect: "duckdb",
    query: (sql, params = []) => readRows(conn, sql, params),
    transaction: (fn) => inTransaction(conn, () => fn(tables)),
  };
  return tables;
}

/** A DuckDB store: a connection per statement, or one for a transaction. */
export function duckdbTables(store: Store): SharedTables {
  return {
    dialect: "duckdb",
    async query(sql, params = []) {
      const conn = await store.connect();
      try {
        return await readRows(conn, sql, params);
      } finally {
        conn.closeSync();
      }
    },
    async transaction(fn) {
      const conn = await store.connect();
      try {
        return await onConnection(conn).transaction(fn);
      } finally {
        conn.closeSync();
      }
    },
  };
}

/** The tables `target` stands for. */
export function tablesOf(target: SharedTarget): SharedTables {
  if (isSharedTables(target)) return target;
  return isStore(target) ? duckdbTables(target) : onConnection(target);
}

/**
 * The process's shared tables: `target` when given (tests, callers holding a store), else the
 * shared PostgreSQL database when DATABASE_URL is set, else the DuckDB file under DATA_DIR.
 */
export async function sharedTables(target?: SharedTarget): Promise<SharedTables> {
  if (target) return tablesOf(target);
  const settings = env();
  if (settings.DATABASE_URL) return (await import("./postgres/shared-tables")).processPgTables(settings.DATABASE_URL);
  return duckdbTables(await getStore(settings.DATA_DIR));
}
