import { describe, expect, test } from "vitest";
import { dayNumber } from "@/lib/contract/days";
import { dailyModel, forecastPeriod, runRateTotal, sumDays, weekdayOf, type DailySeries } from "./method";

/** A series with weekdays at 100 and weekends at 25, from 2024-01-01 (a Monday) for `days` days. */
function weekly(days: number, scale = 1): DailySeries {
  const firstDay = dayNumber("2024-01-01");
  const costs = Array.from({ length: days }, (_, i) => ([0, 6].includes(weekdayOf(firstDay + i)) ? 25 : 100) * scale);
  return { firstDay, costs };
}

describe("forecast method", () => {
  test("weekday of a day number", () => {
    expect(weekdayOf(dayNumber("2024-01-01"))).toBe(1); // Monday
    expect(weekdayOf(dayNumber("2024-01-07"))).toBe(0); // Sunday
  });

  test("a steady weekly pattern is forecast almost exactly, weekends included", () => {
    const series = weekly(200);
    const from = dayNumber("2024-06-01"); // a Saturday
    const to = dayNumber("2024-06-30");
    const cutoff = from + 7;
    const truth = sumDays(series, from, to + 1);
    const f = forecastPeriod({ firstDay: series.firstDay, costs: series.costs.slice(0, cutoff - series.firstDay) }, { from, to }, cutoff, []);
    // The weekday factors' pull towards 1 (3 pseudo-days each, for sparse scopes) costs a
    // little on a series this regular: within 3 % of the truth.
    expect(Math.abs(f.total - truth) / truth).toBeLessThan(0.03);
    expect(f.days).toHaveLength(to - cutoff + 1);
    expect(f.low).toBeLessThanOrEqual(f.total);
    expect(f.high).toBeGreaterThanOrEqual(f.total);
  });

  test("the run rate is spent ÷ days × days in the period", () => {
    const series = weekly(60);
    const from = dayNumber("2024-01-01");
    // 7 days: 5 × 100 + 2 × 25 = 550 → 550 / 7 × 31.
    expect(runRateTotal(series, from, from + 30, from + 7)).toBeCloseTo((550 / 7) * 31, 6);
    expect(runRateTotal(series, from, from + 30, from)).toBe(0);
  });

  test("the interval is calibrated on past periods when there are enough", () => {
    const series = weekly(500);
    const windows = Array.from({ length: 12 }, (_, k) => {
      const from = dayNumber("2024-01-01") + 120 + k * 28;
      return { from, to: from + 27 };
    });
    const period = { from: dayNumber("2024-01-01") + 120 + 12 * 28, to: dayNumber("2024-01-01") + 120 + 13 * 28 - 1 };
    const f = forecastPeriod(series, period, period.from + 7, windows.reverse());
    expect(f.interval).toBe("calibrated");
  });

  test("no history: nothing is expected", () => {
    expect(dailyModel({ firstDay: 100, costs: [] }, 100)).toBeNull();
    const f = forecastPeriod({ firstDay: 100, costs: [] }, { from: 100, to: 129 }, 100, []);
    expect(f.total).toBe(0);
  });
});
