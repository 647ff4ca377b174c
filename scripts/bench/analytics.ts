import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { answer, type AnswerOptions } from "../../lib/analytics/answer";
import { breakdownParams, computeBreakdown } from "../../lib/analytics/breakdown";
import { computeFacets } from "../../lib/analytics/facets";
import { noFilters, type Filters } from "../../lib/analytics/filters";
import { computeRunsPage, runsPageParams } from "../../lib/analytics/runs-page";
import { computeTimeseries, timeseriesParams } from "../../lib/analytics/timeseries";
import { addDays, localDate } from "../../lib/analytics/time-zone";
import { comparePeriods, computeTotals } from "../../lib/analytics/totals";
import { readPages } from "../../lib/gateway/client";
import type { GatewayConnection } from "../../lib/gateway/connection";
import type { Run } from "../../lib/gateway/run";
import { openStore, STORE_FILE_NAME, type Store } from "../../lib/store/db";
import type { Bench, BenchContext, BenchRow } from "./harness";

/**
 * The analytics API's queries over the whole simulated deployment in a DuckDB file, uncached
 * (the answer cache would make every repeat free), side by side with what a plain proxy
 * would do for one breakdown: read every page from the gateway and reduce in JS, per request.
 */

const TIME_ZONE = "UTC";

/** The store columns in table order, from a normalised run; loaded through a typed staging table. */
async function loadRuns(store: Store, gateway: GatewayConnection, log: (m: string) => void): Promise<number> {
  const conn = await store.connect();
  await conn.run(`CREATE TEMP TABLE staging (
    run_id VARCHAR, batch_id VARCHAR, title VARCHAR, command VARCHAR, status VARCHAR, run_type VARCHAR,
    user_name VARCHAR, user_id VARCHAR, project_owner_name VARCHAR, project_owner_id VARCHAR,
    project_name VARCHAR, project_id VARCHAR, run_duration_sec DOUBLE, hardware_tier VARCHAR,
    hardware_tier_cost_currency VARCHAR, hardware_tier_cost_amount DOUBLE, queued_ms DOUBLE, start_ms DOUBLE,
    end_ms DOUBLE, total_cost_currency VARCHAR, total_cost_amount DOUBLE, compute_cluster_details VARCHAR)`);
  const flush = async () => {
    await conn.run(`INSERT INTO runs SELECT run_id, batch_id, title, command, status, run_type, user_name, user_id,
        project_owner_name, project_owner_id, project_name, project_id, run_duration_sec, hardware_tier,
        hardware_tier_cost_currency, CAST(hardware_tier_cost_amount AS DECIMAL(18,8)),
        make_timestamptz(CAST(queued_ms * 1000 AS BIGINT)), make_timestamptz(CAST(start_ms * 1000 AS BIGINT)),
        make_timestamptz(CAST(end_ms * 1000 AS BIGINT)), total_cost_currency, CAST(total_cost_amount AS DECIMAL(18,6)),
        compute_cluster_details, make_timestamptz(CAST(coalesce(start_ms, queued_ms) * 1000 AS BIGINT)),
        run_duration_sec / 3600, project_owner_name || '/' || project_name,
        status NOT IN ('Succeeded', 'Failed', 'Stopped', 'Error')
      FROM staging`);
    await conn.run("DELETE FROM staging");
  };
  let appender = await conn.createAppender("staging");
  const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
  const number = (v: number | null) => (v === null ? appender.appendNull() : appender.appendDouble(v));
  const ms = (iso: string | null) => number(iso === null ? null : Date.parse(iso));
  let count = 0;
  let pages = 0;
  for await (const page of readPages(gateway)) {
    for (const r of page.runs) {
      text(r.runId); text(r.batchId); text(r.title); text(r.command); text(r.status); text(r.runType);
      text(r.userName); text(r.userId); text(r.projectOwnerName); text(r.projectOwnerId);
      text(r.projectName); text(r.projectId); number(r.runDurationSec); text(r.hardwareTier);
      text(r.hardwareTierCostCurrency); number(r.hardwareTierCostAmount); ms(r.queuedTime); ms(r.startTime);
      ms(r.endTime); text(r.totalCostCurrency); number(r.totalCostAmount);
      text(r.computeClusterDetails === null ? null : JSON.stringify(r.computeClusterDetails));
      appender.endRow();
    }
    count += page.runs.length;
    pages += 1;
    if (pages % 100 === 0) {
      appender.closeSync();
      await flush();
      appender = await conn.createAppender("staging");
      log(`analytics: loaded ${count.toLocaleString("en-US")} runs`);
    }
  }
  appender.closeSync();
  await flush();
  await conn.run("UPDATE sync_state SET data_version = 1, last_success_at = now() WHERE id = 1");
  await conn.run("CHECKPOINT");
  conn.closeSync();
  return count;
}

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

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function sample(times: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const ms = (v: number) => v.toFixed(1);

export const analyticsBench: Bench = {
  name: "analytics",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const sim = await context.simulator();
    const gateway: GatewayConnection = { baseUrl: sim.url, auth: { kind: "api-key", secret: sim.adminKey }, limit: 1000, timeoutMs: 60_000 };
    const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-analytics-"));
    const store = await openStore(path.join(dir, STORE_FILE_NAME));
    try {
      const loadStart = performance.now();
      const loaded = await loadRuns(store, gateway, context.log);
      const loadS = (performance.now() - loadStart) / 1000;
      context.log(`analytics: ${loaded.toLocaleString("en-US")} runs in the store after ${loadS.toFixed(1)} s`);
      const options: AnswerOptions = { store, timeZone: TIME_ZONE, noCache: true };
      const all = noFilters();
      const probe = await answer("probe", "", async ({ conn }) => lastDay(conn), options);
      const last90: Filters = { ...all, from: addDays(probe.last, -89), to: probe.last };

      const overview = (filters: Filters) =>
        Promise.all([
          answer("t", "", ({ conn, timeZone, now }) => computeTotals(conn, filters, timeZone, comparePeriods(filters, timeZone, now).previousPeriod), options),
          ...(["hardwareTier", "project", "user"] as const).map((by) =>
            answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, filters, timeZone, breakdownParams.parse({ by })), options),
          ),
          answer("s", "", ({ conn, timeZone }) => computeTimeseries(conn, filters, timeZone, timeseriesParams.parse({ interval: "day", stackBy: "hardwareTier" })), options),
        ]);
      const breakdown = () => answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, all, timeZone, breakdownParams.parse({ by: "project" })), options);
      const runsByCost = () => answer("r", "", ({ conn, timeZone }) => computeRunsPage(conn, all, timeZone, runsPageParams.parse({ sort: "cost" })), options);
      const facetSearch = () => answer("f", "", ({ conn, timeZone }) => computeFacets(conn, all, timeZone, "project", "data", { limit: 50 }), options);

      // First calls in a process are slower (plans, caches): warm every path once.
      await overview(all);
      await overview(last90);
      await breakdown();
      await runsByCost();
      await facetSearch();
      const N = 30;
      context.log("analytics: measuring the overview, breakdown, runs page and facet search");
      const overviewAll = await sample(N, () => overview(all));
      const overview90 = await sample(N, () => overview(last90));
      const breakdownMs = await sample(N, breakdown);
      const runsMs = await sample(N, runsByCost);
      const facetMs = await sample(N, facetSearch);

      context.log("analytics: the plain proxy, reading every page per request (3 requests)");
      let proxyRows = 0;
      const proxyMs = await sample(3, async () => {
        proxyRows = (await proxyBreakdown(gateway)).size;
      });
      const tierBreakdown = () => answer("b", "", ({ conn, timeZone }) => computeBreakdown(conn, all, timeZone, breakdownParams.parse({ by: "hardwareTier" })), options);
      const storeTierMs = await sample(N, tierBreakdown);
      const storeRows = (await tierBreakdown()).rows.length;

      const bench = `analytics over ${loaded.toLocaleString("en-US")} runs`;
      const row = (variant: string, samples: number[], target: string, limits: [number, number?]): BenchRow => ({
        bench,
        variant,
        figures: { "p50 ms": ms(percentile(samples, 50)), "p95 ms": ms(percentile(samples, 95)), n: String(samples.length) },
        target,
        met: percentile(samples, 50) < limits[0] && (limits[1] === undefined || percentile(samples, 95) < limits[1]),
      });
      return [
        { bench, variant: "fixture: every page read into the store", figures: { "wall s": loadS.toFixed(1), runs: loaded.toLocaleString("en-US") } },
        row("full overview, all time (totals + 3 breakdowns + daily series by tier, concurrent)", overviewAll, "p50 < 100 ms, p95 < 250 ms", [100, 250]),
        row("full overview, last 90 days", overview90, "p50 < 100 ms, p95 < 250 ms", [100, 250]),
        row("one breakdown (by project, all time)", breakdownMs, "p50 < 50 ms", [50]),
        row("runs page sorted by cost (50 rows + count)", runsMs, "p50 < 50 ms", [50]),
        row('facet search (projects matching "data")', facetMs, "p50 < 30 ms", [30]),
        row("breakdown by tier, from the store", storeTierMs, "p50 < 50 ms", [50]),
        {
          bench,
          variant: "breakdown by tier, plain proxy: read every page, reduce in JS",
          figures: {
            "p50 ms": ms(percentile(proxyMs, 50)),
            n: String(proxyMs.length),
            rows: `${proxyRows} (store: ${storeRows})`,
            "vs store": `${Math.round(percentile(proxyMs, 50) / Math.max(0.1, percentile(storeTierMs, 50)))}× slower`,
          },
        },
      ];
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The local date of the newest run: the end of "the last 90 days" in the data. */
async function lastDay(conn: DuckDBConnection): Promise<{ last: string }> {
  const reader = await conn.runAndReadAll("SELECT max(started_at) AS last FROM runs");
  const last = reader.getRowObjectsJS()[0]?.last;
  return { last: localDate(TIME_ZONE, last instanceof Date ? last.getTime() : Date.now()) };
}
