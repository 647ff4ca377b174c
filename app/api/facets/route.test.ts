import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { callRoute, routeTestStore } from "@/lib/analytics/test-data";
import { GET } from "./route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore()));
afterAll(() => store.close());

describe("GET /api/facets", () => {
  test("GET /api/facets – searched values under the other filters", async () => {
    const { status, body } = await callRoute(GET, "/api/facets?dim=project&q=ALPHA&project=bob/beta&status=Stopped");
    expect(status).toBe(200);
    expect(body).toMatchObject({ dataVersion: 7, dim: "project", q: "alpha", currency: "USD", total: 1 });
    expect(body.values).toEqual([{ value: "bob/alpha", runs: 1, cost: 5.25 }]);
  });

  test("GET /api/facets – filterQ is the runs' text filter", async () => {
    const { body } = await callRoute(GET, "/api/facets?dim=user&filterQ=nightly");
    expect(body.values).toEqual([{ value: "alice", runs: 1, cost: 5.25 }]);
  });

  test.each([
    ["unknown dimension", "?dim=colour", "dim"],
    ["missing dimension", "?q=a", "dim"],
    ["limit above 500", "?dim=user&limit=501", "limit"],
    ["unknown parameter", "?dim=user&search=a", "search"],
    ["from after to", "?dim=user&from=2024-02-02&to=2024-02-01", "from"],
  ])("GET /api/facets – %s", async (_name, query, field) => {
    const { status, body } = await callRoute(GET, `/api/facets${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "bad_request", field });
  });
});
