import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { callRoute, routeTestStore } from "@/lib/analytics/test-data";
import { GET } from "./route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore("Europe/Berlin")));
afterAll(() => store.close());

describe("GET /api/totals", () => {
  test("GET /api/totals – a period in the configured zone and the one before it", async () => {
    const { status, body } = await callRoute(GET, "/api/totals?from=2024-02-01&to=2024-02-29");
    expect(status).toBe(200);
    expect(body).toEqual({
      dataVersion: 7,
      dataAsOf: "2024-04-02T08:00:00.000Z",
      timeZone: "Europe/Berlin",
      period: { from: "2024-02-01", to: "2024-02-29" },
      previousPeriod: { from: "2024-01-03", to: "2024-01-31" },
      // In Berlin the run of 2024-01-31 23:30 UTC is February's.
      current: { runs: 4, computeHours: 3.5, costs: [{ currency: "USD", cost: 35.75, wastedCost: 20.5 }] },
      previous: { runs: 0, computeHours: 0, costs: [] },
    });
  });

  test("GET /api/totals – all time has no previous period", async () => {
    const { body } = await callRoute(GET, "/api/totals?status=Failed&status=Error");
    expect(body).toMatchObject({ period: null, previousPeriod: null, previous: null, current: { runs: 2 } });
  });

  test.each([
    ["unknown parameter", "?by=project", "by"],
    ["bad date", "?from=2024-02-30", "from"],
    ["date in another format", "?to=01/02/2024", "to"],
    ["from after to", "?from=2024-03-01&to=2024-02-01", "from"],
    ["from given twice", "?from=2024-03-01&from=2024-03-02", "from"],
    ["search too long", `?q=${"a".repeat(201)}`, "q"],
  ])("GET /api/totals – %s", async (_name, query, field) => {
    const { status, body } = await callRoute(GET, `/api/totals${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "bad_request", field });
  });
});
