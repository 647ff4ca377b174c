import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";

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

async function acquire(store: Store, pool: Pool): Promise<DuckDBConnection> {
  const idle = pool.idle.pop();
  if (idle) return idle;
  if (pool.open < POOL_SIZE) {
    pool.open += 1;
    try {
      return await store.connect();
    } catch (error) {
      pool.open -= 1;
      throw error;
    }
  }
  return new Promise((resolve) => pool.waiting.push(resolve));
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
  let began = false;
  try {
    await conn.run("BEGIN TRANSACTION");
    began = true;
    const result = await fn(conn);
    await conn.run("COMMIT");
    began = false;
    return result;
  } finally {
    if (began) await conn.run("ROLLBACK").catch(() => undefined);
    release(pool, conn);
  }
}
