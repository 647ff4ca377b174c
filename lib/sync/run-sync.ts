import "server-only";
import { readFileSync, writeFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { fetchPage, type FetchPageOptions } from "@/lib/gateway/client";
import type { GatewayConnection } from "@/lib/gateway/connection";
import { isGatewayError } from "@/lib/gateway/errors";
import { parsePage } from "@/lib/gateway/parse-page";
import type { Store } from "@/lib/store/db";
import {
  readStoreCounts,
  readSyncState,
  recordSyncStart,
  recordSyncSuccess,
  type SyncKind,
} from "@/lib/store/sync-state";
import { writeBatch, isJsonReadError, type BatchTarget, type CursorAfter, type SpooledPage } from "./batch-writer";
import type { AfterBatch } from "./coordinator";
import { advances, compareBatchIds } from "./cursor";
import { framePage, type FramedPage } from "./page-frame";
import { ProgressTracker, type SyncProgress } from "./progress";
import { Spool } from "./spool";
import { inTransaction } from "@/lib/store/transaction";

/**
 * One sync from the gateway into the store.
 *
 * Forward: from the stored cursor (the oldest run on the first sync) to the end, reading one
 * page ahead while DuckDB writes the pages before; each batch of pages commits with the cursor
 * after it, so a crash loses at most the batch being written and a restart resumes there.
 *
 * In-flight refresh: runs read before they finished keep their batchId, so a forward-only
 * cursor would never see them again. After the forward pass the sync re-reads the pages that
 * hold open runs, oldest first, jumping from one open run to the next, at most
 * `refreshPageCap` pages per sync; `refresh_cursor` remembers where the next sync continues.
 *
 * Full re-sync: the same forward pass into `runs_next` beside the live data, then one
 * transaction replaces `runs` with it.
 */

export interface SyncOptions {
  store: Store;
  gateway: GatewayConnection;
  /** Where page bodies wait for DuckDB; emptied at the start. */
  spoolDir: string;
  /** Rebuild everything beside the live data and switch at the end. */
  full?: boolean;
  signal?: AbortSignal;
  /** Called after every committed batch. */
  onProgress?: (kind: SyncKind, progress: SyncProgress) => void;
  /** A batch commits when it holds this many pages… */
  batchPages?: number;
  /** …or this many bytes of runs… */
  batchBytes?: number;
  /** …or once its first page has waited this long, so a slow gateway still shows progress. */
  batchMaxWaitMs?: number;
  /** Pages the in-flight refresh may read per sync. */
  refreshPageCap?: number;
  /** Runs per refresh request (capped by the gateway connection's limit). */
  refreshLimit?: number;
  fetchOptions?: Pick<FetchPageOptions, "retry" | "onRetry">;
  now?: () => number;
  /** Replicas (DATABASE_URL): publishes each committed batch before the next one is written. */
  afterBatch?: AfterBatch;
}

export interface SyncSummary {
  kind: SyncKind;
  runsStored: number;
  pages: number;
  rejected: { runId: string | null; reason: string }[];
  rejectedCount: number;
  refreshPages: number;
  seconds: number;
  cursor: string | null;
}

/**
 * 200 pages of 1,000 runs per batch, not 100: an insert of at least one DuckDB row group
 * (122,880 rows) is written by DuckDB straight into compressed row groups and merged into the
 * table at commit, where a smaller one is copied into the table at commit and compressed again
 * by the checkpoint that follows. 200,000 runs also leave each batch's last row group more than
 * half full, so the checkpoint never merges (rewrites) row groups of earlier batches: no three
 * neighbours fit in two. Measured on a million-run backfill: DuckDB's share (read, insert,
 * commit, checkpoints) fell from ≈ 11.8 to ≈ 7.4 CPU-s, the whole process from 20–22 to 14–18
 * CPU-s on the loaded 2-core machine; peak RSS no higher.
 * The byte and time limits leave room for 200 pages of ~720 KB at ≥ 25,000 runs/s, so on a
 * fast gateway it is the page count that closes a batch.
 */
export const DEFAULT_BATCH_PAGES = 200;
export const DEFAULT_BATCH_BYTES = 192 * 1024 * 1024;
export const DEFAULT_BATCH_MAX_WAIT_MS = 8_000;
export const DEFAULT_REFRESH_PAGE_CAP = 25;
/** Runs per refresh request: a page starting at an open run only needs to reach the next ones. */
export const DEFAULT_REFRESH_LIMIT = 100;
const BULK_CHECKPOINT_THRESHOLD = "64MB";
const BULK_MEMORY_LIMIT = "160MB";
/**
 * FSST, DuckDB's compression for text without few distinct values (ids, titles, commands),
 * is left out of a bulk sync: measured on one 200,000-run batch it was 13–18 % of the insert's
 * CPU, for a file of 25 instead of 17 MB. The columns analytics groups by repeat few values and
 * keep dictionary compression; the text left uncompressed is read only for run lists and CSV.
 */
const BULK_DISABLED_COMPRESSION = "fsst";

/** How many times a page whose bytes are not JSON is fetched again before the sync gives up. */
const BAD_BODY_REFETCHES = 3;

// Listed rejected runs kept in memory per sync (the count is exact regardless).
const REJECTED_KEPT = 1000;

export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const now = options.now ?? Date.now;
  const conn = await options.store.connect();
  try {
    // Zone-less times from the gateway are UTC; insertion order is never relied on.
    await conn.run("SET TimeZone = 'UTC'");
    await conn.run("SET preserve_insertion_order = false");
    const spool = new Spool(options.spoolDir);
    spool.reset();
    const sync = new SyncRun(conn, spool, options, now);
    return await sync.run();
  } finally {
    conn.closeSync();
  }
}

interface Pass {
  target: BatchTarget;
  from: string | null;
}

class SyncRun {
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;
  private kind: SyncKind = "incremental";
  private progress!: ProgressTracker;
  private readonly rejected: SyncSummary["rejected"] = [];
  private refreshPages = 0;
  private cursor: string | null = null;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly spool: Spool,
    private readonly options: SyncOptions,
    private readonly now: () => number,
  ) {
    this.signal = options.signal ? AbortSignal.any([options.signal, this.controller.signal]) : this.controller.signal;
  }

  async run(): Promise<SyncSummary> {
    const state = await readSyncState(this.conn);
    const startedAt = new Date(this.now());
    await recordSyncStart(this.conn, startedAt);

    if (this.options.full || state.resyncActive) this.kind = "resync";
    else if (state.cursor === null && (await readStoreCounts(this.conn)).runCount === 0) this.kind = "backfill";
    else this.kind = "incremental";

    const bulk = this.kind !== "incremental";
    if (bulk) {
      // Measured on a million-run backfill: checkpoints every 64 MB of WAL instead of every
      // 16 MB (each re-compresses the table's last row group); DuckDB's buffers capped, so RSS
      // stays in a few hundred MB at no cost in time. (DuckDB runs one thread, lib/store/db.ts,
      // so the other core fetches and frames pages.)
      await this.conn.run(`SET checkpoint_threshold = '${BULK_CHECKPOINT_THRESHOLD}'`);
      await this.conn.run(`SET memory_limit = '${BULK_MEMORY_LIMIT}'`);
      await this.conn.run(`SET disabled_compression_methods = '${BULK_DISABLED_COMPRESSION}'`);
    }
    try {
      if (this.kind === "resync") {
        await this.resync(state.resyncActive ? state.resyncCursor : null, state.resyncActive);
      } else {
        const from = state.cursor;
        await this.forward({ target: { table: "runs", cursorColumn: "cursor" }, from });
        // A backfill has just read every run; runs open at the old cursor or later were read now.
        if (from !== null) await this.refresh(from, state.refreshCursor);
      }
    } finally {
      if (bulk) {
        await this.conn.run("RESET checkpoint_threshold").catch(() => {});
        await this.conn.run("RESET memory_limit").catch(() => {});
        await this.conn.run("RESET disabled_compression_methods").catch(() => {});
        await this.conn.run("CHECKPOINT").catch(() => {});
      }
    }

    const progress = this.progress.snapshot();
    const seconds = this.progress.elapsedSeconds();
    await recordSyncSuccess(this.conn, new Date(this.now()), {
      kind: this.kind,
      runs: progress.runsStored,
      pages: progress.pages,
      seconds,
    });
    return {
      kind: this.kind,
      runsStored: progress.runsStored,
      pages: progress.pages,
      rejected: this.rejected,
      rejectedCount: this.progress.rejected,
      refreshPages: this.refreshPages,
      seconds,
      cursor: this.cursor,
    };
  }

  private async resync(from: string | null, resuming: boolean): Promise<void> {
    if (!resuming) {
      await this.transaction([
        "CREATE OR REPLACE TABLE runs_next AS SELECT * FROM runs LIMIT 0",
        "UPDATE sync_state SET resync_active = true, resync_cursor = NULL WHERE id = 1",
      ]);
    } else {
      await this.conn.run("CREATE TABLE IF NOT EXISTS runs_next AS SELECT * FROM runs LIMIT 0");
    }
    await this.forward({ target: { table: "runs_next", cursorColumn: "resync_cursor" }, from });
    // The switch: readers see the old runs until this commits and the new ones after.
    await this.transaction([
      "DELETE FROM runs",
      "INSERT INTO runs SELECT * FROM runs_next",
      "DROP TABLE runs_next",
      `UPDATE sync_state SET cursor = resync_cursor, resync_cursor = NULL, resync_active = false,
              refresh_cursor = NULL, data_version = data_version + 1 WHERE id = 1`,
    ]);
  }

  private async transaction(statements: string[]): Promise<void> {
    await inTransaction(this.conn, async () => {
      for (const sql of statements) await this.conn.run(sql);
    });
  }

  private fetch(batchId: string | null, limit?: number): Promise<Buffer> {
    const gateway = limit === undefined ? this.options.gateway : { ...this.options.gateway, limit: Math.min(limit, this.options.gateway.limit) };
    const promise = fetchPage(gateway, batchId, { ...this.options.fetchOptions, signal: this.signal });
    promise.catch(() => {}); // awaited later, or abandoned when the sync stops
    return promise;
  }

  /** A page's body framed; a body that is not a page is fetched again a few times. */
  private async framed(batchId: string | null, first: Promise<Buffer>, limit?: number): Promise<FramedPage> {
    let body = await first;
    for (let attempt = 1; ; attempt++) {
      try {
        return framePage(body);
      } catch (error) {
        if (!isGatewayError(error) || error.code !== "bad_data" || attempt > BAD_BODY_REFETCHES) throw error;
        body = await this.fetch(batchId, limit);
      }
    }
  }

  /** Reads from `pass.from` to the end of the data, committing batches as it goes. */
  private async forward(pass: Pass): Promise<void> {
    const batchPages = this.options.batchPages ?? DEFAULT_BATCH_PAGES;
    const batchBytes = this.options.batchBytes ?? DEFAULT_BATCH_BYTES;
    const maxWait = this.options.batchMaxWaitMs ?? DEFAULT_BATCH_MAX_WAIT_MS;
    this.progress = new ProgressTracker(pass.from, this.now);
    this.cursor = pass.from;

    let cursor = pass.from;
    const visited = new Set<string>();
    let pending: Promise<Buffer> | null = this.fetch(cursor);
    let batch: SpooledPage[] = [];
    let bytes = 0;
    let batchStartedAt = 0;
    let writing: Promise<void> | null = null;

    const flush = async (after: CursorAfter) => {
      if (writing) await writing;
      writing = null;
      if (batch.length === 0) return;
      const pages = batch;
      batch = [];
      bytes = 0;
      writing = this.commit(pages, pass.target, after);
      // Awaited at the next flush; until then a failure must not count as unhandled.
      writing.catch(() => {});
    };

    try {
      while (pending) {
        const page = await this.framed(cursor, pending);
        pending = null;
        if (page.empty) {
          // Nothing from here on: resume at this same cursor next time.
          await flush({ value: cursor });
          break;
        }
        const next = page.nextBatchId;
        const more = next !== null && advances(cursor, next) && !visited.has(next);
        if (cursor !== null) visited.add(cursor);
        if (more) pending = this.fetch(next);
        if (cursor === null) this.progress.noteStart(next);

        if (batch.length === 0) batchStartedAt = this.now();
        batch.push({ file: this.spool.write(page.runs), requested: cursor, next: more ? next : null });
        bytes += page.runs.length;

        if (!more) {
          await flush({ lastRunOfLastPage: true });
          break;
        }
        cursor = next;
        if (batch.length >= batchPages || bytes >= batchBytes || this.now() - batchStartedAt >= maxWait) {
          await flush({ value: cursor });
        }
      }
      if (writing) await writing;
    } catch (error) {
      this.controller.abort(error);
      if (writing) await (writing as Promise<void>).catch(() => {});
      throw error;
    } finally {
      this.spool.remove(batch.map((p) => p.file));
    }
  }

  /** Writes a batch; pages DuckDB cannot read are checked one by one and fetched again if broken. */
  private async commit(pages: SpooledPage[], target: BatchTarget, after: CursorAfter): Promise<void> {
    try {
      let result;
      try {
        result = await writeBatch(this.conn, pages, target, after);
      } catch (error) {
        if (!isJsonReadError(error)) throw error;
        await this.repair(pages);
        result = await writeBatch(this.conn, pages, target, after);
      }
      await this.options.afterBatch?.({ conn: this.conn, files: pages.map((p) => p.file), table: target.table });
      if (target.cursorColumn !== "refresh_cursor") this.cursor = result.cursor;
      for (const r of result.rejected) if (this.rejected.length < REJECTED_KEPT) this.rejected.push(r);
      this.progress.add(result.stored, pages.length, result.rejectedCount, result.cursor);
      this.options.onProgress?.(this.kind, this.progress.snapshot());
    } finally {
      this.spool.remove(pages.map((p) => p.file));
    }
  }

  /**
   * DuckDB refused a batch: find the page at fault. A page whose bytes are not JSON is fetched
   * again; elements of the runs array that are not objects are dropped and counted as rejected.
   */
  private async repair(pages: SpooledPage[]): Promise<void> {
    for (const page of pages) {
      let runs: unknown[];
      try {
        const parsed: unknown = JSON.parse(readFileSync(page.file, "utf8"));
        if (!Array.isArray(parsed)) throw new Error("not an array");
        runs = parsed;
      } catch {
        const body = await fetchPage(this.options.gateway, page.requested, { ...this.options.fetchOptions, signal: this.signal });
        runs = parsePage(body).runs;
      }
      const objects = runs.filter((r) => typeof r === "object" && r !== null && !Array.isArray(r));
      const dropped = runs.length - objects.length;
      for (let i = 0; i < dropped && this.rejected.length < REJECTED_KEPT; i++) {
        this.rejected.push({ runId: null, reason: "the run is not a JSON object" });
      }
      if (dropped > 0) {
        this.progress.rejected += dropped;
        await this.conn.run(
          `INSERT INTO rejected_runs (run_key, run_id, batch_id, reason, seen_at)
           VALUES ($key, NULL, $batch, 'the run is not a JSON object', now())
           ON CONFLICT (run_key) DO UPDATE SET seen_at = excluded.seen_at`,
          { key: `(no runId) page ${page.requested ?? "first"}`, batch: page.requested },
        );
      }
      writeFileSync(page.file, JSON.stringify(objects));
    }
  }

  /**
   * Re-reads pages holding runs that were open when read, oldest first, jumping over pages
   * with none, until the open runs left were all read by this sync's forward pass (batchId at
   * or after `forwardFrom`) or the page cap is reached. The pages commit as one batch, with
   * `refresh_cursor` at the next open run to read (null: all read; the next sync starts over).
   */
  private async refresh(forwardFrom: string, resumeAt: string | null): Promise<void> {
    const cap = this.options.refreshPageCap ?? DEFAULT_REFRESH_PAGE_CAP;
    const limit = this.options.refreshLimit ?? DEFAULT_REFRESH_LIMIT;
    const open = await this.openRuns(resumeAt, forwardFrom);
    const pages: SpooledPage[] = [];
    let i = 0;
    try {
      while (i < open.length && pages.length < cap) {
        const start = open[i]!;
        const page = await this.framed(start, this.fetch(start, limit), limit);
        this.refreshPages++;
        if (page.empty) {
          i = open.length;
          break;
        }
        const next = page.nextBatchId !== null && advances(start, page.nextBatchId) ? page.nextBatchId : null;
        pages.push({ file: this.spool.write(page.runs), requested: start, next });
        if (next === null) {
          i = open.length;
          break;
        }
        // Skip the open runs this page covered (batchIds before the next page's first).
        i++;
        while (i < open.length && compareBatchIds(open[i]!, next) === -1) i++;
      }
      const resume = i < open.length ? open[i]! : null;
      if (pages.length === 0) {
        await this.conn.run("UPDATE sync_state SET refresh_cursor = $c WHERE id = 1", { c: resume });
        return;
      }
      const written = pages.splice(0);
      await this.commit(written, { table: "runs", cursorColumn: "refresh_cursor" }, { value: resume });
    } finally {
      this.spool.remove(pages.map((p) => p.file));
    }
  }

  /** batchIds of open runs from `from` (inclusive) to `before` (exclusive), oldest first. */
  private async openRuns(from: string | null, before: string): Promise<string[]> {
    // Digit batchIds compare by length, then text: their numeric order.
    const reader = await this.conn.runAndReadAll(
      `SELECT DISTINCT batch_id, length(batch_id) AS len FROM runs
        WHERE in_flight
          AND ($from IS NULL OR length(batch_id) > length($from) OR (length(batch_id) = length($from) AND batch_id >= $from))
          AND (length(batch_id) < length($before) OR (length(batch_id) = length($before) AND batch_id < $before))
        ORDER BY len, batch_id LIMIT 100000`,
      { from, before },
    );
    return reader.getRowObjectsJS().map((row) => String(row.batch_id));
  }
}
