import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { noFilters, type Filters } from "@/lib/contract/filters";
import type { Bucket } from "@/lib/contract/answers";
import { bucketOf, bucketStarts, computeTimeseries, timeseriesParams } from "./timeseries";
import { dayNumber, dayString } from "@/lib/contract/days";
import { STORE_KINDS, useStoreKind } from "@/lib/replica/testing/store-kinds";

let store: Store;
let conn: DuckDBConnection;
// One set of tests, two stores: a plain DuckDB store, and a replica's store fed through PostgreSQL.
describe.each(STORE_KINDS)("on a %s store", (kind) => {
  const stores = useStoreKind(kind);
  beforeAll(async () => ({ store, conn } = await stores.fixtureStore()), 60_000);
  afterAll(() => store.close());

  const f = (over: Partial<Filters> = {}): Filters => ({ ...noFilters(), ...over });
  /** The non-empty buckets as [start, total, runs]. */
  const busy = (buckets: Bucket[]) => buckets.filter((b) => b.runs > 0).map((b) => [b.start, b.total, b.runs]);

  describe("bucket arithmetic", () => {
    test.each([
      ["day", "2024-02-04", "2024-02-04"],
      ["week", "2024-02-04", "2024-01-29"], // Sunday → the Monday before
      ["week", "2024-02-05", "2024-02-05"], // Monday
      ["week", "2024-01-01", "2024-01-01"],
      ["week", "2023-01-01", "2022-12-26"], // across a year end
      ["month", "2024-02-29", "2024-02-01"],
      ["month", "2024-12-31", "2024-12-01"],
    ] as const)("%s of %s starts %s", (interval, date, start) => {
      expect(dayString(bucketOf(interval, dayNumber(date)))).toBe(start);
    });

    test("bucket starts cover the range without gaps", () => {
      expect(bucketStarts("month", dayNumber("2023-11-15"), dayNumber("2024-02-01")).map(dayString)).toEqual([
        "2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01",
      ]);
      expect(bucketStarts("week", dayNumber("2024-02-04"), dayNumber("2024-02-12")).map(dayString)).toEqual([
        "2024-01-29", "2024-02-05", "2024-02-12",
      ]);
    });

    test("too many buckets is a 400 on interval", () => {
      expect(() => bucketStarts("day", 0, 20_000)).toThrow(expect.objectContaining({ code: "bad_request", field: "interval" }));
    });
  });

  describe("computeTimeseries", () => {
    test.each<[string, Record<string, unknown>, Partial<Filters>, string, number, (string | number)[][]]>([
      ["days in UTC", { interval: "day" }, {}, "UTC", 62, [
        ["2024-01-31", 10, 1], ["2024-02-04", 20.5, 1], ["2024-02-10", 0, 1], ["2024-02-15", 5.25, 1],
        ["2024-03-01", 0, 1], ["2024-03-30", 1, 1], ["2024-04-01", 2, 1],
      ]],
      ["days in Berlin: 23:30 UTC is the next day, summer time too", { interval: "day" }, {}, "Europe/Berlin", 62, [
        ["2024-02-01", 10, 1], ["2024-02-05", 20.5, 1], ["2024-02-10", 0, 1], ["2024-02-15", 5.25, 1],
        ["2024-03-01", 0, 1], ["2024-03-31", 1, 1], ["2024-04-02", 2, 1],
      ]],
      ["weeks in UTC start on Monday", { interval: "week" }, {}, "UTC", 10, [
        ["2024-01-29", 30.5, 2], ["2024-02-05", 0, 1], ["2024-02-12", 5.25, 1], ["2024-02-26", 0, 1],
        ["2024-03-25", 1, 1], ["2024-04-01", 2, 1],
      ]],
      ["weeks in Berlin: Sunday 23:30 UTC is Monday", { interval: "week" }, {}, "Europe/Berlin", 10, [
        ["2024-01-29", 10, 1], ["2024-02-05", 20.5, 2], ["2024-02-12", 5.25, 1], ["2024-02-26", 0, 1],
        ["2024-03-25", 1, 1], ["2024-04-01", 2, 1],
      ]],
      ["months in UTC", { interval: "month" }, {}, "UTC", 4, [
        ["2024-01-01", 10, 1], ["2024-02-01", 25.75, 3], ["2024-03-01", 1, 2], ["2024-04-01", 2, 1],
      ]],
      ["months in Berlin: the January run is February's", { interval: "month" }, {}, "Europe/Berlin", 3, [
        ["2024-02-01", 35.75, 4], ["2024-03-01", 1, 2], ["2024-04-01", 2, 1],
      ]],
      ["months in New York (UTC-5)", { interval: "month" }, {}, "America/New_York", 4, [
        ["2024-01-01", 10, 1], ["2024-02-01", 25.75, 4], ["2024-03-01", 1, 1], ["2024-04-01", 2, 1],
      ]],
      ["from/to fixes the range, empty days included", { interval: "day" }, { from: "2024-02-03", to: "2024-02-06" }, "UTC", 4, [
        ["2024-02-04", 20.5, 1],
      ]],
      ["the EUR series", { interval: "month", currency: "EUR" }, {}, "UTC", 4, [
        ["2024-01-01", 0, 1], ["2024-02-01", 0, 3], ["2024-03-01", 3.1, 2], ["2024-04-01", 0, 1],
      ]],
    ])("%s", async (_name, raw, filters, timeZone, bucketCount, expected) => {
      const result = await computeTimeseries(conn, f(filters), timeZone, timeseriesParams.parse(raw));
      expect(result.buckets).toHaveLength(bucketCount);
      expect(busy(result.buckets)).toEqual(expected);
    });

    test("New York: the March 1st 00:30 UTC run is February 29th local", async () => {
      const result = await computeTimeseries(conn, f(), "America/New_York", timeseriesParams.parse({ interval: "day" }));
      expect(result.buckets.find((b) => b.start === "2024-02-29")?.runs).toBe(1);
      expect(result.range).toEqual({ from: "2024-01-31", to: "2024-04-01" });
    });

    test("keys: the top N by cost in the currency, the rest as Other, every key in every bucket", async () => {
      const result = await computeTimeseries(conn, f(), "UTC", timeseriesParams.parse({ interval: "month", top: "1" }));
      expect(result).toMatchObject({ currency: "USD", keys: ["Large", "Other"], otherKey: "Other", stackBy: "hardwareTier" });
      expect(result.buckets.map((b) => [b.start, b.values])).toEqual([
        ["2024-01-01", { Large: 0, Other: 10 }],
        ["2024-02-01", { Large: 20.5, Other: 5.25 }],
        ["2024-03-01", { Large: 0, Other: 1 }],
        ["2024-04-01", { Large: 0, Other: 2 }],
      ]);
    });

    test("no Other when every key is in the top", async () => {
      const result = await computeTimeseries(conn, f(), "UTC", timeseriesParams.parse({}));
      expect(result.keys).toEqual(["Large", "Small", "GPU"]);
      expect(result.otherKey).toBeNull();
    });

    test("a real key named Other keeps its name; the rest is called Others", async () => {
      const result = await computeTimeseries(conn, f(), "UTC", timeseriesParams.parse({ stackBy: "runType", top: "4", interval: "month" }));
      expect(result.keys).toEqual(["Workspace", "Batch", "App", "Other", "Others"]);
      expect(result.buckets[1]!.values).toEqual({ Workspace: 20.5, Batch: 0, App: 5.25, Other: 0, Others: 0 });
      expect(result.buckets[2]!.values).toEqual({ Workspace: 0, Batch: 0, App: 0, Other: 1, Others: 0 });
    });

    test("no runs and no dates: no buckets", async () => {
      const result = await computeTimeseries(conn, f({ tier: ["Huge"] }), "UTC", timeseriesParams.parse({}));
      expect(result).toMatchObject({ buckets: [], keys: [], currency: null, range: null });
    });

    test("no runs in a given range: zero buckets", async () => {
      const result = await computeTimeseries(conn, f({ from: "2023-01-01", to: "2023-01-03" }), "UTC", timeseriesParams.parse({}));
      expect(result.buckets).toEqual([
        { start: "2023-01-01", total: 0, runs: 0, values: {} },
        { start: "2023-01-02", total: 0, runs: 0, values: {} },
        { start: "2023-01-03", total: 0, runs: 0, values: {} },
      ]);
    });
  });
});
