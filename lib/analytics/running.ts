import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { storedIso } from "@/lib/store/stored-run";
import type { Body, RunningAnswer, RunningRow } from "@/lib/contract/answers";
import { RUNNING_SORT_SPECS, RUNNING_SORTS, SORT_DIRS } from "@/lib/contract/sorts";
import { answer, type AnswerOptions } from "./answer";
import { dayStartIso, filterClause } from "./filters";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import type { LongRunRule } from "./long-run";
import { centsSql, unitSql } from "./money";
import { num, runQuery, SqlParams } from "./query";
import { readStoreFacts, type StoreFacts } from "./store-facts";
import { localDayStart } from "./time-zone";
import { addDays } from "@/lib/contract/days";

/**
 * Running now: every run in flight at the last sync (status not terminal, no end time; the
 * gateway sends the cost accrued so far), longest first, with its rate and a long-running
 * mark. The figures are the last sync's: a run's time and cost grow between syncs.
 *
 * Dates: a run in flight belongs to every day from its start to now, so it is in a range
 * when it started on or before `to` and the range's `from` is not after today. (Selecting by
 * start day alone would hide an App started 40 days ago from "last 30 days".)
 */

export const MAX_RUNNING_LIMIT = 1000;

export const runningParams = z.object({
  sort: z.enum(RUNNING_SORTS).default("runTime"),
  dir: z.enum(SORT_DIRS).default("desc"),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  /** 0: the summary alone (the overview's card). */
  limit: z.coerce.number().int().min(0).max(MAX_RUNNING_LIMIT).default(100),
});

export type RunningParams = z.infer<typeof runningParams>;

/** The summary alone: what the overview's card shows (and /api/overview answers with). */
export const RUNNING_SUMMARY: RunningParams = { sort: "runTime", dir: "desc", offset: 0, limit: 0 };

/**
 * What a running answer depends on besides the data. The clock matters only for a `from`
 * about now (has its day begun in the zone?): such answers are cached per quarter hour
 * (every zone's midnight falls on one).
 */
export function runningKey(filters: Filters, p: RunningParams, rule: LongRunRule, now: number): string {
  const nearNow = filters.from !== null && Math.abs(Date.parse(`${filters.from}T00:00:00Z`) - now) < 2 * 86_400_000;
  const clock = nearNow ? String(Math.floor(now / 900_000)) : "";
  return `${filtersQuery(filters)}|${p.sort}|${p.dir}|${p.offset}|${p.limit}|${JSON.stringify(rule)}|${clock}`;
}

/** Whether the range's first day has begun: a range wholly in the future has nothing running. */
function fromReached(filters: Filters, timeZone: string, now: number): boolean {
  return filters.from === null || now >= localDayStart(timeZone, filters.from);
}

/** SQL for a run's long-running threshold in hours: the run type's own, else the default. */
function thresholdSql(rule: LongRunRule, params: SqlParams): string {
  const cases = Object.entries(rule.byType).map(([type, hours]) => `WHEN ${params.add(type)} THEN ${params.add(hours)}`);
  const fallback = `CAST(${params.add(rule.hours)} AS DOUBLE)`;
  return cases.length > 0 ? `CAST(CASE run_type ${cases.join(" ")} ELSE ${fallback} END AS DOUBLE)` : fallback;
}

/**
 * The in-flight runs under `filters` as a subquery with their rate (DECIMAL, 6 places, so
 * sums of rates are exact sums of what each row shows) and long-running mark.
 */
function inFlightSql(
  filters: Filters,
  timeZone: string,
  now: number,
  rule: LongRunRule,
  facts: StoreFacts,
  params: SqlParams,
): string {
  const where = filterClause({ ...filters, from: null, to: null }, timeZone, { params });
  // No run in flight started before the first of them: with that bound DuckDB skips the row
  // groups of older runs instead of testing each one's filters (about 4 ms of 5 on 1M runs).
  const since = facts.firstInFlightAt === null ? "FALSE" : `started_at >= CAST(${params.add(facts.firstInFlightAt)} AS TIMESTAMPTZ)`;
  const conditions = ["in_flight", since, where.sql];
  if (filters.to) conditions.push(`started_at < CAST(${params.add(dayStartIso(timeZone, addDays(filters.to, 1)))} AS TIMESTAMPTZ)`);
  if (!fromReached(filters, timeZone, now)) conditions.push("FALSE");
  const threshold = thresholdSql(rule, params);
  return `SELECT *,
      CAST(CASE WHEN run_duration_sec > 0
                THEN total_cost_amount * 3600 / CAST(run_duration_sec AS DECIMAL(18, 3))
                ELSE hardware_tier_cost_amount * 60 END AS DECIMAL(18, 6)) AS rate,
      ${threshold} AS threshold_hours,
      run_duration_sec > ${threshold} * 3600 AS long_running
    FROM runs WHERE ${conditions.join(" AND ")}`;
}

export async function computeRunning(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  now: number,
  rule: LongRunRule,
  p: RunningParams,
): Promise<Body<RunningAnswer>> {
  const facts = await readStoreFacts(conn);
  const summaryParams = new SqlParams();
  const summary = await runQuery(
    conn,
    `SELECT total_cost_currency AS currency, count(*) AS runs, count(*) FILTER (WHERE long_running) AS long_running,
        ${centsSql("sum(total_cost_amount)")} AS cost, ${centsSql("sum(rate)")} AS rate,
        ${centsSql("coalesce(sum(rate) FILTER (WHERE long_running), 0) * 24")} AS long_per_day
      FROM (${inFlightSql(filters, timeZone, now, rule, facts, summaryParams)}) AS r
      GROUP BY 1 ORDER BY sum(total_cost_amount) DESC, 1`,
    summaryParams.values,
  );
  const total = summary.reduce((n, r) => n + num(r.runs), 0);
  const longRunning = summary.reduce((n, r) => n + num(r.long_running), 0);
  const costs = summary.map((r) => ({
    currency: String(r.currency),
    cost: num(r.cost),
    costPerHour: num(r.rate),
    longRunningCostPerDay: num(r.long_per_day),
  }));
  let rows: RunningRow[] = [];
  if (p.limit > 0 && p.offset < total) {
    const params = new SqlParams();
    const dir = p.dir === "asc" ? "ASC" : "DESC";
    const inner = inFlightSql(filters, timeZone, now, rule, facts, params);
    const found = await runQuery(
      conn,
      `SELECT run_id, batch_id, title, status, run_type, user_name, project_key, hardware_tier, start_time, queued_time,
          started_at, run_duration_sec, total_cost_currency, ${unitSql("total_cost_amount")} AS cost,
          ${unitSql("rate")} AS rate, long_running, threshold_hours
        FROM (${inner}) AS r
        ORDER BY ${RUNNING_SORT_SPECS[p.sort].column} ${dir}, run_id ${dir}
        LIMIT ${params.add(p.limit)} OFFSET ${params.add(p.offset)}`,
      params.values,
    );
    rows = found.map((r) => ({
      runId: String(r.run_id),
      batchId: String(r.batch_id),
      title: String(r.title),
      status: String(r.status),
      runType: String(r.run_type),
      userName: String(r.user_name),
      projectKey: String(r.project_key),
      hardwareTier: String(r.hardware_tier),
      startTime: storedIso(r.start_time),
      queuedTime: storedIso(r.queued_time) ?? "",
      startedAt: storedIso(r.started_at) ?? "",
      runSeconds: num(r.run_duration_sec),
      currency: String(r.total_cost_currency),
      cost: num(r.cost),
      costPerHour: num(r.rate),
      longRunning: r.long_running === true,
      longRunHours: num(r.threshold_hours),
    }));
  }
  return { sort: p.sort, dir: p.dir, offset: p.offset, limit: p.limit, total, longRunning, costs, longRunRule: rule, rows };
}

/** GET /api/running: the runs in flight at the last sync. */
export async function getRunning(
  filters: Filters,
  p: RunningParams,
  rule: LongRunRule,
  options: AnswerOptions = {},
): Promise<RunningAnswer> {
  const now = options.now ?? Date.now();
  return answer(
    "running",
    runningKey(filters, p, rule, now),
    ({ conn, timeZone }) => computeRunning(conn, filters, timeZone, now, rule, p),
    { ...options, now },
  );
}
