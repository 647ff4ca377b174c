import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import { HOURS_EXACT_EXPRESSION, WASTED_EXPRESSION } from "@/lib/store/derived-columns";
import { RUN_COLUMNS } from "@/lib/store/run-columns";
import type { BoundSql } from "@/lib/analytics/query";
import { inTransaction } from "@/lib/store/transaction";
import { assignBatch } from "@/lib/teams/assign";
import { normalisedSelect, readColumns, type ReadMode } from "./sql-normalise";
import { sqlLiteral } from "@/lib/store/sql-literal";

/**
 * Writes a batch of spooled pages in one transaction: DuckDB reads the pages' runs arrays,
 * normalises them (sql-normalise.ts), replaces them by runId (delete, then insert; or, for a
 * batch in a range of batchIds nothing stored reaches, insert and check), records the
 * unreadable ones and moves the cursor. Either all of it commits or none of it does, so a crash at any moment
 * leaves the store at the end of a whole batch of whole pages, and the cursor with it.
 */

export interface SpooledPage {
  /** The file holding the page's runs array. */
  file: string;
  /** The batchId the page was asked for (null: the oldest run). */
  requested: string | null;
  /** The cursor after this page, when the gateway gave one that moves forward. */
  next: string | null;
}

export type CursorColumn = "cursor" | "refresh_cursor" | "resync_cursor";

export interface BatchTarget {
  /** `runs`, or `runs_next` while a full re-sync builds beside the live data. */
  table: "runs" | "runs_next";
  cursorColumn: CursorColumn;
}

/**
 * Where the cursor goes once the batch commits: a batchId, null, or the batchId of the last run
 * on the last page (the end of the data: the next sync asks from there, inclusive, and the
 * upsert absorbs the repeat).
 */
export type CursorAfter = { value: string | null } | { lastRunOfLastPage: true };

export interface BatchResult {
  /** Runs read from the pages, readable or not. */
  seen: number;
  /** Runs upserted. */
  stored: number;
  /** Runs the gateway sent unreadable. */
  rejectedCount: number;
  /** The first of them, with their ids (null when the run had none). */
  rejected: { runId: string | null; reason: string }[];
  /** Whether DuckDB could read the batch typed, or had to fall back to text. */
  mode: ReadMode;
  /** The cursor stored with the batch. */
  cursor: string | null;
}

const COLUMN_LIST = RUN_COLUMNS.join(", ");
/** The stored columns written on insert: the runs columns and the derived ones of migration 4. */
const INSERT_COLUMNS = `${COLUMN_LIST}, compute_hours_exact, wasted`;
/** Over the normalised select's columns: computed once here, cheaper than filling them after. */
const INSERT_VALUES = `${COLUMN_LIST}, ${HOURS_EXACT_EXPRESSION} AS compute_hours_exact, ${WASTED_EXPRESSION} AS wasted`;

// Most rejected runs are listed in full; past this many per batch only the count grows.
const REJECTED_LISTED = 1000;

/** A failure of DuckDB's JSON reader (a value it cannot convert, or bytes that are not JSON). */
export function isJsonReadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /JSON|Conversion Error|Could not convert|Failed to cast|Invalid Input Error/i.test(message);
}

/**
 * Writes the batch, reading it typed and, when a value defeats the typed reader, again as text.
 * A batch DuckDB cannot read even as text throws (the caller looks at its pages one by one).
 */
export async function writeBatch(
  conn: DuckDBConnection,
  pages: readonly SpooledPage[],
  target: BatchTarget,
  after: CursorAfter,
): Promise<BatchResult> {
  try {
    return await writeBatchAs(conn, pages, target, after, "typed");
  } catch (error) {
    if (!isJsonReadError(error)) throw error;
    return writeBatchAs(conn, pages, target, after, "text");
  }
}

async function writeBatchAs(
  conn: DuckDBConnection,
  pages: readonly SpooledPage[],
  target: BatchTarget,
  after: CursorAfter,
  mode: ReadMode,
): Promise<BatchResult> {
  if (pages.length === 0) throw new Error("writeBatch needs at least one page");
  const files = `[${pages.map((p) => sqlLiteral(p.file)).join(", ")}]`;
  const source = `read_json(${files}, format = 'array', columns = ${readColumns(mode)}, filename = true)`;
  const normalised = normalisedSelect(source, mode);
  const lastFile = pages[pages.length - 1]!.file;

  // One transaction per attempt: the fresh-range insert, when its check fails, is rolled back
  // and the batch goes in again by upsert.
  const attempt = (fresh: boolean) =>
    inTransaction(conn, async () => {
      const written = fresh ? await insertIntoFreshRange(conn, pages[0]!.requested, target, normalised) : null;
      if (written === "undo") throw new FreshRangeUndone();
      const upsert = written ?? (await upsertBatch(conn, files, target, normalised));
      return finishBatch(conn, upsert, target, after, lastFile, mode);
    });
  try {
    const result = await attempt(true).catch((error) => {
      if (error instanceof FreshRangeUndone) return attempt(false);
      throw error;
    });
    await conn.run("DROP TABLE IF EXISTS sync_ids");
    return result;
  } catch (error) {
    await conn.run("DROP TABLE IF EXISTS sync_ids").catch(() => {});
    throw error;
  }
}

/** The fresh-range insert did not hold: roll it back (see insertIntoFreshRange). */
class FreshRangeUndone extends Error {}

/** Inside the batch's transaction, after its runs are in: rejected list, teams, cursor. */
async function finishBatch(
  conn: DuckDBConnection,
  upsert: Upsert,
  target: BatchTarget,
  after: CursorAfter,
  lastFile: string,
  mode: ReadMode,
): Promise<BatchResult> {
  if (upsert.stored > 0) {
    const anyRejected = (await conn.runAndReadAll("SELECT count(*) AS n FROM rejected_runs")).getRowObjectsJS()[0];
    if (Number(anyRejected?.n ?? 0) > upsert.rejectedCount) {
      await conn.run(
        `DELETE FROM rejected_runs WHERE run_key IN (SELECT run_id FROM ${target.table} WHERE run_id IN (${upsert.ids.sql}))`,
        upsert.ids.params,
      );
    }
  }

  // The batch's runs get their team in the same transaction: never seen without one.
  if (upsert.stored > 0) await assignBatch(conn, target.table, upsert.ids.sql, upsert.ids.params);

  // The cursor is the gateway's text: bound as a parameter, never spliced into the SQL.
  const cursorValues = "value" in after && after.value !== null ? [after.value] : [];
  const cursorSql =
    "value" in after
      ? after.value === null
        ? "NULL"
        : "$1"
      : `coalesce((SELECT "batchId" FROM read_json(${sqlLiteral(lastFile)}, format = 'array', columns = {"batchId": 'VARCHAR'})
                    WHERE "batchId" IS NOT NULL
                   ORDER BY length("batchId") DESC, "batchId" DESC LIMIT 1), ${target.cursorColumn})`;
  const bump = target.table === "runs" ? ", data_version = data_version + 1" : "";
  const cursorRow = (
    await conn.runAndReadAll(
      `UPDATE sync_state SET ${target.cursorColumn} = ${cursorSql}${bump} WHERE id = 1 RETURNING ${target.cursorColumn} AS c`,
      cursorValues,
    )
  ).getRowObjectsJS()[0];
  return {
    seen: upsert.seen,
    stored: upsert.stored,
    rejectedCount: upsert.rejectedCount,
    rejected: upsert.rejected,
    mode,
    cursor: cursorRow?.c === null || cursorRow?.c === undefined ? null : String(cursorRow.c),
  };
}

interface Upsert {
  seen: number;
  stored: number;
  rejectedCount: number;
  rejected: BatchResult["rejected"];
  /** A SELECT of the batch's run_ids and its bound values, valid until the transaction ends. */
  ids: BoundSql;
}

/** Thrown by DuckDB's error() inside the insert of insertIntoFreshRange. */
const UNREADABLE_RUN = "runledger: the batch holds an unreadable run";

/**
 * The common case of a backfill, with one read of the pages instead of two: no stored run has
 * a batchId at or after the batch's first requested one (the range the batch covers is new), so
 * there is nothing to replace and the batch goes straight in. Whether that held is checked
 * after the insert, exactly, on the table: every inserted run lies in that range, no runId is
 * there twice, and no run stored before the range shares a runId with one in it. A batch with
 * an unreadable run stops the insert at once (DuckDB's error()). Any of these, and the caller
 * rolls back and takes upsertBatch; so does a batch starting at a stored run (an incremental
 * sync, whose cursor is the last stored run, or the in-flight refresh), which skips all this.
 *
 * Returns null when the batch is not in a fresh range, "undo" when the insert must be rolled back.
 */
async function insertIntoFreshRange(
  conn: DuckDBConnection,
  from: string | null,
  target: BatchTarget,
  normalised: string,
): Promise<Upsert | null | "undo"> {
  // Digit batchIds compare by length, then text: their numeric order. The batchId is the
  // gateway's text: bound ($1), never spliced into the SQL.
  if (from !== null && !/^\d+$/.test(from)) return null;
  const inRange = from === null ? "true" : `(length(batch_id) > ${from.length} OR (length(batch_id) = ${from.length} AND batch_id >= $1))`;
  const rangeParams = from === null ? [] : [from];
  const before = (
    await conn.runAndReadAll(
      `SELECT count(*) AS total, count(*) FILTER (WHERE ${inRange}) AS in_range FROM ${target.table}`,
      rangeParams,
    )
  ).getRowObjectsJS()[0]!;
  if (Number(before.in_range) !== 0) return null;

  let inserted: number;
  try {
    inserted = Number(
      (
        await conn.run(
          `INSERT INTO ${target.table} (${INSERT_COLUMNS})
           SELECT ${INSERT_VALUES} FROM (${normalised})
            WHERE CASE WHEN reject_reason IS NULL THEN true ELSE error('${UNREADABLE_RUN}') END`,
        )
      ).rowsChanged,
    );
  } catch (error) {
    if (String(error instanceof Error ? error.message : error).includes(UNREADABLE_RUN)) return "undo";
    throw error;
  }

  // Distinct hashes: several times cheaper than distinct text; a collision only costs the undo.
  const after = (
    await conn.runAndReadAll(
      `SELECT count(*) AS n, count(DISTINCT hash(run_id)) AS ids FROM ${target.table} WHERE ${inRange}`,
      rangeParams,
    )
  ).getRowObjectsJS()[0]!;
  if (Number(after.n) !== inserted || Number(after.ids) !== inserted) return "undo";
  if (Number(before.total) > 0) {
    const shared = (
      await conn.runAndReadAll(
        `SELECT count(*) AS n FROM ${target.table}
          WHERE NOT ${inRange} AND run_id IN (SELECT run_id FROM ${target.table} WHERE ${inRange})`,
        rangeParams,
      )
    ).getRowObjectsJS()[0]!;
    if (Number(shared.n) !== 0) return "undo";
  }
  return {
    seen: inserted,
    stored: inserted,
    rejectedCount: 0,
    rejected: [],
    ids: { sql: `SELECT run_id FROM ${target.table} WHERE ${inRange}`, params: rangeParams },
  };
}

/**
 * Any batch: the batch's ids are read first (DuckDB reads only these two fields, a fraction of
 * the full read). They say which stored runs this batch replaces, how many runs it holds, and
 * whether a run appears twice in it.
 */
async function upsertBatch(conn: DuckDBConnection, files: string, target: BatchTarget, normalised: string): Promise<Upsert> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE sync_ids AS
       SELECT "runId" AS run_id, "batchId" AS batch_id, filename AS page_file
         FROM read_json(${files}, format = 'array', columns = {"runId": 'VARCHAR', "batchId": 'VARCHAR'}, filename = true)`,
  );
  const countRow = (
    await conn.runAndReadAll("SELECT count(*) AS seen, count(DISTINCT run_id) AS ids FROM sync_ids")
  ).getRowObjectsJS()[0]!;
  const seen = Number(countRow.seen);
  const distinctIds = Number(countRow.ids);

  await conn.run(`DELETE FROM ${target.table} WHERE run_id IN (SELECT run_id FROM sync_ids)`);
  // The full read goes straight into the table; the readable runs only. A run on two pages
  // of one batch: the later page wins (the newer read).
  const rows =
    distinctIds === seen
      ? `SELECT ${INSERT_VALUES} FROM (${normalised}) WHERE reject_reason IS NULL`
      : `SELECT ${INSERT_VALUES} FROM (${normalised}) WHERE reject_reason IS NULL
          QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY page_file DESC) = 1`;
  const inserted = Number((await conn.run(`INSERT INTO ${target.table} (${INSERT_COLUMNS}) ${rows}`)).rowsChanged);

  // Fewer stored than sent (duplicates aside): some runs could not be read. Only then is the
  // batch read a second time, for their ids and reasons.
  let rejectedCount = 0;
  let rejected: BatchResult["rejected"] = [];
  const readable = distinctIds === seen ? inserted : await countReadable(conn, normalised);
  if (readable < seen) {
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE sync_rejects AS
         SELECT run_id, batch_id, reject_reason FROM (${normalised}) WHERE reject_reason IS NOT NULL`,
    );
    await conn.run(
      `INSERT INTO rejected_runs (run_key, run_id, batch_id, reason, seen_at)
       SELECT coalesce(nullif(run_id, ''), '(no runId) batchId ' || coalesce(batch_id, '?')) AS run_key,
              any_value(run_id), any_value(batch_id), any_value(reject_reason), now()
         FROM sync_rejects
        GROUP BY 1
       ON CONFLICT (run_key) DO UPDATE SET reason = excluded.reason, batch_id = excluded.batch_id, seen_at = excluded.seen_at`,
    );
    const listed = await conn.runAndReadAll(
      `SELECT run_id, reject_reason, count(*) OVER () AS total FROM sync_rejects LIMIT ${REJECTED_LISTED}`,
    );
    const rows = listed.getRowObjectsJS();
    rejectedCount = Number(rows[0]?.total ?? 0);
    rejected = rows.map((r) => ({
      runId: r.run_id === null || r.run_id === "" ? null : String(r.run_id),
      reason: String(r.reject_reason),
    }));
    await conn.run("DROP TABLE sync_rejects");
  }
  return { seen, stored: inserted, rejectedCount, rejected, ids: { sql: "SELECT run_id FROM sync_ids", params: [] } };
}

/** Readable runs in the batch, duplicates included (only needed when the batch has duplicates). */
async function countReadable(conn: DuckDBConnection, normalised: string): Promise<number> {
  const row = (await conn.runAndReadAll(`SELECT count(*) AS n FROM (${normalised}) WHERE reject_reason IS NULL`)).getRowObjectsJS()[0];
  return Number(row?.n ?? 0);
}
