import { describe, expect, test } from "vitest";
import { noFilters } from "@/lib/contract/filters";
import { computeTotals } from "@/lib/analytics/totals";
import { fixtureStore, type TestRun } from "@/lib/analytics/test-data";
import { seededRandom } from "@/lib/seeded-random";
import { applyTeamsConfig } from "@/lib/teams/apply";
import type { TeamsConfig } from "@/lib/teams/config";
import { resolveTeam, RULE_KINDS, type TeamRule } from "@/lib/teams/rules";
import { parsePeriod } from "./period";
import { addSharedCost, sharedCostInput } from "./shared-costs";
import { computeStatement } from "./statement";

/**
 * For random rule sets and random runs around month edges, in three zones: every run is on
 * exactly one statement line (Unallocated included), the rounded lines plus the shown rounding
 * equal the deployment total, which equals the overview's total for the month to the cent, and
 * shared costs are spread to the cent.
 */

const ZONES = ["UTC", "America/Los_Angeles", "Asia/Kolkata"] as const;
const OWNERS = ["acme", "beta", "risk", "ml-lab"];
const PROJECTS = ["etl", "churn", "train-gpu", "scratch"];
const USERS = ["ann", "bob", "gus", "kim", "zoe"];
const TIERS = ["Small", "Large", "GPU"];
const TEAMS = ["Data Platform", "Research", "Growth", "Risk", "ML"];

const pick = <T,>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function randomRuns(random: () => number, n: number): TestRun[] {
  // Starts cluster within a day of the February/March and March/April edges (UTC), where zones disagree.
  const edges = [Date.parse("2025-03-01T00:00:00Z"), Date.parse("2025-04-01T00:00:00Z"), Date.parse("2025-03-15T12:00:00Z")];
  return Array.from({ length: n }, (_, i) => {
    const at = pick(random, edges) + Math.floor((random() - 0.5) * 2 * 86_400_000);
    const cents = Math.floor(random() * 5_000_000);
    const micro = String(Math.floor(random() * 10_000)).padStart(4, "0");
    return {
      id: `p${i}`,
      start: new Date(at).toISOString(),
      tier: pick(random, TIERS),
      owner: pick(random, OWNERS),
      project: pick(random, PROJECTS),
      user: pick(random, USERS),
      runType: "Batch",
      status: "Succeeded",
      cost: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}${micro}`,
      currency: random() < 0.15 ? "EUR" : "USD",
      durationSec: Math.floor(random() * 20_000),
    };
  });
}

function randomRules(random: () => number): TeamRule[] {
  const n = Math.floor(random() * 10);
  return Array.from({ length: n }, () => {
    const kind = pick(random, RULE_KINDS);
    const exact = kind === "project" ? `${pick(random, OWNERS)}/${pick(random, PROJECTS)}` : kind === "owner" ? pick(random, OWNERS) : pick(random, USERS);
    const pattern = random() < 0.4 ? `${exact.slice(0, 1 + Math.floor(random() * 2))}*` : exact;
    return { team: pick(random, TEAMS), kind, pattern };
  }).filter((r, i, all) => all.findIndex((o) => o.kind === r.kind && o.pattern.toLowerCase() === r.pattern.toLowerCase()) === i);
}

describe("chargeback statements add up", () => {
  test.each(Array.from({ length: 10 }, (_, i) => i + 1))("seed %i", async (seed) => {
    const random = seededRandom(seed * 7919);
    const runs = randomRuns(random, 150);
    const { store, conn } = await fixtureStore(runs, { fill: true });
    try {
      const config: TeamsConfig = { teams: TEAMS.map((name, i) => ({ name, costCentre: i % 2 ? `CC-${i}` : null, managerEmail: null })), rules: randomRules(random) };
      await applyTeamsConfig(store, config);

      // The store resolves each run as the pure resolver does.
      const stored = (await conn.runAndReadAll("SELECT run_id, team FROM runs")).getRowObjectsJS();
      const byId = new Map(runs.map((r) => [r.id, r]));
      for (const row of stored) {
        const run = byId.get(String(row.run_id))!;
        expect(row.team).toBe(resolveTeam(config.rules, { projectKey: `${run.owner}/${run.project}`, owner: run.owner, user: run.user }).team);
      }

      for (const timeZone of ZONES) {
        for (const key of ["2025-02", "2025-03", "2025-04", "2025-Q1"]) {
          const period = parsePeriod(key);
          const statement = await computeStatement(conn, period, timeZone);
          const overview = await computeTotals(conn, { ...noFilters(), from: period.from, to: period.to }, timeZone, null);
          expect(statement.sections.map((s) => s.currency).sort()).toEqual(overview.current.costs.map((c) => c.currency).sort());
          let runsOnLines = 0;
          for (const section of statement.sections) {
            const lineCents = section.lines.reduce((s, l) => s + l.computeCents, 0);
            expect(lineCents + section.roundingCents).toBe(section.totals.computeCents);
            // The deployment total is the overview's, to the cent.
            const overviewCost = overview.current.costs.find((c) => c.currency === section.currency)!.cost;
            expect(section.totals.computeCents).toBe(Math.round(overviewCost * 100));
            // Every cent of the tiers is the total's: the tier totals are rounded exact sums too.
            expect(Math.abs(Object.values(section.totals.tierCents).reduce((s, c) => s + c, 0) - section.totals.computeCents)).toBeLessThanOrEqual(section.tiers.length);
            runsOnLines += section.lines.reduce((s, l) => s + l.runs, 0);
            expect(section.lines.at(-1)!.team).toBe("Unallocated");
          }
          expect(runsOnLines).toBe(overview.current.runs);
        }
      }

      // Exactly: Σ per-team exact sums = the exact total (no rounding at all), per currency.
      const exact = (
        await conn.runAndReadAll(
          `SELECT currency, CAST(sum(team_sum) AS VARCHAR) AS by_teams, CAST(any_value(total) AS VARCHAR) AS total FROM (
             SELECT total_cost_currency AS currency, sum(total_cost_amount) AS team_sum,
               sum(sum(total_cost_amount)) OVER (PARTITION BY total_cost_currency) AS total
             FROM runs GROUP BY total_cost_currency, team) GROUP BY currency`,
        )
      ).getRowObjectsJS();
      for (const row of exact) expect(row.by_teams).toBe(row.total);

      // Shared costs: spread to the cent, whatever the spread.
      const amount = `${Math.floor(random() * 100000)}.${String(Math.floor(random() * 100)).padStart(2, "0")}`;
      const spread = pick(random, ["proportional", "even", "teams"] as const);
      await addSharedCost(conn, sharedCostInput.parse({ period: "2025-03", label: "Licence", currency: "USD", amount, spread, teams: ["Research", "ML"] }), "test");
      for (const timeZone of ZONES) {
        const statement = await computeStatement(conn, parsePeriod("2025-03"), timeZone);
        const usd = statement.sections.find((s) => s.currency === "USD")!;
        const shared = usd.lines.reduce((s, l) => s + l.sharedCents, 0);
        expect(shared).toBe(Math.round(Number(amount) * 100));
        expect(usd.lines.reduce((s, l) => s + l.totalCents, 0) + usd.roundingCents).toBe(usd.totals.totalCents);
        if (spread === "teams") {
          expect(usd.lines.filter((l) => l.sharedCents !== 0).every((l) => ["Research", "ML"].includes(l.team))).toBe(true);
        }
      }
    } finally {
      conn.closeSync();
      store.close();
    }
  });
});
