import "server-only";
import { refreshRollupsQuietly } from "@/lib/analytics/rollup-refresh";
import { env } from "@/lib/env";
import type { DuckDBConnection } from "@duckdb/node-api";
import { getStore, withConnection } from "@/lib/store/db";
import { applyTeamsConfig, currentConflicts, tiesUnder, type SaveOutcome, type TieReport } from "./apply";
import type { TeamsConfig } from "./config";
import { previewTeamsConfig, type Preview } from "./preview";
import { readTeamsConfig } from "./store";

/** The routes' entry points: the process's store and zone, one connection per call. */

async function withConn<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  return withConnection(await getStore(env().DATA_DIR), fn);
}

export interface TeamsState extends TeamsConfig {
  /** Identities whose rules tie now (new runs since the last save can add some). */
  conflicts: TieReport[];
}

export function loadTeams(): Promise<TeamsState> {
  return withConn(async (conn) => ({ ...(await readTeamsConfig(conn)), conflicts: await currentConflicts(conn) }));
}

export function loadTeamsConfig(): Promise<TeamsConfig> {
  return withConn((conn) => readTeamsConfig(conn));
}

export interface PreviewAnswer extends Preview {
  /** Identities the new rules would leave tied: saving is refused while there are any. */
  conflicts: TieReport[];
}

export function previewTeams(config: TeamsConfig): Promise<PreviewAnswer> {
  return withConn(async (conn) => ({
    ...(await previewTeamsConfig(conn, config, env().RUNLEDGER_TIMEZONE, Date.now())),
    conflicts: await tiesUnder(conn, config),
  }));
}

export function tiesFor(config: TeamsConfig): Promise<TieReport[]> {
  return withConn((conn) => tiesUnder(conn, config));
}

/**
 * Saves and applies to history; the rollups follow at once so the overview stays fast. With
 * DATABASE_URL the set-up is saved for every replica (lib/replica/coordinator.ts publishTeams).
 */
export async function saveTeams(config: TeamsConfig): Promise<SaveOutcome> {
  const store = await getStore(env().DATA_DIR);
  const replica = env().DATABASE_URL ? await startedReplica() : null;
  const outcome = replica
    ? await replica.publishTeams(config, () => applyTeamsConfig(store, config))
    : await applyTeamsConfig(store, config);
  await refreshRollupsQuietly(store);
  return outcome;
}

/** The process's replica: started with the sync manager (lib/sync/sync-manager.ts). */
async function startedReplica() {
  const [{ getSyncManager }, { processReplica }] = await Promise.all([import("@/lib/sync/sync-manager"), import("@/lib/replica/start")]);
  await getSyncManager();
  const replica = processReplica();
  if (!replica) throw new Error("DATABASE_URL is set but this process is not a replica");
  return replica;
}
