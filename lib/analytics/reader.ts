import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { beginAtVersion } from "@/lib/store/sync-state";
import { endSnapshot, inTransaction } from "@/lib/store/transaction";

/**
 * A small pool of reader connections per store. DuckDB runs queries on different
 * connections in parallel; the overview page asks five questions at once (totals, three
 * breakdowns, a series), so five connections let none of them queue behind another.
 * The pool lives on globalThis because Next.js may load this module in several bundles.
 */

const POOL_SIZE = 5;

interface Pool {
  idle: DuckDBConnection[];
  open: number;
  waiting: ((conn: DuckDBConnection) => void)[];
}

const holder = globalThis as unknown as { __runledgerReaders?: WeakMap<Store, Pool> };

function poolOf(store: Store): Pool {
  holder.__runledgerReaders ??= new WeakMap();
  let pool = holder.__runledgerReaders.get(store);
  if (!pool) {
    pool = { idle: [], open: 0, waiting: [] };
    holder.__runledgerReaders.set(store, pool);
  }
  return pool;
}

/** An idle connection, or a new one while the pool is below its size; null when it is full. */
async function takeFree(store: Store, pool: Pool): Promise<DuckDBConnection | null> {
  const idle = pool.idle.pop();
  if (idle) return idle;
  if (pool.open >= POOL_SIZE) return null;
  pool.open += 1;
  try {
    return await store.connect();
  } catch (error) {
    pool.open -= 1;
    throw error;
  }
}

async function acquire(store: Store, pool: Pool): Promise<DuckDBConnection> {
  return (await takeFree(store, pool)) ?? new Promise((resolve) => pool.waiting.push(resolve));
}

function release(pool: Pool, conn: DuckDBConnection): void {
  const next = pool.waiting.shift();
  if (next) next(conn);
  else pool.idle.push(conn);
}

/**
 * Runs `fn` on a pooled connection inside one transaction, so every query it makes
 * (data version included) sees the same snapshot even while a sync commits.
 */
export async function withReader<T>(store: Store, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const pool = poolOf(store);
  const conn = await acquire(store, pool);
  try {
    return await inTransaction(conn, () => fn(conn));
  } finally {
    release(pool, conn);
  }
}

/**
 * Runs `tasks` on `primary` (inside its read transaction, which reads `dataVersion`) and on a
 * second pooled connection at once, each task on one of them, results in the tasks' order.
 * DuckDB runs each query on one thread (lib/store/db.ts), so two connections keep both cores
 * busy. The second connection is used only when its own new transaction reads the same data
 * version (beginAtVersion), so both see the same runs. When a sync committed in between, or
 * the pool has no connection to spare, `primary` runs every task, one after another.
 */
export async function inParallel<T>(
  store: Store,
  primary: DuckDBConnection,
  dataVersion: number,
  tasks: readonly ((conn: DuckDBConnection) => Promise<T>)[],
): Promise<T[]> {
  const pool = poolOf(store);
  const second = tasks.length > 1 ? await spare(store, pool, dataVersion) : null;
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const work = async (conn: DuckDBConnection) => {
    while (next < tasks.length) {
      const index = next++;
      try {
        results[index] = await tasks[index]!(conn);
      } catch (error) {
        next = tasks.length; // the answer has failed: start nothing more
        throw error;
      }
    }
  };
  try {
    // Both settle before either connection is handed on: none is returned mid-query.
    const outcomes = await Promise.allSettled(second ? [work(primary), work(second)] : [work(primary)]);
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
    return results;
  } finally {
    if (second) {
      await endSnapshot(second);
      release(pool, second);
    }
  }
}

/** An idle (or new) pooled connection in a transaction reading `dataVersion`, or null. */
async function spare(store: Store, pool: Pool, dataVersion: number): Promise<DuckDBConnection | null> {
  const conn = await takeFree(store, pool).catch(() => null);
  if (!conn) return null;
  if (await beginAtVersion(conn, dataVersion).catch(() => false)) return conn;
  release(pool, conn);
  return null;
}
