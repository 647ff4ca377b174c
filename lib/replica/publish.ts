import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { copyFileIn, inPgTransaction, type PgClient } from "@/lib/store/postgres/connection";
import { SHARED_RUN_COLUMNS } from "@/lib/store/postgres/schema";
import { readCsvSql } from "./csv-columns";
import { pgStateAssignments, readLocalStamp, type SharedStamp } from "./follow";
import { STATE_AS_TEXT, textRow, type SyncStateText } from "./state-columns";
import { sqlLiteral } from "@/lib/store/sql-literal";

/**
 * The syncing replica publishing what its sync wrote into its local DuckDB to the shared
 * PostgreSQL (docs/replicas.md): after each committed batch, the batch's runs (replaced by
 * run_id, COPY in), the runs it removed (tombstones), the rejected runs and the sync state with
 * its cursor, in one PostgreSQL transaction. The local sync already normalised and checked the
 * runs (lib/sync), so both databases hold the same values by construction.
 *
 * Called only while holding the sync lock (coordinator.ts), on the lock's own session.
 */

const COLS = SHARED_RUN_COLUMNS.join(", ");
const IDS = "ids.csv";
const RUNS = "runs.csv";
const REJECTED = "rejected.csv";

export interface PublishOutcome {
  runs: number;
  stamp: SharedStamp;
}

/** A batch exported from the local DuckDB, ready to be applied to PostgreSQL (`applyBatch`). */
export interface PreparedBatch {
  dir: string;
  version: number;
  state: SyncStateText;
}

/**
 * Exports what publishing the batch read from `files` (the spooled pages) needs from the local
 * DuckDB, on the sync's connection, before the next batch writes: the batch's run ids, its runs
 * as stored, the rejected runs and the sync state with its cursor, all as of this batch.
 */
export async function prepareBatch(conn: DuckDBConnection, files: readonly string[]): Promise<PreparedBatch> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-publish-"));
  try {
    const version = (await readLocalStamp(conn)).dataVersion;
    const list = `[${files.map(sqlLiteral).join(", ")}]`;
    await conn.run(
      `COPY (SELECT DISTINCT "runId" AS run_id FROM read_json(${list}, format = 'array', columns = {"runId": 'VARCHAR'})
              WHERE "runId" IS NOT NULL AND "runId" <> '')
         TO ${sqlLiteral(path.join(dir, IDS))} (FORMAT csv, HEADER false)`,
    );
    await conn.run(
      `COPY (SELECT ${COLS}, ${version} AS row_version FROM runs
              WHERE run_id IN (SELECT run_id FROM ${readCsvSql(path.join(dir, IDS), "{'run_id': 'VARCHAR'}")}))
         TO ${sqlLiteral(path.join(dir, RUNS))} (FORMAT csv, HEADER false)`,
    );
    return { dir, version, state: await exportState(conn, dir) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Applies a prepared batch in one PostgreSQL transaction: its run ids' rows replaced by its
 * runs (COPY), tombstones for ids it no longer stores, the rejected runs and the state. Needs
 * nothing of the local DuckDB, so it may run while the next batch is written locally; the
 * cursor it publishes is the one exported with these runs, never ahead of them.
 */
export async function applyBatch(client: PgClient, batch: PreparedBatch): Promise<PublishOutcome> {
  try {
    return await inPgTransaction(client, async () => {
      await client.query("CREATE TEMP TABLE publish_ids (run_id text PRIMARY KEY) ON COMMIT DROP");
      await copyFileIn(client, "COPY publish_ids FROM STDIN (FORMAT csv)", path.join(batch.dir, IDS));
      await client.query("DELETE FROM runs USING publish_ids WHERE runs.run_id = publish_ids.run_id");
      const runs = await copyFileIn(client, `COPY runs (${COLS}, row_version) FROM STDIN (FORMAT csv)`, path.join(batch.dir, RUNS));
      // Ids of the batch no longer stored (they arrived unreadable): followers delete them.
      await client.query(
        `INSERT INTO run_tombstones (run_id, row_version)
         SELECT i.run_id, $1 FROM publish_ids i WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = i.run_id)
         ON CONFLICT (run_id) DO UPDATE SET row_version = excluded.row_version`,
        [batch.version],
      );
      return { runs, stamp: await applyState(client, batch.dir, batch.state, batch.version) };
    });
  } finally {
    rmSync(batch.dir, { recursive: true, force: true });
  }
}

/** Publishes the runs of the batch read from `files` and the state after it, at once. */
export async function publishBatch(conn: DuckDBConnection, client: PgClient, files: readonly string[]): Promise<PublishOutcome> {
  return applyBatch(client, await prepareBatch(conn, files));
}

/**
 * Publishes every local run in place of the shared ones (after a full re-sync switched them,
 * or when the local copy got ahead otherwise): a new generation, so followers reload.
 */
export async function publishAll(conn: DuckDBConnection, client: PgClient): Promise<PublishOutcome> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-publish-"));
  try {
    const runsFile = path.join(dir, "runs.csv");
    const version = (await readLocalStamp(conn)).dataVersion;
    await conn.run(`COPY (SELECT ${COLS}, ${version} AS row_version FROM runs) TO ${sqlLiteral(runsFile)} (FORMAT csv, HEADER false)`);
    return await inPgTransaction(client, async () => {
      await client.query("TRUNCATE runs, run_tombstones");
      const runs = await copyFileIn(client, `COPY runs (${COLS}, row_version) FROM STDIN (FORMAT csv)`, runsFile);
      await client.query("UPDATE sync_state SET generation = generation + 1 WHERE id = 1");
      const stamp = await publishStateIn(conn, client, dir, version);
      return { runs, stamp };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Publishes the sync state and rejected runs alone (a sync's start, end or failure). */
export async function publishState(conn: DuckDBConnection, client: PgClient): Promise<SharedStamp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-publish-"));
  try {
    const version = (await readLocalStamp(conn)).dataVersion;
    return await inPgTransaction(client, () => publishStateIn(conn, client, dir, version));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Exports the rejected runs (a CSV in `dir`) and returns the sync state, as text. */
async function exportState(conn: DuckDBConnection, dir: string): Promise<SyncStateText> {
  await conn.run(
    `COPY (SELECT run_key, run_id, batch_id, reason, seen_at FROM rejected_runs) TO ${sqlLiteral(path.join(dir, REJECTED))} (FORMAT csv, HEADER false)`,
  );
  return textRow((await conn.runAndReadAll(`SELECT ${STATE_AS_TEXT} FROM sync_state WHERE id = 1`)).getRowObjectsJS()[0]!);
}

/** Replaces the shared rejected runs and state by the exported ones (inside a transaction). */
async function applyState(client: PgClient, dir: string, state: SyncStateText, version: number): Promise<SharedStamp> {
  await client.query("DELETE FROM rejected_runs");
  await copyFileIn(client, "COPY rejected_runs (run_key, run_id, batch_id, reason, seen_at) FROM STDIN (FORMAT csv)", path.join(dir, REJECTED));
  const { sql, values } = pgStateAssignments(state);
  const row = (
    await client.query(`UPDATE sync_state SET ${sql}, serial = serial + 1 WHERE id = 1 RETURNING data_version, generation, serial`, values)
  ).rows[0];
  const stamp: SharedStamp = { dataVersion: Number(row.data_version), generation: Number(row.generation), serial: Number(row.serial) };
  if (stamp.dataVersion !== version) throw new Error(`published version ${stamp.dataVersion} is not the local ${version}`);
  return stamp;
}

/** Exports the state from the local DuckDB, then applies it (inside a transaction). */
async function publishStateIn(conn: DuckDBConnection, client: PgClient, dir: string, version: number): Promise<SharedStamp> {
  return applyState(client, dir, await exportState(conn, dir), version);
}


/** Records in the local copy that it now equals the shared `stamp`. */
export async function recordPublished(conn: DuckDBConnection, stamp: SharedStamp): Promise<void> {
  await conn.run("UPDATE replica_state SET shared_version = $v, shared_generation = $g, shared_serial = $s WHERE id = 1", {
    v: stamp.dataVersion,
    g: stamp.generation,
    s: stamp.serial,
  });
}
