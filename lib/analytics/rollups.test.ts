import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { breakdownParams, computeBreakdown } from "./breakdown";
import { DIMENSIONS } from "@/lib/contract/dimensions";
import { noFilters, type Filters } from "@/lib/contract/filters";
import { rangeParts, refreshRollups, rollupsUsable } from "./rollups";
import { fixtureStore, insertRuns, setDataInfo, type TestRun } from "./test-data";
import { addDays, INTERVALS } from "@/lib/contract/days";
import { computeTimeseries, timeseriesParams } from "./timeseries";
import { comparePeriods, computeTotals } from "./totals";
import { seededRandom } from "@/lib/seeded-random";

/**
 * The rollups must never change an answer: for random date ranges (none, only from, only to,
 * ranges cutting clock-change days and month edges) every route's answer from the rollups is
 * deep-equal to the one scanning the runs; a rollup built before the data changed, or for
 * another zone, is not used.
 */


const random = seededRandom(7_2024);
const pick = <T,>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const START = Date.parse("2023-12-20T00:00:00Z");
const SPAN_DAYS = 330;
// Days whose edges matter: clock changes in Berlin, month and year ends.
const EDGE_DAYS = ["2024-03-31", "2024-10-27", "2024-01-31", "2024-02-29", "2024-03-01", "2023-12-31", "2024-06-30", "2024-11-01"];
const NOW = Date.parse("2024-11-20T12:00:00Z");

function makeRuns(count: number): TestRun[] {
  return Array.from({ length: count }, (_, i) => {
    // Half of the runs near a local midnight somewhere (22:00–02:00 UTC), the rest anywhere.
    const day = Math.floor(random() * SPAN_DAYS);
    const minute = random() < 0.5 ? (22 * 60 + Math.floor(random() * 240)) % 1440 : Math.floor(random() * 1440);
    const at = new Date(START + day * 86_400_000 + minute * 60_000 + Math.floor(random() * 60) * 1000).toISOString();
    const started = random() < 0.1 ? null : at;
    return {
      id: `x${i}`,
      start: started,
      queued: at,
      tier: pick(["Small", "Medium", "Large", "GPU"]),
      owner: pick(["ann", "ben", "cy"]),
      project: pick(["alpha", "beta", "gamma", "delta"]),
      user: pick(["ann", "ben", "cy", "dee", "eve"]),
      runType: pick(["Batch", "Workspace", "App"]),
      status: pick(["Succeeded", "Failed", "Error", "Stopped", "Running"]),
      cost: (Math.floor(random() * 40_000_000) / 1e6).toFixed(6),
      currency: random() < 0.15 ? "EUR" : "USD",
      durationSec: Math.floor(random() * 20_000) + random(),
      price: (Math.floor(random() * 90_000) / 1e8).toFixed(8),
    };
  });
}

function randomRange(): Pick<Filters, "from" | "to"> {
  const anyDay = () => (random() < 0.4 ? pick(EDGE_DAYS) : addDays("2023-12-15", Math.floor(random() * 345)));
  const kind = random();
  if (kind < 0.15) return { from: null, to: null };
  if (kind < 0.3) return { from: anyDay(), to: null };
  if (kind < 0.45) return { from: null, to: anyDay() };
  const from = anyDay();
  return { from, to: addDays(from, Math.floor(random() * (random() < 0.5 ? 5 : 120))) };
}

/**
 * Random route parameters: a sort, direction and limit per breakdown dimension, a top per
 * series; the `turn`-th call stacks dimension i by interval (turn + i) mod 3, so any three
 * turns cover every dimension with every interval.
 */
function randomParams(turn = 0) {
  return {
    breakdowns: DIMENSIONS.map((by) =>
      breakdownParams.parse({ by, sort: pick(["cost", "runs", "hours"]), dir: pick(["asc", "desc"]), limit: pick([1, 2, 3, 100]) }),
    ),
    series: DIMENSIONS.map((stackBy, i) =>
      timeseriesParams.parse({ interval: INTERVALS[(turn + i) % INTERVALS.length], stackBy, top: pick([1, 2, 3, 5]) }),
    ),
  };
}

/** Every route's answer for `filters`, computed from the rollups when `raw` is false. */
async function answers(conn: DuckDBConnection, filters: Filters, timeZone: string, raw: boolean, params = randomParams()) {
  const source = raw ? { raw } : { rollups: true };
  const out: unknown[] = [];
  const { previousPeriod } = comparePeriods(filters, timeZone, NOW);
  out.push(await computeTotals(conn, filters, timeZone, previousPeriod, source));
  for (const p of params.breakdowns) out.push(await computeBreakdown(conn, filters, timeZone, p, source));
  for (const p of params.series) out.push(await computeTimeseries(conn, filters, timeZone, p, source));
  return out;
}

describe.each([
  { timeZone: "Europe/Berlin", fill: true },
  { timeZone: "Asia/Kolkata", fill: true },
  { timeZone: "America/New_York", fill: false },
])("rollups in $timeZone (derived values stored: $fill)", ({ timeZone, fill }) => {
  let store: Store;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    ({ store, conn } = await fixtureStore(makeRuns(1200), { fill }));
    await setDataInfo(conn, 3, "2024-11-20T08:00:00.000Z");
    const outcome = await refreshRollups(store, timeZone);
    expect(outcome).toMatchObject({ rebuilt: true, dataVersion: 3 });
  });
  afterAll(() => {
    conn.closeSync();
    store.close();
  });

  test("answers from the rollups equal answers from the runs, for random date ranges", async () => {
    const ranges = [{ from: null, to: null }, ...Array.from({ length: 11 }, randomRange)];
    for (const [turn, range] of ranges.entries()) {
      const filters = { ...noFilters(), ...range };
      expect(await rollupsUsable(conn, filters, timeZone, { rollups: true })).toBe(true);
      const params = randomParams(turn);
      const fromRollups = await answers(conn, filters, timeZone, false, params);
      expect(fromRollups, JSON.stringify(range)).toEqual(await answers(conn, filters, timeZone, true, params));
    }
  }, 120_000);

  test("ranges shorter than two years read the runs", async () => {
    expect(await rollupsUsable(conn, { ...noFilters(), from: "2023-01-01", to: "2024-12-31" }, timeZone)).toBe(true);
    expect(await rollupsUsable(conn, { ...noFilters(), from: "2023-01-01", to: "2024-12-30" }, timeZone)).toBe(false);
    expect(await rollupsUsable(conn, { ...noFilters(), to: "2024-01-01" }, timeZone)).toBe(true);
  });

  test("filters other than dates read the runs", async () => {
    for (const extra of [{ tier: ["GPU"] }, { project: ["ann/alpha"] }, { user: ["eve"] }, { owner: ["cy"] }, { runType: ["App"] }, { status: ["Failed"] }, { q: "x1" }]) {
      expect(await rollupsUsable(conn, { ...noFilters(), ...extra }, timeZone, { rollups: true })).toBe(false);
    }
    expect(await rollupsUsable(conn, noFilters(), timeZone, { raw: true })).toBe(false);
  });
});

describe("when rollups are used", () => {
  test("the answers come from them: a changed rollup row shows", async () => {
    const { store, conn } = await fixtureStore(makeRuns(200), { fill: true });
    try {
      await refreshRollups(store, "UTC");
      const before = await computeTotals(conn, noFilters(), "UTC", null);
      await conn.run("UPDATE rollups SET runs = runs + 1 WHERE dim = 'status'");
      const after = await computeTotals(conn, noFilters(), "UTC", null);
      expect(after.current.runs).toBeGreaterThan(before.current.runs);
      expect(await computeTotals(conn, noFilters(), "UTC", null, { raw: true })).toEqual(before);
    } finally {
      conn.closeSync();
      store.close();
    }
  });

  test("a rollup built before the data changed is not used, and a refresh brings it back", async () => {
    const { store, conn } = await fixtureStore(makeRuns(300), { fill: true });
    try {
      await setDataInfo(conn, 5, null);
      await refreshRollups(store, "UTC");
      const filters = noFilters();
      expect(await rollupsUsable(conn, filters, "UTC")).toBe(true);
      // A sync's batch: new runs and a new data version in one transaction.
      await insertRuns(conn, makeRuns(40).map((r) => ({ ...r, id: `late-${r.id}`, cost: "1000.000000" })), { fill: true });
      await setDataInfo(conn, 6, null);
      expect(await rollupsUsable(conn, filters, "UTC")).toBe(false);
      const raw = await computeTotals(conn, filters, "UTC", null, { raw: true });
      expect(await computeTotals(conn, filters, "UTC", null)).toEqual(raw);
      const b = breakdownParams.parse({ by: "project" });
      expect(await computeBreakdown(conn, filters, "UTC", b)).toEqual(await computeBreakdown(conn, filters, "UTC", b, { raw: true }));
      expect(await refreshRollups(store, "UTC")).toMatchObject({ rebuilt: true, dataVersion: 6 });
      expect(await rollupsUsable(conn, filters, "UTC")).toBe(true);
      expect(await computeTotals(conn, filters, "UTC", null)).toEqual(raw);
    } finally {
      conn.closeSync();
      store.close();
    }
  });

  test("a rollup built for another zone is not used; refreshing for the new zone rebuilds it once", async () => {
    const { store, conn } = await fixtureStore(makeRuns(300), { fill: true });
    try {
      expect(await refreshRollups(store, "Europe/Berlin")).toMatchObject({ rebuilt: true });
      expect(await refreshRollups(store, "Europe/Berlin")).toMatchObject({ rebuilt: false });
      expect(await rollupsUsable(conn, noFilters(), "Asia/Kolkata")).toBe(false);
      expect(await refreshRollups(store, "Asia/Kolkata")).toMatchObject({ rebuilt: true });
      expect(await rollupsUsable(conn, noFilters(), "Asia/Kolkata")).toBe(true);
      expect(await rollupsUsable(conn, noFilters(), "Europe/Berlin")).toBe(false);
    } finally {
      conn.closeSync();
      store.close();
    }
  });

  test("an empty store builds empty rollups that answer like the runs", async () => {
    const { store, conn } = await fixtureStore([], { fill: true });
    try {
      await refreshRollups(store, "UTC");
      expect(await rollupsUsable(conn, noFilters(), "UTC")).toBe(true);
      const params = randomParams();
      expect(await answers(conn, noFilters(), "UTC", false, params)).toEqual(await answers(conn, noFilters(), "UTC", true, params));
    } finally {
      conn.closeSync();
      store.close();
    }
  });
});

describe("rangeParts", () => {
  const y = (lo: string | null, hi: string | null) => ({ grain: "year", lo, hi });
  const m = (lo: string | null, hi: string | null) => ({ grain: "month", lo, hi });
  const d = (lo: string | null, hi: string | null) => ({ grain: "day", lo, hi });
  test.each([
    [null, null, [y(null, null)]],
    ["2024-01-01", "2024-03-31", [m("2024-01-01", "2024-04-01")]],
    ["2024-01-15", "2024-03-10", [m("2024-02-01", "2024-03-01"), d("2024-01-15", "2024-02-01"), d("2024-03-01", "2024-03-11")]],
    ["2024-01-15", "2024-02-10", [d("2024-01-15", "2024-02-11")]],
    ["2024-12-02", null, [y("2025-01-01", null), d("2024-12-02", "2025-01-01")]],
    ["2023-11-02", null, [y("2024-01-01", null), m("2023-12-01", "2024-01-01"), d("2023-11-02", "2023-12-01")]],
    [null, "2024-02-28", [y(null, "2024-01-01"), m("2024-01-01", "2024-02-01"), d("2024-02-01", "2024-02-29")]],
    [null, "2024-02-29", [y(null, "2024-01-01"), m("2024-01-01", "2024-03-01")]],
    ["2022-03-05", "2024-12-31", [y("2023-01-01", "2025-01-01"), m("2022-04-01", "2023-01-01"), d("2022-03-05", "2022-04-01")]],
    ["2023-01-01", "2023-12-31", [y("2023-01-01", "2024-01-01")]],
  ] as const)("%s – %s", (from, to, expected) => {
    expect(rangeParts(from, to)).toEqual(expected);
  });
});
