import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import type { Dimension } from "@/lib/contract/dimensions";
import type { FacetValue } from "@/lib/contract/answers";
import { computeFacets } from "./facets";
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

  describe("computeFacets", () => {
    test.each<[string, Dimension, Partial<Filters>, string | null, string | undefined, number, FacetValue[]]>([
      ["projects by cost in the main currency", "project", {}, null, undefined, 4, [
        { value: "bob/beta", runs: 1, cost: 20.5 },
        { value: "alice/alpha", runs: 3, cost: 10 },
        { value: "bob/alpha", runs: 1, cost: 5.25 },
        { value: "carol/gamma", runs: 2, cost: 3 },
      ]],
      ["the filter on the dimension itself is ignored", "project", { project: ["bob/beta"] }, null, undefined, 4, [
        { value: "bob/beta", runs: 1, cost: 20.5 },
        { value: "alice/alpha", runs: 3, cost: 10 },
        { value: "bob/alpha", runs: 1, cost: 5.25 },
        { value: "carol/gamma", runs: 2, cost: 3 },
      ]],
      ["other filters apply", "project", { tier: ["GPU"] }, null, undefined, 1, [{ value: "bob/alpha", runs: 1, cost: 5.25 }]],
      ["search, any case", "project", {}, "ALP", undefined, 2, [
        { value: "alice/alpha", runs: 3, cost: 10 },
        { value: "bob/alpha", runs: 1, cost: 5.25 },
      ]],
      ["another currency", "user", {}, null, "EUR", 3, [
        { value: "bob", runs: 2, cost: 3.1 },
        { value: "alice", runs: 3, cost: 0 },
        { value: "carol", runs: 2, cost: 0 },
      ]],
      ["nothing found", "user", {}, "zed", undefined, 0, []],
    ])("%s", async (_name, dim, filters, search, currency, total, values) => {
      const result = await computeFacets(conn, f(filters), "UTC", dim, search, { limit: 50, currency });
      expect(result.values).toEqual(values);
      expect(result.total).toBe(total);
    });

    test("limit cuts the list, total counts all; the currency is reported", async () => {
      const result = await computeFacets(conn, f(), "UTC", "hardwareTier", null, { limit: 1 });
      expect(result).toMatchObject({ currency: "USD", total: 3, values: [{ value: "Large", runs: 2, cost: 20.5 }] });
    });
  });
});
