import { expect, test } from "@playwright/test";
import { parseCsv } from "../lib/csv-format/rfc4180";

/**
 * Running now over real HTTP against the built app's demo: the runs in flight at the last
 * sync, as the gateway sent them; the CSV holds the same runs as the JSON.
 */

test.beforeAll(async ({ request }) => {
  await expect
    .poll(async () => (await (await request.get("/api/sync")).json()).dataAsOf ?? null, { timeout: 120_000, intervals: [500, 1000] })
    .not.toBeNull();
});

test("GET /api/running – runs in flight, longest first, each as /api/runs stores it", async ({ request }) => {
  const response = await request.get("/api/running?limit=1000");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.dataAsOf).toEqual(expect.any(String));
  expect(body.rows.length).toBe(body.total);
  // The demo's in-flight runs, counted by the runs route's own filter on status.
  const statuses = ["Queued", "Pending", "Scheduled", "Preparing", "Pulling", "Building", "Running"];
  const runs = await (await request.get(`/api/runs?limit=500&${statuses.map((s) => `status=${s}`).join("&")}`)).json();
  expect(body.total).toBe(runs.total);
  expect(new Set(body.rows.map((r: { runId: string }) => r.runId))).toEqual(new Set(runs.rows.map((r: { runId: string }) => r.runId)));
  const seconds = body.rows.map((r: { runSeconds: number }) => r.runSeconds);
  expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  for (const row of body.rows) {
    const stored = runs.rows.find((r: { runId: string }) => r.runId === row.runId);
    expect(row.cost).toBe(stored.totalCostAmount);
    expect(row.longRunning).toBe(row.runSeconds > row.longRunHours * 3600);
  }
  const usd = body.costs.find((c: { currency: string }) => c.currency === "USD");
  if (body.total > 0) expect(usd.cost).toBeCloseTo(body.rows.reduce((s: number, r: { cost: number }) => s + r.cost, 0), 2);
});

test("GET /api/running.csv – the same runs as the JSON, with the download headers", async ({ request }) => {
  const json = await (await request.get("/api/running?limit=1000&sort=cost&dir=desc")).json();
  const response = await request.get("/api/running.csv?sort=cost&dir=desc");
  expect(response.status()).toBe(200);
  expect(response.headers()["x-runledger-row-count"]).toBe(String(json.total));
  const [header, ...rows] = parseCsv((await response.body()).toString("utf8"));
  expect(header).toContain("costSoFar");
  expect(rows.map((r) => r[0])).toEqual(json.rows.map((r: { runId: string }) => r.runId));
});

for (const [url, field] of [
  ["/api/running?sort=title", "sort"],
  ["/api/running?limit=1001", "limit"],
  ["/api/running?tier=a&tier=b&from=2024-13-01", "from"],
  ["/api/running.csv?limit=0", "limit"],
] as const) {
  test(`GET ${url} – 400 naming the parameter`, async ({ request }) => {
    const response = await request.get(url);
    expect(response.status()).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "bad_request", field });
  });
}
