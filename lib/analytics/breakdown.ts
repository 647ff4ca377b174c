import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import type { BreakdownAnswer, BreakdownBody, BreakdownRow } from "@/lib/contract/answers";
import { answer, type AnswerOptions } from "./answer";
import { DIMENSIONS, dimensionColumn } from "@/lib/contract/dimensions";
import { BREAKDOWN_ORDERS, SORT_DIRS } from "@/lib/contract/sorts";
import { filterClause } from "./filters";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import { unitSql } from "./money";
import { num, runQuery, SqlParams, type Row } from "./query";
import { currencySqlFor, hoursSqlFor, readStoreFacts } from "./store-facts";
import { rollupFineSql, rollupsUsable, type SourceOptions } from "./rollups";
import { ROLLUP_COLUMNS, totalsFromRows, wastedFlagSql } from "./totals";

export const breakdownParams = z.object({
  by: z.enum(DIMENSIONS),
  sort: z.enum(BREAKDOWN_ORDERS).default("cost"),
  dir: z.enum(SORT_DIRS).default("desc"),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

export type BreakdownParams = z.infer<typeof breakdownParams>;

const SORT_COLUMNS = { cost: "cost", runs: "runs", hours: "hours" } as const;

/**
 * One scan with GROUPING SETS gives the rows, each currency's total (for shares) and the
 * grand total; window functions rank and count the rows so only `limit` leave the store.
 */
export async function computeBreakdown(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  p: BreakdownParams,
  source: SourceOptions = {},
): Promise<BreakdownBody> {
  const column = dimensionColumn(p.by);
  const facts = await readStoreFacts(conn);
  const params = new SqlParams();
  const isTier = p.by === "hardwareTier";
  // Two steps: a fine aggregation (per key, currency and wasted flag) over every run, or
  // summed from the rollups when they can answer; then rows, currency totals (for shares)
  // and the grand total rolled up from those few groups; window functions rank and count
  // the rows so only `limit` of them leave the store.
  let fine: string;
  const fromRollups = await rollupsUsable(conn, filters, timeZone, source);
  if (fromRollups) {
    fine = rollupFineSql(params, p.by, filters.from, filters.to, timeZone, facts);
  } else {
    const currency = currencySqlFor(facts, params);
    const where = filterClause(filters, timeZone, { params });
    fine = `
      SELECT ${column} AS key, ${currency.sql} AS currency, ${wastedFlagSql(facts)} AS wasted,
        count(*) AS runs, sum(${hoursSqlFor(facts)}) AS hours, sum(total_cost_amount) AS cost
        ${isTier ? ", max(started_at) AS last_at" : ""}
      FROM runs WHERE ${where.sql} GROUP BY ${currency.grouped ? "1, 2, 3" : "1, 3"}`;
  }
  const sql = `
    WITH fine AS (${fine}), g AS (
      SELECT key, currency, GROUPING(key, currency) AS level, sum(cost) AS exact_cost, ${ROLLUP_COLUMNS},
        ${isTier ? "max(last_at)" : "NULL"} AS last_at,
        ${isTier && fromRollups ? "arg_max(last_price, last_at)" : "NULL"} AS last_price
      FROM fine GROUP BY GROUPING SETS ((key, currency), (currency), ())
    ), ranked AS (
      SELECT g.*,
        row_number() OVER (PARTITION BY level ORDER BY ${sortExpression(p)} ${p.dir.toUpperCase()}, key, currency) AS rn,
        count(*) OVER (PARTITION BY level) AS level_rows,
        max(CASE WHEN level = 2 THEN exact_cost END) OVER (PARTITION BY currency) AS currency_cost
      FROM g
    )
    SELECT key, currency, level, runs, hours, cost, wasted, level_rows,
      CASE WHEN currency_cost > 0 THEN CAST(exact_cost AS DOUBLE) / CAST(currency_cost AS DOUBLE) ELSE 0 END AS share,
      ${unitSql("exact_cost / runs")} AS average, last_at, ${unitSql("last_price")} AS price
    FROM ranked WHERE level <> 0 OR rn <= ${params.add(p.limit)}
    ORDER BY level, rn`;
  const result = await runQuery(conn, sql, params.values);
  // The rollups carry each row's latest price; the runs are asked for it otherwise.
  const prices = !isTier
    ? null
    : fromRollups
      ? new Map(result.filter((r) => num(r.level) === 0).map((r) => [priceKey(r.key, r.currency), num(r.price)]))
      : await tierPrices(conn, filters, timeZone, result.filter((r) => num(r.level) === 0));
  const rows: BreakdownRow[] = result
    .filter((r) => num(r.level) === 0)
    .map((r) => ({
      key: String(r.key),
      currency: String(r.currency),
      runs: num(r.runs),
      computeHours: num(r.hours),
      cost: num(r.cost),
      share: num(r.share),
      averageCost: num(r.average),
      wastedCost: num(r.wasted),
      ...(prices ? { pricePerMinute: prices.get(priceKey(r.key, r.currency)) ?? 0 } : {}),
      // A project key is "owner/name" and owner names hold no slash.
      ...(p.by === "project" ? { owner: String(r.key).split("/")[0]! } : {}),
    }));
  const totals = totalsFromRows(
    result.filter((r) => num(r.level) === 2),
    result.find((r) => num(r.level) === 3),
  );
  const first = result.find((r) => num(r.level) === 0);
  return {
    by: p.by,
    sort: p.sort,
    dir: p.dir,
    limit: p.limit,
    rows,
    totals,
    totalRows: first ? num(first.level_rows) : 0,
  };
}

/**
 * Each row's price per minute: that of the tier's most recent run in the row's currency
 * among the filtered ones. An arg_max over every run cost about 40 % of the tier breakdown;
 * only runs at or after the earliest "most recent run" of the rows shown can hold a latest
 * price, and runs are stored roughly in time order, so DuckDB's min/max index on started_at
 * lets this second query read a few row groups (about 2 ms on 1M runs).
 */
async function tierPrices(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  rows: Row[],
): Promise<Map<string, number>> {
  const lasts = rows.map((r) => r.last_at).filter((v): v is Date => v instanceof Date);
  if (lasts.length === 0) return new Map();
  // A JS Date keeps milliseconds: one less is surely at or before the microsecond instant.
  const since = new Date(Math.min(...lasts.map((d) => d.getTime())) - 1).toISOString();
  const params = new SqlParams();
  const where = filterClause(filters, timeZone, { params });
  const found = await runQuery(
    conn,
    `SELECT hardware_tier AS key, total_cost_currency AS currency,
       ${unitSql("arg_max(hardware_tier_cost_amount, started_at)")} AS price
     FROM runs WHERE ${where.sql} AND started_at >= CAST(${params.add(since)} AS TIMESTAMPTZ) GROUP BY 1, 2`,
    params.values,
  );
  return new Map(found.map((r) => [priceKey(r.key, r.currency), num(r.price)]));
}

const priceKey = (key: unknown, currency: unknown) => `${String(key)}\u0000${String(currency)}`;

function sortExpression(p: BreakdownParams): string {
  // Rank by the exact sum, so two rows that round to the same cent still order by cost.
  return p.sort === "cost" ? "exact_cost" : SORT_COLUMNS[p.sort];
}

/** GET /api/breakdown: cost, runs and hours by one dimension. */
export async function getBreakdown(
  filters: Filters,
  p: BreakdownParams,
  options: AnswerOptions = {},
): Promise<BreakdownAnswer> {
  return answer(
    "breakdown",
    `${filtersQuery(filters)}|${p.by}|${p.sort}|${p.dir}|${p.limit}`,
    ({ conn, timeZone }) => computeBreakdown(conn, filters, timeZone, p),
    options,
  );
}
