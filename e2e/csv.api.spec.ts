import { expect, test, type APIRequestContext } from "@playwright/test";
import { parseCsv } from "../lib/csv-format/rfc4180";
import { seededRandom } from "../lib/seeded-random";

/**
 * The CSV downloads over real HTTP against the built app: for random filter sets the runs
 * CSV holds exactly the runs /api/totals counts and its cost column sums to the total to the
 * cent; breakdown CSVs equal the JSON rows.
 */

async function waitForData(request: APIRequestContext): Promise<void> {
  await expect
    .poll(async () => (await (await request.get("/api/sync")).json()).dataAsOf ?? null, { timeout: 60_000, intervals: [500, 1000] })
    .not.toBeNull();
}


/** Sum of exact decimal texts, in micro-units, rounded half away from zero to the cent. */
function centsTotal(amounts: string[]): number {
  let micros = 0n;
  for (const text of amounts) {
    const negative = text.startsWith("-");
    const [whole, fraction = ""] = text.replace("-", "").split(".");
    const value = BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6));
    micros += negative ? -value : value;
  }
  return Number((micros + (micros >= 0n ? 5_000n : -5_000n)) / 10_000n) / 100;
}

test.describe("CSV downloads", () => {
  test.beforeAll(async ({ request }) => waitForData(request));

  test("GET /api/runs.csv – random filter sets: every row, cost to the cent, as /api/totals says", async ({ request }) => {
    test.setTimeout(180_000);
    const random = seededRandom(4242);
    const [tiers, users] = await Promise.all(
      ["hardwareTier", "user"].map(async (dim) => (await (await request.get(`/api/facets?dim=${dim}&limit=50`)).json())),
    );
    const valuesOf = (body: { values?: { value: string }[] }) => (body.values ?? []).map((v) => v.value);
    const dataAsOf = (await (await request.get("/api/sync")).json()).dataAsOf as string;
    const lastDay = dataAsOf.slice(0, 10);
    for (let i = 0; i < 6; i++) {
      const params = new URLSearchParams();
      if (random() < 0.7) {
        const span = Math.floor(random() * 120);
        const to = new Date(Date.parse(lastDay) - Math.floor(random() * 200) * 86_400_000);
        params.set("from", new Date(to.getTime() - span * 86_400_000).toISOString().slice(0, 10));
        params.set("to", to.toISOString().slice(0, 10));
      }
      for (const tier of valuesOf(tiers)) if (random() < 0.3) params.append("tier", tier);
      for (const user of valuesOf(users)) if (random() < 0.1) params.append("user", user);
      const totals = await (await request.get(`/api/totals?${params}`)).json();
      const response = await request.get(`/api/runs.csv?${params}&sort=cost&dir=desc`);
      expect(response.status()).toBe(200);
      const [header, ...rows] = parseCsv((await response.body()).toString("utf8"));
      expect(rows.length, `rows for ${params}`).toBe(totals.current.runs);
      expect(response.headers()["x-runledger-row-count"]).toBe(String(totals.current.runs));
      const currency = header!.indexOf("totalCostCurrency");
      const amount = header!.indexOf("totalCostAmount");
      for (const { currency: code, cost } of totals.current.costs) {
        expect(centsTotal(rows.filter((r) => r[currency] === code).map((r) => r[amount]!)), `cost in ${code} for ${params}`).toBe(cost);
      }
    }
  });

  test("GET /api/runs.csv – headers say what the file holds", async ({ request }) => {
    const response = await request.get("/api/runs.csv?from=2024-01-01&to=2024-03-31&tier=GPU&format=excel");
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(headers["content-disposition"]).toContain('filename="runledger-runs_2024-01-01_2024-03-31_tier-GPU.csv"');
    expect(headers["x-runledger-filters"]).toBe("from=2024-01-01&to=2024-03-31&tier=GPU");
    expect(headers["x-runledger-time-zone"]).toEqual(expect.any(String));
    expect(headers["x-runledger-data-as-of"]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const body = await response.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3, 11).toString()).toBe("batchId,");
  });

  test("GET /api/runs.csv – a bad query is a 400 before any CSV", async ({ request }) => {
    const response = await request.get("/api/runs.csv?sort=colour");
    expect(response.status()).toBe(400);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect((await response.json()).error).toMatchObject({ code: "bad_request", field: "sort" });
  });

  for (const by of ["hardwareTier", "project", "user"]) {
    test(`GET /api/breakdown.csv – by=${by} equals the JSON rows`, async ({ request }) => {
      const json = await (await request.get(`/api/breakdown?by=${by}&limit=10000`)).json();
      const response = await request.get(`/api/breakdown.csv?by=${by}`);
      expect(response.status()).toBe(200);
      const [header, ...rows] = parseCsv((await response.body()).toString("utf8"));
      expect(rows).toHaveLength(json.rows.length);
      // Sorted as the table sorts (cost, then key, on the cent-rounded figures), so rows are
      // matched by key and currency; the order is checked on its own.
      const cell = (row: string[], name: string) => row[header!.indexOf(name)]!;
      const text = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);
      const byKey = new Map(json.rows.map((r: { key: string; currency: string }) => [`${r.key}|${r.currency}`, r]));
      for (const row of rows) {
        const expected = byKey.get(`${text(cell(row, by))}|${cell(row, "currency")}`) as Record<string, unknown>;
        expect(expected, `row ${cell(row, by)}`).toBeDefined();
        expect(Number(cell(row, "runs"))).toBe(expected.runs);
        expect(Number(cell(row, "cost"))).toBe(expected.cost);
        expect(Number(cell(row, "computeHours"))).toBe(expected.computeHours);
        expect(Number(cell(row, "wastedCost"))).toBe(expected.wastedCost);
      }
      const costs = rows.map((row) => Number(cell(row, "cost")));
      expect(costs).toEqual([...costs].sort((a, b) => b - a));
    });
  }

  test("GET /api/timeseries.csv – one row per bucket, totals as the JSON", async ({ request }) => {
    const query = "interval=month&stackBy=hardwareTier&top=5";
    const json = await (await request.get(`/api/timeseries?${query}`)).json();
    const [header, ...rows] = parseCsv((await (await request.get(`/api/timeseries.csv?${query}`)).body()).toString("utf8"));
    expect(header).toEqual(["start", "currency", "runs", "total", ...json.keys]);
    expect(rows.map((r) => [r[0], Number(r[2]), Number(r[3])])).toEqual(json.buckets.map((b: { start: string; runs: number; total: number }) => [b.start, b.runs, b.total]));
  });
});
