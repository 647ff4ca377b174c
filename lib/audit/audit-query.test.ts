import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCsv } from "@/lib/csv-format/rfc4180";
import { auditCsv } from "@/lib/csv/audit-csv";
import { openStore, type Store } from "@/lib/store/db";
import { recordAudit } from "./audit-log";
import { auditPageSchema, readAuditPage, readAuditRows, readAuditUsers } from "./audit-query";

let store: Store;
const day = (d: string, h = 12) => Date.parse(`${d}T${String(h).padStart(2, "0")}:00:00Z`);

beforeAll(async () => {
  store = await openStore(":memory:");
  await recordAudit({ action: "sign-in", outcome: "failed", address: "10.0.0.9", detail: "wrong password" }, day("2026-01-01"), store);
  await recordAudit({ action: "sign-in", outcome: "ok", user: "admin", role: "admin", address: "10.0.0.1" }, day("2026-01-02"), store);
  await recordAudit({ action: "share-link-created", outcome: "ok", user: "admin", role: "admin", target: "share link abc", detail: "=HYPERLINK(\"x\")" }, day("2026-01-03"), store);
  await recordAudit({ action: "role-refused", outcome: "refused", user: "viewer", role: "viewer", target: "POST /api/sync" }, day("2026-01-03", 23), store);
  for (let i = 0; i < 25; i++) await recordAudit({ action: "sync", outcome: "ok", user: "admin", role: "admin" }, day("2026-01-04") + i, store);
});
afterAll(() => store.close());

describe("the audit log", () => {
  test("newest first, paged, with the total", async () => {
    const first = await readAuditPage({}, 1, 10, "UTC", store);
    expect(first.total).toBe(29);
    expect(first.rows).toHaveLength(10);
    expect(first.rows[0]!.at).toBe(new Date(day("2026-01-04") + 24).toISOString());
    const last = await readAuditPage({}, 3, 10, "UTC", store);
    expect(last.rows).toHaveLength(9);
    expect(last.rows.at(-1)).toMatchObject({ action: "sign-in", outcome: "failed", address: "10.0.0.9", user: null });
  });

  test.each([
    [{ action: "sign-in" as const }, 2],
    [{ outcome: "refused" as const }, 1],
    [{ user: "viewer" }, 1],
    [{ from: "2026-01-03", to: "2026-01-03" }, 2],
    [{ from: "2026-01-04" }, 25],
    [{ to: "2026-01-02" }, 2],
    [{ action: "sync" as const, user: "viewer" }, 0],
  ])("filter %j: %i rows", async (filters, count) => {
    expect((await readAuditPage(filters, 1, 200, "UTC", store)).total).toBe(count);
  });

  test("dates are local days of the configured zone", async () => {
    // 23:00 UTC on the 3rd is already the 4th in Berlin.
    const berlin = await readAuditPage({ from: "2026-01-04", to: "2026-01-04" }, 1, 200, "Europe/Berlin", store);
    expect(berlin.rows.some((r) => r.action === "role-refused")).toBe(true);
  });

  test("the CSV holds the same rows, formulas neutralised", async () => {
    const { rows } = await readAuditRows({ action: "share-link-created" }, "UTC", 100, store);
    const csv = parseCsv(auditCsv(rows, false));
    expect(csv[0]).toEqual(["at", "user", "role", "address", "action", "target", "outcome", "detail"]);
    expect(csv[1]![7]).toBe("'=HYPERLINK(\"x\")");
  });

  test("users for the filter", async () => {
    expect(await readAuditUsers(store)).toEqual(["admin", "viewer"]);
  });

  test.each([
    [{ action: "drop table" }, "action"],
    [{ outcome: "maybe" }, "outcome"],
    [{ from: "2026-02-30" }, "from"],
    [{ page: "0" }, "page"],
    [{ pageSize: "5000" }, "pageSize"],
    [{ sort: "x" }, ""],
  ])("refused query %j names %s", (query, field) => {
    const result = auditPageSchema.safeParse(query);
    expect(result.success).toBe(false);
    if (field) expect(result.error!.issues[0]!.path[0]).toBe(field);
  });
});
