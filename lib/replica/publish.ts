import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { copyFileIn, inPgTransaction, type PgClient } from "@/lib/store/postgres/connection";
import { SHARED_RUN_COLUMNS } from "@/lib/store/postgres/schema";
import { readCsvSql } from "./csv-columns";
import { pgStateAssignments, readLocalStamp, type SharedStamp } from "./follow";
import { STATE_AS_TEXT, textRow } from "./state-columns";
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

export interface PublishOutcome {
  runs: number;
  stamp: SharedStamp;
}

/** Publishes the runs of the batch read from `files` (the spooled pages) and the state after it. */
export async function publishBatch(conn: DuckDBConnection, client: PgClient, files: readonly string[]): Promise<PublishOutcome> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-publish-"));
  try {
    const idsFile = path.join(dir, "ids.csv");
    const runsFile = path.join(dir, "runs.csv");
    const version = (await readLocalStamp(conn)).dataVersion;
    const list = `[${files.map(sqlLiteral).join(", ")}]`;
    await conn.run(
      `COPY (SELECT DISTINCT "runId" AS run_id FROM read_json(${list}, format = 'array', columns = {"runId": 'VARCHAR'})
              WHERE "runId" IS NOT NULL AND "runId" <> '')
         TO ${sqlLiteral(idsFile)} (FORMAT csv, HEADER false)`,
    );
    await conn.run(
      `COPY (SELECT ${COLS}, ${version} AS row_version FROM runs
              WHERE run_id IN (SELECT run_id FROM ${readCsvSql(idsFile, "{'run_id': 'VARCHAR'}")}))
         TO ${sqlLiteral(runsFile)} (FORMAT csv, HEADER false)`,
    );
    return await inPgTransaction(client, async () => {
      await client.query("CREATE TEMP TABLE publish_ids (run_id text PRIMARY KEY) ON COMMIT DROP");
      await copyFileIn(client, "COPY publish_ids FROM STDIN (FORMAT csv)", idsFile);
      await client.query("DELETE FROM runs USING publish_ids WHERE runs.run_id = publish_ids.run_id");
      const runs = await copyFileIn(client, `COPY runs (${COLS}, row_version) FROM STDIN (FORMAT csv)`, runsFile);
      // Ids of the batch no longer stored (they arrived unreadable): followers delete them.
      await client.query(
        `INSERT INTO run_tombstones (run_id, row_version)
         SELECT i.run_id, $1 FROM publish_ids i WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = i.run_id)
         ON CONFLICT (run_id) DO UPDATE SET row_version = excluded.row_version`,
        [version],
      );
      const stamp = await publishStateIn(conn, client, dir, version);
      return { runs, stamp };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

async function publishStateIn(conn: DuckDBConnection, client: PgClient, dir: string, version: number): Promise<SharedStamp> {
  const rejectedFile = path.join(dir, "rejected.csv");
  await conn.run(
    `COPY (SELECT run_key, run_id, batch_id, reason, seen_at FROM rejected_runs) TO ${sqlLiteral(rejectedFile)} (FORMAT csv, HEADER false)`,
  );
  await client.query("DELETE FROM rejected_runs");
  await copyFileIn(client, "COPY rejected_runs (run_key, run_id, batch_id, reason, seen_at) FROM STDIN (FORMAT csv)", rejectedFile);
  const state = textRow((await conn.runAndReadAll(`SELECT ${STATE_AS_TEXT} FROM sync_state WHERE id = 1`)).getRowObjectsJS()[0]!);
  const { sql, values } = pgStateAssignments(state);
  const row = (
    await client.query(`UPDATE sync_state SET ${sql}, serial = serial + 1 WHERE id = 1 RETURNING data_version, generation, serial`, values)
  ).rows[0];
  const stamp: SharedStamp = { dataVersion: Number(row.data_version), generation: Number(row.generation), serial: Number(row.serial) };
  if (stamp.dataVersion !== version) throw new Error(`published version ${stamp.dataVersion} is not the local ${version}`);
  return stamp;
}

/** Records in the local copy that it now equals the shared `stamp`. */
export async function recordPublished(conn: DuckDBConnection, stamp: SharedStamp): Promise<void> {
  await conn.run("UPDATE replica_state SET shared_version = $v, shared_generation = $g, shared_serial = $s WHERE id = 1", {
    v: stamp.dataVersion,
    g: stamp.generation,
    s: stamp.serial,
  });
}
