import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { inTransaction } from "@/lib/store/transaction";
import { DIMENSIONS, dimensionColumn, type Dimension } from "@/lib/contract/dimensions";
import { dayStartIso } from "./filters";
import type { Filters } from "@/lib/contract/filters";
import { localDaySql } from "./local-day-sql";
import { num, runQuery, SqlParams } from "./query";
import { hoursSqlFor, readStoreFacts, wastedSqlFor, type StoreFacts } from "./store-facts";
import { localDate } from "./time-zone";
import { addDays, dayNumber } from "@/lib/contract/days";

/**
 * Per-dimension rollups of `runs` (migration 5): for each dimension, rows per key, currency
 * and wasted flag summed by local day, month and year (`grain`; `local_day` is the first day),
 * with exact DECIMAL sums, so an answer summed from them is identical to one summed from the
 * runs. A range reads whole years, the whole months around them and the days at its edges
 * (rangeParts). Only tiers, run types and statuses have day rows: on 1M runs over nine years
 * a project or user has runs on most days (370k and 470k day rows, most of the build's time),
 * so their edge days are read from the runs. On 1M runs: about 213k rows, built in about 1 s.
 *
 * A rollup is used only when `rollup_state` says it was built from the data version the
 * query's own transaction sees, for the zone it asks in; otherwise the answer comes from the
 * runs, as it would without rollups. Every run has a `started_at` (the queue time when it
 * never started, lib/store/README.md), so every run has a local day and none is left out:
 * there is no day-less row to reproduce.
 */

/**
 * How an answer may be computed: `raw: true` always scans the runs; `rollups: true` reads the
 * rollups whenever they can answer, even for a short range (tests compare the two).
 */
export interface SourceOptions {
  raw?: boolean;
  rollups?: boolean;
}

/**
 * Ranges shorter than this read the runs: the runs of a few months lie in a few row groups
 * (stored roughly in time order). Measured on 1M runs over nine years, the overview's five
 * requests: last 90 days 35 ms from the runs; last 730 days 56 ms from the rollups and 58 ms
 * from the runs (the break-even); all time 68 ms from the rollups, 116 ms from the runs.
 */
export const MIN_ROLLUP_DAYS = 731;

export interface RefreshOutcome {
  rebuilt: boolean;
  dataVersion: number;
  rows: number;
  ms: number;
}

const holder = globalThis as unknown as { __runledgerRollupRefresh?: WeakMap<Store, Promise<unknown>> };

/**
 * Rebuilds the rollups unless they already match the store's data version and `timeZone`
 * (or `force`). One transaction: the rows and the version they were built from come from
 * one snapshot, so a sync committing meanwhile only leaves them stale, never wrong.
 * Refreshes of one store in this process run one after the other.
 */
export async function refreshRollups(store: Store, timeZone: string, options: { force?: boolean } = {}): Promise<RefreshOutcome> {
  holder.__runledgerRollupRefresh ??= new WeakMap();
  const previous = holder.__runledgerRollupRefresh.get(store) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => rebuild(store, timeZone, options.force === true));
  holder.__runledgerRollupRefresh.set(store, next);
  return next;
}

async function rebuild(store: Store, timeZone: string, force: boolean): Promise<RefreshOutcome> {
  const started = performance.now();
  const conn = await store.connect();
  try {
    // The time taken includes the commit.
    const outcome = await inTransaction(conn, async () => {
      const [state] = (
        await conn.runAndReadAll(
          `SELECT s.data_version AS current_version, r.data_version AS built_version, r.time_zone
           FROM sync_state s CROSS JOIN rollup_state r WHERE s.id = 1 AND r.id = 1`,
        )
      ).getRowObjectsJS();
      const dataVersion = num(state?.current_version);
      if (!force && state?.built_version !== null && num(state?.built_version) === dataVersion && state?.time_zone === timeZone) {
        return { rebuilt: false, dataVersion, rows: 0 };
      }
      await conn.run("DELETE FROM rollups");
      const [bounds] = (await conn.runAndReadAll("SELECT min(started_at) AS first_at, max(started_at) AS last_at FROM runs")).getRowObjectsJS();
      let rows = 0;
      if (bounds?.first_at instanceof Date && bounds.last_at instanceof Date) {
        rows = await insertRows(conn, timeZone, bounds.first_at.getTime(), bounds.last_at.getTime());
      }
      const update = await conn.prepare(
        "UPDATE rollup_state SET data_version = $1, time_zone = $2, built_at = CAST($3 AS TIMESTAMPTZ) WHERE id = 1",
      );
      try {
        update.bind([dataVersion, timeZone, new Date().toISOString()]);
        await update.run();
      } finally {
        update.destroySync();
      }
      return { rebuilt: true, dataVersion, rows };
    });
    return { ...outcome, ms: performance.now() - started };
  } finally {
    conn.closeSync();
  }
}

/**
 * Dimensions with day rows: those with few keys. A project or user has runs on most days of
 * nine years (on 1M runs: 370k and 470k day rows, half as many rows as runs and most of the
 * build's time), so they have month rows only and the days at a range's edges come from the
 * runs themselves (a few row groups: runs are stored roughly in time order).
 */
export const DAY_GRAIN_DIMENSIONS: readonly Dimension[] = ["hardwareTier", "runType", "status"];

/**
 * One scan of the runs, grouped once per dimension (GROUPING SETS): by local day for the
 * dimensions with day rows, by local month for the others; then month rows from day rows.
 */
async function insertRows(conn: DuckDBConnection, timeZone: string, fromMs: number, toMs: number): Promise<number> {
  const facts = await readStoreFacts(conn);
  const params = new SqlParams();
  const localDay = localDaySql(params, timeZone, fromMs, toMs);
  const columns = DIMENSIONS.map((d) => dimensionColumn(d));
  const dimName = `CASE ${DIMENSIONS.map((d) => `WHEN GROUPING(${dimensionColumn(d)}) = 0 THEN '${d}'`).join(" ")} END`;
  const sets = DIMENSIONS.map((d) => `(${DAY_GRAIN_DIMENSIONS.includes(d) ? "day" : "month"}, ${dimensionColumn(d)}, currency, w)`);
  const statement = await conn.prepare(
    `INSERT INTO rollups (dim, grain, local_day, key, currency, wasted, runs, hours, cost, last_at, last_price)
     SELECT ${dimName}, CASE WHEN GROUPING(day) = 0 THEN 'day' ELSE 'month' END, coalesce(day, month),
       coalesce(${columns.join(", ")}), currency, w, count(*), sum(h), sum(c), max(started_at), arg_max(price, started_at)
     FROM (
       SELECT day, CAST(date_trunc('month', day) AS DATE) AS month, ${columns.join(", ")}, currency, w, h, c, started_at, price
       FROM (
         SELECT DATE '1970-01-01' + CAST(${localDay} AS INTEGER) AS day, ${columns.join(", ")},
           total_cost_currency AS currency, ${wastedSqlFor(facts)} AS w, ${hoursSqlFor(facts)} AS h,
           total_cost_amount AS c, started_at, hardware_tier_cost_amount AS price
         FROM runs
       ) AS r
     ) AS m
     GROUP BY GROUPING SETS (${sets.join(", ")})`,
  );
  let rows: number;
  try {
    statement.bind([...params.values]);
    rows = Number((await statement.run()).rowsChanged);
  } finally {
    statement.destroySync();
  }
  // Month rows of the day-grain dimensions from their day rows, then year rows from month rows.
  const coarser = async (grain: Grain, finer: Grain) =>
    Number(
      (
        await conn.run(
          `INSERT INTO rollups (dim, grain, local_day, key, currency, wasted, runs, hours, cost, last_at, last_price)
           SELECT dim, '${grain}', CAST(date_trunc('${grain}', local_day) AS DATE), key, currency, wasted,
             sum(runs), sum(hours), sum(cost), max(last_at), arg_max(last_price, last_at)
           FROM rollups WHERE grain = '${finer}'
           GROUP BY dim, CAST(date_trunc('${grain}', local_day) AS DATE), key, currency, wasted`,
        )
      ).rowsChanged,
    );
  rows += await coarser("month", "day");
  rows += await coarser("year", "month");
  return rows;
}

/** Whether the filters hold nothing but dates, the only ones the rollups can answer. */
export function onlyDates(filters: Filters): boolean {
  return (
    filters.q === null &&
    filters.tier.length === 0 &&
    filters.project.length === 0 &&
    filters.user.length === 0 &&
    filters.owner.length === 0 &&
    filters.runType.length === 0 &&
    filters.status.length === 0 &&
    filters.team.length === 0 &&
    filters.costCentre.length === 0
  );
}

/**
 * Whether this query reads the rollups: dates-only filters, a range of MIN_ROLLUP_DAYS or more
 * (or forced), not forced to the runs, and rollups built for the data version and zone of the
 * caller's transaction.
 */
export async function rollupsUsable(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  options: SourceOptions = {},
): Promise<boolean> {
  if (options.raw || !onlyDates(filters)) return false;
  if (!options.rollups && filters.from !== null) {
    const to = filters.to ?? localDate(timeZone, Date.now());
    if (dayNumber(to) - dayNumber(filters.from) + 1 < MIN_ROLLUP_DAYS) return false;
  }
  const [row] = await runQuery(
    conn,
    `SELECT r.data_version = s.data_version AND r.time_zone = $1 AS fresh
     FROM rollup_state r CROSS JOIN sync_state s WHERE r.id = 1 AND s.id = 1`,
    [timeZone],
  );
  return row?.fresh === true;
}

const firstOfMonth = (date: string) => `${date.slice(0, 8)}01`;
const firstOfYear = (date: string) => `${date.slice(0, 5)}01-01`;

export type Grain = "year" | "month" | "day";

/** Rows of one grain whose `local_day` lies in [lo, hi) (null: open). */
export interface RangePart {
  grain: Grain;
  lo: string | null;
  hi: string | null;
}

/**
 * Local days [from, to] (inclusive; null: open) as the fewest rollup rows: whole years, then
 * the whole months around them, then the days around those. Every day is covered once.
 */
export function rangeParts(from: string | null, to: string | null): RangePart[] {
  const afterTo = to === null ? null : addDays(to, 1);
  // Whole months: [monthLo, monthHi).
  const monthLo = from === null ? null : from.endsWith("-01") ? from : firstOfMonth(addDays(firstOfMonth(from), 31));
  const monthHi = afterTo === null ? null : firstOfMonth(afterTo);
  if (monthLo !== null && monthHi !== null && monthLo >= monthHi) return [{ grain: "day", lo: from, hi: afterTo }];
  const days: RangePart[] = [];
  if (from !== null && monthLo !== null && from < monthLo) days.push({ grain: "day", lo: from, hi: monthLo });
  if (afterTo !== null && monthHi !== null && monthHi < afterTo) days.push({ grain: "day", lo: monthHi, hi: afterTo });
  // Whole years inside the whole months: [yearLo, yearHi).
  const yearLo = monthLo === null ? null : monthLo.endsWith("-01-01") ? monthLo : `${Number(monthLo.slice(0, 4)) + 1}-01-01`;
  const yearHi = monthHi === null ? null : firstOfYear(monthHi);
  if (yearLo !== null && yearHi !== null && yearLo >= yearHi) return [{ grain: "month", lo: monthLo, hi: monthHi }, ...days];
  const months: RangePart[] = [];
  if (monthLo !== null && yearLo !== null && monthLo < yearLo) months.push({ grain: "month", lo: monthLo, hi: yearLo });
  if (monthHi !== null && yearHi !== null && yearHi < monthHi) months.push({ grain: "month", lo: yearHi, hi: monthHi });
  return [{ grain: "year", lo: yearLo, hi: yearHi }, ...months, ...days];
}

/** A WHERE condition over `rollups`: the rows of `dim` in `parts`. */
export function rollupPartsWhere(params: SqlParams, dim: Dimension, parts: readonly RangePart[]): string {
  const date = (d: string) => `CAST(${params.add(d)} AS DATE)`;
  const conditions = parts.map((part) =>
    [`grain = '${part.grain}'`, ...(part.lo ? [`local_day >= ${date(part.lo)}`] : []), ...(part.hi ? [`local_day < ${date(part.hi)}`] : [])].join(" AND "),
  );
  return `dim = ${params.add(dim)} AND (${conditions.map((c) => `(${c})`).join(" OR ")})`;
}

/** A WHERE condition over `rollups`: the day rows of `dim` for local days [from, to]. */
export function rollupDaysWhere(params: SqlParams, dim: Dimension, from: string | null, to: string | null): string {
  const date = (d: string) => `CAST(${params.add(d)} AS DATE)`;
  return [
    `dim = ${params.add(dim)}`,
    "grain = 'day'",
    ...(from ? [`local_day >= ${date(from)}`] : []),
    ...(to ? [`local_day <= ${date(to)}`] : []),
  ].join(" AND ");
}

/**
 * SQL for the fine groups of dimension `dim` over local days [from, to]: one row per
 * (key, currency, wasted) with runs (BIGINT), hours and cost (exact sums), last_at and the
 * tier price of that last run, the same columns and types a GROUP BY over the runs gives.
 * Whole years and months come from their rows; the days around them from day rows, or
 * from the runs for dimensions without day rows.
 */
export function rollupFineSql(
  params: SqlParams,
  dim: Dimension,
  from: string | null,
  to: string | null,
  timeZone: string,
  facts: StoreFacts,
): string {
  const date = (d: string) => `CAST(${params.add(d)} AS DATE)`;
  const selects: string[] = [];
  const pick = "SELECT key, currency, wasted, runs, hours, cost, last_at, last_price FROM rollups";
  const parts = rangeParts(from, to);
  const rawDays = parts.filter((part) => part.grain === "day" && !DAY_GRAIN_DIMENSIONS.includes(dim));
  const fromRollups = parts.filter((part) => !rawDays.includes(part));
  if (fromRollups.length > 0) selects.push(`${pick} WHERE ${rollupPartsWhere(params, dim, fromRollups)}`);
  if (rawDays.length > 0) {
    // The same bounds as filterClause: from local midnight to the local midnight ending the range.
    const at = (d: string) => `CAST(${params.add(dayStartIso(timeZone, d))} AS TIMESTAMPTZ)`;
    const ranges = rawDays.map((r) =>
      ["TRUE", ...(r.lo ? [`started_at >= ${at(r.lo)}`] : []), ...(r.hi ? [`started_at < ${at(r.hi)}`] : [])].join(" AND "),
    );
    // The runs of each edge in its own scan: a single OR of ranges would read every row group.
    for (const range of ranges) {
      selects.push(
        `SELECT ${dimensionColumn(dim)} AS key, total_cost_currency AS currency, ${wastedSqlFor(facts)} AS wasted,
           count(*) AS runs, sum(${hoursSqlFor(facts)}) AS hours, sum(total_cost_amount) AS cost, max(started_at) AS last_at,
           arg_max(hardware_tier_cost_amount, started_at) AS last_price
         FROM runs WHERE ${range} GROUP BY 1, 2, 3`,
      );
    }
  }
  if (selects.length === 0) selects.push(`${pick} WHERE FALSE`);
  return `SELECT key, currency, wasted, CAST(sum(runs) AS BIGINT) AS runs, sum(hours) AS hours, sum(cost) AS cost,
      max(last_at) AS last_at, arg_max(last_price, last_at) AS last_price
    FROM (${selects.join(" UNION ALL ")}) AS parts GROUP BY key, currency, wasted`;
}
