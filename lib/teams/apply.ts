import type { DuckDBConnection } from "@duckdb/node-api";
import { runQuery } from "@/lib/analytics/query";
import type { Store } from "@/lib/store/db";
import { assignAll, reassignAll, type Assignment } from "./assign";
import type { TeamsConfig } from "./config";
import { writeTeamsConfig } from "./store";
import { inTransaction } from "@/lib/store/transaction";

/**
 * Saving a set-up applies it to history at once: in one transaction the teams and rules are
 * replaced, every run's team is re-resolved and the data version moves, so cached answers and
 * rollups are never read for the old teams again (the caller rebuilds the rollups after).
 */

export interface TieReport {
  /** The identity whose rules tie. */
  projectKey: string;
  user: string;
  teams: string;
  runs: number;
}

/** Identities of the stored runs that `config` leaves tied between teams, with their run counts. */
export async function tiesUnder(conn: DuckDBConnection, config: TeamsConfig, limit = 50): Promise<TieReport[]> {
  const rows = await runQuery(conn, "SELECT project_key, project_owner_name, user_name, count(*) AS runs FROM runs GROUP BY ALL");
  const assignments = assignAll(
    config,
    rows.map((r) => ({ projectKey: String(r.project_key), owner: String(r.project_owner_name), user: String(r.user_name) })),
  );
  return assignments
    .map((a, i) => ({ a, runs: Number(rows[i]!.runs) }))
    .filter(({ a }) => a.conflict !== null)
    .sort((x, y) => y.runs - x.runs)
    .slice(0, limit)
    .map(({ a, runs }) => ({ projectKey: a.projectKey, user: a.user, teams: a.conflict!, runs }));
}

export interface SaveOutcome {
  identities: number;
  runsChanged: number;
  ms: number;
}

/** DuckDB's answer when another connection holds changes to the same rows (a sync batch). */
const isWriteConflict = (error: unknown) => /conflict/i.test(error instanceof Error ? error.message : String(error));

/**
 * Replaces the set-up and re-resolves every run, in one transaction. A sync batch in flight
 * (it too moves sync_state's data version) makes DuckDB refuse the save as a write conflict:
 * the whole apply is then done again once the batch is in, on the new snapshot, a few times
 * at most (a batch commits within seconds).
 */
export async function applyTeamsConfig(
  store: Store,
  config: TeamsConfig,
  options: { beforeRetry?: (attempt: number) => Promise<void> } = {},
): Promise<SaveOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(store, config);
    } catch (error) {
      if (attempt >= 6 || !isWriteConflict(error)) throw error;
      await (options.beforeRetry?.(attempt) ?? new Promise((resolve) => setTimeout(resolve, 250 * attempt)));
    }
  }
}

async function applyOnce(store: Store, config: TeamsConfig): Promise<SaveOutcome> {
  const started = performance.now();
  const conn = await store.connect();
  try {
    const outcome = await inTransaction(conn, async () => {
      await writeTeamsConfig(conn, config);
      const reassigned = await reassignAll(conn, config);
      await conn.run("UPDATE sync_state SET data_version = data_version + 1 WHERE id = 1");
      return reassigned;
    });
    return { ...outcome, ms: performance.now() - started };
  } finally {
    conn.closeSync();
  }
}

/** The current conflicts: identities seen by the sync whose rules tie. */
export async function currentConflicts(conn: DuckDBConnection): Promise<TieReport[]> {
  const rows = await runQuery(
    conn,
    `SELECT a.project_key, a.user_name, a.conflict, count(r.run_id) AS runs
     FROM team_assignments a LEFT JOIN runs r ON r.project_key = a.project_key AND r.user_name = a.user_name
     WHERE a.conflict IS NOT NULL GROUP BY ALL ORDER BY runs DESC LIMIT 50`,
  );
  return rows.map((r) => ({ projectKey: String(r.project_key), user: String(r.user_name), teams: String(r.conflict), runs: Number(r.runs) }));
}

export type { Assignment };
