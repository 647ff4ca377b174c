import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { PgClient } from "@/lib/store/postgres/connection";
import { onClient } from "@/lib/store/postgres/shared-tables";
import { assignBatch, reassignAll } from "@/lib/teams/assign";
import type { TeamsConfig } from "@/lib/teams/config";
import { readTeamsConfig, writeTeamsConfig } from "@/lib/teams/store";

/**
 * The team set-up on replicas (docs/replicas.md, "Teams"): PostgreSQL's teams and team_rules
 * are the shared record, with teams_state.version (the data version the set-up was saved at).
 * Each replica's DuckDB keeps a copy and resolves runs.team / cost_centre from it locally, in
 * the same transaction that brings its runs to the shared version: a set-up saved on one
 * replica moves the shared data version, so every replica's per-request check
 * (ReplicaCoordinator.current) re-resolves its runs before it answers again.
 */

export interface SharedTeams {
  version: number;
  /** The set-up, when its version differs from the one the local copy follows; else null. */
  config: TeamsConfig | null;
}

/** The set-up version the local copy follows (0: none, as PostgreSQL starts). */
export async function localTeamsVersion(conn: DuckDBConnection): Promise<number> {
  const row = (await conn.runAndReadAll("SELECT teams_version FROM replica_state WHERE id = 1")).getRowObjectsJS()[0];
  return row?.teams_version === null || row?.teams_version === undefined ? 0 : Number(row.teams_version);
}

export async function recordTeamsVersion(conn: DuckDBConnection, version: number): Promise<void> {
  await conn.run("UPDATE replica_state SET teams_version = $1 WHERE id = 1", [version]);
}

/** Read inside the catch-up's PostgreSQL snapshot, so the set-up and the runs agree. */
export async function readSharedTeams(client: PgClient, localVersion: number): Promise<SharedTeams> {
  const version = Number((await client.query("SELECT version FROM teams_state WHERE id = 1")).rows[0]?.version ?? 0);
  return { version, config: version === localVersion ? null : await readTeamsConfig(onClient(client)) };
}

/**
 * Inside the catch-up's DuckDB transaction, after the runs were copied (`replica_incoming`
 * holds an incremental catch-up's runs): a new set-up is copied and every run re-resolved;
 * otherwise the copied runs get their teams from the set-up the copy already follows.
 */
export async function followTeams(conn: DuckDBConnection, shared: SharedTeams, runs: "none" | "incremental" | "full"): Promise<void> {
  if (shared.config) {
    await writeTeamsConfig(conn, shared.config);
    await reassignAll(conn, shared.config);
    await recordTeamsVersion(conn, shared.version);
  } else if (runs === "full") {
    await reassignAll(conn, await readTeamsConfig(conn));
  } else if (runs === "incremental") {
    await assignBatch(conn, "runs", "SELECT run_id FROM replica_incoming");
  }
}

/** The saving replica's half: the set-up into PostgreSQL, inside the caller's transaction. */
export async function writeSharedTeams(client: PgClient, config: TeamsConfig, version: number): Promise<void> {
  await client.query("DELETE FROM team_rules");
  await client.query("DELETE FROM teams");
  for (const t of config.teams) {
    await client.query("INSERT INTO teams (name, cost_centre, manager_email) VALUES ($1, $2, $3)", [t.name, t.costCentre, t.managerEmail]);
  }
  if (config.rules.length > 0) {
    await client.query(
      `INSERT INTO team_rules (position, team, kind, pattern)
       SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[])`,
      [config.rules.map((_, i) => i), config.rules.map((r) => r.team), config.rules.map((r) => r.kind), config.rules.map((r) => r.pattern)],
    );
  }
  await client.query("UPDATE teams_state SET version = $1 WHERE id = 1", [version]);
}
