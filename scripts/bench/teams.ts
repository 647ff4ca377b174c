import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { answer, type AnswerOptions } from "../../lib/analytics/answer";
import { breakdownParams, computeBreakdown } from "../../lib/analytics/breakdown";
import { noFilters } from "../../lib/contract/filters";
import { getOverview, overviewParams } from "../../lib/analytics/overview";
import { refreshRollups } from "../../lib/analytics/rollups";
import { computeTimeseries, timeseriesParams } from "../../lib/analytics/timeseries";
import { comparePeriods, computeTotals } from "../../lib/analytics/totals";
import { computeStatement } from "../../lib/chargeback/statement";
import { parsePeriod } from "../../lib/chargeback/period";
import { fillDerivedColumns } from "../../lib/store/derived-columns";
import { openStore, STORE_FILE_NAME } from "../../lib/store/db";
import { applyTeamsConfig } from "../../lib/teams/apply";
import type { TeamsConfig } from "../../lib/teams/config";
import type { TeamRule } from "../../lib/teams/rules";
import { benchStoreDir } from "./csv-store";
import { ms, percentile, sample, sideBySide } from "./samples";
import type { Bench, BenchContext, BenchRow } from "./harness";

/**
 * Teams on the whole simulated deployment, side by side: the all-time overview with no team
 * rules and with 50 teams and 500 rules (target: within 20 %), how long applying a rule change
 * to every run takes (target: under 2 s, rollups rebuilt after it shown apart), the stored team
 * column against a join on team_assignments for a breakdown by team, and a month's statement.
 */

const TIME_ZONE = "UTC";
const N = 30;

async function distinct(conn: DuckDBConnection, column: string): Promise<string[]> {
  const rows = (await conn.runAndReadAll(`SELECT DISTINCT ${column} AS v FROM runs ORDER BY 1`)).getRowObjectsJS();
  return rows.map((r) => String(r.v));
}

/** 50 teams and 500 rules over the store's own names: projects, owners and users, some with wildcards, none tied. */
function benchConfig(projects: string[], owners: string[], users: string[]): TeamsConfig {
  const teams = Array.from({ length: 50 }, (_, i) => ({ name: `Team ${String(i + 1).padStart(2, "0")}`, costCentre: `CC-${1000 + i}`, managerEmail: null }));
  const rules: TeamRule[] = [];
  const team = (i: number) => teams[i % teams.length]!.name;
  projects.slice(0, 250).forEach((p, i) => rules.push({ team: team(i), kind: "project", pattern: i % 5 === 0 ? `${p.slice(0, -1)}*` : p }));
  owners.slice(0, 150).forEach((o, i) => rules.push({ team: team(i + 7), kind: "owner", pattern: o }));
  users.slice(0, 100).forEach((u, i) => rules.push({ team: team(i + 13), kind: "user", pattern: u }));
  // Fewer names than rules in a small deployment: patterns that match nothing still cost matching.
  for (let i = 0; rules.length < 500; i++) rules.push({ team: team(i), kind: (["project", "owner", "user"] as const)[i % 3]!, pattern: `zz-nobody-${i}-*` });
  // A wildcard and an exact project rule of two teams may cover the same key: keep the first.
  const seen = new Set<string>();
  return { teams, rules: rules.filter((r) => (seen.has(`${r.kind}:${r.pattern}`) ? false : (seen.add(`${r.kind}:${r.pattern}`), true))) };
}

export const teamsBench: Bench = {
  name: "teams",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const sim = await context.simulator();
    const source = path.join(await benchStoreDir(sim, context.runs, context.log, "teams"), STORE_FILE_NAME);
    // Two copies of one store, open side by side: one without team rules, one with 50 teams and
    // 500 rules. Their overviews are sampled in turn, so drift of the shared machine between two
    // phases cannot pass for the cost of teams.
    const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-teams-copy-"));
    const plainDir = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-teams-plain-"));
    copyFileSync(source, path.join(dir, STORE_FILE_NAME));
    copyFileSync(source, path.join(plainDir, STORE_FILE_NAME));
    const store = await openStore(path.join(dir, STORE_FILE_NAME));
    const plain = await openStore(path.join(plainDir, STORE_FILE_NAME));
    try {
      const conn = await store.connect();
      for (const s of [store, plain]) {
        const c = await s.connect();
        await fillDerivedColumns(c);
        c.closeSync();
        await applyTeamsConfig(s, { teams: [], rules: [] });
        await refreshRollups(s, TIME_ZONE, { force: true });
      }
      const runs = Number((await conn.runAndReadAll("SELECT count(*) AS n FROM runs")).getRowObjectsJS()[0]!.n);
      const all = noFilters();
      const params = overviewParams.parse({ interval: "day", stackBy: "hardwareTier", limit: 6 });
      const optionsOf = (s: typeof store): AnswerOptions => ({ store: s, timeZone: TIME_ZONE, noCache: true });
      const overview = (s: typeof store) => () => getOverview(all, params, optionsOf(s));
      // The overview as it was before teams: totals, series and three top lists on one snapshot.
      const overviewThreeLists = (s: typeof store) => () =>
        answer("o3", "", async ({ timeZone, now, inParallel }) => {
          await inParallel<unknown>([
            (c) => computeTotals(c, all, timeZone, comparePeriods(all, timeZone, now).previousPeriod),
            (c) => computeTimeseries(c, all, timeZone, timeseriesParams.parse({ interval: "day", stackBy: "hardwareTier" })),
            ...(["hardwareTier", "project", "user"] as const).map((by) => (c: DuckDBConnection) => computeBreakdown(c, all, timeZone, breakdownParams.parse({ by, limit: 6 }))),
          ]);
          return {};
        }, optionsOf(s));

      const config = benchConfig(await distinct(conn, "project_key"), await distinct(conn, "project_owner_name"), await distinct(conn, "user_name"));
      context.log(`teams: applying ${config.teams.length} teams and ${config.rules.length} rules`);
      const applied = await applyTeamsConfig(store, config);
      const rebuilt = await refreshRollups(store, TIME_ZONE);
      // A rule change: one rule moves to another team; everything is re-resolved.
      const changed: TeamsConfig = { ...config, rules: config.rules.map((r, i) => (i === 0 ? { ...r, team: config.teams[1]!.name } : r)) };
      const reapplied = await applyTeamsConfig(store, changed);
      const rebuiltAgain = await refreshRollups(store, TIME_ZONE);
      const identities = reapplied.identities;

      for (const warm of [overview(plain), overviewThreeLists(plain), overview(store), overviewThreeLists(store)]) await warm();
      context.log("teams: the all-time overview, without rules and with 50 teams, in turn");
      const [beforeThree, afterFour] = await sideBySide(N, overviewThreeLists(plain), overview(store));
      const [beforeFour, afterThree] = await sideBySide(N, overview(plain), overviewThreeLists(store));

      // A breakdown by team from every run: the stored column against a join on the assignments.
      const byColumn = () => conn.runAndReadAll("SELECT team, total_cost_currency, count(*), sum(total_cost_amount) FROM runs GROUP BY ALL");
      const byJoin = () =>
        conn.runAndReadAll(
          `SELECT a.team, r.total_cost_currency, count(*), sum(r.total_cost_amount)
           FROM runs r JOIN team_assignments a ON a.project_key = r.project_key AND a.user_name = r.user_name GROUP BY ALL`,
        );
      await byColumn();
      await byJoin();
      const [columnMs, joinMs] = await sideBySide(N, byColumn, byJoin);

      const [last] = (await conn.runAndReadAll("SELECT max(started_at) AS t FROM runs")).getRowObjectsJS();
      const lastMonth = (last!.t as Date).toISOString().slice(0, 7);
      await computeStatement(conn, parsePeriod(lastMonth), TIME_ZONE);
      const statementMs = await sample(10, () => computeStatement(conn, parsePeriod(lastMonth), TIME_ZONE));
      conn.closeSync();

      const bench = `teams over ${runs.toLocaleString("en-US")} runs (${identities.toLocaleString("en-US")} project × user identities)`;
      const p50 = (s: number[]) => percentile(s, 50);
      // The overview with teams (four top lists, 50 teams applied) against the overview as it was
      // before teams (three top lists, no rules), sampled in turn in the same run.
      const ratio = p50(afterFour) / p50(beforeThree);
      const fig = (s: number[]) => ({ "p50 ms": ms(p50(s)), "p95 ms": ms(percentile(s, 95)), n: String(s.length) });
      return [
        { bench, variant: "all-time overview before teams (totals, series, 3 top lists), no rules", figures: { ...fig(beforeThree), load: os.loadavg()[0]!.toFixed(1) } },
        { bench, variant: "all-time overview with top teams (4 top lists), no rules", figures: fig(beforeFour) },
        { bench, variant: "all-time overview before teams (3 top lists), 50 teams and 500 rules applied", figures: fig(afterThree) },
        {
          bench,
          variant: "all-time overview with top teams (4 top lists), 50 teams and 500 rules applied",
          figures: { ...fig(afterFour), "vs before teams": `${((ratio - 1) * 100).toFixed(0)} %` },
          target: "within 20 % of the overview before teams",
          met: ratio <= 1.2,
        },
        {
          bench,
          variant: "apply 50 teams / 500 rules to every run (resolve identities, UPDATE … FROM, one transaction)",
          figures: { ms: ms(applied.ms), "runs changed": applied.runsChanged.toLocaleString("en-US"), "rollups rebuilt after, ms": ms(rebuilt.ms) },
          target: "< 2 s",
          met: applied.ms < 2000,
        },
        {
          bench,
          variant: "re-apply after one rule change",
          figures: { ms: ms(reapplied.ms), "runs changed": reapplied.runsChanged.toLocaleString("en-US"), "rollups rebuilt after, ms": ms(rebuiltAgain.ms) },
          target: "< 2 s (with the rollups)",
          met: reapplied.ms + rebuiltAgain.ms < 2000,
        },
        { bench, variant: "breakdown by team from every run: stored runs.team column", figures: fig(columnMs) },
        { bench, variant: "breakdown by team from every run: join on team_assignments", figures: fig(joinMs) },
        { bench, variant: `chargeback statement for ${lastMonth}`, figures: { "p50 ms": ms(p50(statementMs)), n: String(statementMs.length) } },
      ];
    } finally {
      store.close();
      plain.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(plainDir, { recursive: true, force: true });
    }
  },
};
