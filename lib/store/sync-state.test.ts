import { describe, expect, test } from "vitest";
import { openStore } from "./db";
import { readDataInfo, readStoreCounts, readSyncState, recordSyncError, recordSyncStart, recordSyncSuccess } from "./sync-state";

describe("sync-state", () => {
  test("a new store: no cursor, version 0, never synced", async () => {
    const store = await openStore(":memory:");
    const conn = await store.connect();
    expect(await readDataInfo(conn)).toEqual({ dataVersion: 0, dataAsOf: null });
    expect(await readSyncState(conn)).toMatchObject({ cursor: null, refreshCursor: null, resyncActive: false, lastError: null, lastSync: null });
    expect(await readStoreCounts(conn)).toEqual({ runCount: 0, inFlight: 0, rejectedRuns: 0 });
    store.close();
  });

  test("a failure is kept until the next success, which records what it did", async () => {
    const store = await openStore(":memory:");
    const conn = await store.connect();
    await recordSyncStart(conn, new Date("2025-01-01T10:00:00Z"));
    await recordSyncError(conn, new Date("2025-01-01T10:00:05Z"), "upstream_unavailable", "Domino could not be reached");
    expect((await readSyncState(conn)).lastError).toEqual({
      code: "upstream_unavailable",
      message: "Domino could not be reached",
      at: "2025-01-01T10:00:05.000Z",
    });
    await recordSyncSuccess(conn, new Date("2025-01-01T10:15:00Z"), { kind: "incremental", runs: 12, pages: 1, seconds: 0.4 });
    const state = await readSyncState(conn);
    expect(state.lastError).toBeNull();
    expect(state.lastSync).toEqual({ kind: "incremental", runs: 12, pages: 1, seconds: 0.4 });
    expect(state.lastAttemptAt).toBe("2025-01-01T10:00:00.000Z");
    expect(await readDataInfo(conn)).toEqual({ dataVersion: 0, dataAsOf: "2025-01-01T10:15:00.000Z" });
    store.close();
  });
});
