import type { DuckDBConnection } from "@duckdb/node-api";
import { runQuery, type SqlValue } from "@/lib/analytics/query";
import type { TeamsConfig } from "./config";
import { compileRules, NO_COST_CENTRE, resolveCompiled, UNALLOCATED, type CompiledRules } from "./rules";
import { insertRows, readTeamsConfig } from "./store";

/**
 * Runs get their team through team_assignments: the rules are resolved once per distinct
 * (project, owner, user) — a few thousand on a million runs — and one UPDATE … FROM copies the
 * answer onto runs.team / runs.cost_centre. Queries then group and filter a plain column, and
 * the rollups hold teams like any other dimension.
 */

export interface Assignment {
  projectKey: string;
  owner: string;
  user: string;
  team: string;
  costCentre: string;
  conflict: string | null;
}

/** Resolves identities under a set-up: team, its cost centre, and the tie if any. */
export function assignAll(
  config: TeamsConfig,
  identities: readonly { projectKey: string; owner: string; user: string }[],
  compiled: CompiledRules = compileRules(config.rules),
): Assignment[] {
  const costCentres = new Map(config.teams.map((t) => [t.name, t.costCentre ?? NO_COST_CENTRE]));
  return identities.map((identity) => {
    const r = resolveCompiled(compiled, identity);
    return {
      ...identity,
      team: r.team,
      costCentre: r.team === UNALLOCATED ? NO_COST_CENTRE : (costCentres.get(r.team) ?? NO_COST_CENTRE),
      conflict: r.conflict ? r.conflict.join(", ") : null,
    };
  });
}

async function identitiesOf(conn: DuckDBConnection, sql: string, params: SqlValue[] = []) {
  return (await runQuery(conn, sql, params)).map((r) => ({
    projectKey: String(r.project_key),
    owner: String(r.project_owner_name),
    user: String(r.user_name),
  }));
}

const toRow = (a: Assignment) => [a.projectKey, a.owner, a.user, a.team, a.costCentre, a.conflict];

/**
 * Re-resolves every identity in `runs` under `config` and rewrites the runs whose team or cost
 * centre changed; inside the caller's transaction. Returns how many runs changed.
 */
export async function reassignAll(conn: DuckDBConnection, config: TeamsConfig): Promise<{ identities: number; runsChanged: number }> {
  const identities = await identitiesOf(conn, "SELECT project_key, project_owner_name, user_name FROM runs GROUP BY ALL");
  const assignments = assignAll(config, identities);
  await conn.run("DELETE FROM team_assignments");
  await insertRows(conn, "team_assignments", assignments.map(toRow));
  const changed = await conn.run(
    `UPDATE runs SET team = a.team, cost_centre = a.cost_centre FROM team_assignments a
     WHERE runs.project_key = a.project_key AND runs.user_name = a.user_name
       AND (runs.team IS DISTINCT FROM a.team OR runs.cost_centre IS DISTINCT FROM a.cost_centre)`,
  );
  return { identities: identities.length, runsChanged: Number(changed.rowsChanged) };
}

/**
 * Gives the runs of one sync batch their team (called in the batch's transaction, before it
 * commits, so no reader ever sees a new run without its team). `idsSql` selects the batch's
 * run_ids (its values bound: `idsParams`). Without rules every run is Unallocated, the columns'
 * default; `runs_next` (made by
 * CREATE TABLE AS, which keeps no defaults) is filled explicitly.
 */
export async function assignBatch(
  conn: DuckDBConnection,
  table: "runs" | "runs_next",
  idsSql: string,
  idsParams: SqlValue[] = [],
): Promise<void> {
  const [count] = await runQuery(conn, "SELECT count(*) AS n FROM team_rules");
  if (Number(count?.n ?? 0) === 0) {
    if (table !== "runs") {
      await conn.run(`UPDATE ${table} SET team = '${UNALLOCATED}', cost_centre = '${NO_COST_CENTRE}' WHERE team IS NULL OR cost_centre IS NULL`);
    }
    return;
  }
  const fresh = await identitiesOf(
    conn,
    `SELECT DISTINCT r.project_key, r.project_owner_name, r.user_name FROM ${table} r
     WHERE r.run_id IN (${idsSql}) AND NOT EXISTS (
       SELECT 1 FROM team_assignments a WHERE a.project_key = r.project_key AND a.user_name = r.user_name)`,
    idsParams,
  );
  if (fresh.length > 0) {
    const config = await readTeamsConfig(conn);
    await insertRows(conn, "team_assignments", assignAll(config, fresh).map(toRow));
  }
  await conn.run(
    `UPDATE ${table} SET team = a.team, cost_centre = a.cost_centre FROM team_assignments a
     WHERE ${table}.run_id IN (${idsSql}) AND ${table}.project_key = a.project_key AND ${table}.user_name = a.user_name
       AND (${table}.team IS DISTINCT FROM a.team OR ${table}.cost_centre IS DISTINCT FROM a.cost_centre)`,
    idsParams,
  );
}
