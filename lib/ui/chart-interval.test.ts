import { describe, expect, test } from "vitest";
import { bucketCount, canDraw, drawableInterval } from "./chart-interval";

describe("bucketCount", () => {
  test.each([
    ["day", "2025-03-01", "2025-03-01", 1],
    ["day", "2025-01-01", "2025-12-31", 365],
    // 2025-03-02 is a Sunday, 2025-03-03 a Monday: two weeks.
    ["week", "2025-03-02", "2025-03-03", 2],
    ["week", "2025-03-03", "2025-03-09", 1],
    ["week", "2025-03-03", "2025-03-10", 2],
    ["month", "2025-03-31", "2025-04-01", 2],
    ["month", "2018-01-01", "2026-11-27", 107],
  ] as const)("%s from %s to %s is %i", (interval, from, to, expected) => {
    expect(bucketCount(interval, { from, to })).toBe(expected);
  });
});

describe("drawableInterval", () => {
  const ninetyDays = { from: "2025-01-01", to: "2025-03-31" };
  const twoYears = { from: "2024-01-01", to: "2025-12-31" };
  const nineYears = { from: "2018-01-01", to: "2026-11-27" };
  test.each([
    ["day", ninetyDays, "day"],
    ["day", twoYears, "week"],
    ["day", nineYears, "month"],
    ["week", nineYears, "month"],
    ["month", ninetyDays, "month"],
    // A coarser choice is kept: stepping down would overrule the reader.
    ["week", ninetyDays, "week"],
  ] as const)("%s over %o draws per %s", (requested, span, expected) => {
    expect(drawableInterval(requested, span)).toBe(expected);
  });

  test("no span (no runs yet): the request stands", () => {
    expect(drawableInterval("day", null)).toBe("day");
    expect(canDraw("day", null)).toBe(true);
  });

  test("months are always drawable", () => {
    expect(canDraw("month", { from: "1990-01-01", to: "2030-01-01" })).toBe(true);
    expect(canDraw("week", twoYears)).toBe(true);
    expect(canDraw("week", nineYears)).toBe(false);
  });
});
