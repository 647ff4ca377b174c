import { expect, test, type APIRequestContext } from "@playwright/test";
import { waitForFirstSync } from "./dashboard-helpers";

/**
 * HTTP contracts of /api/budgets and /api/forecast against the built demo app (AUTH_MODE=none:
 * every caller is the admin). Every refused request answers 400 naming the field and leaves
 * the budgets as they were.
 */

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
});

async function budgetNames(request: APIRequestContext): Promise<string[]> {
  const response = await request.get("/api/budgets");
  expect(response.status()).toBe(200);
  return ((await response.json()).budgets as { budget: { name: string } }[]).map((b) => b.budget.name).sort();
}

const valid = { name: "API contract", amount: "250.00", currency: "USD" };

const BAD: [string, Record<string, unknown>, string][] = [
  ["amount not positive", { amount: "-3" }, "amount"],
  ["amount zero", { amount: 0 }, "amount"],
  ["amount not a number", { amount: "ten" }, "amount"],
  ["unknown currency", { currency: "ABC" }, "currency"],
  ["currency other than the runs'", { currency: "EUR" }, "currency"],
  ["unknown dimension", { scope: { region: ["ml"] } }, "scope.region"],
  ["scope no run can match", { scope: { tier: ["No such tier"] } }, "scope"],
  ["threshold below 1 %", { thresholds: { actual: [0] } }, "thresholds.actual.0"],
  ["threshold above 1000 %", { thresholds: { forecast: [1001] } }, "thresholds.forecast.0"],
  ["unknown period", { period: "fortnight" }, "period"],
  ["webhook not http(s)", { channels: [{ type: "webhook", url: "javascript:alert(1)" }] }, "channels.0.url"],
];

for (const [what, change, field] of BAD) {
  test(`POST /api/budgets – ${what}`, async ({ request }) => {
    const before = await budgetNames(request);
    const response = await request.post("/api/budgets", { data: { ...valid, name: `bad ${what}`, ...change } });
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.field).toBe(field);
    expect(body.error.message).toMatch(new RegExp(`^${field.replace(/\./g, "\\.")}`));
    expect(await budgetNames(request)).toEqual(before);
  });
}

test("POST /api/budgets – body that is not JSON", async ({ request }) => {
  const response = await request.post("/api/budgets", { headers: { "content-type": "application/json" }, data: "{nope" });
  expect(response.status()).toBe(400);
});

test("POST, GET, PATCH, DELETE /api/budgets – a budget's life, duplicate names refused", async ({ request }) => {
  const name = `Life ${Date.now()}`;
  const created = await request.post("/api/budgets", { data: { ...valid, name, scope: { runType: ["Batch"] } } });
  expect(created.status()).toBe(201);
  const { budget } = await created.json();
  expect(budget).toMatchObject({ name, amount: "250.00", currency: "USD", period: "month", scope: "runType=Batch", paused: false });

  const duplicate = await request.post("/api/budgets", { data: { ...valid, name: name.toUpperCase() } });
  expect(duplicate.status()).toBe(400);
  expect((await duplicate.json()).error.field).toBe("name");

  const one = await request.get(`/api/budgets/${budget.id}`);
  expect(one.status()).toBe(200);
  const status = await one.json();
  expect(["on track", "at risk", "over"]).toContain(status.state);
  // The actual is the dashboard's total for the scope and the period.
  const totals = await (await request.get(`/api/totals?runType=Batch&from=${status.period.from}&to=${status.period.to}`)).json();
  expect(status.actual).toBe(totals.current.costs.find((c: { currency: string }) => c.currency === "USD")?.cost ?? 0);

  const badPatch = await request.patch(`/api/budgets/${budget.id}`, { data: { thresholds: { actual: [5000] } } });
  expect(badPatch.status()).toBe(400);
  expect((await badPatch.json()).error.field).toBe("thresholds.actual.0");
  const patched = await request.patch(`/api/budgets/${budget.id}`, { data: { paused: true, amount: "99.99" } });
  expect(patched.status()).toBe(200);
  expect((await patched.json()).budget).toMatchObject({ paused: true, amount: "99.99" });

  expect((await request.delete(`/api/budgets/${budget.id}`)).status()).toBe(204);
  expect((await request.get(`/api/budgets/${budget.id}`)).status()).toBe(404);
  expect((await request.delete(`/api/budgets/${budget.id}`)).status()).toBe(404);
});

test("GET /api/forecast – the current month with a range, drawable per day to its end", async ({ request }) => {
  const response = await request.get("/api/forecast?period=month");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.period.kind).toBe("month");
  expect(body.low).toBeLessThanOrEqual(body.forecast);
  expect(body.high).toBeGreaterThanOrEqual(body.forecast);
  expect(body.forecast).toBeGreaterThanOrEqual(body.spent);
  expect(body.series.at(-1).date).toBe(body.period.to);
  expect(body.series.at(-1).cumulative).toBeCloseTo(body.forecast, 0);
  const bad = await request.get("/api/forecast?period=week");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.field).toBe("period");
});
