import type { DuckDBConnection } from "@duckdb/node-api";
import { HOURS_EXACT_SQL, WASTED_SQL } from "@/lib/store/derived-columns";
import { readVersionOf, transactionOf } from "@/lib/store/transaction";
import { num, runQuery, type SqlParams } from "./query";

/**
 * Facts about the runs a transaction sees that let the aggregations take cheaper plans,
 * read in the query's own snapshot (a few ms on 1M runs), so they can never be stale. A read
 * transaction that knows its data version (noteReadVersion) reuses the facts its connection
 * read at that version before; any other reads them once per transaction, and several
 * computations in one transaction (the overview's seven parts) share them.
 */
export interface StoreFacts {
  /** The one currency of every run, or null when there are none or several. */
  onlyCurrency: string | null;
  /** Every run has its derived columns stored (lib/store/derived-columns.ts). */
  derivedFilled: boolean;
  /**
   * When the earliest run in flight started (DuckDB's text of the instant, exact to the
   * microsecond), or null when none is: a lower bound that lets a query for runs in flight
   * skip the row groups of older runs (runs are stored roughly in time order).
   */
  firstInFlightAt: string | null;
}

// The facts last read on each connection, with the transaction they were read in (the token
// of one the store's helpers hold open, else DuckDB's transaction id) and, when it was a
// reader's, the data version it read.
const factsByConnection = new WeakMap<
  DuckDBConnection,
  { transaction: object | bigint; readsVersion: number | undefined; facts: StoreFacts }
>();

export async function readStoreFacts(conn: DuckDBConnection): Promise<StoreFacts> {
  const known = factsByConnection.get(conn);
  const readsVersion = readVersionOf(conn);
  if (known && readsVersion !== undefined && known.readsVersion === readsVersion) return known.facts;
  const transaction = transactionOf(conn) ?? ((await runQuery(conn, "SELECT txid_current() AS id"))[0]?.id as bigint);
  if (known && known.transaction === transaction) return known.facts;
  // Grouping reads the dictionary of the compressed column: about 3 ms on 1M runs, where
  // min()/max() compare a million strings (20 ms).
  const [row] = await runQuery(
    conn,
    `SELECT (SELECT list(currency) FROM (
         SELECT total_cost_currency AS currency FROM runs WHERE total_cost_currency IS NOT NULL GROUP BY 1 LIMIT 2
       )) AS currencies,
       (SELECT count(*) FROM runs WHERE compute_hours_exact IS NULL) AS unfilled,
       (SELECT CAST(min(started_at) AS VARCHAR) FROM runs WHERE in_flight) AS first_in_flight`,
  );
  const currencies = (row?.currencies as unknown[] | null) ?? [];
  const facts = {
    onlyCurrency: currencies.length === 1 && typeof currencies[0] === "string" ? currencies[0] : null,
    derivedFilled: num(row?.unfilled) === 0,
    firstInFlightAt: typeof row?.first_in_flight === "string" ? row.first_in_flight : null,
  };
  factsByConnection.set(conn, { transaction, readsVersion, facts });
  return facts;
}

/** SQL for a run's exact compute hours: the stored column when every run has it. */
export function hoursSqlFor(facts: StoreFacts): string {
  return facts.derivedFilled ? "compute_hours_exact" : HOURS_EXACT_SQL;
}

/** SQL for a run's wasted flag: the stored column when every run has it. */
export function wastedSqlFor(facts: StoreFacts): string {
  return facts.derivedFilled ? "wasted" : WASTED_SQL;
}

/**
 * The currency of a fine aggregation's groups: with one currency in the store, a bound constant
 * rather than a grouping column (a text key fewer per run: about a quarter of a daily series'
 * scan on 1M runs); otherwise the column, which the caller must group by.
 */
export function currencySqlFor(facts: StoreFacts, params: SqlParams): { sql: string; grouped: boolean } {
  return facts.onlyCurrency === null
    ? { sql: "total_cost_currency", grouped: true }
    : { sql: `CAST(${params.add(facts.onlyCurrency)} AS VARCHAR)`, grouped: false };
}
