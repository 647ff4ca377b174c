import type { DuckDBConnection } from "@duckdb/node-api";
import { DIMENSION_SPECS } from "@/lib/contract/dimensions";
import { filterClause } from "@/lib/analytics/filters";
import { localDaySql } from "@/lib/analytics/local-day-sql";
import { centsOf, micros } from "@/lib/analytics/money";
import { num, runQuery, SqlParams } from "@/lib/analytics/query";
import { localDate, localDayStart } from "@/lib/analytics/time-zone";
import { addDays, dayNumber } from "@/lib/contract/days";
import { assembleForecast, forecastWindow } from "@/lib/forecast/forecast";
import { periodOf } from "@/lib/forecast/period";
import { scopeFilters } from "./input";
import { assembleStatus, computeBudgetStatus } from "./status";
import type { Budget, BudgetStatus } from "./types";

/**
 * Every budget's status with one scan of the runs instead of several per budget: the runs
 * since the earliest day any forecast needs are grouped once by local day and every filter
 * dimension (DIMENSION_SPECS, so a dimension added there is grouped too); each budget's scope
 * then filters those groups with the dashboard's own filter SQL (filterClause). Measured in
 * `npm run bench -- budgets-evaluate`.
 *
 * The actual is the exact DECIMAL sum of the scope's runs whose local day lies in the period:
 * the same runs, days and rounding as the dashboard's totals (lib/analytics/totals.ts), which
 * lib/budgets/actual.test.ts checks against computeTotals for several scopes and zones. A
 * scope with a text search (q) cannot be answered from groups and is computed one by one.
 */

const HOUR_MS = 3_600_000;


export async function computeBudgetStatuses(
  conn: DuckDBConnection,
  budgets: readonly Budget[],
  timeZone: string,
  now: number,
): Promise<BudgetStatus[]> {
  const today = localDate(timeZone, now);
  const todayNumber = dayNumber(today);
  const plans = budgets.map((budget) => {
    const filters = scopeFilters(budget.scope);
    const period = periodOf(budget.period, today);
    return { budget, filters, period, historyFrom: forecastWindow(period).historyFrom };
  });
  const grouped = plans.filter((p) => p.filters.q === null);
  const out = new Map<string, BudgetStatus>();
  for (const p of plans) if (p.filters.q !== null) out.set(p.budget.id, await computeBudgetStatus(conn, p.budget, timeZone, now));

  if (grouped.length > 0) {
    const from = grouped.map((p) => p.historyFrom).reduce((a, b) => (a < b ? a : b));
    const to = grouped.map((p) => p.period.to).reduce((a, b) => (a > b ? a : b));
    const params = new SqlParams();
    const fromMs = localDayStart(timeZone, from);
    const toMs = localDayStart(timeZone, addDays(to, 1));
    const day = localDaySql(params, timeZone, fromMs, toMs);
    // Only the dimensions some scope filters on: fewer groups to make and to filter.
    const dims = Object.values(DIMENSION_SPECS)
      .filter((spec) => grouped.some((p) => p.filters[spec.filter].length > 0))
      .map((spec) => spec.column);
    // What a run in flight adds by the end of each kind of period (lib/forecast/daily-costs.ts).
    const accrual = (kind: "month" | "quarter" | "year") => {
      const end = localDayStart(timeZone, addDays(periodOf(kind, today).to, 1));
      const hoursLeft = Math.max(0, (end - now) / HOUR_MS);
      return `coalesce(sum(CAST(total_cost_amount AS DOUBLE) / (run_duration_sec / 3600.0) * least(run_duration_sec / 3600.0, ${params.add(hoursLeft)}))
        FILTER (WHERE in_flight AND run_duration_sec > 60), 0) AS a_${kind}`;
    };
    const g = `SELECT ${day} AS d, ${dims.map((d) => `${d}, `).join("")}total_cost_currency, sum(total_cost_amount) AS c,
        ${accrual("month")}, ${accrual("quarter")}, ${accrual("year")}
      FROM runs
      WHERE started_at >= CAST(${params.add(new Date(fromMs).toISOString())} AS TIMESTAMPTZ)
        AND started_at < CAST(${params.add(new Date(toMs).toISOString())} AS TIMESTAMPTZ)
      GROUP BY ${["d", ...dims, "total_cost_currency"].join(", ")}`;
    // One pass over the groups, one filtered sum per budget (a UNION of per-budget queries
    // measured 13 times slower: its planning and scans grow with every budget).
    const columns = grouped.map((p, i) => {
      const where = filterClause({ ...p.filters, from: null, to: null, q: null }, timeZone, { params });
      const condition = `total_cost_currency = ${params.add(p.budget.currency)} AND d >= ${params.add(dayNumber(p.historyFrom))} AND ${where.sql}`;
      return `CAST(sum(c) FILTER (WHERE ${condition}) AS VARCHAR) AS c${i}, sum(a_${p.budget.period}) FILTER (WHERE ${condition}) AS a${i}`;
    });
    const dayRows = await runQuery(conn, `SELECT d, ${columns.join(", ")} FROM (${g}) AS g GROUP BY d`, params.values);
    const rows = dayRows.flatMap((row) =>
      grouped.map((_, i) => ({ b: i, d: row.d, c: row[`c${i}`], a: row[`a${i}`] })).filter((r) => r.c !== null && r.c !== undefined),
    );

    const perBudget = grouped.map((p) => {
      const firstDay = dayNumber(p.historyFrom);
      return { firstDay, costs: new Array<number>(todayNumber - firstDay + 1).fill(0), actual: 0n, inFlight: 0 };
    });
    for (const row of rows) {
      const i = num(row.b);
      const p = grouped[i]!;
      const acc = perBudget[i]!;
      const d = num(row.d);
      const text = String(row.c);
      if (d >= dayNumber(p.period.from) && d <= dayNumber(p.period.to)) {
        acc.actual += micros(text);
        acc.inFlight += num(row.a);
      }
      if (d <= todayNumber && d >= acc.firstDay) acc.costs[d - acc.firstDay] = Number(text);
    }
    grouped.forEach((p, i) => {
      const acc = perBudget[i]!;
      const actual = centsOf(acc.actual);
      const forecast = assembleForecast(p.period, p.budget.currency, today, actual, { firstDay: acc.firstDay, costs: acc.costs }, acc.inFlight);
      out.set(p.budget.id, assembleStatus(p.budget, timeZone, now, actual, forecast));
    });
  }
  return budgets.map((b) => out.get(b.id)!);
}
