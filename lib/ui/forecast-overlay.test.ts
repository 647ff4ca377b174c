import { describe, expect, test } from "vitest";
import type { ForecastBody } from "@/lib/contract/answers";
import { toSeriesRows } from "./chart-data";
import { forecastOverlay, FUTURE_FIELD } from "./forecast-overlay";

const point = (date: string, expected: number) => ({ date, expected, low: expected, high: expected, cumulative: 0, cumulativeLow: 0, cumulativeHigh: 0 });
const forecast: ForecastBody = {
  period: { kind: "month", from: "2026-12-01", to: "2026-12-31", label: "December 2026" },
  currency: "USD",
  today: "2026-12-29",
  spent: 100,
  forecast: 130,
  low: 120,
  high: 140,
  inFlight: 0,
  interval: "calibrated",
  series: [point("2026-12-29", 10), point("2026-12-30", 11), point("2026-12-31", 9)],
  actual: [],
};
const bucket = (start: string, total: number) => ({ start, total, runs: 1, values: { a: total } });

describe("the forecast as a continuation of the daily cost chart", () => {
  test("adds a dashed line of each remaining day's expected cost and rows up to the period's end", () => {
    const rows = toSeriesRows([bucket("2026-12-27", 5), bucket("2026-12-28", 6), bucket("2026-12-29", 2)], ["a"], "day");
    const { rows: out, overlay } = forecastOverlay(rows, "day", forecast);
    expect(out.map((r) => r.start)).toEqual(["2026-12-27", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"]);
    expect(out.slice(3).every((r) => r[FUTURE_FIELD] === 1 && r.total === 0)).toBe(true);
    expect(overlay?.dashed).toBe(true);
    expect([...overlay!.values.entries()]).toEqual([["2026-12-29", 10], ["2026-12-30", 11], ["2026-12-31", 9]]);
    // Days with a bar keep their own figures: no row is replaced.
    expect(out[2]!.total).toBe(2);
  });

  test("nothing is drawn for a view that ends before today, for weeks and months, or without runs", () => {
    const past = toSeriesRows([bucket("2026-11-01", 5)], ["a"], "day");
    expect(forecastOverlay(past, "day", forecast).overlay).toBeNull();
    expect(forecastOverlay(past, "day", forecast).rows).toBe(past);
    const weeks = toSeriesRows([bucket("2026-12-28", 5)], ["a"], "week");
    expect(forecastOverlay(weeks, "week", forecast).overlay).toBeNull();
    const today = toSeriesRows([bucket("2026-12-29", 5)], ["a"], "day");
    expect(forecastOverlay(today, "day", { ...forecast, currency: null }).overlay).toBeNull();
    expect(forecastOverlay(today, "day", undefined).overlay).toBeNull();
  });
});
