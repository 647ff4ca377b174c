import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { callRoute, routeTestStore } from "@/lib/analytics/test-data";
import { GET as getBreakdown } from "../breakdown/route";
import { GET as getRunning } from "../running/route";
import { GET as getTimeseries } from "../timeseries/route";
import { GET as getTotals } from "../totals/route";
import { GET } from "./route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore("Europe/Berlin")));
afterAll(() => store.close());

const withoutEnvelope = ({ dataVersion: _v, dataAsOf: _a, timeZone: _z, ...rest }: Record<string, unknown>) => rest;

describe("GET /api/overview", () => {
  test.each([
    ["all time", ""],
    ["a month", "from=2024-02-01&to=2024-02-29"],
    ["from only", "from=2024-01-15"],
    ["a tier and statuses", "tier=Small&status=Failed&status=Succeeded"],
    ["a project and a search", "project=alice/alpha&q=train"],
  ])("GET /api/overview – %s: every part equals its own route's answer", async (_name, filters) => {
    const series = "interval=week&stackBy=project&top=2";
    const { status, body } = await callRoute(GET, `/api/overview?${series}&limit=3&${filters}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ dataVersion: 7, dataAsOf: "2024-04-02T08:00:00.000Z", timeZone: "Europe/Berlin" });
    expect(body.totals).toEqual(withoutEnvelope((await callRoute(getTotals, `/api/totals?${filters}`)).body));
    expect(body.series).toEqual(withoutEnvelope((await callRoute(getTimeseries, `/api/timeseries?${series}&${filters}`)).body));
    for (const by of ["hardwareTier", "project", "user"]) {
      const own = await callRoute(getBreakdown, `/api/breakdown?by=${by}&sort=cost&dir=desc&limit=3&${filters}`);
      expect(body.top[by]).toEqual(withoutEnvelope(own.body));
    }
    // The running-now card's summary, so the page asks once per change.
    expect(body.running).toEqual(withoutEnvelope((await callRoute(getRunning, `/api/running?limit=0&${filters}`)).body));
  });

  test("GET /api/overview – six rows per list and daily buckets by default", async () => {
    const { body } = await callRoute(GET, "/api/overview?from=2024-02-01&to=2024-02-29");
    expect(body.series).toMatchObject({ interval: "day", stackBy: "hardwareTier" });
    expect(body.series.buckets).toHaveLength(29);
    expect(body.top.project.limit).toBe(6);
  });

  test.each([
    ["unknown parameter", "?by=user", "by"],
    ["limit of zero", "?limit=0", "limit"],
    ["limit above 100", "?limit=101", "limit"],
    ["unknown interval", "?interval=hour", "interval"],
    ["too many buckets", "?interval=day&from=1990-01-01&to=2024-01-01", "interval"],
    ["bad date", "?from=2024-02-30", "from"],
  ])("GET /api/overview – %s", async (_name, query, field) => {
    const { status, body } = await callRoute(GET, `/api/overview${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "bad_request", field });
  });
});
