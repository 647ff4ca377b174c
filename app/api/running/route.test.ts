import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { callRoute, routeTestStore } from "@/lib/analytics/test-data";
import { EnvError, parseEnv } from "@/lib/env";
import { GET } from "./route";
import { GET as GET_CSV } from "../running.csv/route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore()));
afterAll(() => store.close());

describe("GET /api/running", () => {
  test("GET /api/running – the run in flight with the envelope, the summary and the rule", async () => {
    // The fixture's one run in flight is r3, queued on the Small tier (0.0011 a minute).
    const { status, body } = await callRoute(GET, "/api/running");
    expect(status).toBe(200);
    expect(body).toMatchObject({ dataVersion: 7, dataAsOf: "2024-04-02T08:00:00.000Z", timeZone: "UTC", total: 1, longRunning: 0 });
    expect(body.longRunRule).toEqual({ hours: 24, byType: { App: 720, Endpoint: 720 } });
    expect(body.costs).toEqual([{ currency: "USD", cost: 0, costPerHour: 0.07, longRunningCostPerDay: 0 }]);
    expect(body.rows).toEqual([
      expect.objectContaining({ runId: "r3", status: "Queued", userName: "carol", projectKey: "alice/alpha", runSeconds: 0, costPerHour: 0.066, longRunning: false }),
    ]);
  });

  test("GET /api/running – limit=0 answers the summary alone", async () => {
    const { body } = await callRoute(GET, "/api/running?limit=0&runType=Launcher");
    expect(body).toMatchObject({ total: 1, rows: [] });
  });

  test.each([
    ["unknown sort field", "?sort=title", "sort"],
    ["limit above 1000", "?limit=1001", "limit"],
    ["negative offset", "?offset=-1", "offset"],
    ["unknown parameter", "?page=2", "page"],
    ["bad date", "?from=2024-02-31", "from"],
  ])("GET /api/running – %s", async (_name, query, field) => {
    const { status, body } = await callRoute(GET, `/api/running${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "bad_request", field });
  });

  test("GET /api/running.csv – every run in flight with the headers of every download", async () => {
    const response = await GET_CSV(new Request("http://localhost/api/running.csv?runType=Launcher&format=excel"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("x-runledger-row-count")).toBe("1");
    expect(response.headers.get("content-disposition")).toContain("runledger-running_all-time_runType-Launcher.csv");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("runId,title,status,runType,userName,projectKey,hardwareTier,queuedTime,startTime,runHours,currency,costSoFar,costPerHour,longRunning,longRunHours\r\n")).toBe(true);
    expect(text).toContain("r3,run r3,Queued,Launcher,carol,alice/alpha,Small,2024-02-10T12:00:00.000Z,,0,USD,0,0.066,false,24\r\n");
    const bad = await GET_CSV(new Request("http://localhost/api/running.csv?limit=5"));
    expect(bad.status).toBe(400);
  });
});

describe("LONG_RUN_HOURS settings", () => {
  test("a bad value stops start-up naming the variable", () => {
    expect(() => parseEnv({ LONG_RUN_HOURS_BY_TYPE: "Notebook=3" })).toThrow(EnvError);
    expect(() => parseEnv({ LONG_RUN_HOURS_BY_TYPE: "Notebook=3" })).toThrow(/LONG_RUN_HOURS_BY_TYPE: "Notebook" is not a run type/);
    expect(() => parseEnv({ LONG_RUN_HOURS: "-1" })).toThrow(/LONG_RUN_HOURS/);
    expect(parseEnv({ LONG_RUN_HOURS: "48", LONG_RUN_HOURS_BY_TYPE: "none" })).toMatchObject({ LONG_RUN_HOURS: 48, LONG_RUN_HOURS_BY_TYPE: {} });
  });
});
