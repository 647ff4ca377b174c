import type { DuckDBConnection } from "@duckdb/node-api";
import { tablesOf, type SharedTarget } from "@/lib/store/shared-tables";
import type { TeamsConfig } from "./config";
import type { RuleKind } from "./rules";

/**
 * Reads the team set-up: teams by name, rules in the order they were saved. From a replica's
 * shared PostgreSQL too (lib/replica/follow-teams.ts), so `conn` may be any shared target.
 */
export async function readTeamsConfig(conn: SharedTarget): Promise<TeamsConfig> {
  const tables = tablesOf(conn);
  const teams = await tables.query("SELECT name, cost_centre, manager_email FROM teams ORDER BY lower(name)");
  const rules = await tables.query("SELECT team, kind, pattern FROM team_rules ORDER BY position");
  return {
    teams: teams.map((t) => ({
      name: String(t.name),
      costCentre: t.cost_centre === null ? null : String(t.cost_centre),
      managerEmail: t.manager_email === null ? null : String(t.manager_email),
    })),
    rules: rules.map((r) => ({ team: String(r.team), kind: String(r.kind) as RuleKind, pattern: String(r.pattern) })),
  };
}

/** Replaces the set-up, inside the caller's transaction. */
export async function writeTeamsConfig(conn: DuckDBConnection, config: TeamsConfig): Promise<void> {
  await conn.run("DELETE FROM team_rules");
  await conn.run("DELETE FROM teams");
  await insertRows(
    conn,
    "teams (name, cost_centre, manager_email)",
    config.teams.map((t) => [t.name, t.costCentre, t.managerEmail]),
  );
  await insertRows(
    conn,
    "team_rules (position, team, kind, pattern)",
    config.rules.map((r, i) => [i, r.team, r.kind, r.pattern]),
  );
}

/** Multi-row INSERTs with positional parameters, in chunks DuckDB binds comfortably. */
export async function insertRows(conn: DuckDBConnection, target: string, rows: readonly (string | number | null)[][]): Promise<void> {
  const width = rows[0]?.length ?? 0;
  const chunk = Math.max(1, Math.floor(2000 / Math.max(width, 1)));
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const values: (string | number | null)[] = [];
    const tuples = part.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(", ")})`);
    const statement = await conn.prepare(`INSERT INTO ${target} VALUES ${tuples.join(", ")}`);
    try {
      statement.bind(values);
      await statement.run();
    } finally {
      statement.destroySync();
    }
  }
}
