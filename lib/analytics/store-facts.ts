import type { DuckDBConnection } from "@duckdb/node-api";
import { HOURS_EXACT_SQL, WASTED_SQL } from "@/lib/store/derived-columns";
import { num, runQuery, type SqlParams } from "./query";

/**
 * Two facts about the runs a transaction sees that let the aggregations take cheaper plans,
 * read afresh in every query's own snapshot (about 2 ms on 1M runs: DuckDB answers both
 * from compressed columns and row-group statistics), so they can never be stale. They hold
 * for the figures only inside one transaction with them, as answer() runs every computation.
 */
export interface StoreFacts {
  /** The one currency of every run, or null when there are none or several. */
  onlyCurrency: string | null;
  /** Every run has its derived columns stored (lib/store/derived-columns.ts). */
  derivedFilled: boolean;
}

export async function readStoreFacts(conn: DuckDBConnection): Promise<StoreFacts> {
  const [row] = await runQuery(
    conn,
    `SELECT min(total_cost_currency) AS lo, max(total_cost_currency) AS hi,
       (SELECT count(*) FROM runs WHERE compute_hours_exact IS NULL) AS unfilled
     FROM runs`,
  );
  const lo = row?.lo;
  return {
    onlyCurrency: typeof lo === "string" && lo === row?.hi ? lo : null,
    derivedFilled: num(row?.unfilled) === 0,
  };
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
