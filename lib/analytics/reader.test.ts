import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { openStore } from "@/lib/store/db";
import { readDataInfo } from "./data-info";
import { inParallel, withReader } from "./reader";

let store: Store;
beforeAll(async () => {
  store = await openStore(":memory:");
});
afterAll(() => store.close());

/** A task that says which connection ran it and what it saw. */
const task = (seen: DuckDBConnection[]) => async (conn: DuckDBConnection) => {
  seen.push(conn);
  return (await readDataInfo(conn)).dataVersion;
};

async function bumpDataVersion(): Promise<void> {
  const writer = await store.connect();
  await writer.run("UPDATE sync_state SET data_version = data_version + 1 WHERE id = 1");
  writer.closeSync();
}

describe("inParallel", () => {
  test("runs the tasks on two connections of one snapshot, results in the tasks' order", async () => {
    const seen: DuckDBConnection[] = [];
    const results = await withReader(store, async (conn) => {
      const version = (await readDataInfo(conn)).dataVersion;
      const order = await inParallel(store, conn, version, [1, 2, 3, 4, 5].map((n) => async (c: DuckDBConnection) => {
        seen.push(c);
        return n;
      }));
      return { order, version };
    });
    expect(results.order).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(seen).size).toBe(2);
  });

  test("a commit between the two transactions: every task runs on the first connection, in its snapshot", async () => {
    const seen: DuckDBConnection[] = [];
    const { versions, version, primary } = await withReader(store, async (conn) => {
      const before = (await readDataInfo(conn)).dataVersion;
      await bumpDataVersion();
      return { versions: await inParallel(store, conn, before, [task(seen), task(seen), task(seen)]), version: before, primary: conn };
    });
    expect(versions).toEqual([version, version, version]);
    expect(new Set(seen)).toEqual(new Set([primary]));
  });

  test("a failing task fails the whole, and both connections serve the next answer", async () => {
    await expect(
      withReader(store, async (conn) => {
        const version = (await readDataInfo(conn)).dataVersion;
        return inParallel(store, conn, version, [
          async (c: DuckDBConnection) => (await c.runAndReadAll("SELECT 1")).getRows(),
          async () => Promise.reject(new Error("broken on purpose")),
          async (c: DuckDBConnection) => (await c.runAndReadAll("SELECT 2")).getRows(),
        ]);
      }),
    ).rejects.toThrow("broken on purpose");
    const seen: DuckDBConnection[] = [];
    const versions = await withReader(store, async (conn) => inParallel(store, conn, (await readDataInfo(conn)).dataVersion, [task(seen), task(seen)]));
    expect(versions).toHaveLength(2);
    expect(new Set(seen).size).toBe(2);
  });
});
