import "server-only";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { copyOutToFile, type PgPool } from "@/lib/store/postgres/connection";
import { SHARED_RUN_COLUMNS } from "@/lib/store/postgres/schema";
import { duckCsvColumns, readCsvSql } from "./csv-columns";
import { followTeams, localTeamsVersion, readSharedTeams } from "./follow-teams";
import { PG_TYPE, STATE_AS_TEXT, STATE_COLUMN_NAMES, SYNC_STATE_COLUMNS, textRow, type SyncStateText } from "./state-columns";

/**
 * A replica's local DuckDB following the shared PostgreSQL (docs/replicas.md): the runs that
 * changed since the version it holds (PostgreSQL's row_version), the runs removed
 * (run_tombstones), the rejected runs and the sync state, applied in one DuckDB transaction, so
 * a reader sees the old version or the new one, never a mix. Everything is read from one
 * PostgreSQL snapshot (REPEATABLE READ), so the rows and the version they are filed under agree.
 */

export interface SharedStamp {
  dataVersion: number;
  generation: number;
  serial: number;
}

export interface LocalStamp {
  /** data_version of the local sync_state. */
  dataVersion: number;
  /** What replica_state says the local copy equals; null: never followed. */
  shared: SharedStamp | null;
}

export interface CatchUp {
  kind: "none" | "state" | "incremental" | "full";
  runs: number;
  ms: number;
  stamp: SharedStamp;
}

const COLS = SHARED_RUN_COLUMNS.join(", ");

export async function readLocalStamp(conn: DuckDBConnection): Promise<LocalStamp> {
  const row = (
    await conn.runAndReadAll(
      `SELECT s.data_version, r.shared_version, r.shared_generation, r.shared_serial
         FROM sync_state s, replica_state r WHERE s.id = 1 AND r.id = 1`,
    )
  ).getRowObjectsJS()[0]!;
  const shared =
    row.shared_version === null || row.shared_generation === null || row.shared_serial === null
      ? null
      : { dataVersion: Number(row.shared_version), generation: Number(row.shared_generation), serial: Number(row.shared_serial) };
  return { dataVersion: Number(row.data_version), shared };
}

export async function readSharedStamp(pool: PgPool): Promise<SharedStamp> {
  const row = (await pool.query("SELECT data_version, generation, serial FROM sync_state WHERE id = 1")).rows[0];
  return { dataVersion: Number(row.data_version), generation: Number(row.generation), serial: Number(row.serial) };
}

/** Whether the local copy holds exactly `shared` (and no unpublished writes of its own). */
export function holds(local: LocalStamp, shared: SharedStamp): boolean {
  return (
    local.shared !== null &&
    local.dataVersion === local.shared.dataVersion &&
    local.shared.dataVersion === shared.dataVersion &&
    local.shared.generation === shared.generation &&
    local.shared.serial === shared.serial
  );
}

/** Brings `store` to PostgreSQL's current state. Callers serialise calls per store. */
export async function catchUp(store: Store, pool: PgPool): Promise<CatchUp> {
  const started = performance.now();
  const conn = await store.connect();
  const client = await pool.connect();
  const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-follow-"));
  try {
    await conn.run("SET TimeZone = 'UTC'");
    await client.query("SET TimeZone = 'UTC'");
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      const stateRow = (
        await client.query(`SELECT ${STATE_AS_TEXT}, generation, serial FROM sync_state WHERE id = 1`)
      ).rows[0] as Record<string, unknown>;
      const stamp: SharedStamp = {
        dataVersion: Number(stateRow.data_version),
        generation: Number(stateRow.generation),
        serial: Number(stateRow.serial),
      };
      const local = await readLocalStamp(conn);
      if (holds(local, stamp)) {
        await client.query("COMMIT");
        return { kind: "none", runs: 0, ms: performance.now() - started, stamp };
      }
      // A copy that wrote runs it did not publish (a syncer stopped between its local commit and
      // PostgreSQL's), that follows another generation, or that is somehow ahead: start afresh.
      const full =
        local.shared === null ||
        local.dataVersion !== local.shared.dataVersion ||
        local.shared.generation !== stamp.generation ||
        local.shared.dataVersion > stamp.dataVersion;
      const since = full ? -1 : local.shared!.dataVersion;
      const runsFile = path.join(dir, "runs.csv");
      const tombFile = path.join(dir, "tombstones.csv");
      const rejectedFile = path.join(dir, "rejected.csv");
      let runs = 0;
      const runsChanged = full || stamp.dataVersion !== local.shared!.dataVersion;
      if (runsChanged) {
        runs = await copyOutToFile(client, `COPY (SELECT ${COLS} FROM runs WHERE row_version > ${since}) TO STDOUT (FORMAT csv)`, runsFile);
        if (!full) {
          writeFileSync(tombFile, "");
          await copyOutToFile(client, `COPY (SELECT run_id FROM run_tombstones WHERE row_version > ${since}) TO STDOUT (FORMAT csv)`, tombFile);
        }
      }
      await copyOutToFile(
        client,
        "COPY (SELECT run_key, run_id, batch_id, reason, seen_at FROM rejected_runs) TO STDOUT (FORMAT csv)",
        rejectedFile,
      );
      // A full reload takes the set-up too, whatever the copy held before.
      const teams = await readSharedTeams(client, full ? -1 : await localTeamsVersion(conn));
      await client.query("COMMIT");

      await conn.run("BEGIN TRANSACTION");
      try {
        if (runsChanged) {
          const incoming = readCsvSql(runsFile, duckCsvColumns());
          if (full) {
            await conn.run("DELETE FROM runs");
            await conn.run(`INSERT INTO runs (${COLS}) SELECT * FROM ${incoming}`);
          } else {
            await conn.run(`CREATE OR REPLACE TEMP TABLE replica_incoming AS SELECT * FROM ${incoming}`);
            await conn.run(
              `DELETE FROM runs WHERE run_id IN (SELECT run_id FROM replica_incoming
                 UNION ALL SELECT run_id FROM ${readCsvSql(tombFile, "{'run_id': 'VARCHAR'}")})`,
            );
            await conn.run(`INSERT INTO runs (${COLS}) SELECT * FROM replica_incoming`);
          }
        }
        // runs.team is resolved here, from the shared set-up: it is not among the copied columns.
        await followTeams(conn, teams, !runsChanged ? "none" : full ? "full" : "incremental");
        await conn.run("DELETE FROM rejected_runs");
        await conn.run(
          `INSERT INTO rejected_runs (run_key, run_id, batch_id, reason, seen_at)
           SELECT * FROM ${readCsvSql(rejectedFile, "{'run_key': 'VARCHAR', 'run_id': 'VARCHAR', 'batch_id': 'VARCHAR', 'reason': 'VARCHAR', 'seen_at': 'TIMESTAMPTZ'}")}`,
        );
        await writeLocalState(conn, textRow(stateRow));
        await conn.run(
          "UPDATE replica_state SET shared_version = $v, shared_generation = $g, shared_serial = $s WHERE id = 1",
          { v: stamp.dataVersion, g: stamp.generation, s: stamp.serial },
        );
        await conn.run("COMMIT");
      } catch (error) {
        await conn.run("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        await conn.run("DROP TABLE IF EXISTS replica_incoming").catch(() => {});
      }
      return { kind: full ? "full" : runsChanged ? "incremental" : "state", runs, ms: performance.now() - started, stamp };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    client.release();
    conn.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes every copied sync_state column into the local row (values as text, cast back). */
export async function writeLocalState(conn: DuckDBConnection, state: SyncStateText): Promise<void> {
  const sets = STATE_COLUMN_NAMES.map((c) => `${c} = CAST($${c} AS ${SYNC_STATE_COLUMNS[c]})`).join(", ");
  await conn.run(`UPDATE sync_state SET ${sets} WHERE id = 1`, state);
}

/** The same for PostgreSQL: the SET list and its values ($1…), after `offset` other parameters. */
export function pgStateAssignments(state: SyncStateText, offset = 0): { sql: string; values: (string | null)[] } {
  const sql = STATE_COLUMN_NAMES.map((c, i) => `${c} = CAST($${i + 1 + offset} AS ${PG_TYPE[SYNC_STATE_COLUMNS[c]]})`).join(", ");
  return { sql, values: STATE_COLUMN_NAMES.map((c) => state[c]) };
}
