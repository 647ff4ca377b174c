import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { answer, type AnswerOptions } from "../../lib/analytics/answer";
import { noFilters, type Filters } from "../../lib/contract/filters";
import { num, runQuery } from "../../lib/analytics/query";
import { localDate } from "../../lib/analytics/time-zone";
import { dayNumber } from "../../lib/contract/days";
import { dailyCosts } from "../../lib/forecast/daily-costs";
import { forecastPeriod, runRateTotal, sumDays, type DailySeries, type PeriodWindow } from "../../lib/forecast/method";
import { periodOf, previousPeriod, type PeriodBounds } from "../../lib/forecast/period";
import { openStore, STORE_FILE_NAME } from "../../lib/store/db";
import { benchStoreDir } from "./csv-store";
import type { Bench, BenchContext, BenchRow } from "./harness";

/**
 * Back-test of the month-end forecast (lib/forecast) on the simulator's history: for each of
 * the last 24 complete months, the month's total forecast from its days 1–7, 1–14 and 1–21
 * (history before the month included, nothing after the cut), against the naive run rate
 * (spent ÷ days × days in month) on the same months. Mean absolute percentage error for the
 * deployment as a whole and pooled over its top 10 projects (by cost over those 24 months);
 * also how often the actual total fell inside the 80 % interval.
 *
 * The store is the CSV benchmark's (every run of the bench simulator, settled): a run's final
 * cost sits on its start day, so the back-test sees each cut day's runs with their final cost
 * and the in-flight term of the live forecast plays no part here (docs/forecast.md).
 */

const TIME_ZONE = "UTC";
const MONTHS = 24;
const CUTS = [7, 14, 21] as const;

interface Errors {
  ours: number[];
  naive: number[];
  inside: number;
  count: number;
}

const windowOf = (p: PeriodBounds): PeriodWindow => ({ from: dayNumber(p.from), to: dayNumber(p.to) });

function backtest(series: DailySeries, months: PeriodBounds[], cut: number, into: Errors): void {
  for (const month of months) {
    const w = windowOf(month);
    const actual = sumDays(series, w.from, w.to + 1);
    if (actual <= 0) continue;
    const cutoff = w.from + cut;
    // Past months for the interval: the 12 before this one.
    const past: PeriodWindow[] = [];
    let p = month;
    for (let i = 0; i < 12; i++) past.push(windowOf((p = previousPeriod(p))));
    // The method sees nothing at or after the cut.
    const seen: DailySeries = { firstDay: series.firstDay, costs: series.costs.slice(0, cutoff - series.firstDay) };
    const f = forecastPeriod(seen, w, cutoff, past);
    into.ours.push(Math.abs(f.total - actual) / actual);
    into.naive.push(Math.abs(runRateTotal(series, w.from, w.to, cutoff) - actual) / actual);
    if (actual >= f.low && actual <= f.high) into.inside += 1;
    into.count += 1;
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export const forecastBacktestBench: Bench = {
  name: "forecast-backtest",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const sim = await context.simulator();
    const source = path.join(await benchStoreDir(sim, context.runs, context.log), STORE_FILE_NAME);
    const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-forecast-"));
    copyFileSync(source, path.join(dir, STORE_FILE_NAME));
    const store = await openStore(path.join(dir, STORE_FILE_NAME));
    try {
      const options: AnswerOptions = { store, timeZone: TIME_ZONE, noCache: true };
      const { first, last } = await answer("span", "", async ({ conn }) => {
        const [row] = await runQuery(conn, "SELECT min(started_at) AS a, max(started_at) AS b FROM runs");
        return { first: localDate(TIME_ZONE, (row!.a as Date).getTime()), last: localDate(TIME_ZONE, (row!.b as Date).getTime()) };
      }, options);
      // The last 24 months that are over.
      const months: PeriodBounds[] = [];
      let m = periodOf("month", last);
      for (let i = 0; i < MONTHS; i++) months.unshift((m = previousPeriod(m)));
      const spanMonths = (dayNumber(last) - dayNumber(first)) / 30.44;
      context.log(`forecast-backtest: history ${first} … ${last} (${spanMonths.toFixed(0)} months), testing ${months[0]!.from} … ${months[MONTHS - 1]!.to}`);
      if (dayNumber(months[0]!.from) - dayNumber(first) < 84) {
        throw new Error("the simulated history is shorter than 24 months and 12 weeks: the back-test needs it");
      }
      const to = months[MONTHS - 1]!.to;
      const scopes = await answer("scopes", "", async ({ conn }) => {
        const rows = await runQuery(
          conn,
          `SELECT project_key AS k FROM runs WHERE started_at >= CAST($1 AS TIMESTAMPTZ) AND started_at < CAST($2 AS TIMESTAMPTZ)
           GROUP BY 1 ORDER BY sum(total_cost_amount) DESC, 1 LIMIT 10`,
          [`${months[0]!.from}T00:00:00Z`, `${to}T23:59:59.999Z`],
        );
        const [c] = await runQuery(conn, "SELECT total_cost_currency AS c FROM runs GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
        const currency = String(c!.c);
        const all = noFilters();
        const deployment = await dailyCosts(conn, all, TIME_ZONE, currency, first, to);
        const projects: DailySeries[] = [];
        for (const row of rows) {
          const scope: Filters = { ...all, project: [String(row.k)] };
          projects.push(await dailyCosts(conn, scope, TIME_ZONE, currency, first, to));
        }
        return { deployment, projects, count: num(rows.length) };
      }, options);

      const out: BenchRow[] = [];
      const bench = `forecast back-test, ${MONTHS} months to ${to}, ${context.runs.toLocaleString("en-US")} runs`;
      for (const [label, seriesList] of [
        ["deployment", [scopes.deployment]],
        [`top ${scopes.count} projects (pooled)`, scopes.projects],
      ] as const) {
        for (const cut of CUTS) {
          const e: Errors = { ours: [], naive: [], inside: 0, count: 0 };
          for (const s of seriesList) backtest(s, months, cut, e);
          const ours = mean(e.ours);
          const naive = mean(e.naive);
          out.push({
            bench,
            variant: `${label}, days 1–${cut}`,
            figures: {
              "MAPE ours": pct(ours),
              "MAPE run rate": pct(naive),
              "80 % interval held": `${e.inside}/${e.count}`,
              forecasts: String(e.count),
            },
            target: "ours < run rate",
            met: ours < naive,
          });
        }
      }
      return out;
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
