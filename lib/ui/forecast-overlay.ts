/**
 * The forecast drawn as a dashed continuation of the cost chart: the expected cost of each
 * remaining day of the month (GET /api/forecast's `series`), with a row added for each future
 * day the view's buckets do not reach yet, so the line runs to the period's end.
 *
 * Only for daily bars of a view that reaches today: a week or month bar would mix spent and
 * expected cost in one bucket, and the KPI above the chart already gives the month's total.
 * Pure: no server imports.
 */
import type { ForecastBody } from "@/lib/contract/answers";
import type { Interval } from "@/lib/contract/days";
import { bucketLabel, type ChartOverlay, type SeriesRow } from "./chart-data";

export const FORECAST_LABEL = "Forecast";
/** A row added for a day with no bar yet: its bars are empty, the table shows no cost for it. */
export const FUTURE_FIELD = "future";

export function forecastOverlay(
  rows: SeriesRow[],
  interval: Interval,
  forecast: ForecastBody | undefined,
): { rows: SeriesRow[]; overlay: ChartOverlay | null } {
  if (!forecast || forecast.currency === null || interval !== "day" || forecast.series.length === 0) return { rows, overlay: null };
  // The view must hold today (its range reaches the current period), else there is nothing to continue.
  if (!rows.some((row) => row.start === forecast.today)) return { rows, overlay: null };
  const values = new Map(forecast.series.map((point) => [point.date, point.expected]));
  const last = rows[rows.length - 1]!.start;
  const withYear = new Set([...rows.map((r) => r.start), ...forecast.series.map((p) => p.date)].map((d) => d.slice(0, 4))).size > 1;
  const added: SeriesRow[] = forecast.series
    .filter((point) => point.date > last)
    .map((point) => ({ start: point.date, label: bucketLabel(point.date, "day", withYear), total: 0, [FUTURE_FIELD]: 1 }));
  return {
    rows: added.length > 0 ? [...rows, ...added] : rows,
    overlay: { label: FORECAST_LABEL, color: "var(--foreground)", dashed: true, values },
  };
}
