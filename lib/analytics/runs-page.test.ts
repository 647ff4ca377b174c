import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { RUN_FIELDS } from "@/lib/gateway/run";
import { noFilters, type Filters } from "@/lib/contract/filters";
import { computeRunsPage, runsPageParams } from "./runs-page";
import { STORE_KINDS, useStoreKind } from "@/lib/replica/testing/store-kinds";

let store: Store;
let conn: DuckDBConnection;
// One set of tests, two stores: a plain DuckDB store, and a replica's store fed through PostgreSQL.
describe.each(STORE_KINDS)("on a %s store", (kind) => {
  const stores = useStoreKind(kind);
  beforeAll(async () => ({ store, conn } = await stores.fixtureStore()), 60_000);
  afterAll(() => store.close());

  const f = (over: Partial<Filters> = {}): Filters => ({ ...noFilters(), ...over });

  describe("computeRunsPage", () => {
    test.each<[string, Record<string, unknown>, Partial<Filters>, number, string[]]>([
      ["newest first by default", {}, {}, 7, ["r7", "r6", "r5", "r4", "r3", "r2", "r1"]],
      ["by cost, largest first", { sort: "cost" }, {}, 7, ["r2", "r1", "r4", "r5", "r7", "r6", "r3"]],
      ["by duration, shortest first", { sort: "duration", dir: "asc" }, {}, 7, ["r3", "r6", "r7", "r5", "r4", "r1", "r2"]],
      ["by project, then run id", { sort: "project", dir: "asc" }, {}, 7, ["r1", "r3", "r5", "r4", "r2", "r6", "r7"]],
      ["a page", { sort: "cost", offset: "2", limit: "2" }, {}, 7, ["r4", "r5"]],
      ["past the end", { offset: "10" }, {}, 7, []],
      ["filtered", { sort: "startedAt", dir: "asc" }, { user: ["alice"] }, 3, ["r1", "r4", "r7"]],
      ["text search", {}, { q: "beta" }, 1, ["r2"]],
    ])("%s", async (_name, raw, filters, total, ids) => {
      const page = await computeRunsPage(conn, f(filters), "UTC", runsPageParams.parse(raw));
      expect(page.total).toBe(total);
      expect(page.rows.map((r) => r.runId)).toEqual(ids);
    });

    test("a row has every field of a run, times as ISO-8601 UTC, amounts as numbers", async () => {
      const page = await computeRunsPage(conn, f({ q: "nightly" }), "UTC", runsPageParams.parse({}));
      const row = page.rows[0]!;
      for (const field of RUN_FIELDS) expect(row).toHaveProperty(field);
      expect(row).toMatchObject({
        runId: "r4",
        title: "Nightly GPU training",
        projectKey: "bob/alpha",
        projectOwnerName: "bob",
        projectName: "alpha",
        userName: "alice",
        hardwareTier: "GPU",
        hardwareTierCostAmount: 0.05,
        totalCostAmount: 5.25,
        totalCostCurrency: "USD",
        runDurationSec: 1800,
        computeHours: 0.5,
        queuedTime: "2024-02-15T10:00:00.000Z",
        startTime: "2024-02-15T10:00:00.000Z",
        startedAt: "2024-02-15T10:00:00.000Z",
        endTime: null,
        computeClusterDetails: null,
        inFlight: false,
      });
    });

    test("a run that never started: startedAt is its queued time", async () => {
      const page = await computeRunsPage(conn, f({ user: ["carol"], status: ["Queued"] }), "UTC", runsPageParams.parse({}));
      expect(page.rows[0]).toMatchObject({ runId: "r3", startTime: null, startedAt: "2024-02-10T12:00:00.000Z", inFlight: true });
    });
  });
});
