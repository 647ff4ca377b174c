import { describe, expect, test } from "vitest";
import { describeRange, todayIn } from "./date-range";
import { addDays, isCalendarDate as isDay, resolveRange, type RangePreset } from "@/lib/contract/days";

describe("resolveRange", () => {
  test.each<[RangePreset, string, string | null, string | null]>([
    ["7d", "2025-03-15", "2025-03-09", "2025-03-15"],
    ["30d", "2025-03-15", "2025-02-14", "2025-03-15"],
    ["90d", "2025-03-15", "2024-12-16", "2025-03-15"],
    ["mtd", "2025-03-15", "2025-03-01", "2025-03-15"],
    ["lastMonth", "2025-03-15", "2025-02-01", "2025-02-28"],
    ["lastMonth", "2024-03-31", "2024-02-01", "2024-02-29"],
    ["lastMonth", "2025-01-10", "2024-12-01", "2024-12-31"],
    ["qtd", "2025-05-20", "2025-04-01", "2025-05-20"],
    ["qtd", "2025-12-31", "2025-10-01", "2025-12-31"],
    ["ytd", "2025-05-20", "2025-01-01", "2025-05-20"],
    ["all", "2025-05-20", null, null],
  ])("%s on %s → %s..%s", (preset, today, from, to) => {
    expect(resolveRange(preset, today)).toEqual({ from, to });
  });

  test("custom keeps valid days, swaps a reversed range, drops invalid ones", () => {
    expect(resolveRange("custom", "2025-05-20", { from: "2025-01-01", to: "2025-01-31" })).toEqual({ from: "2025-01-01", to: "2025-01-31" });
    expect(resolveRange("custom", "2025-05-20", { from: "2025-01-31", to: "2025-01-01" })).toEqual({ from: "2025-01-01", to: "2025-01-31" });
    expect(resolveRange("custom", "2025-05-20", { from: "2025-02-30", to: null })).toEqual({ from: null, to: null });
  });
});

describe("todayIn", () => {
  // 23:30 UTC on Mar 4 is already Mar 5 in Berlin and still Mar 4 in New York.
  const instant = new Date("2025-03-04T23:30:00Z");
  test.each([
    ["UTC", "2025-03-04"],
    ["Europe/Berlin", "2025-03-05"],
    ["America/New_York", "2025-03-04"],
    ["Pacific/Kiritimati", "2025-03-05"],
  ])("%s → %s", (zone, day) => expect(todayIn(zone, instant)).toBe(day));
});

describe("day helpers", () => {
  test.each([
    ["2025-02-28", true],
    ["2025-02-29", false],
    ["2024-02-29", true],
    ["2025-2-1", false],
    ["", false],
  ])("isDay(%s) → %s", (value, expected) => expect(isDay(value)).toBe(expected));

  test("addDays crosses months and years", () => {
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
  });

  test.each([
    [{ from: "2025-03-01", to: "2025-03-30" }, "Mar 1 – Mar 30, 2025"],
    [{ from: "2024-12-01", to: "2025-01-15" }, "Dec 1, 2024 – Jan 15, 2025"],
    [{ from: "2025-03-01", to: "2025-03-01" }, "Mar 1, 2025"],
    [{ from: null, to: null }, "All time"],
  ])("describeRange(%o) → %s", (range, expected) => expect(describeRange(range)).toBe(expected));
});
