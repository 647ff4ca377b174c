import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { routeTestStore } from "@/lib/analytics/test-data";
import { GET as totalsGET } from "@/app/api/totals/route";
import { parseCsv } from "@/lib/csv-format/rfc4180";
import { GET } from "./route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore("Europe/Berlin")));
afterAll(() => store.close());

const get = (query: string) => GET(new Request(`http://localhost/api/runs.csv${query}`));

describe("GET /api/runs.csv", () => {
  test("GET /api/runs.csv – every matching run, with what the file holds in the headers", async () => {
    const response = await get("?from=2024-02-01&to=2024-03-31&tier=Small&tier=Large&sort=cost&dir=asc");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain('filename="runledger-runs_2024-02-01_2024-03-31_tier-Large+Small.csv"');
    expect(response.headers.get("x-runledger-filters")).toBe("from=2024-02-01&to=2024-03-31&tier=Large&tier=Small");
    expect(response.headers.get("x-runledger-time-zone")).toBe("Europe/Berlin");
    expect(response.headers.get("x-runledger-currency")).toBe("EUR,USD");
    expect(response.headers.get("x-runledger-data-as-of")).toBe("2024-04-02T08:00:00.000Z");
    const [header, ...rows] = parseCsv(await response.text());
    expect(response.headers.get("x-runledger-row-count")).toBe(String(rows.length));
    const totals = await (await totalsGET(new Request("http://localhost/api/totals?from=2024-02-01&to=2024-03-31&tier=Small&tier=Large"))).json();
    expect(rows).toHaveLength(totals.current.runs);
    // r1 starts 2024-02-01 00:30 in Berlin; sorted by cost ascending.
    expect(rows.map((r) => r[header!.indexOf("runId")])).toEqual(["r3", "r6", "r5", "r1", "r2"]);
  });

  test("GET /api/runs.csv – format=excel adds the byte order mark and nothing else", async () => {
    const plain = Buffer.from(await (await get("?sort=user")).arrayBuffer());
    const excel = Buffer.from(await (await get("?sort=user&format=excel")).arrayBuffer());
    expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(excel.subarray(3).equals(plain)).toBe(true);
  });

  test.each([
    ["unknown sort", "?sort=colour", "sort"],
    ["unknown direction", "?dir=up", "dir"],
    ["unknown format", "?format=xlsx", "format"],
    ["unknown parameter", "?limit=10", "limit"],
    ["bad date", "?from=2024-02-30", "from"],
    ["from after to", "?from=2024-03-01&to=2024-02-01", "from"],
  ])("GET /api/runs.csv – %s is a 400 before any byte of CSV", async (_name, query, field) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "bad_request", field });
  });
});
