import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { readDataInfo } from "@/lib/analytics/data-info";
import { filterClause, type Filters } from "@/lib/analytics/filters";
import { num, runQuery, SqlParams } from "@/lib/analytics/query";
import { RUN_SORTS, type RunSort } from "@/lib/analytics/runs-page";
import { ApiError } from "@/lib/api/errors";
import type { Store } from "@/lib/store/db";
import { offsetSegments } from "@/lib/analytics/time-zone";
import { UTF8_BOM } from "./bom";
import { RUN_COLUMNS } from "@/lib/store/run-columns";
import { localOffsetSql, runsCsvSelectList } from "./runs-columns";

/**
 * The runs CSV, streamed. DuckDB writes the file itself (COPY … TO), in ordered windows of
 * rows, each to a temporary file that is sent as soon as it is complete while DuckDB writes
 * the next one. Why windows: one COPY of every row must sort everything before its first
 * byte (about a second for a million runs), while the first window is a top-N of a few
 * thousand rows that leaves in milliseconds; and at most two windows sit on disk, so memory
 * and disk stay flat whatever the size.
 *
 * Windows after the first are cut at rows of a random sample of the remaining rows' sort keys
 * (and run_id, the tie-break): each window selects the rows strictly after the previous cut
 * and up to its own, so order and completeness are exact whatever the cuts; only the
 * windows' sizes vary (by about 1/√SAMPLE_PER_WINDOW). A sample reads two columns without
 * sorting them, where ranking every row to cut at exact positions sorted the whole table
 * before the second window could start. Everything runs in one read
 * transaction on a connection of its own, so the row count sent in the headers, the
 * windows and the data version all describe the same snapshot, even while a sync commits.
 */

export interface RunsCsvQuery {
  filters: Filters;
  sort: RunSort;
  dir: "asc" | "desc";
  /** The dashboard's IANA zone: startedAt/startDate are written in it. */
  timeZone: string;
  /** Prefix the UTF-8 byte order mark (the "Excel" variant). */
  bom: boolean;
}

export interface RunsCsvOptions {
  /** Rows in the first window: small, so the first bytes leave quickly. */
  firstWindowRows?: number;
  /** Rows in every later window. */
  windowRows?: number;
  /** Refuse (400) rather than send more rows than this; 0 or undefined for no limit. */
  maxRows?: number;
  /** Where the windows are written; os.tmpdir() by default. */
  tmpDir?: string;
  /** The request's signal: a client that disconnects stops the work. */
  signal?: AbortSignal;
}

export interface RunsCsvPlan {
  /** Rows the file holds (the header line not counted). */
  rowCount: number;
  /** The currencies of the rows' totalCostAmount, sorted. */
  currencies: string[];
  dataVersion: number;
  dataAsOf: string | null;
}

export interface RunsCsv {
  plan: RunsCsvPlan;
  /** The file: header line, then every row. Cancelling it stops DuckDB and deletes the windows. */
  body: ReadableStream<Uint8Array>;
}



const FIRST_WINDOW_ROWS = 2_000;
// Each window's COPY has a fixed cost (DuckDB's parallel sort and ordered writer start over),
// so bigger windows spend less CPU (a third less at 200k–300k rows for a million runs), but
// DuckDB's memory per sort grows with them: 250k rows cost ~250 MB of server RSS, over the
// 100 MB budget. 100k keeps RSS growth near 40 MB.
const WINDOW_ROWS = 100_000;
const READ_CHUNK = 1 << 20;
// Sampled rows per window after the first: window sizes then vary by about ±6 % (1/√256).
const SAMPLE_PER_WINDOW = 256;

// Options of every COPY: RFC 4180 (comma, double quotes doubled, CRLF), NULL as an empty field.
const COPY_OPTIONS = `FORMAT csv, DELIMITER ',', QUOTE '"', ESCAPE '"', NEW_LINE '\\r\\n', NULLSTR ''`;

// Every column the CSV reads; compute_cluster_details (long JSON text) would only weigh on the sort.
const SOURCE_COLUMNS = RUN_COLUMNS.filter((c) => c !== "compute_cluster_details").join(", ");

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** SQL type of each sort column, for reading a cut's key back from its text. */
const SORT_TYPES: Record<RunSort, string> = {
  startedAt: "TIMESTAMPTZ",
  cost: "DECIMAL(18, 6)",
  duration: "DOUBLE",
  computeHours: "DOUBLE",
  hardwareTier: "VARCHAR",
  project: "VARCHAR",
  user: "VARCHAR",
  status: "VARCHAR",
  runType: "VARCHAR",
};

interface Cut {
  key: string;
  runId: string;
}

/**
 * Reads the plan in a fresh transaction and returns it with the body. Throws (before any
 * byte is produced) when the store cannot answer or the rows exceed `maxRows`.
 */
export async function openRunsCsv(store: Store, query: RunsCsvQuery, options: RunsCsvOptions = {}): Promise<RunsCsv> {
  const firstRows = options.firstWindowRows ?? FIRST_WINDOW_ROWS;
  const windowRows = options.windowRows ?? WINDOW_ROWS;
  const conn = await store.connect();
  let handedOver = false;
  try {
    await conn.run("BEGIN TRANSACTION");
    const info = await readDataInfo(conn);
    const where = filterClause(query.filters, query.timeZone);
    const [summary] = await runQuery(
      conn,
      `SELECT count(*) AS n, list(DISTINCT total_cost_currency ORDER BY total_cost_currency) AS currencies,
         epoch_ms(min(started_at)) AS first_ms, epoch_ms(max(started_at)) AS last_ms
       FROM runs WHERE ${where.sql}`,
      where.params,
    );
    const rowCount = num(summary?.n);
    const maxRows = options.maxRows ?? 0;
    if (maxRows > 0 && rowCount > maxRows) {
      throw new ApiError(
        "bad_request",
        `the filters match ${rowCount} runs, more than this server's CSV limit of ${maxRows} (CSV_MAX_ROWS): narrow the filters, for example the date range`,
      );
    }
    const plan: RunsCsvPlan = {
      rowCount,
      currencies: ((summary?.currencies as string[] | null) ?? []).map(String),
      dataVersion: info.dataVersion,
      dataAsOf: info.dataAsOf,
    };
    const segments =
      rowCount > 0 ? offsetSegments(query.timeZone, num(summary?.first_ms), num(summary?.last_ms)) : [];
    const dir = await mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), "runledger-csv-"));
    handedOver = true;
    const select = runsCsvSelectList(localOffsetSql(segments));
    return { plan, body: windowedBody(conn, dir, query, plan, select, firstRows, windowRows, options.signal) };
  } finally {
    if (!handedOver) closeQuietly(conn);
  }
}

function closeQuietly(conn: DuckDBConnection): void {
  try {
    conn.closeSync();
  } catch {
    // Already closed.
  }
}

function windowedBody(
  conn: DuckDBConnection,
  dir: string,
  query: RunsCsvQuery,
  plan: RunsCsvPlan,
  select: string,
  firstRows: number,
  windowRows: number,
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  const column = RUN_SORTS[query.sort];
  const type = SORT_TYPES[query.sort];
  const direction = query.dir === "asc" ? "ASC" : "DESC";
  const beyond = query.dir === "asc" ? ">" : "<";
  const order = `${column} ${direction}, run_id ${direction}`;
  // One window when the first holds every row; otherwise one more than there are cuts.
  const single = plan.rowCount <= firstRows;
  let cuts: Cut[] | null = null;
  let cancelled = false;
  let finished = false;
  // The window DuckDB is writing ahead, so a cancel can wait for it before closing.
  let ahead: Promise<string> | null = null;

  // Cuts as read back: each is the sort key and run_id of a window's last row.
  const cutParams = (params: SqlParams, cut: Cut) => ({ key: `CAST(${params.add(cut.key)} AS ${type})`, id: params.add(cut.runId) });
  const towards = query.dir === "asc" ? "<=" : ">=";
  const from = query.dir === "asc" ? ">=" : "<=";

  /**
   * The rows strictly after cut `previous` and up to cut `own` (either may be absent). The
   * plain range on the sort column is implied by the exact condition; it is there because
   * DuckDB pushes it into the scan (zone maps skip whole row groups), which it cannot do
   * with the OR of the tie-break.
   */
  function windowCondition(params: SqlParams, previous: Cut | undefined, own: Cut | undefined): string {
    const conditions: string[] = [];
    if (previous) {
      const p = cutParams(params, previous);
      conditions.push(`${column} ${from} ${p.key}`);
      conditions.push(`(${column} ${beyond} ${p.key} OR (${column} = ${p.key} AND run_id ${beyond} ${p.id}))`);
    }
    if (own) {
      const o = cutParams(params, own);
      conditions.push(`${column} ${towards} ${o.key}`);
      conditions.push(`NOT (${column} ${beyond} ${o.key} OR (${column} = ${o.key} AND run_id ${beyond} ${o.id}))`);
    }
    return conditions.length > 0 ? conditions.join(" AND ") : "TRUE";
  }

  /** The last row of the first window: a top-N over two columns only. */
  async function firstCut(): Promise<Cut[]> {
    if (single) return [];
    const params = new SqlParams();
    const where = filterClause(query.filters, query.timeZone, { params });
    const rows = await runQuery(
      conn,
      `SELECT CAST(${column} AS VARCHAR) AS k, run_id FROM runs WHERE ${where.sql}
       ORDER BY ${order} LIMIT 1 OFFSET ${params.add(firstRows - 1)}`,
      params.values,
    );
    return rows.map((r) => ({ key: String(r.k), runId: String(r.run_id) }));
  }

  /**
   * The last row of every later window: sampled rows after the first window's cut, sorted,
   * taken at every window's share of the sample. The last window is open-ended.
   */
  async function sampledCuts(first: Cut): Promise<Cut[]> {
    const later = Math.ceil((plan.rowCount - firstRows) / windowRows);
    if (later <= 1) return [];
    const size = later * SAMPLE_PER_WINDOW;
    const params = new SqlParams();
    const where = filterClause(query.filters, query.timeZone, { params });
    const rows = await runQuery(
      conn,
      `SELECT CAST(sk AS VARCHAR) AS k, run_id FROM (
         SELECT sk, run_id FROM (
           SELECT ${column} AS sk, run_id FROM runs WHERE ${where.sql} AND ${windowCondition(params, first, undefined)}
         ) AS rest USING SAMPLE reservoir(${size} ROWS) REPEATABLE (1)
       ) AS sampled ORDER BY sk ${direction}, run_id ${direction}`,
      params.values,
    );
    const cuts: Cut[] = [];
    for (let j = 1; j < later; j++) {
      const row = rows[Math.floor((j * rows.length) / later) - 1];
      if (row) cuts.push({ key: String(row.k), runId: String(row.run_id) });
    }
    return cuts;
  }

  /** Writes window `i` to a file of its own and returns the file's path. */
  async function writeWindow(i: number): Promise<string> {
    if (cancelled) throw new Error("cancelled");
    if (i === 0) cuts = await firstCut();
    else if (i === 1 && cuts?.[0]) cuts = [cuts[0], ...(await sampledCuts(cuts[0]))];
    if (cancelled) throw new Error("cancelled");
    const file = path.join(dir, `${i}-${randomUUID()}.csv`);
    const params = new SqlParams();
    const where = filterClause(query.filters, query.timeZone, { params });
    const bounds = windowCondition(params, i > 0 ? cuts?.[i - 1] : undefined, cuts?.[i]);
    // Sorted on the raw columns, formatted after: sorting the formatted text costs three
    // times as much. DuckDB keeps a subquery's order through the projection into COPY
    // (preserve_insertion_order); the tests check the order row by row against /api/runs.
    await conn.run(
      `COPY (SELECT ${select} FROM (
         SELECT ${SOURCE_COLUMNS} FROM runs WHERE ${where.sql} AND ${bounds} ORDER BY ${order}
       ) AS runs) TO ${sqlString(file)} (${COPY_OPTIONS}, HEADER ${i === 0 ? "true" : "false"})`,
      params.values,
    );
    return file;
  }

  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (query.bom) yield UTF8_BOM;
    let next: Promise<string> | null = writeWindow(0);
    for (let i = 0; next !== null; i++) {
      ahead = next;
      const file: string = await next;
      if (cancelled) return;
      // DuckDB writes the next window while this one is sent.
      next = i + 1 <= (cuts?.length ?? 0) ? writeWindow(i + 1) : null;
      ahead = next;
      next?.catch(() => undefined); // awaited on the next turn; do not report it unhandled meanwhile
      for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK })) {
        if (cancelled) return;
        yield chunk as Buffer;
      }
      await rm(file, { force: true });
    }
  }

  async function finish(): Promise<void> {
    if (finished) return;
    finished = true;
    try {
      await conn.run("ROLLBACK");
    } catch {
      // The transaction ended with an interrupt or an error.
    }
    closeQuietly(conn);
    await rm(dir, { recursive: true, force: true });
  }

  const iterator = chunks();

  async function stop(): Promise<void> {
    if (cancelled) return;
    cancelled = true;
    // Stops the COPY in progress; the window it was writing then fails, which nobody needs.
    conn.interrupt();
    await ahead?.catch(() => undefined);
    await iterator.return(undefined).catch(() => undefined);
    await finish();
  }
  const onAbort = () => void stop();
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const step = await iterator.next();
          if (step.done) {
            signal?.removeEventListener("abort", onAbort);
            await finish();
            controller.close();
          } else {
            controller.enqueue(step.value);
          }
        } catch (error) {
          signal?.removeEventListener("abort", onAbort);
          await finish();
          controller.error(error);
        }
      },
      cancel: stop,
    },
    { highWaterMark: 0 },
  );
}
