import { describe, expect, test } from "vitest";
import { migrate, openStore } from "./db";
import { MIGRATIONS } from "./migrations";

describe("openStore", () => {
  test("creates the schema and records its version", async () => {
    const store = await openStore(":memory:");
    const conn = await store.connect();
    const version = (await conn.runAndReadAll("SELECT version FROM schema_version")).getRowObjectsJS();
    expect(version).toEqual([{ version: MIGRATIONS.length }]);
    const state = (await conn.runAndReadAll("SELECT cursor, data_version FROM sync_state")).getRowObjectsJS();
    expect(state).toEqual([{ cursor: null, data_version: 0n }]);
    store.close();
  });

  test("migrating again changes nothing", async () => {
    const store = await openStore(":memory:");
    const conn = await store.connect();
    expect(await migrate(conn)).toBe(MIGRATIONS.length);
    const count = (await conn.runAndReadAll("SELECT count(*) AS n FROM sync_state")).getRowObjectsJS();
    expect(count).toEqual([{ n: 1n }]);
    store.close();
  });
});
