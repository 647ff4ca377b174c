import { describe, expect, test } from "vitest";
import { keyTotals, toSeriesRows, topBars, trendsByKey, truncateLabel, type SeriesBucket } from "./chart-data";
import { pageCount, pageOf, sortRows } from "./sort";

const buckets: SeriesBucket[] = [
  { start: "2025-03-01", total: 30, runs: 3, values: { "a.b/c": 10, Other: 20 } },
  { start: "2025-03-02", total: 5, runs: 1, values: { "a.b/c": 5 } },
];

describe("series shaping", () => {
  test("positional fields keep keys with dots and slashes drawable; missing values are 0", () => {
    const rows = toSeriesRows(buckets, ["a.b/c", "Other"], "day");
    expect(rows).toEqual([
      { start: "2025-03-01", label: "Mar 1", total: 30, s0: 10, s1: 20 },
      { start: "2025-03-02", label: "Mar 2", total: 5, s0: 5, s1: 0 },
    ]);
    expect(toSeriesRows(buckets, ["x"], "month")[0]!.label).toBe("Mar 2025");
  });

  test("day and week labels carry the year once the series crosses into a new one", () => {
    const newYear = [
      { start: "2024-12-30", total: 1, runs: 1, values: {} },
      { start: "2025-01-06", total: 1, runs: 1, values: {} },
    ];
    expect(toSeriesRows(newYear, [], "week").map((row) => row.label)).toEqual(["Dec 30, 2024", "Jan 6, 2025"]);
  });

  test("trends and totals per key", () => {
    expect(trendsByKey(buckets, ["a.b/c", "Other"]).get("Other")).toEqual([20, 0]);
    expect(keyTotals(buckets, ["a.b/c", "Other"])).toEqual([15, 20]);
  });

  test("top bars: highest first, ties by name, share of the whole", () => {
    const rows = [
      { k: "b", v: 10 },
      { k: "a", v: 10 },
      { k: "c", v: 30 },
      { k: "d", v: 0 },
    ];
    expect(topBars(rows, 3, (r) => r.k, (r) => r.v)).toEqual([
      { key: "c", value: 30, share: 0.6 },
      { key: "a", value: 10, share: 0.2 },
      { key: "b", value: 10, share: 0.2 },
    ]);
  });

  test("truncateLabel", () => {
    expect(truncateLabel("short", 10)).toBe("short");
    expect(truncateLabel("a-very-long-name", 8)).toBe("a-very-…");
  });
});

describe("table sorting and paging", () => {
  const rows = [
    { key: "b", cost: 2, owner: null as string | null },
    { key: "a", cost: 2, owner: "zed" },
    { key: "c", cost: 9, owner: "amy" },
  ];
  test.each([
    ["desc", ["c", "a", "b"]],
    ["asc", ["a", "b", "c"]],
  ] as const)("by cost %s, ties by key", (dir, expected) => {
    expect(sortRows(rows, (r) => r.cost, dir, (r) => r.key).map((r) => r.key)).toEqual(expected);
  });
  test("missing values sort last in both directions", () => {
    expect(sortRows(rows, (r) => r.owner, "asc", (r) => r.key).map((r) => r.key)).toEqual(["c", "a", "b"]);
    expect(sortRows(rows, (r) => r.owner, "desc", (r) => r.key).map((r) => r.key)).toEqual(["a", "c", "b"]);
  });
  test("pages", () => {
    expect(pageOf([1, 2, 3, 4, 5], 2, 2)).toEqual([3, 4]);
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(101, 50)).toBe(3);
  });
});
