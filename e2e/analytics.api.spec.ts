import { expect, test, type APIRequestContext } from "@playwright/test";

/**
 * HTTP contracts of the analytics API against the built demo app. The demo data arrives
 * through the first sync, so these tests wait for it and then assert invariants (views of
 * the same filters agree with the totals, shapes, 400s) rather than fixed figures.
 */

interface CurrencyTotals {
  currency: string;
  cost: number;
  wastedCost: number;
}
interface Totals {
  runs: number;
  computeHours: number;
  costs: CurrencyTotals[];
}

async function waitForFirstSync(request: APIRequestContext): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await request.get("/api/sync");
    if (response.ok() && (await response.json()).dataAsOf) return;
    if (Date.now() > deadline) throw new Error("the first sync did not finish within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function getJson(request: APIRequestContext, url: string) {
  const response = await request.get(url);
  expect(response.status(), `${url}: ${await response.text()}`).toBe(200);
  return response.json();
}

function expectEnvelope(body: { dataVersion: unknown; dataAsOf: unknown; timeZone: unknown }) {
  expect(body.dataVersion).toEqual(expect.any(Number));
  expect(body.dataAsOf).toEqual(expect.any(String));
  expect(body.timeZone).toEqual(expect.any(String));
}

const costOf = (totals: Totals, currency: string) => totals.costs.find((c) => c.currency === currency)?.cost ?? 0;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  test.setTimeout(90_000);
  await waitForFirstSync(request);
});

test("GET /api/totals – the period and the one before it", async ({ request }) => {
  const body = await getJson(request, "/api/totals?from=2024-01-01&to=2024-01-31");
  expectEnvelope(body);
  expect(body.period).toEqual({ from: "2024-01-01", to: "2024-01-31" });
  expect(body.previousPeriod).toEqual({ from: "2023-12-01", to: "2023-12-31" });
  for (const totals of [body.current, body.previous] as Totals[]) {
    expect(totals.runs).toEqual(expect.any(Number));
    for (const c of totals.costs) {
      expect(c.wastedCost).toBeLessThanOrEqual(c.cost);
      expect(Math.round(c.cost * 100) / 100).toBe(c.cost);
    }
  }
  const allTime = await getJson(request, "/api/totals");
  expect(allTime).toMatchObject({ period: null, previousPeriod: null, previous: null });
  expect(allTime.current.runs).toBeGreaterThan(0);
});

for (const by of ["hardwareTier", "project", "user", "owner", "runType", "status"]) {
  test(`GET /api/breakdown – rows by ${by} add up to the totals`, async ({ request }) => {
    const filters = "from=2023-01-01&to=2024-12-31";
    const [breakdown, totals] = await Promise.all([
      getJson(request, `/api/breakdown?by=${by}&limit=10000&${filters}`),
      getJson(request, `/api/totals?${filters}`),
    ]);
    expectEnvelope(breakdown);
    expect(breakdown.totals).toEqual(totals.current);
    expect(breakdown.rows.length).toBe(breakdown.totalRows);
    expect(breakdown.rows.reduce((n: number, r: { runs: number }) => n + r.runs, 0)).toBe(totals.current.runs);
    for (const { currency, cost } of totals.current.costs as CurrencyTotals[]) {
      const rows = breakdown.rows.filter((r: { currency: string }) => r.currency === currency);
      const sum = rows.reduce((n: number, r: { cost: number }) => n + r.cost, 0);
      expect(Math.abs(sum - cost)).toBeLessThanOrEqual(0.005 * rows.length + 1e-6);
    }
    const costs = breakdown.rows.map((r: { cost: number }) => r.cost);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    if (by === "hardwareTier") for (const r of breakdown.rows) expect(r.pricePerMinute).toEqual(expect.any(Number));
    if (by === "project") for (const r of breakdown.rows) expect(r.key.startsWith(`${r.owner}/`)).toBe(true);
  });
}

test("GET /api/timeseries – buckets without gaps add up to the totals", async ({ request }) => {
  const filters = "from=2024-01-01&to=2024-03-31";
  const [series, totals] = await Promise.all([
    getJson(request, `/api/timeseries?interval=day&stackBy=project&top=3&${filters}`),
    getJson(request, `/api/totals?${filters}`),
  ]);
  expectEnvelope(series);
  expect(series.buckets).toHaveLength(91);
  expect(series.buckets[0].start).toBe("2024-01-01");
  expect(series.buckets.at(-1).start).toBe("2024-03-31");
  expect(series.keys.length).toBeLessThanOrEqual(4);
  const runs = series.buckets.reduce((n: number, b: { runs: number }) => n + b.runs, 0);
  expect(runs).toBe(totals.current.runs);
  const sum = series.buckets.reduce((n: number, b: { total: number }) => n + b.total, 0);
  expect(Math.abs(sum - costOf(totals.current, series.currency))).toBeLessThanOrEqual(0.005 * 91 + 1e-6);
  for (const bucket of series.buckets) expect(Object.keys(bucket.values)).toEqual(series.keys);

  const weeks = await getJson(request, `/api/timeseries?interval=week&${filters}`);
  expect(weeks.buckets[0].start).toBe("2024-01-01"); // a Monday
  for (const b of weeks.buckets) expect(new Date(`${b.start}T00:00:00Z`).getUTCDay()).toBe(1);
});

test("GET /api/runs – pages count what the totals count", async ({ request }) => {
  const filters = "from=2024-01-01&to=2024-01-31";
  const [page, totals] = await Promise.all([
    getJson(request, `/api/runs?sort=cost&limit=20&${filters}`),
    getJson(request, `/api/totals?${filters}`),
  ]);
  expectEnvelope(page);
  expect(page.total).toBe(totals.current.runs);
  expect(page.rows.length).toBe(Math.min(20, page.total));
  const costs = page.rows.map((r: { totalCostAmount: number }) => r.totalCostAmount);
  expect(costs).toEqual([...costs].sort((a, b) => b - a));
  const row = page.rows[0];
  for (const field of ["batchId", "runId", "title", "command", "status", "runType", "userName", "projectKey", "startedAt", "computeHours", "queuedTime", "totalCostCurrency"]) {
    expect(row).toHaveProperty(field);
  }
  expect(row.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
});

test("GET /api/facets – values and counts under the other filters", async ({ request }) => {
  const all = await getJson(request, "/api/facets?dim=hardwareTier&limit=500");
  expectEnvelope(all);
  const totals = await getJson(request, "/api/totals");
  expect(all.values.reduce((n: number, v: { runs: number }) => n + v.runs, 0)).toBe(totals.current.runs);
  const first = all.values[0].value as string;
  // The filter on the facet's own dimension does not narrow its values.
  const withOwn = await getJson(request, `/api/facets?dim=hardwareTier&limit=500&tier=${encodeURIComponent(first)}`);
  expect(withOwn.values).toEqual(all.values);
  const search = first.slice(0, 2).toUpperCase();
  const found = await getJson(request, `/api/facets?dim=hardwareTier&q=${encodeURIComponent(search)}`);
  for (const v of found.values) expect(v.value.toLowerCase()).toContain(search.toLowerCase());
});

const BAD_REQUESTS: [string, string, string][] = [
  ["/api/totals", "unknown parameter", "?colour=red"],
  ["/api/totals", "bad date", "?from=2024-02-30"],
  ["/api/totals", "from after to", "?from=2024-03-01&to=2024-02-01"],
  ["/api/breakdown", "unknown dimension", "?by=colour"],
  ["/api/breakdown", "missing dimension", ""],
  ["/api/breakdown", "limit out of range", "?by=user&limit=10001"],
  ["/api/breakdown", "unknown sort", "?by=user&sort=name"],
  ["/api/timeseries", "unknown interval", "?interval=hour"],
  ["/api/timeseries", "top out of range", "?top=21"],
  ["/api/timeseries", "unknown stack dimension", "?stackBy=colour"],
  ["/api/runs", "unknown sort field", "?sort=title"],
  ["/api/runs", "limit out of range", "?limit=501"],
  ["/api/runs", "negative offset", "?offset=-1"],
  ["/api/facets", "unknown dimension", "?dim=colour"],
  ["/api/facets", "limit out of range", "?dim=user&limit=0"],
];

for (const [route, name, query] of BAD_REQUESTS) {
  test(`GET ${route} – ${name}`, async ({ request }) => {
    const response = await request.get(`${route}${query}`);
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toEqual(expect.any(String));
    expect(body.error.field).toEqual(expect.any(String));
    // Never SQL text or a stack trace.
    expect(JSON.stringify(body)).not.toMatch(/\bSELECT\b|\bFROM runs\b|\n\s*at /);
  });
}
