import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/api/errors";
import { createPgPool } from "@/lib/store/postgres/connection";
import { closeProcessPgTables, pgTables } from "@/lib/store/postgres/shared-tables";
import { freePort } from "@/lib/store/postgres/temp-cluster";
import { sharedTables } from "@/lib/store/shared-tables";
import { describeWithPostgres, usePgCluster } from "@/lib/store/postgres/testing/pg-fixture";
import { replicaTables, type ReplicaTables } from "@/lib/store/postgres/testing/replica-tables";
import { endAllSessions, endSession, forgetCachedSessions, listOpenSessions, lookupSession, startSession } from "./sessions";
import { insertShareLink, listShareLinks, revokeShareLink, shareLinkState } from "./share-links";

/**
 * Sessions and share links with DATABASE_URL: two replicas (each its own connection pool, as
 * two processes) on one PostgreSQL database. What one replica changes, the other's very next
 * read sees: no cache window, no timer.
 */

const times = { ttlMs: 12 * 3_600_000, idleMs: 120 * 60_000 };
const T0 = Date.UTC(2026, 0, 5, 9);
const opened: ReplicaTables[] = [];

afterEach(async () => {
  for (const r of opened.splice(0)) await r.close();
});

describeWithPostgres("sessions and share links shared by replicas", () => {
  const pg = usePgCluster();

  async function twoReplicas() {
    const url = await pg.freshDatabase();
    const a = await replicaTables(url);
    const b = await replicaTables(url);
    opened.push(a, b);
    return { a: a.tables, b: b.tables, pool: a.pool, url };
  }

  test("a session started on A works on B; signed out on A, B refuses it at its next request", async () => {
    const { a, b } = await twoReplicas();
    const { token, row } = await startSession({ user: "ann", role: "admin", address: "10.0.0.1" }, times, T0, a);
    // B has just read (and, with DuckDB, would trust for 5 s) the open session.
    expect(await lookupSession(token, times.idleMs, T0 + 1_000, b)).toMatchObject({ user: "ann", role: "admin" });
    expect((await listOpenSessions(times.idleMs, T0 + 1_000, b)).map((s) => s.id)).toEqual([row.id]);

    expect(await endSession(row.id, "ann", T0 + 2_000, a)).toBe(true);
    expect(await lookupSession(token, times.idleMs, T0 + 2_001, b)).toBeNull();
    expect(await listOpenSessions(times.idleMs, T0 + 2_001, b)).toEqual([]);
    // Ending it again anywhere: nothing open to end.
    expect(await endSession(row.id, "admin", T0 + 3_000, b)).toBe(false);
  });

  test("a session ended by another process's write is refused here at once, whatever this process read before", async () => {
    const { a, b, pool } = await twoReplicas();
    const { token, row } = await startSession({ user: "bob", role: "viewer", address: null }, times, T0, a);
    expect(await lookupSession(token, times.idleMs, T0 + 10, b)).not.toBeNull();
    // Another replica's process ends it: nothing in this process hears about it.
    await pool.query("UPDATE sessions SET ended_at = now(), ended_by = 'admin' WHERE id = $1", [row.id]);
    expect(await lookupSession(token, times.idleMs, T0 + 20, b)).toBeNull();
  });

  test("sign out everywhere on B ends the sessions started on A", async () => {
    const { a, b } = await twoReplicas();
    const one = await startSession({ user: "ann", role: "admin", address: null }, times, T0, a);
    const two = await startSession({ user: "bob", role: "viewer", address: null }, times, T0, a);
    expect(await lookupSession(one.token, times.idleMs, T0 + 10, a)).not.toBeNull();
    expect(await endAllSessions("ann", T0 + 20, b)).toBe(2);
    expect(await lookupSession(one.token, times.idleMs, T0 + 30, a)).toBeNull();
    expect(await lookupSession(two.token, times.idleMs, T0 + 30, a)).toBeNull();
  });

  test("the idle clock is shared: use on A keeps the session open when B reads it later", async () => {
    const { a, b } = await twoReplicas();
    const idle = 10 * 60_000;
    const { token } = await startSession({ user: "ann", role: "admin", address: null }, times, T0, a);
    // Used on A after 9 minutes: A writes last-seen (at most once a minute).
    expect(await lookupSession(token, idle, T0 + 9 * 60_000, a)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    // B is another process: it knows only what the database holds.
    forgetCachedSessions();
    // 15 minutes after sign-in, 6 after that use: open on B too.
    expect(await lookupSession(token, idle, T0 + 15 * 60_000, b)).not.toBeNull();
    // Left alone past the idle timeout: closed on both.
    expect(await lookupSession(token, idle, T0 + 40 * 60_000, a)).toBeNull();
  });

  test("a share link made on A opens on B; revoked on B, A refuses it at once and both list it revoked", async () => {
    const { a, b } = await twoReplicas();
    const exp = Date.UTC(2030, 0, 1);
    await insertShareLink({ id: "link-1", page: "/tiers", query: "tier=Large", csv: true, exp }, "ann", Date.UTC(2026, 0, 1), a);
    await insertShareLink({ id: "link-2", page: "/", query: "", csv: false, exp }, "ann", Date.UTC(2026, 0, 2), a);
    expect(await shareLinkState("link-1", b)).toBe("active");
    expect(await shareLinkState("link-1", a)).toBe("active");

    expect(await revokeShareLink("link-1", Date.UTC(2026, 0, 3), b)).toBe(true);
    expect(await shareLinkState("link-1", a)).toBe("revoked");
    expect(await shareLinkState("link-2", a)).toBe("active");
    // Revoking again keeps the first time; an unknown id is no link and counts as revoked.
    expect(await revokeShareLink("link-1", Date.UTC(2026, 0, 4), a)).toBe(true);
    expect(await revokeShareLink("nope", Date.UTC(2026, 0, 4), a)).toBe(false);
    expect(await shareLinkState("nope", a)).toBe("revoked");

    for (const tables of [a, b]) {
      expect(await listShareLinks(tables)).toEqual([
        { id: "link-2", page: "/", query: "", csv: false, createdAt: "2026-01-02T00:00:00.000Z", expiresAt: "2030-01-01T00:00:00.000Z", createdBy: "ann", revokedAt: null },
        {
          id: "link-1",
          page: "/tiers",
          query: "tier=Large",
          csv: true,
          createdAt: "2026-01-01T00:00:00.000Z",
          expiresAt: "2030-01-01T00:00:00.000Z",
          createdBy: "ann",
          revokedAt: "2026-01-03T00:00:00.000Z",
        },
      ]);
    }
  });

  test("with DATABASE_URL the process's own lookups (the proxy's) read the shared database, not DATA_DIR's file", async () => {
    const { a, url } = await twoReplicas();
    process.env.DATABASE_URL = url;
    process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "runledger-shared-auth-"));
    try {
      expect(env().DATABASE_URL).toBe(process.env.DATABASE_URL);
      expect((await sharedTables()).dialect).toBe("postgres");
      const exp = Date.UTC(2030, 0, 1);
      await insertShareLink({ id: "proxy-link", page: "/", query: "", csv: false, exp }, "ann", Date.UTC(2026, 0, 1), a);
      expect(await shareLinkState("proxy-link")).toBe("active");
      await revokeShareLink("proxy-link", Date.UTC(2026, 0, 2), a);
      expect(await shareLinkState("proxy-link")).toBe("revoked");
      const { token, row } = await startSession({ user: "ann", role: "admin", address: null }, times, T0);
      expect(await lookupSession(token, times.idleMs, T0 + 10, a)).toMatchObject({ id: row.id });
    } finally {
      await closeProcessPgTables();
      delete process.env.DATABASE_URL;
    }
  });

  test("PostgreSQL unreachable: a session or link check is refused as 503 unavailable, never answered from elsewhere", async () => {
    const pool = createPgPool(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`);
    try {
      const tables = pgTables(pool);
      for (const check of [() => lookupSession("x".repeat(43), times.idleMs, T0, tables), () => shareLinkState("link-1", tables)]) {
        const refused = await check().then(() => null, (error: unknown) => error);
        expect(refused).toBeInstanceOf(ApiError);
        expect((refused as ApiError).status).toBe(503);
      }
    } finally {
      await pool.end();
    }
  });
});
