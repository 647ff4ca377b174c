import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { inTransactionOf } from "../transaction";
import { MIGRATION_LOCK_KEY, PG_MIGRATIONS } from "./schema";

/**
 * Connections to the shared PostgreSQL database, its migrations, and COPY in and out of
 * files (the form DuckDB reads and writes fastest: CSV).
 */

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient | pg.Client;

export function createPgPool(url: string, max = 4): PgPool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client whose server went away (PostgreSQL restarted) must not crash the process.
  pool.on("error", () => {});
  return pool;
}

/** `fn` inside BEGIN … COMMIT on `client`, rolled back when it throws (lib/store/transaction.ts). */
export function inPgTransaction<T>(client: PgClient, fn: () => Promise<T>): Promise<T> {
  return inTransactionOf((sql) => client.query(sql), fn);
}

/** Brings the schema up to date; concurrent callers wait on an advisory lock, so it runs once. */
export async function migratePg(pool: PgPool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
      const row = (await client.query<{ v: number | null }>("SELECT max(version) AS v FROM schema_version")).rows[0];
      let version = Number(row?.v ?? 0);
      for (const statements of PG_MIGRATIONS.slice(version)) {
        await inPgTransaction(client, async () => {
          for (const sql of statements) await client.query(sql);
          await client.query("DELETE FROM schema_version");
          await client.query("INSERT INTO schema_version VALUES ($1)", [version + 1]);
        });
        version += 1;
      }
      return version;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** `COPY … FROM STDIN` fed from a file; resolves with the rows copied. */
export async function copyFileIn(client: PgClient, copySql: string, file: string): Promise<number> {
  const stream = client.query(copyFrom(copySql));
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), stream);
  return Number(stream.rowCount ?? 0);
}

/** `COPY … TO STDOUT` written to a file; resolves with the rows copied. */
export async function copyOutToFile(client: PgClient, copySql: string, file: string): Promise<number> {
  const stream = client.query(copyTo(copySql));
  await pipeline(stream, createWriteStream(file, { highWaterMark: 1 << 20 }));
  return Number(stream.rowCount ?? 0);
}

/**
 * Whether `error` means the database is away (refused, reset, shut down, connection lost)
 * rather than a statement failing: the replicas answer 503 and retry, they do not give up.
 */
export function isPgUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (/^(08|57P)/.test(code) || ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND"].includes(code))) {
    return true;
  }
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(message);
}
