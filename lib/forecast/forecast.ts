import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { answer, type AnswerOptions, type Envelope } from "@/lib/analytics/answer";
import { filtersKey, type Filters } from "@/lib/analytics/filters";
import { runQuery, SqlParams } from "@/lib/analytics/query";
import { readStoreFacts } from "@/lib/analytics/store-facts";
import { filterClause } from "@/lib/analytics/filters";
import { computeTotals } from "@/lib/analytics/totals";
import { addDays, dayNumber, dayString, localDate, localDayStart } from "@/lib/analytics/time-zone";
import { dailyCosts, inFlightAccrual } from "./daily-costs";
import { forecastPeriod, type DailySeries, type PeriodWindow } from "./method";
import type { ForecastBody, ForecastPoint } from "./types";
import { PERIOD_KINDS, periodLabel, periodOf, previousPeriod, type PeriodBounds, type PeriodKind } from "./period";

export const forecastParams = z.object({
  period: z.enum(PERIOD_KINDS).default("month"),
});

export type ForecastResponse = Envelope & ForecastBody;

const cents = (v: number) => Math.round(v * 100) / 100;

/** The scope's currency: the store's only one, else the one with the largest cost in the scope. */
async function scopeCurrency(conn: DuckDBConnection, scope: Filters, timeZone: string): Promise<string | null> {
  const facts = await readStoreFacts(conn);
  if (facts.onlyCurrency) return facts.onlyCurrency;
  const params = new SqlParams();
  const where = filterClause(scope, timeZone, { params });
  const [row] = await runQuery(
    conn,
    `SELECT arg_max(c, cost) AS c FROM (SELECT total_cost_currency AS c, sum(total_cost_amount) AS cost FROM runs WHERE ${where.sql} GROUP BY 1)`,
    params.values,
  );
  return row && row.c !== null ? String(row.c) : null;
}

/** Earlier periods of the same kind, newest first, for the interval's calibration. */
function pastPeriods(period: PeriodBounds, count: number): PeriodBounds[] {
  const out: PeriodBounds[] = [];
  let p = period;
  for (let i = 0; i < count; i++) out.push((p = previousPeriod(p)));
  return out;
}

const windowOf = (p: PeriodBounds): PeriodWindow => ({ from: dayNumber(p.from), to: dayNumber(p.to) });

/**
 * The forecast of the current period (month, quarter or year holding "now" in the zone) for a
 * scope: the scope's own from/to are ignored, the period decides the dates.
 */
export async function computeForecast(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  now: number,
  kind: PeriodKind,
): Promise<ForecastBody> {
  const scope: Filters = { ...filters, from: null, to: null };
  const today = localDate(timeZone, now);
  const period = periodOf(kind, today);
  const label = periodLabel(period);
  const currency = await scopeCurrency(conn, scope, timeZone);
  const spentTotals = await computeTotals(conn, { ...scope, from: period.from, to: today }, timeZone, null);
  const spent = spentTotals.current.costs.find((c) => c.currency === currency)?.cost ?? 0;
  if (currency === null) {
    return { period: { ...period, label }, currency, today, spent: 0, forecast: 0, low: 0, high: 0, inFlight: 0, interval: "residual", series: [], actual: [] };
  }
  const { historyFrom } = forecastWindow(period);
  const series = await dailyCosts(conn, scope, timeZone, currency, historyFrom, today);
  const periodEndMs = localDayStart(timeZone, addDays(period.to, 1));
  const inFlight = await inFlightAccrual(conn, scope, timeZone, currency, period.from, now, periodEndMs);
  return assembleForecast(period, currency, today, spent, series, inFlight);
}

/** The past periods a forecast calibrates on and the first day of history it needs. */
export function forecastWindow(period: PeriodBounds): { past: PeriodBounds[]; historyFrom: string } {
  // 12 past months, 8 past quarters; years never have the 6 past periods a calibrated
  // interval needs within 3 years, so none are read (their interval comes from the residuals).
  const count = period.kind === "month" ? 12 : period.kind === "quarter" ? 8 : 0;
  const past = pastPeriods(period, count).filter((p) => dayNumber(period.from) - dayNumber(p.from) <= 3 * 366);
  return { past, historyFrom: addDays((past[past.length - 1] ?? period).from, -84) };
}

/**
 * The answer from the daily series (history up to and including today), what is spent in the
 * period (the dashboard's exact total) and what runs in flight will add. Pure.
 */
export function assembleForecast(
  period: PeriodBounds,
  currency: string,
  today: string,
  spent: number,
  series: DailySeries,
  inFlight: number,
): ForecastBody {
  const label = periodLabel(period);
  const { past } = forecastWindow(period);
  const todayNumber = dayNumber(today);
  const todaySoFar = series.costs[todayNumber - series.firstDay] ?? 0;
  const result = forecastPeriod(series, windowOf(period), todayNumber, past.map(windowOf), todaySoFar);

  // Spent comes from the dashboard's totals (exact to the cent); the model's own sum of the
  // same days is replaced by it, so the forecast starts exactly where the dashboard stands.
  const shift = spent - result.spent;
  const forecast = result.total + shift + inFlight;
  const low = Math.min(forecast, result.low + shift + inFlight);
  const high = Math.max(forecast, result.high + shift + inFlight);
  let cumulative = spent + inFlight - todaySoFar;
  let cumulativeLow = cumulative;
  let cumulativeHigh = cumulative;
  const points: ForecastPoint[] = result.days.map((d) => {
    // Today's expected cost is what remains of it beyond what is already spent.
    const isToday = d.day === todayNumber;
    const scale = isToday && d.expected > 0 ? Math.max(d.expected, todaySoFar) / d.expected : 1;
    cumulative += d.expected * scale;
    cumulativeLow += Math.max(d.low, isToday ? todaySoFar : 0);
    cumulativeHigh += Math.max(d.high, isToday ? todaySoFar : 0);
    return {
      date: dayString(d.day),
      expected: cents(d.expected),
      low: cents(d.low),
      high: cents(d.high),
      cumulative: cents(cumulative),
      cumulativeLow: cents(cumulativeLow),
      cumulativeHigh: cents(cumulativeHigh),
    };
  });
  const actual: ForecastBody["actual"] = [];
  let running = 0;
  for (let d = dayNumber(period.from); d < todayNumber; d++) {
    const cost = series.costs[d - series.firstDay] ?? 0;
    running += cost;
    actual.push({ date: dayString(d), cost: cents(cost), cumulative: cents(running) });
  }
  return {
    period: { ...period, label },
    currency,
    today,
    spent: cents(spent),
    forecast: cents(forecast),
    low: cents(low),
    high: cents(high),
    inFlight: cents(inFlight),
    interval: result.interval,
    series: points,
    actual,
  };
}

/**
 * The period-end forecast alone, unrounded: assembleForecast's `forecast` without the range or
 * the daily points (the point forecast does not depend on past periods). What alerts compare.
 */
export function pointForecast(period: PeriodBounds, today: string, spent: number, series: DailySeries, inFlight: number): number {
  const todayNumber = dayNumber(today);
  const todaySoFar = series.costs[todayNumber - series.firstDay] ?? 0;
  const result = forecastPeriod(series, windowOf(period), todayNumber, [], todaySoFar);
  return result.total + (spent - result.spent) + inFlight;
}

/** GET /api/forecast: the current period's spend and forecast for a scope. */
export async function getForecast(filters: Filters, kind: PeriodKind, options: AnswerOptions = {}): Promise<ForecastResponse> {
  const now = options.now ?? Date.now();
  // "Today" is part of the answer: every zone's offset is a multiple of 15 minutes.
  return answer(
    "forecast",
    `${filtersKey({ ...filters, from: null, to: null })}|${kind}|${Math.floor(now / 900_000)}`,
    ({ conn, timeZone }) => computeForecast(conn, filters, timeZone, now, kind),
    { ...options, now },
  );
}


