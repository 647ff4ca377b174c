import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { callRoute, routeTestStore } from "@/lib/analytics/test-data";
import { GET } from "./route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore()));
afterAll(() => store.close());

describe("GET /api/runs", () => {
  test("GET /api/runs – a page sorted by cost with the total count", async () => {
    const { status, body } = await callRoute(GET, "/api/runs?sort=cost&limit=2&offset=1");
    expect(status).toBe(200);
    expect(body).toMatchObject({ dataVersion: 7, total: 7, offset: 1, limit: 2, sort: "cost", dir: "desc" });
    expect(body.rows.map((r: { runId: string; totalCostAmount: number }) => [r.runId, r.totalCostAmount])).toEqual([
      ["r1", 10],
      ["r4", 5.25],
    ]);
  });

  test.each([
    ["unknown sort field", "?sort=title", "sort"],
    ["limit above 500", "?limit=501", "limit"],
    ["negative offset", "?offset=-1", "offset"],
    ["unknown parameter", "?page=2", "page"],
    ["bad date", "?to=2024-02-31", "to"],
  ])("GET /api/runs – %s", async (_name, query, field) => {
    const { status, body } = await callRoute(GET, `/api/runs${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "bad_request", field });
  });
});
