import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Envelope } from "@/lib/contract/answers";
import { env } from "@/lib/env";
import { getStore, type Store } from "@/lib/store/db";
import { AnswerCache } from "./cache";
import { readDataInfo } from "./data-info";
import { inParallel, withReader } from "./reader";
import { noteReadVersion } from "@/lib/store/transaction";

/** What a computation gets: a connection inside a read transaction, the zone, the clock. */
export interface QueryContext {
  conn: DuckDBConnection;
  timeZone: string;
  /** The request's "now" (ms), for defaults such as "to = today". */
  now: number;
  /**
   * Runs independent computations on `conn` and a second connection of the same snapshot at
   * once (reader.ts inParallel), or on `conn` one after another when there is none.
   */
  inParallel: <R>(tasks: readonly ((conn: DuckDBConnection) => Promise<R>)[]) => Promise<R[]>;
}

/** Overrides for tests and benchmarks; by default the process's store and settings. */
export interface AnswerOptions {
  store?: Store;
  timeZone?: string;
  now?: number;
  /** Skip the cache (benchmarks measure the queries themselves). */
  noCache?: boolean;
}

const holder = globalThis as unknown as { __runledgerAnswers?: WeakMap<Store, AnswerCache<object>> };

function cacheOf(store: Store): AnswerCache<object> {
  holder.__runledgerAnswers ??= new WeakMap();
  let cache = holder.__runledgerAnswers.get(store);
  if (!cache) {
    cache = new AnswerCache();
    holder.__runledgerAnswers.set(store, cache);
  }
  return cache;
}

/**
 * Computes (or finds in the cache) one route's answer: the data version is read in the
 * same transaction as the figures, so an answer is never filed under the wrong version.
 */
export async function answer<T extends object>(
  route: string,
  inputKey: string,
  compute: (context: QueryContext) => Promise<T>,
  options: AnswerOptions = {},
): Promise<Envelope & T> {
  const settings = options.store && options.timeZone ? null : env();
  const store = options.store ?? (await getStore(settings!.DATA_DIR));
  const timeZone = options.timeZone ?? settings!.RUNLEDGER_TIMEZONE;
  const now = options.now ?? Date.now();
  const key = `${route}|${timeZone}|${inputKey}`;
  const outcome = await withReader(store, async (conn) => {
    const info = await readDataInfo(conn);
    noteReadVersion(conn, info.dataVersion);
    const run = () =>
      compute({ conn, timeZone, now, inParallel: (tasks) => inParallel(store, conn, info.dataVersion, tasks) });
    if (options.noCache) return { info, value: Promise.resolve(await run()) };
    const { value, hit } = cacheOf(store).getOrCompute(info.dataVersion, key, run);
    // Our own computation uses this connection: keep it until the computation is done.
    if (!hit) await value.catch(() => undefined);
    return { info, value };
  });
  const body = (await outcome.value) as T;
  return { dataVersion: outcome.info.dataVersion, dataAsOf: outcome.info.dataAsOf, timeZone, ...body };
}
