import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { callRoute, routeTestStore } from "@/lib/analytics/test-data";
import { GET } from "./route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore()));
afterAll(() => store.close());

describe("GET /api/breakdown", () => {
  test("GET /api/breakdown – rows, totals and the envelope", async () => {
    const { status, body } = await callRoute(GET, "/api/breakdown?by=hardwareTier&limit=2");
    expect(status).toBe(200);
    expect(body).toMatchObject({ dataVersion: 7, dataAsOf: "2024-04-02T08:00:00.000Z", timeZone: "UTC", by: "hardwareTier", totalRows: 4 });
    expect(body.rows.map((r: { key: string }) => r.key)).toEqual(["Large", "Small"]);
    expect(body.rows[0]).toEqual({ key: "Large", currency: "USD", runs: 1, computeHours: 2, cost: 20.5, share: 20.5 / 38.75, averageCost: 20.5, wastedCost: 20.5, pricePerMinute: 0.0042 });
    expect(body.totals.costs).toEqual([
      { currency: "USD", cost: 38.75, wastedCost: 20.5 },
      { currency: "EUR", cost: 3.1, wastedCost: 3.1 },
    ]);
  });

  test.each([
    ["unknown dimension", "?by=colour", "by"],
    ["missing dimension", "", "by"],
    ["unknown sort", "?by=user&sort=name", "sort"],
    ["unknown direction", "?by=user&dir=up", "dir"],
    ["limit above 10000", "?by=user&limit=10001", "limit"],
    ["limit of zero", "?by=user&limit=0", "limit"],
    ["limit not a number", "?by=user&limit=ten", "limit"],
    ["unknown parameter", "?by=user&colour=red", "colour"],
    ["bad date", "?by=user&from=2024-13-01", "from"],
    ["from after to", "?by=user&from=2024-02-02&to=2024-02-01", "from"],
  ])("GET /api/breakdown – %s", async (_name, query, field) => {
    const { status, body } = await callRoute(GET, `/api/breakdown${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "bad_request", field });
    expect(body.error.message).toEqual(expect.any(String));
  });
});
