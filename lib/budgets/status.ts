import type { DuckDBConnection } from "@duckdb/node-api";
import { computeTotals } from "@/lib/analytics/totals";
import { localDate } from "@/lib/analytics/time-zone";
import { computeForecast } from "@/lib/forecast/forecast";
import type { ForecastBody } from "@/lib/contract/answers";
import { periodLabel, periodOf } from "@/lib/forecast/period";
import { scopeFilters } from "./input";
import type { Budget, BudgetState, BudgetStatus } from "./types";

/**
 * A budget's figures for its current period. The actual is computeTotals (lib/analytics/
 * totals.ts) for the scope and the period's dates: the very function and filters behind the
 * dashboard's total for that view, so the two never disagree.
 */

/** The dashboard's filters for a budget's scope and period. */
export function budgetView(budget: Budget, timeZone: string, now: number) {
  const period = periodOf(budget.period, localDate(timeZone, now));
  return { period, filters: { ...scopeFilters(budget.scope), from: period.from, to: period.to } };
}

/** The budget's spend in its current period, in its currency (0 when nothing was spent). */
export async function budgetActual(conn: DuckDBConnection, budget: Budget, timeZone: string, now: number): Promise<number> {
  const { filters } = budgetView(budget, timeZone, now);
  const { current } = await computeTotals(conn, filters, timeZone, null);
  return current.costs.find((c) => c.currency === budget.currency)?.cost ?? 0;
}

export function budgetState(actual: number, forecast: number, amount: number): BudgetState {
  if (actual >= amount) return "over";
  if (forecast >= amount) return "at risk";
  return "on track";
}

const share = (value: number, amount: number) => Math.round((value / amount) * 1000) / 10;

export async function computeBudgetStatus(conn: DuckDBConnection, budget: Budget, timeZone: string, now: number): Promise<BudgetStatus> {
  const { filters } = budgetView(budget, timeZone, now);
  const actual = await budgetActual(conn, budget, timeZone, now);
  const forecast = await computeForecast(conn, filters, timeZone, now, budget.period);
  return assembleStatus(budget, timeZone, now, actual, forecast);
}

/** A budget's status from its actual and its forecast. Pure. */
export function assembleStatus(budget: Budget, timeZone: string, now: number, actual: number, forecast: ForecastBody): BudgetStatus {
  const { period } = budgetView(budget, timeZone, now);
  const sameCurrency = forecast.currency === budget.currency;
  // The forecast's spent ends today; the actual covers the whole period (the same unless runs
  // are dated after today), so the forecast is moved to start from the actual.
  const shift = actual - (sameCurrency ? forecast.spent : 0);
  const f = sameCurrency ? forecast.forecast + shift : actual;
  const amount = Number(budget.amount);
  const params = new URLSearchParams(budget.scope);
  params.set("range", "custom");
  params.set("from", period.from);
  params.set("to", period.to);
  return {
    budget,
    period: { from: period.from, to: period.to, label: periodLabel(period) },
    actual,
    forecast: round(f),
    forecastLow: round(sameCurrency ? forecast.low + shift : actual),
    forecastHigh: round(sameCurrency ? forecast.high + shift : actual),
    actualShare: share(actual, amount),
    forecastShare: share(f, amount),
    state: budgetState(actual, f, amount),
    cumulative: sameCurrency
      ? [
          ...forecast.actual.map((d) => ({ date: d.date, actual: d.cumulative, forecast: null })),
          ...forecast.series.map((d) => ({ date: d.date, actual: null, forecast: round(d.cumulative + shift) })),
        ]
      : [],
    dashboardPath: `/?${params.toString()}`,
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
