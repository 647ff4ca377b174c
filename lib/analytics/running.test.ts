import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { noFilters, type Filters } from "@/lib/contract/filters";
import { parseLongRunByType, type LongRunRule } from "./long-run";
import { computeRunning, runningParams } from "./running";
import { fixtureStore, type TestRun } from "./test-data";

const NOW = Date.parse("2024-04-10T12:00:00.000Z");
const HOUR = 3_600_000;
const RULE: LongRunRule = { hours: 24, byType: { App: 720, Endpoint: 720 } };

/** A run that started `hours` before NOW and has run since (or, with status Queued, waits). */
const inFlight = (id: string, runType: string, hours: number, cost: string, over: Partial<TestRun> = {}): TestRun => ({
  id,
  start: new Date(NOW - hours * HOUR).toISOString(),
  tier: "Large",
  owner: "ann",
  project: "alpha",
  user: "ann",
  runType,
  status: "Running",
  cost,
  durationSec: hours * 3600,
  ...over,
});

const RUNS: TestRun[] = [
  // An App serving for 40 days: past its type's 30 days, so long-running.
  inFlight("a1", "App", 960, "480.00", { tier: "Medium", user: "bob" }),
  // A Workspace left open for 30 hours: past the default 24.
  inFlight("w1", "Workspace", 30, "15.00", { project: "beta" }),
  inFlight("b1", "Batch", 2, "4.20", { tier: "GPU", price: "0.035" }),
  // Waiting for a machine: no time, no cost; its rate is the tier's price per hour.
  { ...inFlight("q1", "Batch", 0, "0", { status: "Queued", price: "0.0011" }), start: null, queued: new Date(NOW - HOUR).toISOString() },
  // A Model API for 100 hours, in euros: under its type's 720 hours.
  inFlight("e1", "Endpoint", 100, "10.00", { currency: "EUR" }),
  // Finished runs are not running now, whatever they cost.
  inFlight("s1", "Batch", 5, "99.00", { status: "Succeeded" }),
  inFlight("f1", "Workspace", 50, "77.00", { status: "Stopped" }),
];

let store: Store;
let conn: DuckDBConnection;
beforeAll(async () => ({ store, conn } = await fixtureStore(RUNS, { fill: true })));
afterAll(() => store.close());

const f = (over: Partial<Filters> = {}): Filters => ({ ...noFilters(), ...over });
const run = (filters: Filters, params: Record<string, string> = {}, rule = RULE) =>
  computeRunning(conn, filters, "UTC", NOW, rule, runningParams.parse(params));

describe("running now", () => {
  test("every run in flight, longest first, with its rate and the long-running mark", async () => {
    const body = await run(f());
    expect(body.total).toBe(5);
    expect(body.rows.map((r) => [r.runId, r.runSeconds / 3600, r.cost, r.costPerHour, r.longRunning, r.longRunHours])).toEqual([
      ["a1", 960, 480, 0.5, true, 720],
      ["e1", 100, 10, 0.1, false, 720],
      ["w1", 30, 15, 0.5, true, 24],
      ["b1", 2, 4.2, 2.1, false, 24],
      ["q1", 0, 0, 0.066, false, 24],
    ]);
    expect(body.rows[0]).toMatchObject({ userName: "bob", projectKey: "ann/alpha", hardwareTier: "Medium", runType: "App", status: "Running", currency: "USD" });
    expect(body.rows.find((r) => r.runId === "q1")).toMatchObject({ status: "Queued", startTime: null });
  });

  test("the summary per currency: count, cost so far, cost per hour, long-running cost per day", async () => {
    const body = await run(f(), { limit: "0" });
    expect(body.rows).toEqual([]);
    expect(body.total).toBe(5);
    expect(body.longRunning).toBe(2);
    expect(body.costs).toEqual([
      // 480 + 15 + 4.20 + 0; 0.5 + 0.5 + 2.1 + 0.066 an hour; (0.5 + 0.5) × 24 a day.
      { currency: "USD", cost: 499.2, costPerHour: 3.17, longRunningCostPerDay: 24 },
      { currency: "EUR", cost: 10, costPerHour: 0.1, longRunningCostPerDay: 0 },
    ]);
  });

  test.each<[string, Partial<Filters>, string[]]>([
    ["a run type", { runType: ["Batch"] }, ["b1", "q1"]],
    ["a user", { user: ["bob"] }, ["a1"]],
    ["a tier", { tier: ["Large"] }, ["e1", "w1", "q1"]],
    // A run in flight ran on every day since it started: "last 30 days" keeps the 40-day App.
    ["a range reaching today keeps runs that started before it", { from: "2024-03-12", to: "2024-04-10" }, ["a1", "e1", "w1", "b1", "q1"]],
    ["a range ending before a run started leaves it out", { from: "2024-01-01", to: "2024-03-31" }, ["a1"]],
    ["a range that has not begun has nothing running", { from: "2024-04-11" }, []],
    ["text", { q: "BETA" }, ["w1"]],
  ])("filtered by %s", async (_name, filters, ids) => {
    const body = await run(f(filters));
    expect(body.rows.map((r) => r.runId)).toEqual(ids);
    expect(body.total).toBe(ids.length);
  });

  test("sorts and pages", async () => {
    expect((await run(f(), { sort: "costPerHour", dir: "desc", limit: "2" })).rows.map((r) => r.runId)).toEqual(["b1", "w1"]);
    expect((await run(f(), { sort: "cost", dir: "asc", offset: "1", limit: "2" })).rows.map((r) => r.runId)).toEqual(["b1", "e1"]);
  });

  test("without per-type thresholds a 100-hour Model API is long-running too", async () => {
    const body = await run(f(), {}, { hours: 24, byType: {} });
    expect(body.rows.filter((r) => r.longRunning).map((r) => r.runId)).toEqual(["a1", "e1", "w1"]);
    expect(body.longRunning).toBe(3);
    expect(body.costs[0]).toMatchObject({ currency: "USD", longRunningCostPerDay: 24 });
    expect(body.costs[1]).toMatchObject({ currency: "EUR", longRunningCostPerDay: 2.4 });
  });

  test("the cost so far of the rows adds up to the summary, to the cent", async () => {
    const body = await run(f());
    const usd = body.rows.filter((r) => r.currency === "USD");
    expect(Math.round(usd.reduce((s, r) => s + r.cost, 0) * 100) / 100).toBe(body.costs[0]!.cost);
  });
});

describe("LONG_RUN_HOURS_BY_TYPE", () => {
  test.each([
    ["App=720,Endpoint=720", { ok: true, byType: { App: 720, Endpoint: 720 } }],
    [" Workspace = 48 , ", { ok: true, byType: { Workspace: 48 } }],
    ["", { ok: true, byType: {} }],
  ])("%j reads", (text, expected) => {
    expect(parseLongRunByType(text)).toEqual(expected);
  });

  test.each([
    ["App:720", "is not RunType=hours"],
    ["Notebook=5", "is not a run type"],
    ["App=0", "must be above 0"],
    ["App=1,App=2", "given twice"],
  ])("%j is refused, naming why", (text, problem) => {
    const parsed = parseLongRunByType(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
