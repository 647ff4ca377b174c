import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * The store's one transaction helper: `fn` runs inside BEGIN … COMMIT on `conn`; if it throws,
 * the transaction is rolled back (a failing ROLLBACK must not hide the error that caused it)
 * and the error goes on.
 */
export async function inTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run("BEGIN TRANSACTION");
  try {
    const result = await fn();
    await conn.run("COMMIT");
    return result;
  } catch (error) {
    await conn.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * `fn` works in a transaction that is always rolled back: one consistent snapshot to read
 * from, and scratch tables or changes that never reach the store (a preview).
 */
export async function inThrowawayTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run("BEGIN TRANSACTION");
  try {
    return await fn();
  } finally {
    await conn.run("ROLLBACK").catch(() => undefined);
  }
}
