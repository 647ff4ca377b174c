import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { breakdownParams, computeBreakdown } from "./breakdown";
import { DIMENSIONS } from "@/lib/contract/dimensions";
import { computeFacets } from "./facets";
import { noFilters, type Filters } from "@/lib/contract/filters";
import { readStoreFacts } from "./store-facts";
import { runQuery } from "./query";
import { inTransaction, noteReadVersion } from "@/lib/store/transaction";
import { readDataInfo } from "@/lib/store/sync-state";
import { computeTimeseries, timeseriesParams } from "./timeseries";
import { computeTotals } from "./totals";
import { fixtureStore, type TestRun } from "./test-data";
import { seededRandom } from "@/lib/seeded-random";

/**
 * The stored per-run values (migration 4) and the cheaper plans they and a single-currency
 * store allow must never change an answer: every view is compared, value for value, between
 * a store whose runs have them filled and one whose runs do not, and between the plan for one
 * currency and the general one.
 */


const random = seededRandom(4);
const pick = <T,>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const STATUSES = ["Succeeded", "Failed", "Error", "Stopped", "Running"];

const runs: TestRun[] = Array.from({ length: 600 }, (_, i) => {
  const at = Date.parse("2024-01-01T00:00:00Z") + Math.floor(random() * 120 * 1440) * 60_000;
  return {
    id: `d${i}`,
    start: random() < 0.1 ? null : new Date(at).toISOString(),
    queued: new Date(at).toISOString(),
    tier: pick(["Small", "Medium", "Large", "GPU"]),
    owner: pick(["ann", "ben", "cy"]),
    project: pick(["alpha", "beta", "gamma"]),
    user: pick(["ann", "ben", "cy", "dee"]),
    runType: pick(["Batch", "Workspace", "App"]),
    status: pick(STATUSES),
    cost: (Math.floor(random() * 30_000_000) / 1e6).toFixed(6),
    currency: random() < 0.2 ? "EUR" : "USD",
    // Durations whose hours have more than nine decimals, where the DECIMAL cast rounds.
    durationSec: Math.floor(random() * 40_000) + random(),
  };
});
const usdRuns = runs.map((r) => ({ ...r, currency: "USD" }));
// One EUR run before every filtered range: a store holding it takes the general plan.
const EARLY_EUR: TestRun = { ...usdRuns[0]!, id: "early", start: "2020-06-01T10:00:00.000Z", queued: "2020-06-01T10:00:00.000Z", currency: "EUR" };

async function everyView(conn: DuckDBConnection, filters: Filters, timeZone: string): Promise<unknown[]> {
  const views: unknown[] = [await computeTotals(conn, filters, timeZone, filters.from ? { from: "2023-12-01", to: "2023-12-31" } : null)];
  for (const by of DIMENSIONS) {
    views.push(await computeBreakdown(conn, filters, timeZone, breakdownParams.parse({ by, limit: "3" })));
  }
  views.push(await computeFacets(conn, filters, timeZone, "project", null, { limit: 50 }));
  for (const [interval, stackBy] of [["day", "hardwareTier"], ["week", "project"], ["month", "status"]] as const) {
    views.push(await computeTimeseries(conn, filters, timeZone, timeseriesParams.parse({ interval, stackBy, top: "2" })));
  }
  return views;
}

const FILTERS: Filters[] = [
  { ...noFilters(), from: "2024-01-01", to: "2024-04-30" },
  { ...noFilters(), from: "2024-02-10", to: "2024-03-05", tier: ["GPU", "Small"], status: ["Failed", "Succeeded"] },
  { ...noFilters(), from: "2024-01-15", to: "2024-04-01", user: ["ann"], q: "alpha" },
];

describe("daily series with many keys", () => {
  // Over 64 distinct users the daily scan maps each run to its top-key index before grouping.
  test("matches a reference in integer micro-units", async () => {
    const many: TestRun[] = Array.from({ length: 400 }, (_, i) => ({
      ...usdRuns[i]!,
      user: `u${i % 80}`,
      cost: ((i % 80) * 0.37 + (i % 7) * 0.011).toFixed(6),
    }));
    const { store, conn } = await fixtureStore(many, { fill: true });
    try {
      const series = await computeTimeseries(conn, noFilters(), "UTC", timeseriesParams.parse({ stackBy: "user", top: "3" }));
      const micros = (r: TestRun) => Math.round(Number(r.cost) * 1e6);
      const byUser = new Map<string, number>();
      for (const r of many) byUser.set(r.user, (byUser.get(r.user) ?? 0) + micros(r));
      const top = [...byUser].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([u]) => u);
      expect(series.keys).toEqual([...top, "Other"]);
      const expected = new Map<string, Record<string, number>>();
      for (const r of many) {
        const day = (r.start ?? r.queued!).slice(0, 10);
        const values = expected.get(day) ?? Object.fromEntries(series.keys.map((k) => [k, 0]));
        const key = top.includes(r.user) ? r.user : "Other";
        values[key] = values[key]! + micros(r);
        expected.set(day, values);
      }
      for (const bucket of series.buckets) {
        const values = expected.get(bucket.start);
        const cents = (v: number) => Math.floor((v + 5_000) / 10_000) / 100;
        expect(bucket.values).toEqual(Object.fromEntries(series.keys.map((k) => [k, cents(values?.[k] ?? 0)])));
      }
      expect(series.buckets.filter((b) => b.runs > 0).length).toBe(expected.size);
    } finally {
      store.close();
    }
  });
});

describe("plans chosen by the store facts", () => {
  const stores: Store[] = [];
  let filled: DuckDBConnection;
  let unfilled: DuckDBConnection;
  let usdOnly: DuckDBConnection;
  let usdWithEarlyEur: DuckDBConnection;

  beforeAll(async () => {
    const open = async (data: readonly TestRun[], fill: boolean) => {
      const { store, conn } = await fixtureStore(data, { fill });
      stores.push(store);
      return conn;
    };
    filled = await open(runs, true);
    unfilled = await open(runs, false);
    usdOnly = await open(usdRuns, true);
    usdWithEarlyEur = await open([EARLY_EUR, ...usdRuns], true);
  });

  afterAll(() => {
    for (const store of stores) store.close();
  });

  test("the facts name the plans each store takes", async () => {
    expect(await readStoreFacts(filled)).toMatchObject({ onlyCurrency: null, derivedFilled: true });
    expect(await readStoreFacts(unfilled)).toMatchObject({ onlyCurrency: null, derivedFilled: false });
    expect(await readStoreFacts(usdOnly)).toMatchObject({ onlyCurrency: "USD", derivedFilled: true });
    expect(await readStoreFacts(usdWithEarlyEur)).toMatchObject({ onlyCurrency: null, derivedFilled: true });
  });

  test.each(["UTC", "Europe/Berlin"])("filled and unfilled runs give the same answers (%s)", async (timeZone) => {
    for (const filters of [noFilters(), ...FILTERS]) {
      expect(await everyView(filled, filters, timeZone)).toEqual(await everyView(unfilled, filters, timeZone));
    }
  });

  test.each(["UTC", "Asia/Kolkata"])("the one-currency plan gives the general plan's answers (%s)", async (timeZone) => {
    for (const filters of FILTERS) {
      expect(await everyView(usdOnly, filters, timeZone)).toEqual(await everyView(usdWithEarlyEur, filters, timeZone));
    }
  });
});

/** A copy of one run in EUR, added on `writer`'s own connection (removed again by run_id). */
const addEurRun = (writer: DuckDBConnection) =>
  writer.run(`INSERT INTO runs SELECT * REPLACE ('eur-run' AS run_id, 'EUR' AS total_cost_currency) FROM runs LIMIT 1`);

describe("facts kept for one transaction", () => {
  test("read once in a transaction, anew in the next and outside one after another connection commits", async () => {
    const { store, conn } = await fixtureStore(usdRuns, { fill: true });
    const writer = await store.connect();
    try {
      await inTransaction(conn, async () => {
        expect((await readStoreFacts(conn)).onlyCurrency).toBe("USD");
        await addEurRun(writer);
        // The transaction's snapshot, and the facts it read, stay as they were.
        expect((await readStoreFacts(conn)).onlyCurrency).toBe("USD");
      });
      await inTransaction(conn, async () => expect((await readStoreFacts(conn)).onlyCurrency).toBeNull());
      await writer.run("DELETE FROM runs WHERE run_id = 'eur-run'");
      // Outside the helpers each statement is its own transaction: asked of DuckDB, and new.
      expect((await readStoreFacts(conn)).onlyCurrency).toBe("USD");
    } finally {
      writer.closeSync();
      store.close();
    }
  });
});

describe("facts kept for a reader's data version", () => {
  test("reused by later read transactions at the same version, read anew when the version moves on", async () => {
    const { store, conn } = await fixtureStore(usdRuns, { fill: true });
    const writer = await store.connect();
    const read = () =>
      inTransaction(conn, async () => {
        noteReadVersion(conn, (await readDataInfo(conn)).dataVersion);
        return (await readStoreFacts(conn)).onlyCurrency;
      });
    try {
      expect(await read()).toBe("USD");
      // A change that does not bump the version (no writer in the app makes one) shows the reuse.
      await addEurRun(writer);
      expect(await read()).toBe("USD");
      // Every commit that changes the runs bumps the version: the facts follow.
      await writer.run("UPDATE sync_state SET data_version = data_version + 1 WHERE id = 1");
      expect(await read()).toBeNull();
      // A transaction that did not say what it reads asks again, once.
      await writer.run("DELETE FROM runs WHERE run_id = 'eur-run'");
      await inTransaction(conn, async () => expect((await readStoreFacts(conn)).onlyCurrency).toBe("USD"));
    } finally {
      writer.closeSync();
      store.close();
    }
  });
});

describe("the first run in flight", () => {
  test("the exact start of the earliest run in flight, and null once none is", async () => {
    const { store, conn } = await fixtureStore(usdRuns, { fill: true });
    try {
      const facts = await inTransaction(conn, () => readStoreFacts(conn));
      expect(facts.firstInFlightAt).not.toBeNull();
      // Cast back, the text is the earliest start itself, to the microsecond.
      const [check] = await runQuery(
        conn,
        "SELECT count(*) FILTER (WHERE in_flight) AS flying, CAST($1 AS TIMESTAMPTZ) = min(started_at) FILTER (WHERE in_flight) AS same FROM runs",
        [facts.firstInFlightAt],
      );
      expect(Number(check!.flying)).toBeGreaterThan(0);
      expect(check!.same).toBe(true);
      await conn.run("UPDATE runs SET in_flight = false");
      expect((await inTransaction(conn, () => readStoreFacts(conn))).firstInFlightAt).toBeNull();
    } finally {
      store.close();
    }
  });
});
