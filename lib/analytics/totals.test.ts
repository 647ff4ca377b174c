import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { noFilters, type Filters } from "@/lib/contract/filters";
import type { Totals } from "@/lib/contract/answers";
import { comparePeriods, computeTotals, getTotals } from "./totals";
import { setDataInfo, type TestRun } from "./test-data";
import { STORE_KINDS, useStoreKind } from "@/lib/replica/testing/store-kinds";

let store: Store;
let conn: DuckDBConnection;
// One set of tests, two stores: a plain DuckDB store, and a replica's store fed through PostgreSQL.
describe.each(STORE_KINDS)("on a %s store", (kind) => {
  const stores = useStoreKind(kind);
  beforeAll(async () => ({ store, conn } = await stores.fixtureStore()), 60_000);
  afterAll(() => store.close());

  const f = (over: Partial<Filters>): Filters => ({ ...noFilters(), ...over });

  describe("computeTotals", () => {
    test.each<[string, Partial<Filters>, string, Totals]>([
      [
        "everything",
        {},
        "UTC",
        {
          runs: 7,
          computeHours: 3.8,
          costs: [
            { currency: "USD", cost: 38.75, wastedCost: 20.5 },
            { currency: "EUR", cost: 3.1, wastedCost: 3.1 },
          ],
        },
      ],
      ["a UTC day holds the 23:30 UTC run", { from: "2024-01-31", to: "2024-01-31" }, "UTC", { runs: 1, computeHours: 1, costs: [{ currency: "USD", cost: 10, wastedCost: 0 }] }],
      ["in UTC+1 the 23:30 UTC run is on the next day", { from: "2024-01-31", to: "2024-01-31" }, "Europe/Berlin", { runs: 0, computeHours: 0, costs: [] }],
      ["in UTC+1 the next day holds it", { from: "2024-02-01", to: "2024-02-01" }, "Europe/Berlin", { runs: 1, computeHours: 1, costs: [{ currency: "USD", cost: 10, wastedCost: 0 }] }],
      ["a run without a start time counts at its queued time", { from: "2024-02-10", to: "2024-02-10" }, "UTC", { runs: 1, computeHours: 0, costs: [{ currency: "USD", cost: 0, wastedCost: 0 }] }],
      ["one tier", { tier: ["Large"] }, "UTC", { runs: 2, computeHours: 2.25, costs: [{ currency: "USD", cost: 20.5, wastedCost: 20.5 }, { currency: "EUR", cost: 3.1, wastedCost: 3.1 }] }],
      ["two statuses", { status: ["Succeeded", "Stopped"] }, "UTC", { runs: 4, computeHours: 1.55, costs: [{ currency: "USD", cost: 18.25, wastedCost: 0 }] }],
      ["project key, not name", { project: ["bob/alpha"] }, "UTC", { runs: 1, computeHours: 0.5, costs: [{ currency: "USD", cost: 5.25, wastedCost: 0 }] }],
      ["owner and user together", { owner: ["alice"], user: ["alice", "bob"] }, "UTC", { runs: 2, computeHours: 1.25, costs: [{ currency: "USD", cost: 10, wastedCost: 0 }, { currency: "EUR", cost: 3.1, wastedCost: 3.1 }] }],
      ["text in the title, any case", { q: "NIGHTLY" }, "UTC", { runs: 1, computeHours: 0.5, costs: [{ currency: "USD", cost: 5.25, wastedCost: 0 }] }],
      ["text in project or user names", { q: "alice" }, "UTC", { runs: 5, computeHours: 1.783333, costs: [{ currency: "USD", cost: 17.25, wastedCost: 0 }, { currency: "EUR", cost: 3.1, wastedCost: 3.1 }] }],
      ["run type", { runType: ["Other"] }, "UTC", { runs: 1, computeHours: 0.016667, costs: [{ currency: "USD", cost: 1, wastedCost: 0 }] }],
      ["nothing matches", { tier: ["Huge"] }, "UTC", { runs: 0, computeHours: 0, costs: [] }],
    ])("%s", async (_name, filters, timeZone, expected) => {
      const { current, previous } = await computeTotals(conn, f(filters), timeZone, null);
      expect(current).toEqual(expected);
      expect(previous).toBeNull();
    });

    test("the previous period is scanned with the current one", async () => {
      const { current, previous } = await computeTotals(conn, f({ from: "2024-02-01", to: "2024-02-29" }), "UTC", {
        from: "2024-01-03",
        to: "2024-01-31",
      });
      expect(current).toEqual({ runs: 3, computeHours: 2.5, costs: [{ currency: "USD", cost: 25.75, wastedCost: 20.5 }] });
      expect(previous).toEqual({ runs: 1, computeHours: 1, costs: [{ currency: "USD", cost: 10, wastedCost: 0 }] });
    });
  });

  describe("comparePeriods", () => {
    const now = Date.parse("2024-03-10T12:00:00Z");
    test.each<[string, Partial<Filters>, ReturnType<typeof comparePeriods>]>([
      ["all time has no previous period", {}, { period: null, previousPeriod: null }],
      ["a month: the 29 days before", { from: "2024-02-01", to: "2024-02-29" }, { period: { from: "2024-02-01", to: "2024-02-29" }, previousPeriod: { from: "2024-01-03", to: "2024-01-31" } }],
      ["one day: the day before", { from: "2024-03-01", to: "2024-03-01" }, { period: { from: "2024-03-01", to: "2024-03-01" }, previousPeriod: { from: "2024-02-29", to: "2024-02-29" } }],
      ["from only: up to today", { from: "2024-03-01" }, { period: { from: "2024-03-01", to: "2024-03-10" }, previousPeriod: { from: "2024-02-20", to: "2024-02-29" } }],
      ["to only: no previous period", { to: "2024-03-01" }, { period: { from: null, to: "2024-03-01" }, previousPeriod: null }],
    ])("%s", (_name, filters, expected) => {
      expect(comparePeriods(f(filters), "UTC", now)).toEqual(expected);
    });
  });

  describe("getTotals", () => {
    test("carries the data version, data-as-of and zone, and caches by data version", async () => {
      await setDataInfo(conn, 3, "2024-04-02T08:00:00.000Z");
      const first = await getTotals(f({}), { store, timeZone: "UTC" });
      expect(first).toMatchObject({ dataVersion: 3, dataAsOf: "2024-04-02T08:00:00.000Z", timeZone: "UTC", period: null, previous: null });
      await conn.run("DELETE FROM runs WHERE run_id = 'r7'");
      // Same data version: the cached answer.
      expect((await getTotals(f({}), { store, timeZone: "UTC" })).current.runs).toBe(7);
      await setDataInfo(conn, 4, "2024-04-02T09:00:00.000Z");
      const after = await getTotals(f({}), { store, timeZone: "UTC" });
      expect(after.current.runs).toBe(6);
      expect(after.dataVersion).toBe(4);
    });
  });

  describe('"Failed & errored": the cost of runs that ended Failed or Error, of any run type', () => {
    const at = "2024-05-06T09:00:00.000Z";
    const run = (id: string, runType: string, status: string, cost: string): TestRun =>
      ({ id, start: at, tier: "Small", owner: "o", project: "p", user: "u", runType, status, cost, durationSec: 600 });
    const base = run("w-stopped", "Workspace", "Stopped", "100.00");

    test.each([
      ["a Workspace ending Stopped adds nothing", [base], 0],
      ["an App and an Endpoint ending Stopped add nothing", [base, run("a", "App", "Stopped", "7.00"), run("e", "Endpoint", "Stopped", "8.00")], 0],
      ["a Batch ending Failed adds its cost", [base, run("b", "Batch", "Failed", "12.34")], 12.34],
      ["an App ending Error adds its cost", [base, run("a", "App", "Error", "0.66")], 0.66],
      ["a Workspace ending Failed adds its cost", [base, run("w", "Workspace", "Failed", "3.00")], 3],
      ["succeeded and running runs add nothing", [base, run("s", "Scheduled", "Succeeded", "1.00"), run("r", "Batch", "Running", "2.00")], 0],
    ] as const)("%s", async (_name, runs, wasted) => {
      // Both ways a store may hold the flag: written by the sync, and computed by the query.
      for (const fill of [true, false]) {
        const fixture = await stores.fixtureStore(runs, { fill });
        try {
          const { current } = await computeTotals(fixture.conn, noFilters(), "UTC", null);
          expect(current.costs, `fill: ${fill}`).toEqual([
            { currency: "USD", cost: runs.reduce((sum, r) => sum + Number(r.cost), 0), wastedCost: wasted },
          ]);
        } finally {
          fixture.conn.closeSync();
          fixture.store.close();
        }
      }
    });
  });
});
