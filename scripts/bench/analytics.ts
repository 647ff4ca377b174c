import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { answer, type AnswerOptions } from "../../lib/analytics/answer";
import { breakdownParams, computeBreakdown } from "../../lib/analytics/breakdown";
import { getOverview, overviewParams } from "../../lib/analytics/overview";
import { fillDerivedColumns } from "../../lib/store/derived-columns";
import { refreshRollups, type SourceOptions } from "../../lib/analytics/rollups";
import { computeFacets } from "../../lib/analytics/facets";
import { noFilters, type Filters } from "../../lib/contract/filters";
import { computeRunsPage, runsPageParams } from "../../lib/analytics/runs-page";
import { computeTimeseries, timeseriesParams } from "../../lib/analytics/timeseries";
import { localDate } from "../../lib/analytics/time-zone";
import { addDays } from "../../lib/contract/days";
import { comparePeriods, computeTotals } from "../../lib/analytics/totals";
import { readPages } from "../../lib/gateway/client";
import type { GatewayConnection } from "../../lib/gateway/connection";
import type { Run } from "../../lib/gateway/run";
import { openStore, STORE_FILE_NAME } from "../../lib/store/db";
import { benchStoreDir } from "./csv-store";
import { ms, percentile, sample } from "./samples";
import type { Bench, BenchContext, BenchRow } from "./harness";

/**
 * The analytics API's queries over the whole simulated deployment in a DuckDB file, side by
 * side with what a plain proxy would do for one breakdown: read every page from the gateway
 * and reduce in JS, per request. The answer cache is disabled (`noCache`), so every sample
 * computes its answer: prepared statements stay cached per connection, as in the server.
 * The store is the CSV benchmark's (built once per size), copied so no other run holds it, with
 * the derived per-run values filled as the sync fills them.
 * The machine is shared: each row carries the 1-minute load average when it was measured.
 */

const TIME_ZONE = "UTC";

/** What a proxy without a store does for GET /api/breakdown?by=hardwareTier: every page, every time. */
async function proxyBreakdown(gateway: GatewayConnection): Promise<Map<string, { runs: number; cost: number }>> {
  const rows = new Map<string, { runs: number; cost: number }>();
  for await (const page of readPages(gateway)) {
    for (const run of page.runs as Run[]) {
      const key = `${run.hardwareTier}\u0000${run.totalCostCurrency}`;
      const row = rows.get(key) ?? { runs: 0, cost: 0 };
      row.runs += 1;
      row.cost += run.totalCostAmount;
      rows.set(key, row);
    }
  }
  return rows;
}

interface Measured {
  samples: number[];
  /** The 1-minute load average before and after the samples, e.g. "5.1–6.3". */
  load: string;
}

/** `sample`, noting how busy the (shared) machine was meanwhile. */
async function measured(times: number, fn: () => Promise<unknown>): Promise<Measured> {
  const before = os.loadavg()[0]!;
  const samples = await sample(times, fn);
  const after = os.loadavg()[0]!;
  return { samples, load: `${before.toFixed(1)}–${after.toFixed(1)}` };
}

export const analyticsBench: Bench = {
  name: "analytics",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const sim = await context.simulator();
    const gateway: GatewayConnection = { baseUrl: sim.url, auth: { kind: "api-key", secret: sim.adminKey }, limit: 1000, timeoutMs: 60_000 };
    const source = path.join(await benchStoreDir(sim, context.runs, context.log), STORE_FILE_NAME);
    const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-analytics-"));
    copyFileSync(source, path.join(dir, STORE_FILE_NAME));
    const store = await openStore(path.join(dir, STORE_FILE_NAME));
    try {
      // The stored per-run values, as lib/sync keeps them after each batch (a store built
      // before migration 4 got them from the migration itself).
      const filler = await store.connect();
      const filled = await fillDerivedColumns(filler);
      filler.closeSync();
      if (filled > 0) context.log(`analytics: stored the derived values of ${filled.toLocaleString("en-US")} runs`);
      // The rollups, built as the server builds them after a sync (forced: the copy may hold
      // rollups built by an earlier run of this benchmark).
      const cpuBefore = process.cpuUsage();
      const rebuilt = await refreshRollups(store, TIME_ZONE, { force: true });
      const rebuildCpu = process.cpuUsage(cpuBefore);
      const rebuild = {
        ms: rebuilt.ms,
        cpuMs: (rebuildCpu.user + rebuildCpu.system) / 1000,
        rows: rebuilt.rows,
        load: os.loadavg()[0]!.toFixed(1),
      };
      context.log(`analytics: rollups rebuilt, ${rebuilt.rows.toLocaleString("en-US")} rows in ${Math.round(rebuilt.ms)} ms`);
      const loaded = (await answer("count", "", async ({ conn }) => countRuns(conn), { store, timeZone: TIME_ZONE, noCache: true })).runs;
      context.log(`analytics: ${loaded.toLocaleString("en-US")} runs in the store`);
      const options: AnswerOptions = { store, timeZone: TIME_ZONE, noCache: true };
      const all = noFilters();
      const probe = await answer("probe", "", async ({ conn }) => lastDay(conn), options);
      const last90: Filters = { ...all, from: addDays(probe.last, -89), to: probe.last };
      const last3y: Filters = { ...all, from: addDays(probe.last, -1094), to: probe.last };

      // `raw` computes every answer from the runs, as without rollups (or with stale ones).
      const overview = (filters: Filters, source: SourceOptions = {}) =>
        Promise.all([
          answer("t", "", ({ conn, timeZone, now }) => computeTotals(conn, filters, timeZone, comparePeriods(filters, timeZone, now).previousPeriod, source), options),
          ...(["hardwareTier", "project", "user"] as const).map((by) =>
            answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, filters, timeZone, breakdownParams.parse({ by }), source), options),
          ),
          answer("s", "", ({ conn, timeZone }) => computeTimeseries(conn, filters, timeZone, timeseriesParams.parse({ interval: "day", stackBy: "hardwareTier" }), source), options),
        ]);
      const raw: SourceOptions = { raw: true };
      // The overview page's one request (GET /api/overview): the same five parts, each as its
      // own route computes it, on two connections of one snapshot; and, to compare, one after
      // another on one connection.
      const overviewAnswer = (filters: Filters) =>
        getOverview(filters, overviewParams.parse({ interval: "day", stackBy: "hardwareTier", limit: 100 }), options);
      const overviewOneConnection = (filters: Filters) =>
        answer("o", "", async ({ conn, timeZone, now }) => {
          await computeTotals(conn, filters, timeZone, comparePeriods(filters, timeZone, now).previousPeriod);
          await computeTimeseries(conn, filters, timeZone, timeseriesParams.parse({ interval: "day", stackBy: "hardwareTier" }));
          for (const by of ["hardwareTier", "project", "user"] as const) await computeBreakdown(conn, filters, timeZone, breakdownParams.parse({ by }));
          return {};
        }, options);
      const topTier = (await answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, all, timeZone, breakdownParams.parse({ by: "hardwareTier", limit: 1 })), options)).rows[0]?.key;
      // A drill-down: a tier clicked on the all-time overview (the rollups do not serve it).
      const oneTier: Filters = { ...all, tier: topTier ? [topTier] : [] };
      const breakdown = (source: SourceOptions = {}) =>
        answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, all, timeZone, breakdownParams.parse({ by: "project" }), source), options);
      const runsByCost = () => answer("r", "", ({ conn, timeZone }) => computeRunsPage(conn, all, timeZone, runsPageParams.parse({ sort: "cost" })), options);
      const facetSearch = () => answer("f", "", ({ conn, timeZone }) => computeFacets(conn, all, timeZone, "project", "data", { limit: 50 }), options);

      // First calls in a process are slower (plans, caches): warm every path once.
      await overview(all);
      await overview(last90);
      await overview(all, raw);
      await overview(last3y);
      await overview(last3y, raw);
      await overview(oneTier);
      await overviewAnswer(all);
      await overviewAnswer(oneTier);
      await overviewOneConnection(oneTier);
      await breakdown();
      await breakdown(raw);
      await runsByCost();
      await facetSearch();
      const N = 30;
      context.log("analytics: measuring the overview, breakdown, runs page and facet search");
      const overviewAll = await measured(N, () => overview(all));
      const overviewAllRaw = await measured(N, () => overview(all, raw));
      const overview90 = await measured(N, () => overview(last90));
      const overview3y = await measured(N, () => overview(last3y));
      const overview3yRaw = await measured(N, () => overview(last3y, raw));
      const overviewTier = await measured(N, () => overview(oneTier));
      const overviewAnswerAll = await measured(N, () => overviewAnswer(all));
      const overviewAnswerTier = await measured(N, () => overviewAnswer(oneTier));
      const overviewOneConnectionTier = await measured(N, () => overviewOneConnection(oneTier));
      const breakdownMs = await measured(N, () => breakdown());
      const breakdownRawMs = await measured(N, () => breakdown(raw));
      const runsMs = await measured(N, runsByCost);
      const facetMs = await measured(N, facetSearch);
      // The store runs one DuckDB thread per query (lib/store/db.ts); this shows what one
      // thread per core would change here.
      const settings = await store.connect();
      let overviewTwoThreads: Measured;
      try {
        await settings.run("SET threads = 2");
        await overview(all);
        overviewTwoThreads = await measured(N, () => overview(all));
      } finally {
        await settings.run("SET threads = 1");
        settings.closeSync();
      }

      context.log("analytics: the plain proxy, reading every page per request (3 requests)");
      let proxyRows = 0;
      const proxyMs = await sample(3, async () => {
        proxyRows = (await proxyBreakdown(gateway)).size;
      });
      // The store side of this comparison scans the runs, as before the rollups.
      const tierBreakdown = () =>
        answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, all, timeZone, breakdownParams.parse({ by: "hardwareTier" }), raw), options);
      const storeTierMs = await measured(N, tierBreakdown);
      const storeRows = (await tierBreakdown()).rows.length;

      const bench = `analytics over ${loaded.toLocaleString("en-US")} runs`;
      const row = (variant: string, m: Measured, target: string, limits: [number, number?]): BenchRow => ({
        bench,
        variant,
        figures: {
          "p50 ms": ms(percentile(m.samples, 50)),
          ...(limits[1] === undefined ? {} : { "p95 ms": ms(percentile(m.samples, 95)) }),
          n: String(m.samples.length),
          load: m.load,
        },
        target,
        met: percentile(m.samples, 50) < limits[0] && (limits[1] === undefined || percentile(m.samples, 95) < limits[1]),
      });
      return [
        row("full overview, all time: totals + 3 breakdowns + daily series by tier, 5 concurrent requests, uncached, from the rollups", overviewAll, "p50 < 100 ms, p95 < 250 ms", [100, 250]),
        { ...row("full overview, all time, raw scan (no rollups: every query reads every run)", overviewAllRaw, "", [100, 250]), target: undefined, met: undefined },
        { ...row("full overview, all time, from the rollups, DuckDB threads = 2 instead of 1", overviewTwoThreads, "", [100, 250]), target: undefined, met: undefined },
        row("full overview, last 90 days (same 5 requests; shorter than two years: read from the runs)", overview90, "p50 < 100 ms, p95 < 250 ms", [100, 250]),
        { ...row("full overview, last 1,095 days, from the rollups (years, months, edge days)", overview3y, "", [100, 250]), target: undefined, met: undefined },
        { ...row("full overview, last 1,095 days, raw scan", overview3yRaw, "", [100, 250]), target: undefined, met: undefined },
        { ...row("GET /api/overview's answer, all time: the same 5 parts, 2 connections of one snapshot", overviewAnswerAll, "", [100, 250]), target: undefined, met: undefined },
        { ...row(`full overview, all time, tier ${topTier ?? "(none)"}: 5 concurrent requests`, overviewTier, "", [100, 250]), target: undefined, met: undefined },
        { ...row(`GET /api/overview's answer, all time, tier ${topTier ?? "(none)"}: 2 connections of one snapshot`, overviewAnswerTier, "", [100, 250]), target: undefined, met: undefined },
        { ...row(`the same 5 parts, tier ${topTier ?? "(none)"}: one connection, one after another`, overviewOneConnectionTier, "", [100, 250]), target: undefined, met: undefined },
        row("one breakdown (by project, all time), uncached, from the rollups", breakdownMs, "p50 < 50 ms", [50]),
        { ...row("one breakdown (by project, all time), raw scan", breakdownRawMs, "", [50]), target: undefined, met: undefined },
        {
          bench,
          variant: "rollups rebuilt from every run (after a sync that changed data; at start-up for another zone)",
          figures: { ms: ms(rebuild.ms), "CPU ms": ms(rebuild.cpuMs), rows: rebuild.rows.toLocaleString("en-US"), load: rebuild.load },
        },
        row("runs page sorted by cost (50 rows + count), uncached", runsMs, "p50 < 50 ms", [50]),
        row('facet search (projects matching "data"), uncached', facetMs, "p50 < 30 ms", [30]),
        row("breakdown by tier, from the store (raw scan)", storeTierMs, "p50 < 50 ms", [50]),
        {
          bench,
          variant: "breakdown by tier, plain proxy: read every page, reduce in JS",
          figures: {
            "p50 ms": ms(percentile(proxyMs, 50)),
            n: String(proxyMs.length),
            rows: `${proxyRows} (store: ${storeRows})`,
            "vs store": `${Math.round(percentile(proxyMs, 50) / Math.max(0.1, percentile(storeTierMs.samples, 50)))}× slower`,
          },
        },
      ];
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function countRuns(conn: DuckDBConnection): Promise<{ runs: number }> {
  const reader = await conn.runAndReadAll("SELECT count(*) AS n FROM runs");
  return { runs: Number(reader.getRowObjectsJS()[0]?.n ?? 0) };
}

/** The local date of the newest run: the end of "the last 90 days" in the data. */
async function lastDay(conn: DuckDBConnection): Promise<{ last: string }> {
  const reader = await conn.runAndReadAll("SELECT max(started_at) AS last FROM runs");
  const last = reader.getRowObjectsJS()[0]?.last;
  return { last: localDate(TIME_ZONE, last instanceof Date ? last.getTime() : Date.now()) };
}
