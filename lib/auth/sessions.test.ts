import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openStore, type Store } from "@/lib/store/db";
import { endAllSessions, endSession, forgetCachedSessions, listOpenSessions, lookupSession, sessionIdOf, sessionTouchesSettled, startSession } from "./sessions";

const times = { ttlMs: 12 * 3_600_000, idleMs: 120 * 60_000 };
const who = (role: "admin" | "viewer") => ({ user: role, role, address: "10.1.2.3" });
const T0 = Date.UTC(2026, 0, 5, 9);

let store: Store;
beforeAll(async () => {
  store = await openStore(":memory:");
});
afterAll(async () => {
  // A last-seen write may still be running: closing the store under it can crash the process.
  await sessionTouchesSettled();
  store.close();
});

describe("server-side sessions", () => {
  test("each sign-in makes a new random id; the row holds its hash, never the token", async () => {
    const a = await startSession(who("admin"), times, T0, store);
    const b = await startSession(who("admin"), times, T0, store);
    expect(a.token).not.toBe(b.token);
    expect(a.row.id).toBe(sessionIdOf(a.token));
    const conn = await store.connect();
    const ids = (await conn.runAndReadAll("SELECT id FROM sessions")).getRowObjectsJS().map((r) => String(r.id));
    conn.closeSync();
    expect(ids).toContain(a.row.id);
    expect(ids).not.toContain(a.token);
    expect(await lookupSession(a.token, times.idleMs, T0 + 1000, store)).toMatchObject({ user: "admin", role: "admin" });
  });

  test("ending a session refuses its token at once, even with a cached lookup", async () => {
    const { token, row } = await startSession(who("viewer"), times, T0, store);
    expect(await lookupSession(token, times.idleMs, T0 + 10, store)).not.toBeNull();
    expect(await endSession(row.id, "admin", T0 + 20, store)).toBe(true);
    expect(await lookupSession(token, times.idleMs, T0 + 21, store)).toBeNull();
    expect(await endSession(row.id, "admin", T0 + 30, store)).toBe(false);
  });

  test("an unknown or forged token finds nothing", async () => {
    expect(await lookupSession("x".repeat(43), times.idleMs, T0, store)).toBeNull();
  });

  test("the absolute expiry holds whatever the activity", async () => {
    const { token } = await startSession(who("admin"), { ttlMs: 60_000, idleMs: 3_600_000 }, T0, store);
    expect(await lookupSession(token, 3_600_000, T0 + 59_000, store)).not.toBeNull();
    expect(await lookupSession(token, 3_600_000, T0 + 60_000, store)).toBeNull();
  });

  test("the idle timeout ends a session left alone; use keeps it open", async () => {
    const idle = 10 * 60_000;
    const { token } = await startSession(who("viewer"), times, T0, store);
    // Used every 9 minutes for an hour: stays open (last-seen moves, written at most once a minute).
    for (let t = T0 + 9 * 60_000; t <= T0 + 60 * 60_000; t += 9 * 60_000) {
      expect(await lookupSession(token, idle, t, store)).not.toBeNull();
    }
    // The store has the last-seen time too: a fresh process (no cache) agrees.
    await new Promise((r) => setTimeout(r, 50));
    forgetCachedSessions();
    expect(await lookupSession(token, idle, T0 + 63 * 60_000, store)).not.toBeNull();
    // Then left alone for longer than the timeout.
    expect(await lookupSession(token, idle, T0 + 74 * 60_000, store)).toBeNull();
  });

  test("sign out everywhere ends every open session; the list shows open ones only", async () => {
    const fresh = await openStore(":memory:");
    try {
      const a = await startSession(who("admin"), times, T0, fresh);
      const b = await startSession(who("viewer"), times, T0 + 1, fresh);
      expect((await listOpenSessions(times.idleMs, T0 + 2, fresh)).map((s) => s.id).sort()).toEqual([a.row.id, b.row.id].sort());
      expect(await endAllSessions("admin", T0 + 3, fresh)).toBe(2);
      expect(await lookupSession(a.token, times.idleMs, T0 + 4, fresh)).toBeNull();
      expect(await lookupSession(b.token, times.idleMs, T0 + 4, fresh)).toBeNull();
      expect(await listOpenSessions(times.idleMs, T0 + 5, fresh)).toEqual([]);
    } finally {
      fresh.close();
    }
  });

  test("a restart keeps sessions (the store file is the truth, not the process)", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sessions-")), "s.duckdb");
    const first = await openStore(file);
    const { token } = await startSession(who("admin"), times, T0, first);
    first.close();
    forgetCachedSessions();
    const second = await openStore(file);
    try {
      expect(await lookupSession(token, times.idleMs, T0 + 60_000, second)).toMatchObject({ role: "admin" });
    } finally {
      await sessionTouchesSettled();
      second.close();
    }
  });

  test("a store that cannot be read throws (the caller fails closed)", async () => {
    const broken = await openStore(":memory:");
    try {
      const { token } = await startSession(who("admin"), times, T0, broken);
      forgetCachedSessions();
      // The table gone stands for a store that cannot be read. (A closed DuckDB instance is no
      // stand-in: connecting to one can bring the whole process down.)
      const conn = await broken.connect();
      await conn.run("DROP TABLE sessions");
      conn.closeSync();
      await expect(lookupSession(token, times.idleMs, T0 + 1, broken)).rejects.toThrow();
    } finally {
      broken.close();
    }
  });
});

test("rows of sessions expired more than 30 days ago are removed at the next sign-in", async () => {
  const fresh = await openStore(":memory:");
  try {
    await startSession(who("admin"), { ttlMs: 60_000, idleMs: 60_000 }, T0, fresh);
    await startSession(who("admin"), { ttlMs: 60_000, idleMs: 60_000 }, T0 + 31 * 86_400_000, fresh);
    const conn = await fresh.connect();
    const n = Number((await conn.runAndReadAll("SELECT count(*) AS n FROM sessions")).getRowObjectsJS()[0]!.n);
    conn.closeSync();
    expect(n).toBe(1);
  } finally {
    fresh.close();
  }
});
