import type { DuckDBConnection } from "@duckdb/node-api";
import { DIMENSION_SPECS } from "@/lib/analytics/dimensions";
import { dayStartIso } from "@/lib/analytics/filters";
import { localDaySql } from "@/lib/analytics/local-day-sql";
import { centsOf, micros } from "@/lib/analytics/money";
import { num, runQuery, SqlParams } from "@/lib/analytics/query";
import { addDays, dayNumber, localDate, localDayStart } from "@/lib/analytics/time-zone";
import { pointForecast } from "@/lib/forecast/forecast";
import { DEFAULT_SETTINGS } from "@/lib/forecast/method";
import { periodOf } from "@/lib/forecast/period";
import { scopeFilters } from "./input";
import { computeBudgetStatus } from "./status";
import type { Budget } from "./types";

/**
 * What alerts need of each budget, and nothing more: its actual (the dashboard's exact total
 * for its scope and period) and its point forecast for the period's end. Evaluated after every
 * sync, so it must be cheap (`npm run bench -- budgets-evaluate`).
 *
 * The point forecast only reads the last `weekdayWindow` days of daily cost (the weekday
 * factors and the level; lib/forecast/method.ts) and the runs in flight; the 80 % interval,
 * which re-forecasts a year of past periods, is left to the full status (batch-status.ts),
 * computed only for a budget whose crossing is new. So one scan reads only the runs from the
 * earliest of (today − 84 days, the periods' first days) to the periods' last day, grouped
 * into one row per recent local day and one row for everything older, with one conditional
 * sum per budget (`FILTER (WHERE <its scope>)`, bound parameters): no grouping by dimension.
 * Fed the same days, pointForecast gives the same point forecast as the full status.
 */

const HOUR_MS = 3_600_000;

export interface BudgetFigures {
  actual: number;
  forecast: number;
}


const round = (v: number) => Math.round(v * 100) / 100;

export async function computeBudgetFigures(
  conn: DuckDBConnection,
  budgets: readonly Budget[],
  timeZone: string,
  now: number,
): Promise<BudgetFigures[]> {
  const today = localDate(timeZone, now);
  const todayNumber = dayNumber(today);
  const recentFrom = addDays(today, -DEFAULT_SETTINGS.weekdayWindow);
  const plans = budgets.map((budget) => ({ budget, filters: scopeFilters(budget.scope), period: periodOf(budget.period, today) }));
  const out = new Map<string, BudgetFigures>();
  // A text search cannot be a column filter of this scan: those (rare) scopes go one by one.
  for (const p of plans) {
    if (p.filters.q === null) continue;
    const s = await computeBudgetStatus(conn, p.budget, timeZone, now);
    out.set(p.budget.id, { actual: s.actual, forecast: s.forecast });
  }
  const scanned = plans.filter((p) => p.filters.q === null);
  if (scanned.length > 0) {
    const firstDay = dayNumber(recentFrom);
    const from = scanned.map((p) => p.period.from).reduce((a, b) => (a < b ? a : b), recentFrom);
    const to = scanned.map((p) => p.period.to).reduce((a, b) => (a > b ? a : b));
    const params = new SqlParams();
    const ts = (date: string) => `CAST(${params.add(dayStartIso(timeZone, date))} AS TIMESTAMPTZ)`;
    const toMs = localDayStart(timeZone, addDays(to, 1));
    // Runs before the recent days only count towards a long period's actual: one bucket per
    // period start among them (-1 the latest, -2 the one before...), no local day computed.
    const starts = [...new Set(scanned.map((p) => p.period.from).filter((f) => f < recentFrom))].sort().reverse();
    const bucket = `CASE WHEN started_at >= ${ts(recentFrom)} THEN ${localDaySql(params, timeZone, localDayStart(timeZone, recentFrom), toMs)}
      ${starts.map((f, i) => `WHEN started_at >= ${ts(f)} THEN ${-1 - i}`).join(" ")} END`;
    // A bucket's first day as a day number: a local day, or a period start for the older runs.
    const bucketDay = (d: number) => (d >= 0 ? d : dayNumber(starts[-1 - d]!));
    // Each dimension some scope filters on, keyed only by the values scopes name (the rest
    // fall into one NULL key), so few groups whatever the number of runs.
    const dims = Object.values(DIMENSION_SPECS).filter((spec) => scanned.some((p) => p.filters[spec.filter].length > 0));
    const keys = dims.map((spec, i) => {
      const values = [...new Set(scanned.flatMap((p) => p.filters[spec.filter]))];
      return `CASE WHEN ${spec.column} IN (${params.list(values)}) THEN CAST(${spec.column} AS VARCHAR) END AS k${i}`;
    });
    // One grouping set per combination of dimensions a scope filters on.
    const setOf = (p: (typeof scanned)[number]) => dims.flatMap((spec, i) => (p.filters[spec.filter].length > 0 ? [i] : []));
    const sets = [...new Map(scanned.map((p) => [setOf(p).join(","), setOf(p)])).values()];
    // What a run in flight adds by its period's end, per distinct end (inFlightAccrual).
    const ends = [...new Set(scanned.map((p) => p.period.to))];
    const accruals = ends.map((end, i) => {
      const hoursLeft = Math.max(0, (localDayStart(timeZone, addDays(end, 1)) - now) / HOUR_MS);
      return `sum(CAST(total_cost_amount AS DOUBLE) / (run_duration_sec / 3600.0) * least(run_duration_sec / 3600.0, ${params.add(hoursLeft)}))
        FILTER (WHERE in_flight AND run_duration_sec > 60) AS a${i}`;
    });
    const grouping = dims.length > 0 ? `GROUPING(${dims.map((_, i) => `k${i}`).join(", ")})` : "0";
    const grouped = await runQuery(
      conn,
      `WITH r AS (
         SELECT ${bucket} AS d, total_cost_currency AS cur, ${keys.map((k) => `${k}, `).join("")}total_cost_amount, run_duration_sec, in_flight
         FROM runs
         WHERE started_at >= ${ts(from)} AND started_at < CAST(${params.add(new Date(toMs).toISOString())} AS TIMESTAMPTZ)
       )
       SELECT d, cur, ${dims.map((_, i) => `k${i}, `).join("")}${grouping} AS g, CAST(sum(total_cost_amount) AS VARCHAR) AS c,
         ${accruals.join(",\n")}
       FROM r
       GROUP BY GROUPING SETS (${sets.map((set) => `(d, cur${set.map((i) => `, k${i}`).join("")})`).join(", ")})`,
      params.values,
    );
    // GROUPING() has a bit set for each key left out of the row's set, first key highest.
    const gOf = (set: number[]) => dims.reduce((g, _, i) => (set.includes(i) ? g : g | (1 << (dims.length - 1 - i))), 0);
    // Each row read once, filed by its grouping set, currency and key values: a budget then
    // looks up only the rows of its own scope (the product of its values), not every row.
    const filed = new Map<string, { d: number; start: number; micros: bigint; cost: number; accrual: number[] }[]>();
    const fileKey = (g: number, cur: unknown, values: readonly unknown[]) => JSON.stringify([g, cur, ...values]);
    for (const row of grouped) {
      const g = num(row.g);
      const values = dims.flatMap((_, i) => ((g >> (dims.length - 1 - i)) & 1 ? [] : [row[`k${i}`]]));
      if (values.includes(null)) continue;
      const key = fileKey(g, row.cur, values);
      const d = num(row.d);
      const text = String(row.c);
      const entry = { d, start: bucketDay(d), micros: micros(text), cost: Number(text), accrual: ends.map((_, i) => num(row[`a${i}`])) };
      const list = filed.get(key);
      if (list) list.push(entry);
      else filed.set(key, [entry]);
    }
    for (const p of scanned) {
      const set = setOf(p);
      const endIndex = ends.indexOf(p.period.to);
      const periodFrom = dayNumber(p.period.from);
      const periodTo = dayNumber(p.period.to);
      let actual = 0n;
      let inFlight = 0;
      const costs = new Array<number>(todayNumber - firstDay + 1).fill(0);
      const combinations = set.reduce<string[][]>(
        (acc, i) => acc.flatMap((prefix) => [...new Set(p.filters[dims[i]!.filter])].map((value) => [...prefix, value])),
        [[]],
      );
      for (const values of combinations) {
        for (const row of filed.get(fileKey(gOf(set), p.budget.currency, values)) ?? []) {
          if (row.start >= periodFrom && row.start <= periodTo) {
            actual += row.micros;
            inFlight += row.accrual[endIndex]!;
          }
          if (row.d >= firstDay && row.d <= todayNumber) costs[row.d - firstDay] = costs[row.d - firstDay]! + row.cost;
        }
      }
      const spent = centsOf(actual);
      out.set(p.budget.id, { actual: spent, forecast: round(pointForecast(p.period, today, spent, { firstDay, costs }, inFlight)) });
    }
  }
  return budgets.map((b) => out.get(b.id)!);
}
