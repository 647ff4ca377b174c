import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { routeTestStore } from "@/lib/analytics/test-data";
import { readAuditRows } from "@/lib/audit/audit-query";
import { GET, POST } from "./route";
import { DELETE, PATCH } from "./[id]/route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore()));
afterAll(() => store.close());

const send = async (handler: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>, path: string, method: string, id = "", body?: unknown) => {
  const response = await handler(
    new Request(`http://localhost${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }),
    { params: Promise.resolve({ id }) },
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
};

const audit = async () => (await readAuditRows({}, "UTC", 100, store)).rows.filter((r) => r.action.startsWith("budget-"));

describe("/api/budgets writes are in the audit log", () => {
  test("created, edited, paused, resumed and deleted: one row each, naming the budget, never its channels", async () => {
    const created = await send(POST, "/api/budgets", "POST", "", {
      name: "Audited",
      scope: {},
      period: "month",
      amount: "500",
      currency: "USD",
      channels: [{ type: "webhook", url: "http://127.0.0.1:9/secret-hook" }],
    });
    expect(created.status).toBe(201);
    const id = created.body.budget.id as string;
    const path = `/api/budgets/${id}`;
    expect((await send(PATCH, path, "PATCH", id, { amount: "750" })).status).toBe(200);
    expect((await send(PATCH, path, "PATCH", id, { paused: true })).status).toBe(200);
    expect((await send(PATCH, path, "PATCH", id, { paused: false })).status).toBe(200);
    expect((await send(DELETE, path, "DELETE", id)).status).toBe(204);

    const rows = await audit();
    // Newest first.
    expect(rows.map((r) => r.action)).toEqual(["budget-deleted", "budget-resumed", "budget-paused", "budget-edited", "budget-created"]);
    for (const row of rows) {
      expect(row.target).toBe(`budget Audited (${id})`);
      expect(row.outcome).toBe("ok");
      expect(row.detail).not.toContain("secret-hook");
    }
    expect(rows.find((r) => r.action === "budget-created")!.detail).toBe("Whole deployment; month; 500.00 USD");
    expect(rows.find((r) => r.action === "budget-edited")!.detail).toContain("750.00 USD");
  });

  test("a refused write records nothing", async () => {
    const before = (await audit()).length;
    const bad = await send(POST, "/api/budgets", "POST", "", { name: "Bad", scope: {}, period: "month", amount: "-1", currency: "USD" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("amount");
    expect((await send(DELETE, "/api/budgets/nope", "DELETE", "nope")).status).toBe(404);
    expect((await audit()).length).toBe(before);
    expect((await send(GET as never, "/api/budgets", "GET")).status).toBe(200);
  });
});
