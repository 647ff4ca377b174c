import type { DuckDBConnection } from "@duckdb/node-api";
import { filterClause } from "@/lib/analytics/filters";
import type { Filters } from "@/lib/contract/filters";
import { localDaySql } from "@/lib/analytics/local-day-sql";
import { num, runQuery, SqlParams } from "@/lib/analytics/query";
import { localDayStart } from "@/lib/analytics/time-zone";
import { addDays, dayNumber } from "@/lib/contract/days";
import type { DailySeries } from "./method";

/**
 * The daily cost series a forecast learns from: the scope's cost per local day of `currency`
 * (the runs' currency; amounts of others are never added in), every day of [from, to] present,
 * zeros where nothing ran. One scan grouped by local day, the same day the daily series and
 * the rollups put a run on (local-day-sql.ts). The scope's own from/to are replaced by the range.
 */
export async function dailyCosts(
  conn: DuckDBConnection,
  scope: Filters,
  timeZone: string,
  currency: string,
  from: string,
  to: string,
): Promise<DailySeries> {
  const params = new SqlParams();
  const where = filterClause({ ...scope, from, to }, timeZone, { params });
  const day = localDaySql(params, timeZone, localDayStart(timeZone, from), localDayStart(timeZone, addDays(to, 1)));
  const rows = await runQuery(
    conn,
    `SELECT ${day} AS d, CAST(sum(total_cost_amount) AS DOUBLE) AS cost
     FROM runs WHERE ${where.sql} AND total_cost_currency = ${params.add(currency)} GROUP BY 1`,
    params.values,
  );
  const firstDay = dayNumber(from);
  const costs = new Array<number>(dayNumber(to) - firstDay + 1).fill(0);
  for (const row of rows) {
    const i = num(row.d) - firstDay;
    if (i >= 0 && i < costs.length) costs[i] = num(row.cost);
  }
  return { firstDay, costs };
}

/**
 * What runs still in flight are expected to add: each keeps costing what it has cost per hour
 * so far, for as long again as it has run (a run seen half-way is the best single guess when
 * nothing else is known), cut at the period's end. Their cost so far is already in the series.
 */
export async function inFlightAccrual(
  conn: DuckDBConnection,
  scope: Filters,
  timeZone: string,
  currency: string,
  from: string,
  nowMs: number,
  periodEndMs: number,
): Promise<number> {
  const params = new SqlParams();
  const where = filterClause({ ...scope, from, to: null }, timeZone, { params });
  const hoursLeft = Math.max(0, (periodEndMs - nowMs) / 3_600_000);
  const [row] = await runQuery(
    conn,
    `SELECT coalesce(sum(CAST(total_cost_amount AS DOUBLE) / (run_duration_sec / 3600.0)
         * least(run_duration_sec / 3600.0, ${params.add(hoursLeft)})), 0) AS extra
     FROM runs WHERE ${where.sql} AND in_flight AND run_duration_sec > 60
       AND total_cost_currency = ${params.add(currency)}`,
    params.values,
  );
  return num(row?.extra);
}
