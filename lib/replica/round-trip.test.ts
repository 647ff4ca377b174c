import { afterEach, expect, test } from "vitest";
import { RUN_COLUMNS } from "@/lib/store/run-columns";
import { createPgPool, migratePg } from "@/lib/store/postgres/connection";
import { describeWithPostgres, usePgCluster } from "@/lib/store/postgres/testing/pg-fixture";
import { tempStore } from "@/lib/sync/testing/fixtures";
import pg from "pg";
import { catchUp } from "./follow";
import { publishAll, recordPublished } from "./publish";

/**
 * The values a replica copies (DuckDB → CSV → PostgreSQL → CSV → DuckDB) arrive unchanged:
 * empty text against NULL, quotes, commas, new lines, non-ASCII, the largest amounts at full
 * precision, times to the microsecond.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const RUNS = [
  ["r1", "10", "", "", "Succeeded", "Batch", "ana", "u1", "o", "o1", "p", "p1", 60, "Small", "USD", "0.00000001", "2025-01-01 00:00:00.000001+00", null, null, "USD", "0.000001", null, "2025-01-01 00:00:00.000001+00", 0.016666666666666666, "o/p", true],
  ["r2", "11", 'a "quoted", title\nover two lines', "python -c 'print(1)'", "Failed", "Workspace", "José Ñúñez", "u2", "o", "o1", "p,q", "p2", 3599.5, "GPU ✓", "EUR", "9999999999.99999999", "2024-02-29 23:59:59.999999+00", "2024-03-01 00:00:00+00", "2024-03-01 01:00:00+00", "EUR", "999999999999.999999", '{"k":"v, w"}', "2024-03-01 00:00:00+00", 0.9998611111111111, "o/p,q", false],
];

describeWithPostgres("replica copies", () => {
  const cluster = usePgCluster();

  test("every run value survives the trip through PostgreSQL into another replica's DuckDB", async () => {
    const url = await cluster.freshDatabase();
    const pool = createPgPool(url);
    cleanups.push(() => pool.end());
    await migratePg(pool);
    const source = await tempStore();
    const target = await tempStore();
    cleanups.push(() => source.cleanup(), () => target.cleanup());

    const conn = await source.store.connect();
    await conn.run("SET TimeZone = 'UTC'");
    const placeholders = RUN_COLUMNS.map((_, i) => `$${i + 1}`).join(", ");
    for (const run of RUNS) await conn.run(`INSERT INTO runs (${RUN_COLUMNS.join(", ")}) VALUES (${placeholders})`, run as never);
    await conn.run("UPDATE runs SET compute_hours_exact = CAST(compute_hours AS DECIMAL(18, 9)), wasted = status = 'Failed'");
    await conn.run("UPDATE sync_state SET data_version = 3, cursor = '12', last_error_message = 'it''s, \"odd\"' WHERE id = 1");
    await conn.run("INSERT INTO rejected_runs VALUES ('(no runId) batchId 5', NULL, '5', 'no runId, \"none\"', '2025-01-02 03:04:05.123456+00')");
    const lock = new pg.Client(url);
    await lock.connect();
    cleanups.push(() => lock.end());
    await recordPublished(conn, (await publishAll(conn, lock)).stamp);

    expect((await catchUp(target.store, pool)).kind).toBe("full");
    const dump = async (store: typeof source.store) => {
      const c = await store.connect();
      try {
        await c.run("SET TimeZone = 'UTC'");
        const runs = (await c.runAndReadAll("SELECT * FROM runs ORDER BY run_id")).getRowObjectsJson();
        const state = (await c.runAndReadAll("SELECT * FROM sync_state")).getRowObjectsJson();
        const rejected = (await c.runAndReadAll("SELECT * FROM rejected_runs")).getRowObjectsJson();
        return { runs, state, rejected };
      } finally {
        c.closeSync();
      }
    };
    const before = await dump(source.store);
    const after = await dump(target.store);
    expect(after).toEqual(before);
    expect(before.runs).toHaveLength(2);
    // The empty title stayed empty (not NULL), the NULL end time stayed NULL.
    expect(after.runs[0]!.title).toBe("");
    expect(after.runs[0]!.end_time).toBeNull();
    conn.closeSync();
  }, 60_000);
});
