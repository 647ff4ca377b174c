import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { ApiError } from "@/lib/api/errors";
import { fixtureStore } from "@/lib/analytics/test-data";
import { runQuery } from "@/lib/analytics/query";
import { budgetStatuses, createBudget, getBudget, patchBudget, removeBudget, type BudgetContext } from "./service";

let store: Store;
let conn: DuckDBConnection;
let ctx: BudgetContext;
beforeAll(async () => {
  ({ store, conn } = await fixtureStore(undefined, { fill: true }));
  ctx = { store, timeZone: "UTC", now: Date.parse("2024-02-20T12:00:00Z") };
});
afterAll(() => store.close());

const count = async () => Number((await runQuery(conn, "SELECT count(*) AS n FROM budgets"))[0]!.n);

const valid = { name: "Alpha", scope: { project: ["alice/alpha"] }, period: "month", amount: "100", currency: "USD" };

describe("createBudget refuses bad input with the field, writing nothing", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["a negative amount", { amount: "-5" }, "amount"],
    ["a zero amount", { amount: 0 }, "amount"],
    ["an amount with three decimals", { amount: "1.234" }, "amount"],
    ["an amount that is text", { amount: "lots" }, "amount"],
    ["an unknown currency", { currency: "XXQ" }, "currency"],
    ["a currency the runs are not in", { currency: "JPY" }, "currency"],
    // Teams became a dimension when they merged; an unknown one is still refused by name.
    ["an unknown dimension", { scope: { region: ["x"] } }, "scope.region"],
    ["a scope no run matches", { scope: { project: ["nobody/nothing"] } }, "scope"],
    ["dates in the scope", { scope: { from: "2024-01-01" } }, "scope.from"],
    ["a threshold of 0 %", { thresholds: { actual: [0, 50] } }, "thresholds.actual.0"],
    ["a threshold over 1000 %", { thresholds: { forecast: [1001] } }, "thresholds.forecast.0"],
    ["an unknown period", { period: "week" }, "period"],
    ["a webhook that is not http", { channels: [{ type: "webhook", url: "ftp://x" }] }, "channels.0.url"],
    ["an e-mail that is not one", { channels: [{ type: "email", to: "nobody" }] }, "channels.0.to"],
    ["an empty name", { name: " " }, "name"],
    ["an unknown field", { colour: "red" }, ""],
  ])("%s", async (_what, change, field) => {
    const before = await count();
    const error = await createBudget({ ...valid, ...change }, "admin", ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    if (field) expect((error as ApiError).field).toBe(field);
    expect(await count()).toBe(before);
  });
});

describe("budgets", () => {
  test("created with the defaults, listed with its figures, renamed, paused and deleted", async () => {
    const b = await createBudget({ name: "Whole", amount: "30.5", currency: "usd" }, "admin", ctx);
    expect(b).toMatchObject({ name: "Whole", scope: "", period: "month", amount: "30.50", currency: "USD", paused: false });
    expect(b.thresholds).toEqual({ actual: [50, 80, 100], forecast: [100] });
    // A duplicate name (any letter case) is refused on `name`.
    await expect(createBudget({ name: "whole", amount: "1", currency: "USD" }, "admin", ctx)).rejects.toMatchObject({ field: "name" });

    const [status] = await budgetStatuses(ctx, [b.id]);
    // February 2024 in UTC: r2 20.50 (Feb 4) + r3 0 + r4 5.25 (Feb 15) = 25.75.
    expect(status!.actual).toBe(25.75);
    expect(status!.actualShare).toBe(84.4);
    expect(status!.period).toEqual({ from: "2024-02-01", to: "2024-02-29", label: "February 2024" });
    expect(status!.dashboardPath).toBe("/?range=custom&from=2024-02-01&to=2024-02-29");
    expect(status!.forecast).toBeGreaterThanOrEqual(status!.actual);

    const patched = await patchBudget(b.id, { paused: true, thresholds: { forecast: [90, 110] } }, ctx);
    expect(patched.paused).toBe(true);
    expect(patched.thresholds).toEqual({ actual: [50, 80, 100], forecast: [90, 110] });
    await expect(patchBudget(b.id, { amount: "-1" }, ctx)).rejects.toMatchObject({ field: "amount" });
    expect((await getBudget(b.id, ctx)).amount).toBe("30.50");

    await removeBudget(b.id, ctx);
    await expect(getBudget(b.id, ctx)).rejects.toMatchObject({ status: 404 });
  });

  test("an exact amount stays exact", async () => {
    const b = await createBudget({ name: "Exact", amount: "9999999999999.99", currency: "USD" }, "admin", ctx);
    expect(b.amount).toBe("9999999999999.99");
    await removeBudget(b.id, ctx);
  });
});
