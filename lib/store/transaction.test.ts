import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { beginSnapshot, endSnapshot, inThrowawayTransaction, inTransaction, transactionOf } from "./transaction";

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeEach(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run("CREATE TABLE t (n INTEGER)");
});
afterEach(() => conn.closeSync());

const count = async () => Number((await conn.runAndReadAll("SELECT count(*) AS n FROM t")).getRowObjectsJS()[0]!.n);

describe("inTransaction", () => {
  test("commits what fn wrote and answers its result", async () => {
    const result = await inTransaction(conn, async () => {
      await conn.run("INSERT INTO t VALUES (1), (2)");
      return "done";
    });
    expect(result).toBe("done");
    expect(await count()).toBe(2);
  });

  test("rolls everything back when fn throws, and throws that error", async () => {
    await expect(
      inTransaction(conn, async () => {
        await conn.run("INSERT INTO t VALUES (1)");
        throw new Error("half-way");
      }),
    ).rejects.toThrow("half-way");
    expect(await count()).toBe(0);
    // The connection is usable again: no transaction left open.
    await inTransaction(conn, () => conn.run("INSERT INTO t VALUES (3)"));
    expect(await count()).toBe(1);
  });
});

describe("inThrowawayTransaction", () => {
  test("answers what fn read, and nothing it wrote stays", async () => {
    const seen = await inThrowawayTransaction(conn, async () => {
      await conn.run("INSERT INTO t VALUES (1)");
      return count();
    });
    expect(seen).toBe(1);
    expect(await count()).toBe(0);
  });
});

describe("beginSnapshot", () => {
  test("a kept snapshot does not see what another connection commits until it ends", async () => {
    const writer = await instance.connect();
    try {
      // DuckDB fixes a transaction's snapshot at its first read: `keep` makes that read.
      expect(await beginSnapshot(conn, async () => (await count()) === 0)).toBe(true);
      await writer.run("INSERT INTO t VALUES (1)");
      expect(await count()).toBe(0);
      await endSnapshot(conn);
      expect(await count()).toBe(1);
    } finally {
      writer.closeSync();
    }
  });

  test.each([
    ["keep answers false", async () => false],
    ["keep throws", async (): Promise<boolean> => {
      throw new Error("unreadable");
    }],
  ])("%s: rolled back at once, nothing left open", async (_name, keep) => {
    const writer = await instance.connect();
    try {
      expect(await beginSnapshot(conn, keep)).toBe(false);
      await writer.run("INSERT INTO t VALUES (1)");
      // Outside any transaction, the connection sees the commit straight away.
      expect(await count()).toBe(1);
    } finally {
      writer.closeSync();
    }
  });
});

describe("transactionOf", () => {
  test("one token through a transaction, a new one for the next, none outside or after a failure", async () => {
    expect(transactionOf(conn)).toBeUndefined();
    const seen: (object | undefined)[] = [];
    await inTransaction(conn, async () => {
      seen.push(transactionOf(conn));
      await conn.run("INSERT INTO t VALUES (1)");
      seen.push(transactionOf(conn));
    });
    expect(seen[0]).toBeDefined();
    expect(seen[1]).toBe(seen[0]);
    expect(transactionOf(conn)).toBeUndefined();
    await inThrowawayTransaction(conn, async () => seen.push(transactionOf(conn)));
    expect(seen[2]).toBeDefined();
    expect(seen[2]).not.toBe(seen[0]);
    await expect(inTransaction(conn, async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(transactionOf(conn)).toBeUndefined();
    expect(await beginSnapshot(conn)).toBe(true);
    expect(transactionOf(conn)).toBeDefined();
    await endSnapshot(conn);
    expect(transactionOf(conn)).toBeUndefined();
  });
});
