import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import type { BreakdownRow } from "@/lib/contract/answers";
import { breakdownParams, computeBreakdown } from "./breakdown";
import { noFilters, type Filters } from "@/lib/contract/filters";
import { STORE_KINDS, useStoreKind } from "@/lib/replica/testing/store-kinds";

let store: Store;
let conn: DuckDBConnection;
// One set of tests, two stores: a plain DuckDB store, and a replica's store fed through PostgreSQL.
describe.each(STORE_KINDS)("on a %s store", (kind) => {
  const stores = useStoreKind(kind);
  beforeAll(async () => ({ store, conn } = await stores.fixtureStore()), 60_000);
  afterAll(() => store.close());

  const f = (over: Partial<Filters> = {}): Filters => ({ ...noFilters(), ...over });
  type Brief = Pick<BreakdownRow, "key" | "currency" | "runs" | "cost">;
  const brief = (rows: BreakdownRow[]): Brief[] => rows.map(({ key, currency, runs, cost }) => ({ key, currency, runs, cost }));

  describe("computeBreakdown", () => {
    test.each<[string, Record<string, unknown>, Partial<Filters>, string, Brief[]]>([
      ["tiers by cost", { by: "hardwareTier" }, {}, "UTC", [
        { key: "Large", currency: "USD", runs: 1, cost: 20.5 },
        { key: "Small", currency: "USD", runs: 4, cost: 13 },
        { key: "GPU", currency: "USD", runs: 1, cost: 5.25 },
        { key: "Large", currency: "EUR", runs: 1, cost: 3.1 },
      ]],
      ["projects are owner/name", { by: "project" }, {}, "UTC", [
        { key: "bob/beta", currency: "USD", runs: 1, cost: 20.5 },
        { key: "alice/alpha", currency: "USD", runs: 2, cost: 10 },
        { key: "bob/alpha", currency: "USD", runs: 1, cost: 5.25 },
        { key: "alice/alpha", currency: "EUR", runs: 1, cost: 3.1 },
        { key: "carol/gamma", currency: "USD", runs: 2, cost: 3 },
      ]],
      ["owners", { by: "owner" }, {}, "UTC", [
        { key: "bob", currency: "USD", runs: 2, cost: 25.75 },
        { key: "alice", currency: "USD", runs: 2, cost: 10 },
        { key: "alice", currency: "EUR", runs: 1, cost: 3.1 },
        { key: "carol", currency: "USD", runs: 2, cost: 3 },
      ]],
      ["users by runs, ascending", { by: "user", sort: "runs", dir: "asc" }, {}, "UTC", [
        { key: "bob", currency: "EUR", runs: 1, cost: 3.1 },
        { key: "bob", currency: "USD", runs: 1, cost: 20.5 },
        { key: "carol", currency: "USD", runs: 2, cost: 1 },
        { key: "alice", currency: "USD", runs: 3, cost: 17.25 },
      ]],
      ["run types by hours", { by: "runType", sort: "hours" }, {}, "UTC", [
        { key: "Workspace", currency: "USD", runs: 1, cost: 20.5 },
        { key: "Batch", currency: "USD", runs: 2, cost: 12 },
        { key: "App", currency: "USD", runs: 1, cost: 5.25 },
        { key: "Batch", currency: "EUR", runs: 1, cost: 3.1 },
        { key: "Other", currency: "USD", runs: 1, cost: 1 },
        { key: "Launcher", currency: "USD", runs: 1, cost: 0 },
      ]],
      ["statuses in one Berlin day", { by: "status" }, { from: "2024-02-05", to: "2024-02-05" }, "Europe/Berlin", [
        { key: "Failed", currency: "USD", runs: 1, cost: 20.5 },
      ]],
      ["limit keeps the top rows", { by: "hardwareTier", limit: "2" }, {}, "UTC", [
        { key: "Large", currency: "USD", runs: 1, cost: 20.5 },
        { key: "Small", currency: "USD", runs: 4, cost: 13 },
      ]],
    ])("%s", async (_name, raw, filters, timeZone, expected) => {
      const result = await computeBreakdown(conn, f(filters), timeZone, breakdownParams.parse(raw));
      expect(brief(result.rows)).toEqual(expected);
    });

    test("shares are of each currency's total; tiers carry their latest price, projects their owner", async () => {
      const tiers = await computeBreakdown(conn, f(), "UTC", breakdownParams.parse({ by: "hardwareTier" }));
      expect(tiers.rows.map((r) => [r.key, r.currency, r.share, r.pricePerMinute, r.computeHours, r.averageCost])).toEqual([
        ["Large", "USD", 20.5 / 38.75, 0.0042, 2, 20.5],
        ["Small", "USD", 13 / 38.75, 0.0012, 1.05, 3.25],
        ["GPU", "USD", 5.25 / 38.75, 0.05, 0.5, 5.25],
        ["Large", "EUR", 1, 0.004, 0.25, 3.1],
      ]);
      const projects = await computeBreakdown(conn, f(), "UTC", breakdownParams.parse({ by: "project", limit: "1" }));
      expect(projects.rows).toEqual([
        { key: "bob/beta", currency: "USD", runs: 1, computeHours: 2, cost: 20.5, share: 20.5 / 38.75, averageCost: 20.5, wastedCost: 20.5, owner: "bob" },
      ]);
      expect(projects.totalRows).toBe(5);
      expect(projects.totals).toEqual({
        runs: 7,
        computeHours: 3.8,
        costs: [
          { currency: "USD", cost: 38.75, wastedCost: 20.5 },
          { currency: "EUR", cost: 3.1, wastedCost: 3.1 },
        ],
      });
    });

    test("no matching runs: no rows, zero totals", async () => {
      const result = await computeBreakdown(conn, f({ tier: ["Huge"] }), "UTC", breakdownParams.parse({ by: "user" }));
      expect(result).toMatchObject({ rows: [], totalRows: 0, totals: { runs: 0, computeHours: 0, costs: [] } });
    });
  });
});
