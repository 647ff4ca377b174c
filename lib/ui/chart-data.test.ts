import { describe, expect, test } from "vitest";
import { chartRowVersion, keyTotals, overlayField, seriesField as seriesFieldName, toChartRows, toSeriesRows, topBars, trendsByKey, truncateLabel, type SeriesBucket } from "./chart-data";
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

describe("chart rows", () => {
  const rows = toSeriesRows(
    [
      { start: "2025-01-06", total: 3, runs: 1, values: { a: 3 } },
      { start: "2025-01-13", total: 4, runs: 2, values: { a: 4 } },
    ],
    ["a"],
    "week",
  );

  test("each row carries its category with the answer's version, and keeps its figures", () => {
    const out = toChartRows(rows, 7);
    expect(out.map((r) => [r.x, r.s0, r.total, r.label])).toEqual([
      ["2025-01-06#7", 3, 3, "Jan 6"],
      ["2025-01-13#7", 4, 4, "Jan 13"],
    ]);
    expect(out.map((r) => chartRowVersion(r.x))).toEqual([7, 7]);
    expect(chartRowVersion("2025-01-06")).toBeNull();
  });

  test("an overlay (a forecast) adds a field per line; a bucket without a value is a gap, not zero", () => {
    const forecast = { label: "Forecast", color: "var(--muted)", dashed: true, values: new Map([["2025-01-13", 5.5]]) };
    const out = toChartRows(rows, 1, [forecast]);
    expect(out.map((r) => (r as Record<string, unknown>)[overlayField(0)])).toEqual([null, 5.5]);
    expect(overlayField(0)).not.toBe(seriesFieldName(0));
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
