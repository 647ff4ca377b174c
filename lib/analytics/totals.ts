import type { DuckDBConnection } from "@duckdb/node-api";
import type { Period, Totals, TotalsAnswer, TotalsBody } from "@/lib/contract/answers";
import { answer, type AnswerOptions } from "./answer";
import { dayStartIso, filterClause } from "./filters";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import { centsSql, hoursSql } from "./money";
import { num, runQuery, SqlParams, type Row } from "./query";
import { currencySqlFor, hoursSqlFor, readStoreFacts, wastedSqlFor, type StoreFacts } from "./store-facts";
import { rollupFineSql, rollupsUsable, type SourceOptions } from "./rollups";
import { localDate } from "./time-zone";
import { addDays, dayNumber } from "@/lib/contract/days";

/** The period the filters select and the one of equal length before it. */
export function comparePeriods(
  filters: Filters,
  timeZone: string,
  now: number,
): { period: Period | null; previousPeriod: { from: string; to: string } | null } {
  if (!filters.from && !filters.to) return { period: null, previousPeriod: null };
  if (!filters.from) return { period: { from: null, to: filters.to }, previousPeriod: null };
  const today = localDate(timeZone, now);
  const to = filters.to ?? (today > filters.from ? today : filters.from);
  const days = dayNumber(to) - dayNumber(filters.from) + 1;
  return {
    period: { from: filters.from, to },
    previousPeriod: { from: addDays(filters.from, -days), to: addDays(filters.from, -1) },
  };
}

/**
 * The fine aggregation's `wasted` (Failed, Error) grouping flag. Measured on 1M runs,
 * grouping by the flag costs less than `sum(...) FILTER (WHERE status IN ...)`, and rolling
 * the fine groups up afterwards costs less than GROUPING SETS over every run.
 */
export function wastedFlagSql(facts: StoreFacts): string {
  return wastedSqlFor(facts);
}

/** SQL select-list items that roll fine groups (runs, hours, cost, wasted) up to totals. */
export const ROLLUP_COLUMNS = [
  "sum(runs) AS runs",
  `${hoursSql("sum(hours)")} AS hours`,
  `${centsSql("sum(cost)")} AS cost`,
  `${centsSql("coalesce(sum(cost) FILTER (WHERE wasted), 0)")} AS wasted`,
].join(", ");

/**
 * Builds Totals from grouped rows: `perCurrency` rows carry currency, cost and wasted;
 * `overall` carries runs and hours over every currency (null when nothing matched).
 */
export function totalsFromRows(perCurrency: Row[], overall: Row | undefined): Totals {
  const costs = perCurrency
    .map((r) => ({ currency: String(r.currency), cost: num(r.cost), wastedCost: num(r.wasted) }))
    .sort((a, b) => b.cost - a.cost || a.currency.localeCompare(b.currency));
  return { runs: num(overall?.runs), computeHours: num(overall?.hours), costs };
}

/**
 * Totals for the filters and, when `previous` is given, for that earlier period, in one
 * scan: the date filter is widened to cover both and each run is tagged with its period.
 */
export async function computeTotals(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  previous: { from: string; to: string } | null,
  source: SourceOptions = {},
): Promise<{ current: Totals; previous: Totals | null }> {
  const facts = await readStoreFacts(conn);
  const params = new SqlParams();
  if (await rollupsUsable(conn, filters, timeZone, source)) {
    // The status rollup: the fewest rows, with day rows for the edges of any range.
    const period = (from: string | null, to: string | null) => rollupFineSql(params, "status", from, to, timeZone, facts);
    const fine = `SELECT TRUE AS is_current, currency, wasted, runs, hours, cost FROM (${period(filters.from, filters.to)}) AS c${
      previous ? ` UNION ALL SELECT FALSE, currency, wasted, runs, hours, cost FROM (${period(previous.from, previous.to)}) AS p` : ""
    }`;
    return pickTotals(await runQuery(conn, totalsSql(fine), params.values), previous !== null);
  }
  const currency = currencySqlFor(facts, params);
  const scan = previous ? { ...filters, from: previous.from } : filters;
  const where = filterClause(scan, timeZone, { params });
  const isCurrent =
    previous && filters.from
      ? `started_at >= CAST(${params.add(dayStartIso(timeZone, filters.from))} AS TIMESTAMPTZ)`
      : "TRUE";
  const fine = `
      SELECT ${isCurrent} AS is_current, ${currency.sql} AS currency, ${wastedFlagSql(facts)} AS wasted,
        count(*) AS runs, sum(${hoursSqlFor(facts)}) AS hours, sum(total_cost_amount) AS cost
      FROM runs WHERE ${where.sql} GROUP BY ${currency.grouped ? "1, 2, 3" : "1, 3"}`;
  return pickTotals(await runQuery(conn, totalsSql(fine), params.values), previous !== null);
}

/** Totals per period from fine groups (is_current, currency, wasted, runs, hours, cost). */
function totalsSql(fine: string): string {
  return `
    WITH fine AS (${fine})
    SELECT is_current, currency, GROUPING(currency) AS level, ${ROLLUP_COLUMNS}
    FROM fine GROUP BY GROUPING SETS ((is_current, currency), (is_current))`;
}

function pickTotals(rows: Row[], withPrevious: boolean): { current: Totals; previous: Totals | null } {
  const pick = (current: boolean) => {
    const mine = rows.filter((r) => r.is_current === current);
    return totalsFromRows(
      mine.filter((r) => num(r.level) === 0),
      mine.find((r) => num(r.level) === 1),
    );
  };
  return { current: pick(true), previous: withPrevious ? pick(false) : null };
}

/** GET /api/totals: the filters' totals and those of the previous period of equal length. */
export async function getTotals(filters: Filters, options: AnswerOptions = {}): Promise<TotalsAnswer> {
  const now = options.now ?? Date.now();
  return answer(
    "totals",
    totalsKey(filters, now),
    ({ conn, timeZone }) => computeTotalsBody(conn, filters, timeZone, now),
    { ...options, now },
  );
}

/**
 * The cache key of a totals question. "Today" is part of it when only `from` is given; every
 * zone's offset is a multiple of 15 minutes, so the local date cannot change within one such slot.
 */
export function totalsKey(filters: Filters, now: number): string {
  return `${filtersQuery(filters)}|${filters.from && !filters.to ? Math.floor(now / 900_000) : ""}`;
}

/** The filters' period and totals, and the previous period's. */
export async function computeTotalsBody(conn: DuckDBConnection, filters: Filters, timeZone: string, now: number): Promise<TotalsBody> {
  const { period, previousPeriod } = comparePeriods(filters, timeZone, now);
  const { current, previous } = await computeTotals(conn, filters, timeZone, previousPeriod);
  return { period, previousPeriod, current, previous };
}
