import type { DuckDBConnection } from "@duckdb/node-api";

/** Runs one statement on a connection: DuckDB's `run`, PostgreSQL's `query`. */
export type RunStatement = (sql: string) => Promise<unknown>;

// The transaction open on each DuckDB connection through these helpers: a fresh token for each,
// holding the data version it reads once a reader has said so (noteReadVersion).
const openTransactions = new WeakMap<DuckDBConnection, { readsVersion?: number }>();

/**
 * A token for the transaction these helpers hold open on `conn`, the same for every call inside
 * it and new for the next; undefined outside one (a statement then commits by itself). What is
 * read once per transaction can be kept by it without asking DuckDB which transaction this is.
 */
export function transactionOf(conn: DuckDBConnection): object | undefined {
  return openTransactions.get(conn);
}

/**
 * Says that the transaction open on `conn` only reads, and reads data version `dataVersion`
 * (sync_state's, read inside it). Every commit that changes `runs` bumps that version, so what
 * is derived from the runs alone may be kept under it across transactions (readStoreFacts).
 * Only a reader says so: a transaction that writes may change the runs after reading the version.
 */
export function noteReadVersion(conn: DuckDBConnection, dataVersion: number): void {
  const open = openTransactions.get(conn);
  if (open) open.readsVersion = dataVersion;
}

/** The data version the read transaction open on `conn` was noted to read, if any. */
export function readVersionOf(conn: DuckDBConnection): number | undefined {
  return openTransactions.get(conn)?.readsVersion;
}

/**
 * The store's one transaction helper: `fn` runs inside BEGIN … COMMIT on `conn`; if it throws,
 * the transaction is rolled back (a failing ROLLBACK must not hide the error that caused it)
 * and the error goes on.
 */
export function inTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  return inTransactionOf(
    (sql) => conn.run(sql),
    async () => {
      openTransactions.set(conn, {});
      try {
        return await fn();
      } finally {
        openTransactions.delete(conn);
      }
    },
  );
}

/**
 * inTransaction for any connection, given how it runs a statement (PostgreSQL's too), and how
 * to begin when the default will not do (a read-only snapshot).
 */
export async function inTransactionOf<T>(run: RunStatement, fn: () => Promise<T>, begin = "BEGIN TRANSACTION"): Promise<T> {
  await run(begin);
  try {
    const result = await fn();
    await run("COMMIT");
    return result;
  } catch (error) {
    await run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * `fn` works in a transaction that is always rolled back: one consistent snapshot to read
 * from, and scratch tables or changes that never reach the store (a preview).
 */
export async function inThrowawayTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run("BEGIN TRANSACTION");
  openTransactions.set(conn, {});
  try {
    return await fn();
  } finally {
    openTransactions.delete(conn);
    await conn.run("ROLLBACK").catch(() => undefined);
  }
}

/**
 * A read snapshot held beyond one call (a CSV streamed window by window, a second connection
 * reading the same data as the first): begins a transaction on `conn` and keeps it open when
 * `keep`, run inside it, says so; otherwise, or when `keep` throws, rolls it back. Returns
 * whether it was kept; the holder ends a kept one with endSnapshot. DuckDB fixes the snapshot
 * at the transaction's first read, so a holder reads (in `keep`, or at once) before it relies
 * on it.
 */
export async function beginSnapshot(conn: DuckDBConnection, keep: () => Promise<boolean> = async () => true): Promise<boolean> {
  await conn.run("BEGIN TRANSACTION");
  openTransactions.set(conn, {});
  let kept = false;
  try {
    kept = await keep();
  } catch {
    // Unreadable: not a snapshot anyone can rely on.
  }
  if (!kept) await endSnapshot(conn);
  return kept;
}

/** Ends a snapshot: it changed nothing, and its transaction may already have ended with an interrupt or an error. */
export async function endSnapshot(conn: DuckDBConnection): Promise<void> {
  openTransactions.delete(conn);
  await conn.run("ROLLBACK").catch(() => undefined);
}
