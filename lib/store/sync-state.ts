import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import { beginSnapshot, noteReadVersion } from "./transaction";

/**
 * Reading and recording the one `sync_state` row. Writes that go with a change to `runs`
 * (cursor, data_version) happen inside lib/sync's page transaction; these are the rest.
 */

export type SyncKind = "backfill" | "incremental" | "resync";

export interface SyncState {
  /** The next batchId to ask for; null: from the oldest run. */
  cursor: string | null;
  /** Where the in-flight refresh resumes; null: from the oldest open run. */
  refreshCursor: string | null;
  /** Where an unfinished full re-sync resumes; null with resyncActive: from the oldest run. */
  resyncCursor: string | null;
  resyncActive: boolean;
  /** Changes whenever `runs` changes: the key of every cache. */
  dataVersion: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  lastSync: { kind: SyncKind; runs: number; pages: number; seconds: number } | null;
}

export interface DataInfo {
  dataVersion: number;
  /** When the last sync finished: the data is complete up to that moment. */
  dataAsOf: string | null;
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  // TIMESTAMPTZ read as JS: a Date; read as text (epoch-free formats): parse it.
  const ms = Date.parse(String(value));
  return Number.isNaN(ms) ? String(value) : new Date(ms).toISOString();
}

function str(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export async function readSyncState(conn: DuckDBConnection): Promise<SyncState> {
  const reader = await conn.runAndReadAll(
    `SELECT cursor, refresh_cursor, resync_cursor, resync_active, data_version,
            last_success_at, last_attempt_at, last_error_code, last_error_message, last_error_at,
            last_sync_kind, last_sync_runs, last_sync_pages, last_sync_seconds
       FROM sync_state WHERE id = 1`,
  );
  const row = reader.getRowObjectsJS()[0];
  if (!row) throw new Error("sync_state has no row: the store was not migrated");
  const errorCode = str(row.last_error_code);
  const kind = str(row.last_sync_kind) as SyncKind | null;
  return {
    cursor: str(row.cursor),
    refreshCursor: str(row.refresh_cursor),
    resyncCursor: str(row.resync_cursor),
    resyncActive: row.resync_active === true,
    dataVersion: Number(row.data_version),
    lastSuccessAt: iso(row.last_success_at),
    lastAttemptAt: iso(row.last_attempt_at),
    lastError:
      errorCode === null
        ? null
        : { code: errorCode, message: str(row.last_error_message) ?? "", at: iso(row.last_error_at) ?? iso(row.last_attempt_at) ?? "" },
    lastSync:
      kind === null
        ? null
        : {
            kind,
            runs: Number(row.last_sync_runs ?? 0),
            pages: Number(row.last_sync_pages ?? 0),
            seconds: Number(row.last_sync_seconds ?? 0),
          },
  };
}

/** What caches and "data as of" labels need: cheap, one row. */
export async function readDataInfo(conn: DuckDBConnection): Promise<DataInfo> {
  const reader = await conn.runAndReadAll("SELECT data_version, last_success_at FROM sync_state WHERE id = 1");
  const row = reader.getRowObjectsJS()[0];
  return { dataVersion: Number(row?.data_version ?? 0), dataAsOf: iso(row?.last_success_at) };
}

/**
 * Begins a read transaction on `conn` and keeps it only when it reads `dataVersion`: every
 * transaction that changes `runs` bumps data_version (lib/sync), so a second connection that
 * passes sees the same runs as the transaction that read that version. Returns whether it
 * passed; when it did not, the transaction is rolled back.
 */
export async function beginAtVersion(conn: DuckDBConnection, dataVersion: number): Promise<boolean> {
  const kept = await beginSnapshot(conn, async () => (await readDataInfo(conn)).dataVersion === dataVersion);
  if (kept) noteReadVersion(conn, dataVersion);
  return kept;
}

export interface StoreCounts {
  runCount: number;
  inFlight: number;
  rejectedRuns: number;
}

export async function readStoreCounts(conn: DuckDBConnection): Promise<StoreCounts> {
  const reader = await conn.runAndReadAll(
    `SELECT (SELECT count(*) FROM runs) AS runs,
            (SELECT count(*) FROM runs WHERE in_flight) AS open,
            (SELECT count(*) FROM rejected_runs) AS rejected`,
  );
  const row = reader.getRowObjectsJS()[0];
  return { runCount: Number(row?.runs ?? 0), inFlight: Number(row?.open ?? 0), rejectedRuns: Number(row?.rejected ?? 0) };
}

/** Up to `limit` of the runs the gateway sent unreadable, newest first, for the health page. */
export async function readRejectedRuns(
  conn: DuckDBConnection,
  limit = 20,
): Promise<{ runId: string | null; batchId: string | null; reason: string }[]> {
  const reader = await conn.runAndReadAll(
    "SELECT run_id, batch_id, reason FROM rejected_runs ORDER BY seen_at DESC, run_key LIMIT $limit",
    { limit },
  );
  return reader.getRowObjectsJS().map((row) => ({ runId: str(row.run_id), batchId: str(row.batch_id), reason: String(row.reason) }));
}

export async function recordSyncStart(conn: DuckDBConnection, at: Date): Promise<void> {
  await conn.run("UPDATE sync_state SET last_attempt_at = $at::TIMESTAMPTZ WHERE id = 1", { at: at.toISOString() });
}

export async function recordSyncSuccess(
  conn: DuckDBConnection,
  at: Date,
  summary: { kind: SyncKind; runs: number; pages: number; seconds: number },
): Promise<void> {
  await conn.run(
    `UPDATE sync_state
        SET last_success_at = $at::TIMESTAMPTZ, last_error_code = NULL, last_error_message = NULL, last_error_at = NULL,
            last_sync_kind = $kind, last_sync_runs = $runs, last_sync_pages = $pages, last_sync_seconds = $seconds
      WHERE id = 1`,
    { at: at.toISOString(), kind: summary.kind, runs: summary.runs, pages: summary.pages, seconds: summary.seconds },
  );
}

export async function recordSyncError(conn: DuckDBConnection, at: Date, code: string, message: string): Promise<void> {
  await conn.run(
    `UPDATE sync_state
        SET last_error_code = $code, last_error_message = $message, last_error_at = $at::TIMESTAMPTZ
      WHERE id = 1`,
    { at: at.toISOString(), code, message },
  );
}
