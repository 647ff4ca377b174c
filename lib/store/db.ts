import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { MIGRATIONS } from "./migrations";
import { inTransaction } from "./transaction";

export interface Store {
  readonly instance: DuckDBInstance;
  /** Where the file lives; ":memory:" for tests. */
  readonly file: string;
  /** A fresh connection; each caller that runs concurrently should hold its own. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export const STORE_FILE_NAME = "runledger.duckdb";

/** Runs `fn` on a connection of its own, closed after it, whatever `fn` does. */
export async function withConnection<T>(store: Store, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await store.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
  }
}

/**
 * One DuckDB thread per query. The dashboard runs many queries at once (the overview alone
 * sends five, each on a pooled connection of its own), so parallelism comes from connections;
 * measured on 2 cores, two threads per query spent 30–40% more CPU on the overview, a runs
 * CSV export and a backfill alike, and finished later under concurrent load.
 */
const DUCKDB_THREADS = "1";

/** Opens (creating if needed) a store and brings its schema up to date. */
export async function openStore(file: string): Promise<Store> {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const instance = await DuckDBInstance.create(file, { threads: DUCKDB_THREADS });
  const store: Store = {
    instance,
    file,
    connect: () => instance.connect(),
    close: () => instance.closeSync(),
  };
  const conn = await store.connect();
  try {
    await migrate(conn);
  } finally {
    conn.closeSync();
  }
  return store;
}

export async function migrate(conn: DuckDBConnection): Promise<number> {
  await conn.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const rows = (await conn.runAndReadAll("SELECT max(version) AS v FROM schema_version")).getRowObjectsJS();
  let version = Number(rows[0]?.v ?? 0);
  for (const statements of MIGRATIONS.slice(version)) {
    await inTransaction(conn, async () => {
      for (const sql of statements) await conn.run(sql);
      await conn.run("DELETE FROM schema_version");
      await conn.run(`INSERT INTO schema_version VALUES (${version + 1})`);
    });
    version += 1;
  }
  return version;
}

// One store per server process. Next.js may load this module in several bundles
// (instrumentation, each route), so the instance lives on globalThis.
const holder = globalThis as unknown as {
  __runledgerStore?: Promise<Store>;
  __runledgerStoreGate?: (store: Store) => Promise<void>;
};

/** The process's store, opened on first use under DATA_DIR. */
export function getStore(dataDir: string): Promise<Store> {
  holder.__runledgerStore ??= openStore(path.join(dataDir, STORE_FILE_NAME)).catch((error: unknown) => {
    holder.__runledgerStore = undefined;
    throw error;
  });
  const gate = holder.__runledgerStoreGate;
  return gate ? holder.__runledgerStore.then(async (store) => (await gate(store), store)) : holder.__runledgerStore;
}

/**
 * Replicas (DATABASE_URL, lib/replica) set a gate: every getStore first brings the local copy
 * to the shared data version. Without DATABASE_URL there is none.
 */
export function setStoreGate(gate: ((store: Store) => Promise<void>) | null): void {
  holder.__runledgerStoreGate = gate ?? undefined;
}
