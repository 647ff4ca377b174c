import { afterAll, beforeAll, expect, test } from "vitest";
import { openStore, type Store } from "@/lib/store/db";
import { describeWithPostgres, usePgCluster } from "@/lib/store/postgres/testing/pg-fixture";
import { replicaTables, type ReplicaTables } from "@/lib/store/postgres/testing/replica-tables";
import type { SharedTables } from "@/lib/store/shared-tables";
import { recordAudit, type AuditEvent } from "./audit-log";
import { readAuditPage, readAuditRows, readAuditUsers, type AuditFilters } from "./audit-query";

/**
 * The audit log with DATABASE_URL: two replicas (a pool each) write into one PostgreSQL table,
 * and either reads every row at once, in the order and with the filters a single DuckDB store
 * gives for the same events.
 */

const day = (d: string, h = 12) => Date.parse(`${d}T${String(h).padStart(2, "0")}:00:00Z`);

const EVENTS: [AuditEvent, number][] = [
  [{ action: "sign-in", outcome: "failed", address: "10.0.0.9", detail: "wrong password" }, day("2026-01-01")],
  [{ action: "sign-in", outcome: "ok", user: "admin", role: "admin", address: "10.0.0.1" }, day("2026-01-02")],
  [{ action: "share-link-created", outcome: "ok", user: "admin", role: "admin", target: "share link abc" }, day("2026-01-03")],
  [{ action: "role-refused", outcome: "refused", user: "viewer", role: "viewer", target: "POST /api/sync" }, day("2026-01-03", 23)],
  // Three rows of one instant, from alternating replicas: newest-first keeps their insert order reversed.
  [{ action: "budget-created", outcome: "ok", user: "admin", role: "admin", target: "budget 1" }, day("2026-01-05")],
  [{ action: "budget-edited", outcome: "ok", user: "admin", role: "admin", target: "budget 1" }, day("2026-01-05")],
  [{ action: "budget-deleted", outcome: "ok", user: "admin", role: "admin", target: "budget 1" }, day("2026-01-05")],
  ...Array.from({ length: 12 }, (_, i): [AuditEvent, number] => [{ action: "sync", outcome: "ok", user: "ops", role: "admin" }, day("2026-01-04") + i]),
];

const FILTERS: AuditFilters[] = [
  {},
  { action: "sign-in" },
  { outcome: "refused" },
  { user: "viewer" },
  { from: "2026-01-03", to: "2026-01-03" },
  { from: "2026-01-04" },
  { to: "2026-01-02" },
];

let duck: Store;
beforeAll(async () => {
  duck = await openStore(":memory:");
  for (const [event, at] of EVENTS) await recordAudit(event, at, duck);
});
afterAll(() => duck.close());

describeWithPostgres("the audit log shared by replicas", () => {
  const pg = usePgCluster();
  const opened: ReplicaTables[] = [];
  afterAll(async () => {
    for (const r of opened) await r.close();
  });

  test("rows written on A and B are read whole on either, as one DuckDB store reads them", async () => {
    const url = await pg.freshDatabase();
    const a = await replicaTables(url);
    const b = await replicaTables(url);
    opened.push(a, b);
    const replicas: SharedTables[] = [a.tables, b.tables];
    for (const [i, [event, at]] of EVENTS.entries()) await recordAudit(event, at, replicas[i % 2]);

    for (const tables of replicas) {
      for (const filters of FILTERS) {
        for (const timeZone of ["UTC", "Europe/Berlin"]) {
          expect(await readAuditPage(filters, 1, 10, timeZone, tables)).toEqual(await readAuditPage(filters, 1, 10, timeZone, duck));
          expect(await readAuditPage(filters, 2, 10, timeZone, tables)).toEqual(await readAuditPage(filters, 2, 10, timeZone, duck));
        }
      }
      expect(await readAuditRows({}, "UTC", 5, tables)).toEqual(await readAuditRows({}, "UTC", 5, duck));
      expect(await readAuditUsers(tables)).toEqual(["admin", "ops", "viewer"]);
    }
    const sameInstant = (await readAuditRows({ from: "2026-01-05" }, "UTC", 100, b.tables)).rows.map((r) => r.action);
    expect(sameInstant).toEqual(["budget-deleted", "budget-edited", "budget-created"]);

    // A row A writes now is on B's very next page.
    await recordAudit({ action: "sessions-ended-all", outcome: "ok", user: "admin", role: "admin", target: "3 sessions" }, day("2026-02-01"), a.tables);
    const first = await readAuditPage({}, 1, 10, "UTC", b.tables);
    expect(first.total).toBe(EVENTS.length + 1);
    expect(first.rows[0]).toMatchObject({ action: "sessions-ended-all", target: "3 sessions", at: "2026-02-01T12:00:00.000Z" });
  });
});
