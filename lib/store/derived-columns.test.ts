import { describe, expect, test } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { FIXTURE, fixtureStore, insertRuns } from "@/lib/analytics/test-data";
import { migrate } from "./db";
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
        ["r4", true],
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
               OR wasted IS DISTINCT FROM (status IN ('Failed', 'Error', 'Stopped'))`,
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
