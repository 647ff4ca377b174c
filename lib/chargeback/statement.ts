import type { DuckDBConnection } from "@duckdb/node-api";
import { dayStartIso } from "@/lib/analytics/filters";
import { hoursSql } from "@/lib/analytics/money";
import { runQuery, SqlParams } from "@/lib/analytics/query";
import { hoursSqlFor, readStoreFacts } from "@/lib/analytics/store-facts";
import { addDays } from "@/lib/analytics/time-zone";
import { NO_COST_CENTRE, UNALLOCATED } from "@/lib/teams/rules";
import { readTeamsConfig } from "@/lib/teams/store";
import { allocateCents } from "./allocate";
import type { Period } from "./period";
import type { SharedTarget } from "@/lib/store/shared-tables";
import { sharedCostsFor, type SharedCost } from "./shared-costs";

/**
 * A chargeback statement: per currency, one line per team (Unallocated included) with runs,
 * compute hours, compute cost (in total and per hardware tier), its share and its part of the
 * shared costs. Amounts are summed exactly in the store and rounded once per figure, to the
 * cent, as integers of cents; the total is the rounded exact total (the overview's figure for
 * the same days), and what the rounded lines miss of it is shown as `roundingCents`.
 */

export interface StatementLine {
  team: string;
  costCentre: string;
  managerEmail: string | null;
  runs: number;
  computeHours: number;
  /** Compute cost in cents: this team's exact sum, rounded. */
  computeCents: number;
  /** Compute cost per tier, in cents, each rounded from its exact sum. */
  tierCents: Record<string, number>;
  /** Part (0..1) of the section's compute cost. */
  share: number;
  /** This team's part of the shared costs, in cents (allocated exactly). */
  sharedCents: number;
  totalCents: number;
}

export interface StatementSection {
  currency: string;
  tiers: string[];
  lines: StatementLine[];
  sharedCosts: SharedCost[];
  totals: {
    runs: number;
    computeHours: number;
    /** The rounded exact total: equals the overview's cost for the period. */
    computeCents: number;
    tierCents: Record<string, number>;
    sharedCents: number;
    totalCents: number;
  };
  /** computeCents minus the sum of the rounded lines: the rounding, shown, never hidden. */
  roundingCents: number;
}

export interface Statement {
  period: Period;
  timeZone: string;
  sections: StatementSection[];
}

interface Group {
  level: number;
  team: string | null;
  costCentre: string | null;
  currency: string;
  tier: string | null;
  runs: number;
  hours: number;
  cents: number;
}

/** `costs`: where the shared costs live (the shared tables with DATABASE_URL), else `conn`'s store. */
export async function computeStatement(conn: DuckDBConnection, period: Period, timeZone: string, costs: SharedTarget = conn): Promise<Statement> {
  const facts = await readStoreFacts(conn);
  const params = new SqlParams();
  const from = params.add(dayStartIso(timeZone, period.from));
  const to = params.add(dayStartIso(timeZone, addDays(period.to, 1)));
  // One scan; GROUPING SETS give team × tier cells, team lines, tier totals and the total,
  // each rounded from its own exact sum.
  const rows = await runQuery(
    conn,
    `SELECT GROUPING(team, cost_centre, hardware_tier) AS level, team, cost_centre, total_cost_currency AS currency,
       hardware_tier AS tier, count(*) AS runs, ${hoursSql(`sum(${hoursSqlFor(facts)})`)} AS hours,
       CAST(round(sum(total_cost_amount), 2) * 100 AS BIGINT) AS cents
     FROM runs
     WHERE started_at >= CAST(${from} AS TIMESTAMPTZ) AND started_at < CAST(${to} AS TIMESTAMPTZ)
     GROUP BY GROUPING SETS ((team, cost_centre, total_cost_currency, hardware_tier), (team, cost_centre, total_cost_currency),
       (total_cost_currency, hardware_tier), (total_cost_currency))`,
    params.values,
  );
  const groups: Group[] = rows.map((r) => ({
    level: Number(r.level),
    team: r.team === null ? null : String(r.team),
    costCentre: r.cost_centre === null ? null : String(r.cost_centre),
    currency: String(r.currency),
    tier: r.tier === null ? null : String(r.tier),
    runs: Number(r.runs),
    hours: Number(r.hours),
    cents: Number(r.cents),
  }));
  const config = await readTeamsConfig(conn);
  const shared = await sharedCostsFor(costs, period);
  const currencies = [...new Set([...groups.map((g) => g.currency), ...shared.map((s) => s.currency)])].sort();
  const sections = currencies.map((currency) =>
    section(
      currency,
      groups.filter((g) => g.currency === currency),
      config.teams,
      shared.filter((s) => s.currency === currency),
    ),
  );
  // Largest section first: the deployment's main currency leads.
  sections.sort((a, b) => b.totals.computeCents - a.totals.computeCents || a.currency.localeCompare(b.currency));
  return { period, timeZone, sections };
}

function section(
  currency: string,
  groups: Group[],
  teams: readonly { name: string; costCentre: string | null; managerEmail: string | null }[],
  sharedCosts: SharedCost[],
): StatementSection {
  // level bits: team 4, cost_centre 2, tier 1 (1 = grouped away).
  const cells = groups.filter((g) => g.level === 0);
  const teamRows = groups.filter((g) => g.level === 1);
  const tierRows = groups.filter((g) => g.level === 6);
  const total = groups.find((g) => g.level === 7);
  const tiers = tierRows.sort((a, b) => b.cents - a.cents || a.tier!.localeCompare(b.tier!)).map((g) => g.tier!);
  const known = new Map(teams.map((t) => [t.name, t]));
  const names = [...teams.map((t) => t.name), ...teamRows.map((g) => g.team!).filter((n) => !known.has(n) && n !== UNALLOCATED)];
  const ordered = [...new Set(names)].sort((a, b) => a.localeCompare(b));
  ordered.push(UNALLOCATED);
  const computeTotal = total?.cents ?? 0;
  const lines: StatementLine[] = ordered.map((name) => {
    const row = teamRows.find((g) => g.team === name);
    const team = known.get(name);
    const tierCents: Record<string, number> = {};
    for (const c of cells.filter((c) => c.team === name)) tierCents[c.tier!] = c.cents;
    const computeCents = row?.cents ?? 0;
    return {
      team: name,
      costCentre: row?.costCentre ?? team?.costCentre ?? NO_COST_CENTRE,
      managerEmail: team?.managerEmail ?? null,
      runs: row?.runs ?? 0,
      computeHours: row?.hours ?? 0,
      computeCents,
      tierCents,
      share: computeTotal !== 0 ? computeCents / computeTotal : 0,
      sharedCents: 0,
      totalCents: computeCents,
    };
  });
  for (const cost of sharedCosts) {
    const recipients =
      cost.spread === "proportional"
        ? lines
        : cost.spread === "even"
          ? lines.filter((l) => l.team !== UNALLOCATED).length > 0
            ? lines.filter((l) => l.team !== UNALLOCATED)
            : lines
          : lines.filter((l) => cost.teams.some((t) => t.toLowerCase() === l.team.toLowerCase()));
    // Named teams that no longer exist: the cost stays visible, on Unallocated.
    const targets = recipients.length > 0 ? recipients : lines.filter((l) => l.team === UNALLOCATED);
    const weights = targets.map((l) => (cost.spread === "proportional" ? BigInt(Math.max(l.computeCents, 0)) : 1n));
    const parts = allocateCents(BigInt(cost.cents), weights);
    targets.forEach((l, i) => {
      l.sharedCents += Number(parts[i]!);
    });
  }
  for (const l of lines) l.totalCents = l.computeCents + l.sharedCents;
  const sharedCents = sharedCosts.reduce((s, c) => s + c.cents, 0);
  const tierCents: Record<string, number> = {};
  for (const g of tierRows) tierCents[g.tier!] = g.cents;
  return {
    currency,
    tiers,
    lines,
    sharedCosts,
    totals: {
      runs: total?.runs ?? 0,
      computeHours: total?.hours ?? 0,
      computeCents: computeTotal,
      tierCents,
      sharedCents,
      totalCents: computeTotal + sharedCents,
    },
    roundingCents: computeTotal - lines.reduce((s, l) => s + l.computeCents, 0),
  };
}
