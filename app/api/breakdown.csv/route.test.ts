import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { routeTestStore } from "@/lib/analytics/test-data";
import { GET as breakdownGET } from "@/app/api/breakdown/route";
import { GET as timeseriesGET } from "@/app/api/timeseries/route";
import { parseCsv } from "@/lib/csv-format/rfc4180";
import { GET } from "./route";
import { GET as timeseriesCsvGET } from "../timeseries.csv/route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore()));
afterAll(() => store.close());

async function csvOf(get: (r: Request) => Promise<Response>, url: string) {
  const response = await get(new Request(`http://localhost${url}`));
  expect(response.status).toBe(200);
  const [header, ...rows] = parseCsv(await response.text());
  return { response, header: header!, rows };
}

const json = async (get: (r: Request) => Promise<Response>, url: string) => (await get(new Request(`http://localhost${url}`))).json();

describe("GET /api/breakdown.csv and /api/timeseries.csv", () => {
  test.each(["hardwareTier", "project", "user", "owner", "runType", "status"])(
    "GET /api/breakdown.csv – by=%s equals the JSON rows",
    async (by) => {
      const { header, rows, response } = await csvOf(GET, `/api/breakdown.csv?by=${by}&from=2024-01-01`);
      const body = await json(breakdownGET, `/api/breakdown?by=${by}&from=2024-01-01&limit=10000`);
      expect(response.headers.get("x-runledger-row-count")).toBe(String(body.rows.length));
      const parsed = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
      expect(parsed.map((r) => ({
        key: r[by],
        currency: r.currency,
        runs: Number(r.runs),
        computeHours: Number(r.computeHours),
        cost: Number(r.cost),
        share: Number(r.share),
        averageCost: Number(r.averageCost),
        wastedCost: Number(r.wastedCost),
        ...(by === "hardwareTier" ? { pricePerMinute: Number(r.pricePerMinute) } : {}),
        ...(by === "project" ? { owner: r.owner } : {}),
      }))).toEqual(body.rows);
    },
  );

  test("GET /api/breakdown.csv – sorted as the table is, by any of its columns", async () => {
    const { header, rows } = await csvOf(GET, "/api/breakdown.csv?by=user&sort=key&dir=asc");
    expect(rows.map((r) => r[header.indexOf("user")])).toEqual(["alice", "bob", "bob", "carol"]);
    const byRuns = await csvOf(GET, "/api/breakdown.csv?by=hardwareTier&sort=runs&dir=desc");
    // Equal run counts fall back to the key, as the table orders them.
    expect(byRuns.rows.map((r) => r[0])).toEqual(["Small", "GPU", "Large", "Large"]);
  });

  test("GET /api/timeseries.csv – equals the JSON buckets", async () => {
    const query = "interval=week&stackBy=project&top=2&from=2024-01-29&to=2024-03-10";
    const { header, rows, response } = await csvOf(timeseriesCsvGET, `/api/timeseries.csv?${query}`);
    const body = await json(timeseriesGET, `/api/timeseries?${query}`);
    expect(header).toEqual(["start", "currency", "runs", "total", ...body.keys]);
    expect(response.headers.get("x-runledger-currency")).toBe(body.currency);
    expect(rows.map((r) => ({ start: r[0], runs: Number(r[2]), total: Number(r[3]), values: Object.fromEntries(body.keys.map((k: string, i: number) => [k, Number(r[4 + i])])) }))).toEqual(body.buckets);
    expect(rows.every((r) => r[1] === body.currency)).toBe(true);
  });

  test.each([
    ["/api/breakdown.csv", "by"],
    ["/api/breakdown.csv?by=colour", "by"],
    ["/api/breakdown.csv?by=user&sort=size", "sort"],
    ["/api/breakdown.csv?by=user&limit=5", "limit"],
    ["/api/timeseries.csv?interval=hour", "interval"],
    ["/api/timeseries.csv?format=pdf", "format"],
  ] as const)("GET %s – a 400 naming %s", async (url, field) => {
    const get = url.startsWith("/api/breakdown") ? GET : timeseriesCsvGET;
    const response = await get(new Request(`http://localhost${url}`));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "bad_request", field });
  });
});
