import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { Bucket, TimeseriesAnswer, TimeseriesBody } from "@/lib/contract/answers";
import { answer, type AnswerOptions } from "./answer";
import { DIMENSIONS, dimensionColumn, type Dimension } from "@/lib/contract/dimensions";
import { filterClause } from "./filters";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import { centsSql } from "./money";
import { num, runQuery, SqlParams } from "./query";
import { currencySqlFor, readStoreFacts } from "./store-facts";
import { localDaySql } from "./local-day-sql";
import { DAY_GRAIN_DIMENSIONS, rangeParts, rollupDaysWhere, rollupPartsWhere, rollupsUsable, type SourceOptions } from "./rollups";
import { localDate, localDayStart } from "./time-zone";
import { addDays, DAY_MS, dayNumber, dayString, INTERVALS, type Interval } from "@/lib/contract/days";


export const MAX_BUCKETS = 10_000;

/** Up to this many distinct keys, the daily scan groups runs by the text key itself. */
const RAW_KEY_GROUPS = 64;

export const timeseriesParams = z.object({
  interval: z.enum(INTERVALS).default("day"),
  stackBy: z.enum(DIMENSIONS).default("hardwareTier"),
  top: z.coerce.number().int().min(1).max(20).default(5),
  currency: z.string().min(1).max(16).optional(),
});

export type TimeseriesParams = z.infer<typeof timeseriesParams>;

/** The start (day number) of the bucket holding day `day`. */
export function bucketOf(interval: Interval, day: number): number {
  if (interval === "day") return day;
  if (interval === "week") return day - ((((day + 3) % 7) + 7) % 7); // 1970-01-01 was a Thursday
  const date = new Date(day * DAY_MS);
  return Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS);
}

/** Every bucket start from the one holding `fromDay` to the one holding `toDay`. */
export function bucketStarts(interval: Interval, fromDay: number, toDay: number): number[] {
  const starts: number[] = [];
  for (let b = bucketOf(interval, fromDay); b <= toDay; ) {
    starts.push(b);
    if (starts.length > MAX_BUCKETS) {
      throw new ApiError("bad_request", `more than ${MAX_BUCKETS} buckets: choose a longer interval or a shorter range`, "interval");
    }
    if (interval === "day") b += 1;
    else if (interval === "week") b += 7;
    else {
      const date = new Date(b * DAY_MS);
      b = Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS);
    }
  }
  return starts;
}

function otherKeyFor(keys: string[]): string {
  for (const candidate of ["Other", "Others", "Other (rest)"]) if (!keys.includes(candidate)) return candidate;
  let n = 2;
  while (keys.includes(`Other ${n}`)) n += 1;
  return `Other ${n}`;
}

/**
 * Three steps: (1) per currency, the top keys by cost and the first/last run; (2) one scan
 * grouping runs by local day and key (keys outside the top become 0 = other), rolled
 * up to buckets in the same statement, one row per bucket; (3) empty buckets filled with zeros.
 */
export async function computeTimeseries(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  p: TimeseriesParams,
  source: SourceOptions = {},
): Promise<TimeseriesBody> {
  const column = dimensionColumn(p.stackBy);
  const base: TimeseriesBody = {
    interval: p.interval,
    stackBy: p.stackBy,
    top: p.top,
    currency: p.currency ?? null,
    keys: [],
    otherKey: null,
    range: null,
    buckets: [],
  };

  const facts = await readStoreFacts(conn);
  // The day rows of the stack dimension's rollup, when they can answer (rollups.ts).
  const fromRollup = DAY_GRAIN_DIMENSIONS.includes(p.stackBy) && (await rollupsUsable(conn, filters, timeZone, source));
  const params1 = new SqlParams();
  let grouped: string;
  let bounds: string;
  if (fromRollup) {
    // The ranking needs no days: whole years and months read fewer rows.
    const parts = rollupPartsWhere(params1, p.stackBy, rangeParts(filters.from, filters.to));
    grouped = `SELECT key, currency, sum(cost) AS cost FROM rollups WHERE ${parts} GROUP BY 1, 2`;
    bounds =
      filters.from && filters.to
        ? "SELECT NULL AS first_at, NULL AS last_at"
        : `SELECT CAST(min(local_day) AS VARCHAR) AS first_at, CAST(max(local_day) AS VARCHAR) AS last_at
           FROM rollups WHERE ${rollupDaysWhere(params1, p.stackBy, filters.from, filters.to)}`;
  } else {
    const currency1 = currencySqlFor(facts, params1);
    const where1 = filterClause(filters, timeZone, { params: params1 });
    grouped = `SELECT ${column} AS key, ${currency1.sql} AS currency, sum(total_cost_amount) AS cost
       FROM runs WHERE ${where1.sql} GROUP BY ${currency1.grouped ? "1, 2" : "1"}`;
    // The first and last run only matter when the filters leave the range open. An ungrouped
    // min/max is nearly free (DuckDB answers it from statistics when nothing is filtered),
    // while min/max per group cost about a third of this query.
    bounds =
      filters.from && filters.to
        ? "SELECT NULL AS first_at, NULL AS last_at"
        : `SELECT min(started_at) AS first_at, max(started_at) AS last_at FROM runs WHERE ${where1.sql}`;
  }
  // A rollup gives the first and last local day; the runs give instants.
  const dateOf = (value: unknown) => (typeof value === "string" ? value : localDate(timeZone, (value as Date).getTime()));
  const ranking = await runQuery(
    conn,
    `WITH g AS (${grouped}), ranked AS (
       SELECT key, currency, cost, sum(cost) OVER (PARTITION BY currency) AS currency_cost,
         row_number() OVER (PARTITION BY currency ORDER BY cost DESC, key) AS rn
       FROM g
     ), bounds AS (${bounds})
     SELECT key, currency, CAST(currency_cost AS DOUBLE) AS currency_cost, bounds.first_at, bounds.last_at,
       (SELECT count(DISTINCT key) FROM g) AS key_count
     FROM ranked CROSS JOIN bounds WHERE rn <= ${params1.add(p.top)} ORDER BY currency, rn`,
    params1.values,
  );

  const firstRow = ranking[0];
  const currency =
    p.currency ??
    (ranking.length > 0
      ? [...ranking].sort((a, b) => num(b.currency_cost) - num(a.currency_cost) || String(a.currency).localeCompare(String(b.currency)))[0]!.currency as string
      : null);
  const firstDate = filters.from ?? (firstRow ? dateOf(firstRow.first_at) : null);
  const lastDate = filters.to ?? (firstRow ? dateOf(firstRow.last_at) : null) ?? firstDate;
  if (!firstDate || !lastDate) return { ...base, currency };
  const fromDay = dayNumber(firstDate);
  const toDay = Math.max(dayNumber(lastDate), fromDay);
  const starts = bucketStarts(p.interval, fromDay, toDay);
  const range = { from: firstDate, to: dayString(toDay) };

  const topKeys = ranking.filter((r) => r.currency === currency).map((r) => String(r.key));
  const hasOther = num(firstRow?.key_count) > topKeys.length;
  const otherKey = hasOther ? otherKeyFor(topKeys) : null;
  const keys = otherKey ? [...topKeys, otherKey] : topKeys;
  const emptyValues = () => Object.fromEntries(keys.map((k) => [k, 0]));
  const buckets = new Map<number, Bucket>(
    starts.map((s) => [s, { start: dayString(s), total: 0, runs: 0, values: emptyValues() }]),
  );

  if (firstRow && currency !== null) {
    const params2 = new SqlParams();
    // Keys outside the top become 0 (other), the top ones their place from 1. With many keys,
    // mapping each run to this small integer first keeps the groups few. With few keys (tiers,
    // run types, statuses), grouping the runs by the text key itself and mapping the few
    // (day, key) groups afterwards costs less: DuckDB groups its dictionary-compressed text
    // cheaply, while a CASE compares text per run (on 1M runs by tier, about 30 of 60 ms).
    const keyCase = (subject: string) =>
      topKeys.length > 0 ? `CASE ${subject} ${topKeys.map((k, i) => `WHEN ${params2.add(k)} THEN ${i + 1}`).join(" ")} ELSE 0 END` : "0";
    const groupRawKeys = fromRollup || num(firstRow?.key_count) <= RAW_KEY_GROUPS;
    const outerKey = groupRawKeys ? keyCase("k") : "k";
    let days: string;
    if (fromRollup) {
      // Day rows are already grouped by (day, key, currency, wasted): summed per bucket directly.
      days = `SELECT local_day - DATE '1970-01-01' AS d, key AS k, currency, cost, runs AS n
        FROM rollups WHERE ${rollupDaysWhere(params2, p.stackBy, filters.from, filters.to)}`;
    } else {
      const currency2 = currencySqlFor(facts, params2);
      const where2 = filterClause(filters, timeZone, { params: params2 });
      const localDay = localDaySql(
        params2,
        timeZone,
        localDayStart(timeZone, range.from),
        localDayStart(timeZone, addDays(range.to, 1)),
      );
      const innerKey = groupRawKeys ? column : keyCase(column);
      days = `SELECT ${localDay} AS d, ${innerKey} AS k, ${currency2.sql} AS currency,
             sum(total_cost_amount) AS cost, count(*) AS n
           FROM runs WHERE ${where2.sql} GROUP BY ${currency2.grouped ? "1, 2, 3" : "1, 2"}`;
    }
    const bucketExpr =
      p.interval === "day"
        ? "d"
        : p.interval === "week"
          ? "d - ((d + 3) % 7)"
          : // Month as year*12 + month-1; DATE arithmetic involves no time zone.
            "year(DATE '1970-01-01' + CAST(d AS INTEGER)) * 12 + month(DATE '1970-01-01' + CAST(d AS INTEGER)) - 1";
    // The currency is a grouping column rather than an aggregate FILTER: cheaper per run.
    // The outer step pivots the keys into columns (k0 = other, k1… = the top keys), one row
    // per bucket: turning rows into JS objects runs on the server's only JS thread, and a row
    // per (bucket, key), about 21k for nine years of days, took 10–60 ms there (not counted above).
    const c = params2.add(currency);
    const costIn = (condition: string) => centsSql(`coalesce(sum(cost) FILTER (WHERE currency = ${c}${condition}), 0)`);
    const keyColumns = (otherKey ? [0] : []).concat(topKeys.map((_, i) => i + 1));
    const rows = await runQuery(
      conn,
      `SELECT b, ${costIn("")} AS total, sum(n) AS runs${keyColumns.map((i) => `, ${costIn(` AND k = ${i}`)} AS k${i}`).join("")}
       FROM (
         SELECT ${bucketExpr} AS b, ${outerKey} AS k, currency, cost, n FROM (${days}) AS days
       ) AS scoped
       GROUP BY b`,
      params2.values,
    );
    for (const row of rows) {
      const raw = num(row.b);
      const start =
        p.interval === "month" ? Math.round(Date.UTC(Math.floor(raw / 12), raw % 12, 1) / DAY_MS) : raw;
      const bucket = buckets.get(start);
      if (!bucket) continue; // outside the range: cannot happen with the range's own filter
      bucket.total = num(row.total);
      bucket.runs = num(row.runs);
      for (const i of keyColumns) bucket.values[i === 0 ? otherKey! : topKeys[i - 1]!] = num(row[`k${i}`]);
    }
  }
  return { ...base, currency, keys, otherKey, range, buckets: [...buckets.values()] };
}

/** GET /api/timeseries: cost per day, week or month, stacked by the top keys of a dimension. */
export async function getTimeseries(
  filters: Filters,
  p: TimeseriesParams,
  options: AnswerOptions = {},
): Promise<TimeseriesAnswer> {
  return answer(
    "timeseries",
    `${filtersQuery(filters)}|${p.interval}|${p.stackBy}|${p.top}|${p.currency ?? ""}`,
    ({ conn, timeZone }) => computeTimeseries(conn, filters, timeZone, p),
    options,
  );
}
