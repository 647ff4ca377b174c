import type { DuckDBConnection } from "@duckdb/node-api";
import { dayStartIso } from "@/lib/analytics/filters";
import { centsSql } from "@/lib/analytics/money";
import { runQuery, SqlParams } from "@/lib/analytics/query";
import { localDate } from "@/lib/analytics/time-zone";
import { addDays } from "@/lib/contract/days";
import { assignAll } from "./assign";
import type { TeamsConfig } from "./config";
import { insertRows } from "./store";
import { inThrowawayTransaction } from "@/lib/store/transaction";

/**
 * What saving a set-up would do to history: runs moving from one team to another, with their
 * cost over all time and in the last full calendar month (in the dashboard's zone). Computed
 * in a transaction that is rolled back, on the same assignments a save would write.
 */

export interface Move {
  from: string;
  to: string;
  currency: string;
  runs: number;
  cost: number;
  lastMonthCost: number;
}

export interface Preview {
  /** The last full month, "YYYY-MM". */
  lastMonth: string;
  moves: Move[];
  runsMoved: number;
}

/** The last full calendar month before `now`, as its first and last local day. */
export function lastFullMonth(timeZone: string, now: number): { month: string; from: string; to: string } {
  const today = localDate(timeZone, now);
  const firstThis = `${today.slice(0, 8)}01`;
  const to = addDays(firstThis, -1);
  return { month: to.slice(0, 7), from: `${to.slice(0, 8)}01`, to };
}

export async function previewTeamsConfig(conn: DuckDBConnection, config: TeamsConfig, timeZone: string, now: number): Promise<Preview> {
  const month = lastFullMonth(timeZone, now);
  return inThrowawayTransaction(conn, async () => {
    const identities = (await runQuery(conn, "SELECT project_key, project_owner_name, user_name FROM runs GROUP BY ALL")).map((r) => ({
      projectKey: String(r.project_key),
      owner: String(r.project_owner_name),
      user: String(r.user_name),
    }));
    const assignments = assignAll(config, identities);
    await conn.run("CREATE TEMP TABLE team_preview (project_key VARCHAR, user_name VARCHAR, team VARCHAR)");
    await insertRows(conn, "team_preview", assignments.map((a) => [a.projectKey, a.user, a.team]));
    const params = new SqlParams();
    const from = params.add(dayStartIso(timeZone, month.from));
    const to = params.add(dayStartIso(timeZone, addDays(month.to, 1)));
    const rows = await runQuery(
      conn,
      `SELECT r.team AS from_team, p.team AS to_team, r.total_cost_currency AS currency, count(*) AS runs,
         ${centsSql("sum(r.total_cost_amount)")} AS cost,
         ${centsSql(`coalesce(sum(r.total_cost_amount) FILTER (WHERE r.started_at >= CAST(${from} AS TIMESTAMPTZ) AND r.started_at < CAST(${to} AS TIMESTAMPTZ)), 0)`)} AS last_month
       FROM runs r JOIN team_preview p ON p.project_key = r.project_key AND p.user_name = r.user_name
       WHERE r.team IS DISTINCT FROM p.team
       GROUP BY 1, 2, 3 ORDER BY runs DESC, from_team, to_team`,
      params.values,
    );
    const moves = rows.map((r) => ({
      from: String(r.from_team),
      to: String(r.to_team),
      currency: String(r.currency),
      runs: Number(r.runs),
      cost: Number(r.cost),
      lastMonthCost: Number(r.last_month),
    }));
    return { lastMonth: month.month, moves, runsMoved: moves.reduce((s, m) => s + m.runs, 0) };
  });
}
