import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { WASTED_STATUSES } from "@/lib/gateway/run";
import { breakdownParams, computeBreakdown } from "./breakdown";
import { DIMENSIONS, type Dimension } from "@/lib/contract/dimensions";
import { computeFacets } from "./facets";
import { noFilters, type Filters } from "@/lib/contract/filters";
import { computeRunsPage, runsPageParams } from "./runs-page";
import { addDays, INTERVALS } from "@/lib/contract/days";
import { computeTimeseries, timeseriesParams } from "./timeseries";
import { computeTotals } from "./totals";
import { type TestRun } from "./test-data";
import { STORE_KINDS, useStoreKind } from "@/lib/replica/testing/store-kinds";
import { localDate } from "./time-zone";
import { seededRandom } from "@/lib/seeded-random";

/**
 * Properties over random data and random filters: every view of the same filters agrees
 * with the totals, and the totals agree with a plain JS reference computed in integer
 * micro-units (exact).
 */


const random = seededRandom(20240601);
const pick = <T,>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const TIERS = ["Small", "Medium", "Large", "GPU", "Other"];
const OWNERS = ["ann", "ben", "cy", "dee"];
const PROJECTS = ["alpha", "beta", "gamma", "delta", "eps"];
const USERS = ["ann", "ben", "cy", "dee", "eve", "fay"];
const TYPES = ["Batch", "Workspace", "App", "Other"];
const STATUSES = ["Succeeded", "Failed", "Error", "Stopped", "Running"];
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"];
const START = Date.parse("2023-10-01T00:00:00Z");
const SPAN = 200 * 86_400_000;

interface Sample extends TestRun {
  micros: number;
  at: number;
}

const runs: Sample[] = Array.from({ length: 1500 }, (_, i) => {
  const at = START + Math.floor(random() * SPAN / 60_000) * 60_000;
  const micros = Math.floor(random() * 50_000_000);
  const started = random() < 0.1 ? null : new Date(at).toISOString();
  return {
    id: `p${i}`,
    start: started,
    queued: new Date(at).toISOString(),
    tier: pick(TIERS),
    owner: pick(OWNERS),
    project: pick(PROJECTS),
    user: pick(USERS),
    runType: pick(TYPES),
    status: pick(STATUSES),
    cost: (micros / 1e6).toFixed(6),
    currency: random() < 0.15 ? "EUR" : "USD",
    durationSec: Math.floor(random() * 20_000),
    title: `job ${i % 37}`,
    micros,
    at,
  };
});

function randomFilters(timeZone: string): Filters {
  const f = noFilters();
  const subset = (values: string[]) => values.filter(() => random() < 0.4);
  if (random() < 0.6) {
    f.from = addDays("2023-10-01", Math.floor(random() * 190));
    f.to = random() < 0.8 ? addDays(f.from, Math.floor(random() * 60)) : null;
  } else if (random() < 0.2) f.to = addDays("2023-10-01", Math.floor(random() * 200));
  if (random() < 0.4) f.tier = subset(TIERS);
  if (random() < 0.3) f.project = subset(OWNERS.flatMap((o) => PROJECTS.map((p) => `${o}/${p}`)));
  if (random() < 0.3) f.user = subset(USERS);
  if (random() < 0.3) f.owner = subset(OWNERS);
  if (random() < 0.3) f.runType = subset(TYPES);
  if (random() < 0.3) f.status = subset(STATUSES);
  if (random() < 0.2) f.q = pick(["JOB 1", "ann", "beta", "zzz"]);
  void timeZone;
  return f;
}

const dayCache = new Map<string, string[]>();
function localDays(timeZone: string): string[] {
  let days = dayCache.get(timeZone);
  if (!days) {
    days = runs.map((r) => localDate(timeZone, r.at));
    dayCache.set(timeZone, days);
  }
  return days;
}

function reference(filters: Filters, timeZone: string) {
  const days = localDays(timeZone);
  const matches = runs.filter((r, i) => {
    const day = days[i]!;
    const text = [r.title, `python ${r.id}.py`, `${r.owner}/${r.project}`, r.user].join("\n").toLowerCase();
    const inList = (list: string[], v: string) => list.length === 0 || list.includes(v);
    return (
      (!filters.from || day >= filters.from) &&
      (!filters.to || day <= filters.to) &&
      inList(filters.tier, r.tier) &&
      inList(filters.project, `${r.owner}/${r.project}`) &&
      inList(filters.user, r.user) &&
      inList(filters.owner, r.owner) &&
      inList(filters.runType, r.runType) &&
      inList(filters.status, r.status) &&
      (!filters.q || text.includes(filters.q.toLowerCase()))
    );
  });
  const cents = (micros: number) => Math.floor((micros + 5_000) / 10_000) / 100;
  const byCurrency = new Map<string, { micros: number; wasted: number }>();
  for (const r of matches) {
    const c = byCurrency.get(r.currency!) ?? { micros: 0, wasted: 0 };
    c.micros += r.micros;
    if ((WASTED_STATUSES as readonly string[]).includes(r.status)) c.wasted += r.micros;
    byCurrency.set(r.currency!, c);
  }
  return {
    runs: matches.length,
    costs: [...byCurrency].map(([currency, c]) => ({ currency, cost: cents(c.micros), wastedCost: cents(c.wasted) })),
  };
}

let store: Store;
let conn: DuckDBConnection;
const cases = Array.from({ length: 40 }, (_, i) => {
  const timeZone = ZONES[i % ZONES.length]!;
  return { i, timeZone, filters: randomFilters(timeZone), dim: pick(DIMENSIONS) as Dimension, interval: pick(INTERVALS), top: 1 + Math.floor(random() * 6) };
});

// One set of tests, two stores: the reference recount (plain JS, integer micro-units) must match
// a plain DuckDB store and a replica's store that got the same runs through PostgreSQL.
describe.each(STORE_KINDS)("on a %s store", (kind) => {
  const stores = useStoreKind(kind);
  beforeAll(async () => ({ store, conn } = await stores.fixtureStore(runs)), 60_000);
  afterAll(() => store.close());

  describe("for random filters", () => {
    test.each(cases)("case $i ($timeZone): every view agrees with the totals", async ({ timeZone, filters, dim, interval, top }) => {
      const { current: totals } = await computeTotals(conn, filters, timeZone, null);
      const expected = reference(filters, timeZone);
      expect(totals.runs).toBe(expected.runs);
      expect([...totals.costs].sort((a, b) => a.currency.localeCompare(b.currency))).toEqual(
        expected.costs.sort((a, b) => a.currency.localeCompare(b.currency)),
      );

      // Rows are rounded one by one: their sum may differ from the total by half a cent each.
      const breakdown = await computeBreakdown(conn, filters, timeZone, breakdownParams.parse({ by: dim, limit: "10000" }));
      expect(breakdown.totals).toEqual(totals);
      expect(breakdown.rows.reduce((n, r) => n + r.runs, 0)).toBe(totals.runs);
      expect(breakdown.rows.reduce((n, r) => n + r.computeHours, 0)).toBeCloseTo(totals.computeHours, 4);
      for (const { currency, cost } of totals.costs) {
        const rows = breakdown.rows.filter((r) => r.currency === currency);
        expect(Math.abs(rows.reduce((n, r) => n + r.cost, 0) - cost)).toBeLessThanOrEqual(0.005 * rows.length + 1e-9);
        expect(rows.reduce((n, r) => n + r.share, 0)).toBeCloseTo(1, 9);
      }

      const series = await computeTimeseries(conn, filters, timeZone, timeseriesParams.parse({ interval, stackBy: dim, top: String(top) }));
      expect(series.buckets.reduce((n, b) => n + b.runs, 0)).toBe(totals.runs);
      const seriesCost = totals.costs.find((c) => c.currency === series.currency)?.cost ?? 0;
      expect(Math.abs(series.buckets.reduce((n, b) => n + b.total, 0) - seriesCost)).toBeLessThanOrEqual(0.005 * series.buckets.length + 1e-9);
      if (totals.runs > 0) expect(series.currency).toBe(totals.costs[0]!.currency);
      for (const bucket of series.buckets) {
        expect(Object.keys(bucket.values)).toEqual(series.keys);
        const sum = Object.values(bucket.values).reduce((n, v) => n + v, 0);
        expect(Math.abs(sum - bucket.total)).toBeLessThanOrEqual(0.005 * series.keys.length + 1e-9);
      }
      // No gaps: consecutive bucket starts.
      const starts = series.buckets.map((b) => b.start);
      expect(new Set(starts).size).toBe(starts.length);

      const page = await computeRunsPage(conn, filters, timeZone, runsPageParams.parse({ limit: "5" }));
      expect(page.total).toBe(totals.runs);

      // Facets leave out the filter on their own dimension.
      const facets = await computeFacets(conn, filters, timeZone, dim, null, { limit: 500 });
      const scope = await computeTotals(conn, { ...filters, [dimFilter(dim)]: [] }, timeZone, null);
      expect(facets.values.reduce((n, v) => n + v.runs, 0)).toBe(scope.current.runs);
      expect(facets.total).toBe(facets.values.length);
    });
  });
});

function dimFilter(dim: Dimension): keyof Filters {
  return ({ hardwareTier: "tier", project: "project", user: "user", owner: "owner", runType: "runType", status: "status", team: "team", costCentre: "costCentre" } as const)[dim];
}
