import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { noFilters } from "@/lib/contract/filters";
import { refreshRollups, rollupsUsable } from "@/lib/analytics/rollups";
import { FIXTURE, fixtureStore, insertRuns, setDataInfo } from "@/lib/analytics/test-data";
import { computeTotals } from "@/lib/analytics/totals";
import { migrate, openStore } from "./db";
import { fillDerivedColumns } from "./derived-columns";
import { MIGRATIONS } from "./migrations";

describe("derived per-run values", () => {
  test("fillDerivedColumns fills only runs without the values", async () => {
    const { store, conn } = await fixtureStore(FIXTURE);
    try {
      expect(await fillDerivedColumns(conn)).toBe(FIXTURE.length);
      expect(await fillDerivedColumns(conn)).toBe(0);
      const rows = (
        await conn.runAndReadAll(
          `SELECT run_id, wasted, CAST(compute_hours_exact AS VARCHAR) AS hours FROM runs ORDER BY run_id`,
        )
      ).getRowObjectsJS();
      expect(rows.map((r) => [r.run_id, r.wasted])).toEqual([
        ["r1", false],
        ["r2", true],
        ["r3", false],
        // An App that ended Stopped: a person stopped it, its normal end, not waste.
        ["r4", false],
        ["r5", true],
        ["r6", false],
        ["r7", false],
      ]);
      expect(rows.find((r) => r.run_id === "r6")?.hours).toBe("0.016666667");
    } finally {
      store.close();
    }
  });
});

describe("migration 4", () => {
  test("stores the values of runs written before it, and of an interrupted re-sync's copy", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      // A store at schema version 3, holding runs and a runs_next table.
      await conn.run("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      for (const statement of MIGRATIONS.slice(0, 3).flat()) await conn.run(statement);
      await conn.run("INSERT INTO schema_version VALUES (3)");
      await insertRuns(conn, FIXTURE);
      await conn.run("CREATE TABLE runs_next AS SELECT * FROM runs LIMIT 0");

      expect(await migrate(conn)).toBe(MIGRATIONS.length);
      const wrong = (
        await conn.runAndReadAll(
          `SELECT count(*) AS n FROM runs
            WHERE compute_hours_exact IS DISTINCT FROM CAST(compute_hours AS DECIMAL(18, 9))
               OR wasted IS DISTINCT FROM (status IN ('Failed', 'Error'))`,
        )
      ).getRowObjectsJS();
      expect(wrong).toEqual([{ n: 0n }]);
      // The re-sync's switch copies runs_next with SELECT *: both tables keep the same columns.
      const columns = async (table: string) =>
        (await conn.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`))
          .getRowObjectsJS()
          .map((r) => r.column_name);
      expect(await columns("runs_next")).toEqual(await columns("runs"));
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

describe("the wasted rule of today (Failed or Error, not Stopped)", () => {
  test("a store written by the old rule reads the new one after start-up: flags, figures and rollups", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runledger-wasted-rule-"));
    const file = path.join(dir, "runledger.duckdb");
    try {
      // The store as the previous release left it: schema at migration 5, every flag stored
      // with Stopped counted, rollups built from those flags, and a re-sync's copy in progress.
      const instance = await DuckDBInstance.create(file);
      const old = await instance.connect();
      await old.run("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      for (const statement of MIGRATIONS.slice(0, 5).flat()) await old.run(statement);
      // Today's writers and rollups fill the team columns; the teams migration keeps them (IF NOT EXISTS).
      await old.run("ALTER TABLE runs ADD COLUMN team VARCHAR DEFAULT 'Unallocated'");
      await old.run("ALTER TABLE runs ADD COLUMN cost_centre VARCHAR DEFAULT '(none)'");
      await old.run("INSERT INTO schema_version VALUES (5)");
      await insertRuns(old, FIXTURE);
      await old.run(`UPDATE runs SET compute_hours_exact = CAST(compute_hours AS DECIMAL(18, 9)),
                       wasted = status IN ('Failed', 'Error', 'Stopped')`);
      await old.run("CREATE TABLE runs_next AS SELECT * FROM runs");
      await setDataInfo(old, 4, "2024-04-02T08:00:00.000Z");
      const oldStore = { instance, file, connect: () => instance.connect(), close: () => instance.closeSync() };
      expect(await refreshRollups(oldStore, "UTC")).toMatchObject({ rebuilt: true, dataVersion: 4 });
      const before = await computeTotals(old, noFilters(), "UTC", null, { rollups: true });
      expect(before.current.costs[0]).toEqual({ currency: "USD", cost: 38.75, wastedCost: 25.75 });
      old.closeSync();
      instance.closeSync();

      const store = await openStore(file);
      const conn = await store.connect();
      try {
        const flags = async (table: string) =>
          Object.fromEntries(
            (await conn.runAndReadAll(`SELECT run_id, wasted FROM ${table} ORDER BY run_id`)).getRowObjectsJS().map((r) => [r.run_id, r.wasted]),
          );
        const expected = { r1: false, r2: true, r3: false, r4: false, r5: true, r6: false, r7: false };
        expect(await flags("runs")).toEqual(expected);
        expect(await flags("runs_next")).toEqual(expected);
        // The data changed its meaning: a new data version, and rollups not usable until rebuilt.
        const [info] = (await conn.runAndReadAll("SELECT data_version FROM sync_state")).getRowObjectsJS();
        expect(info?.data_version).toBe(5n);
        expect(await rollupsUsable(conn, noFilters(), "UTC", { rollups: true })).toBe(false);

        const scanned = await computeTotals(conn, noFilters(), "UTC", null, { raw: true });
        expect(scanned.current.costs).toEqual([
          { currency: "USD", cost: 38.75, wastedCost: 20.5 },
          { currency: "EUR", cost: 3.1, wastedCost: 3.1 },
        ]);
        // What lib/boot.ts does at start-up: the rollups rebuild, and answer the same.
        expect(await refreshRollups(store, "UTC")).toMatchObject({ rebuilt: true, dataVersion: 5 });
        expect(await rollupsUsable(conn, noFilters(), "UTC", { rollups: true })).toBe(true);
        expect(await computeTotals(conn, noFilters(), "UTC", null, { rollups: true })).toEqual(scanned);
      } finally {
        conn.closeSync();
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a fresh store keeps data version 0 (nothing to recompute)", async () => {
    const { store, conn } = await fixtureStore([]);
    try {
      const [info] = (await conn.runAndReadAll("SELECT data_version FROM sync_state")).getRowObjectsJS();
      expect(info?.data_version).toBe(0n);
    } finally {
      conn.closeSync();
      store.close();
    }
  });
});
