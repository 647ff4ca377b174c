import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { callRoute, routeTestStore } from "@/lib/analytics/test-data";
import { GET } from "./route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore()));
afterAll(() => store.close());

describe("GET /api/timeseries", () => {
  test("GET /api/timeseries – stacked weekly buckets without gaps", async () => {
    const { status, body } = await callRoute(GET, "/api/timeseries?interval=week&stackBy=project&top=2&from=2024-01-29&to=2024-02-18");
    expect(status).toBe(200);
    expect(body).toMatchObject({ dataVersion: 7, interval: "week", stackBy: "project", currency: "USD", keys: ["bob/beta", "alice/alpha", "Other"] });
    expect(body.buckets).toEqual([
      { start: "2024-01-29", total: 30.5, runs: 2, values: { "bob/beta": 20.5, "alice/alpha": 10, Other: 0 } },
      { start: "2024-02-05", total: 0, runs: 1, values: { "bob/beta": 0, "alice/alpha": 0, Other: 0 } },
      { start: "2024-02-12", total: 5.25, runs: 1, values: { "bob/beta": 0, "alice/alpha": 0, Other: 5.25 } },
    ]);
  });

  test.each([
    ["unknown interval", "?interval=hour", "interval"],
    ["unknown stack dimension", "?stackBy=colour", "stackBy"],
    ["top above 20", "?top=21", "top"],
    ["top of zero", "?top=0", "top"],
    ["too many buckets", "?interval=day&from=1990-01-01&to=2024-01-01", "interval"],
    ["unknown parameter", "?by=user", "by"],
    ["from after to", "?from=2024-02-02&to=2024-02-01", "from"],
  ])("GET /api/timeseries – %s", async (_name, query, field) => {
    const { status, body } = await callRoute(GET, `/api/timeseries${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "bad_request", field });
  });
});
