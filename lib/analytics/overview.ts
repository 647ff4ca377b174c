import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import type { Body, OverviewAnswer, OverviewTop, RunningAnswer, TimeseriesBody, TotalsBody } from "@/lib/contract/answers";
import { longRunRule } from "@/lib/env";
import { answer, type AnswerOptions } from "./answer";
import { computeBreakdown } from "./breakdown";
import type { LongRunRule } from "./long-run";
import { computeRunning, RUNNING_SUMMARY, runningKey } from "./running";
import type { Filters } from "@/lib/contract/filters";
import { computeTimeseries, timeseriesParams } from "./timeseries";
import { computeTotalsBody, totalsKey } from "./totals";

/**
 * GET /api/overview: everything the overview page shows, in one answer: the totals with the
 * previous period, the cost series, the top tiers, projects, users and teams, and the runs in
 * flight. One request instead of six: one snapshot (the cards always describe the same data,
 * even while a sync commits), computed on two connections at once, and on the page one update
 * instead of six. Each part is computed exactly as its own route computes it, so the parts
 * equal /api/totals, /api/timeseries, /api/breakdown and /api/running (limit 0) for the same inputs.
 */

export const OVERVIEW_TOP_DIMENSIONS = ["hardwareTier", "project", "user", "team"] as const satisfies readonly OverviewTop[];

export const overviewParams = timeseriesParams.extend({
  /** Rows in each top list (by cost, descending). */
  limit: z.coerce.number().int().min(1).max(100).default(6),
});

export type OverviewParams = z.infer<typeof overviewParams>;

export async function getOverview(
  filters: Filters,
  p: OverviewParams,
  options: AnswerOptions & { longRunRule?: LongRunRule } = {},
): Promise<OverviewAnswer> {
  const now = options.now ?? Date.now();
  const rule = options.longRunRule ?? longRunRule();
  const { limit, ...series } = p;
  return answer(
    "overview",
    `${totalsKey(filters, now)}|${p.interval}|${p.stackBy}|${p.top}|${p.currency ?? ""}|${limit}|${runningKey(filters, RUNNING_SUMMARY, rule, now)}`,
    async ({ timeZone, inParallel }) => {
      let totals!: TotalsBody;
      let timeseries!: TimeseriesBody;
      let running!: Body<RunningAnswer>;
      const top = {} as Body<OverviewAnswer>["top"];
      // Seven independent parts on two connections of one snapshot: both cores of the server.
      await inParallel([
        async (conn) => void (totals = await computeTotalsBody(conn, filters, timeZone, now)),
        async (conn) => void (timeseries = await computeTimeseries(conn, filters, timeZone, series)),
        ...OVERVIEW_TOP_DIMENSIONS.map((by) => async (conn: DuckDBConnection) => {
          top[by] = await computeBreakdown(conn, filters, timeZone, { by, sort: "cost", dir: "desc", limit });
        }),
        async (conn) => void (running = await computeRunning(conn, filters, timeZone, now, rule, RUNNING_SUMMARY)),
      ]);
      return { totals, series: timeseries, top, running } satisfies Body<OverviewAnswer>;
    },
    { ...options, now },
  );
}
