import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { readDataInfo } from "@/lib/analytics/data-info";
import { filterClause } from "@/lib/analytics/filters";
import type { Filters } from "@/lib/contract/filters";
import { num, runQuery, SqlParams } from "@/lib/analytics/query";
import { RUN_SORT_SPECS, type RunSort, type SortDir } from "@/lib/contract/sorts";
import { ApiError } from "@/lib/api/errors";
import type { Store } from "@/lib/store/db";
import { offsetSegments } from "@/lib/analytics/time-zone";
import { UTF8_BOM } from "@/lib/csv-format/bom";
import { RUN_COLUMNS } from "@/lib/store/run-columns";
import { beginAtVersion } from "@/lib/store/sync-state";
import { beginSnapshot, endSnapshot } from "@/lib/store/transaction";
import { localOffsetSql, runsCsvSelectList } from "./runs-columns";
import { sqlLiteral } from "@/lib/store/sql-literal";

/**
 * The runs CSV, streamed. DuckDB writes the file itself (COPY … TO), in ordered windows of
 * rows, each to a temporary file that is sent as soon as it is complete while DuckDB writes
 * the next ones. Why windows: one COPY of every row must sort everything before its first
 * byte (about a second for a million runs), while the first window is a top-N of a few
 * thousand rows that leaves in milliseconds; and only the window being sent and those being
 * written sit on disk (WRITERS + 1), so memory and disk stay flat whatever the size.
 *
 * Windows after the first are cut at rows of a random sample of the remaining rows' sort keys
 * (and run_id, the tie-break): each window selects the rows strictly after the previous cut
 * and up to its own, so order and completeness are exact whatever the cuts; only the
 * windows' sizes vary (by about 1/√SAMPLE_PER_WINDOW). A sample reads two columns without
 * sorting them, where ranking every row to cut at exact positions sorted the whole table
 * before the second window could start.
 *
 * Two connections write windows at once (each DuckDB query runs on one thread), and both read
 * the same snapshot: the plan (the row count sent in the headers, the data version) is read in
 * the first connection's transaction; the second opens its own when the body is first read and
 * is used only if it reads the same data_version, which every transaction that changes `runs`
 * bumps (lib/sync). When a sync committed in between, the first connection writes every window.
 */

export interface RunsCsvQuery {
  filters: Filters;
  sort: RunSort;
  dir: SortDir;
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
  /** Connections writing windows at once, 1 or 2 (each DuckDB query runs on one thread). */
  writers?: number;
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
// Each window's COPY has a fixed cost (DuckDB's sort and ordered writer start over), so bigger
// windows spend a little less CPU, but DuckDB's memory per sort grows with them and WRITERS
// sort at once: for a million runs, two writers of 100k-row windows grew the server's RSS by
// 120–160 MB, of 50k-row windows by 55–85 MB (budget: 100 MB) in the same time.
const WINDOW_ROWS = 50_000;
const READ_CHUNK = 1 << 20;
// Connections writing windows at once, each query on one DuckDB thread (lib/store/db.ts), so
// both cores of the 2-core server work (a second DuckDB thread inside one query spent twice
// the CPU without finishing sooner). Measured over HTTP for a million runs, side by side
// (npm run bench -- csv): 3.3 s median with two, 3.9 s with one writing 100k-row windows,
// for 5.6 CPU-s against 4.9.
const WRITERS = 2;
// Sampled rows per window after the first: window sizes then vary by about ±6 % (1/√256).
const SAMPLE_PER_WINDOW = 256;

// Options of every COPY: RFC 4180 (comma, double quotes doubled, CRLF), NULL as an empty field.
const COPY_OPTIONS = `FORMAT csv, DELIMITER ',', QUOTE '"', ESCAPE '"', NEW_LINE '\\r\\n', NULLSTR ''`;

// Every column the CSV reads; compute_cluster_details (long JSON text) would only weigh on the sort.
const SOURCE_COLUMNS = [...RUN_COLUMNS.filter((c) => c !== "compute_cluster_details"), "team", "cost_centre"].join(", ");

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
    await beginSnapshot(conn);
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
    const writers = Math.min(2, Math.max(1, options.writers ?? WRITERS));
    return { plan, body: windowedBody({ store, primary: conn, dir, query, plan, select, firstRows, windowRows, writers, signal: options.signal }) };
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

interface WindowedBodyArgs {
  store: Store;
  primary: DuckDBConnection;
  dir: string;
  query: RunsCsvQuery;
  plan: RunsCsvPlan;
  select: string;
  firstRows: number;
  windowRows: number;
  writers: number;
  signal: AbortSignal | undefined;
}

/**
 * A second connection reading the plan's snapshot (beginAtVersion), or null when a sync
 * committed since the plan was read.
 */
export async function snapshotTwin(store: Store, dataVersion: number): Promise<DuckDBConnection | null> {
  const conn = await store.connect();
  if (await beginAtVersion(conn, dataVersion).catch(() => false)) return conn;
  closeQuietly(conn);
  return null;
}

function windowedBody(args: WindowedBodyArgs): ReadableStream<Uint8Array> {
  const { store, primary, dir, query, plan, select, firstRows, windowRows, signal } = args;
  // The sort's SQL type reads a cut's key back from its text.
  const { column, type } = RUN_SORT_SPECS[query.sort];
  const direction = query.dir === "asc" ? "ASC" : "DESC";
  const beyond = query.dir === "asc" ? ">" : "<";
  const order = `${column} ${direction}, run_id ${direction}`;
  // One window when the first holds every row; otherwise one more than there are cuts.
  const single = plan.rowCount <= firstRows;
  // Windows requested ahead of the one being sent: one per writing connection, so every
  // connection has a window to write while at most writers + 1 files sit on disk.
  const ahead = args.writers;
  let cancelled = false;
  let finished = false;

  // The connections, each in a transaction on the plan's snapshot, handed to one query at a time.
  const connections: DuckDBConnection[] = [primary];
  const idle: DuckDBConnection[] = [primary];
  const waiting: ((conn: DuckDBConnection) => void)[] = [];
  const running = new Set<Promise<unknown>>();
  const release = (conn: DuckDBConnection) => {
    const next = waiting.shift();
    if (next) next(conn);
    else idle.push(conn);
  };
  const acquire = () => {
    const conn = idle.shift();
    return conn ? Promise.resolve(conn) : new Promise<DuckDBConnection>((resolve) => waiting.push(resolve));
  };
  /** Runs `work` on the next free connection (first come, first served). */
  function using<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const task = (async () => {
      const conn = await acquire();
      try {
        if (cancelled) throw new Error("cancelled");
        return await work(conn);
      } finally {
        release(conn);
      }
    })();
    running.add(task);
    void task.then(
      () => running.delete(task),
      () => running.delete(task),
    );
    return task;
  }
  // The second connection starts when the body is first read (a response never read does not
  // open it); its data version check catches a sync that committed since the plan.
  let twin: Promise<DuckDBConnection | null> = Promise.resolve(null);
  let twinStarted = false;
  function startTwin(): void {
    if (twinStarted || single || args.writers < 2 || cancelled) return;
    twinStarted = true;
    twin = snapshotTwin(store, plan.dataVersion).catch(() => null);
    void twin.then((conn) => {
      if (!conn) return;
      connections.push(conn);
      if (cancelled) conn.interrupt();
      release(conn);
    });
  }

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
  async function firstCut(conn: DuckDBConnection): Promise<Cut | undefined> {
    const params = new SqlParams();
    const where = filterClause(query.filters, query.timeZone, { params });
    const rows = await runQuery(
      conn,
      `SELECT CAST(${column} AS VARCHAR) AS k, run_id FROM runs WHERE ${where.sql}
       ORDER BY ${order} LIMIT 1 OFFSET ${params.add(firstRows - 1)}`,
      params.values,
    );
    return rows.map((r) => ({ key: String(r.k), runId: String(r.run_id) }))[0];
  }

  /**
   * The last row of every later window: sampled rows after the first window's cut, sorted,
   * taken at every window's share of the sample. The last window is open-ended.
   */
  async function sampledCuts(conn: DuckDBConnection, first: Cut): Promise<Cut[]> {
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

  /** Writes the rows after `previous` up to `own` to a file of its own and returns its path. */
  async function writeWindow(conn: DuckDBConnection, i: number, previous: Cut | undefined, own: Cut | undefined): Promise<string> {
    const file = path.join(dir, `${i}-${randomUUID()}.csv`);
    const params = new SqlParams();
    const where = filterClause(query.filters, query.timeZone, { params });
    const bounds = windowCondition(params, previous, own);
    // Sorted on the raw columns, formatted after: sorting the formatted text costs three
    // times as much. DuckDB keeps a subquery's order through the projection into COPY
    // (preserve_insertion_order); the tests check the order row by row against /api/runs.
    await conn.run(
      `COPY (SELECT ${select} FROM (
         SELECT ${SOURCE_COLUMNS} FROM runs WHERE ${where.sql} AND ${bounds} ORDER BY ${order}
       ) AS runs) TO ${sqlLiteral(file)} (${COPY_OPTIONS}, HEADER ${i === 0 ? "true" : "false"})`,
      params.values,
    );
    return file;
  }

  // The first window's cut, then the first window (on the plan's connection, which is free
  // first) and the sampled cuts (on the twin when it is ready) at once.
  const firstCutDone = single ? Promise.resolve(undefined) : using(firstCut);
  const windows: Promise<string>[] = [firstCutDone.then((own) => using((conn) => writeWindow(conn, 0, undefined, own)))];
  const cutsDone: Promise<Cut[]> = firstCutDone.then(async (first) =>
    first ? [first, ...(await using((conn) => sampledCuts(conn, first)))] : [],
  );
  let cuts: Cut[] | null = null;
  let sending = 0;
  /** Requests the windows up to `ahead` past the one being sent, in order. */
  function requestWindows(): void {
    if (cuts === null || cancelled) return;
    const known = cuts;
    while (windows.length <= known.length && windows.length <= sending + ahead) {
      const i = windows.length;
      const window = using((conn) => writeWindow(conn, i, known[i - 1], known[i]));
      window.catch(() => undefined); // awaited when its turn comes; do not report it unhandled meanwhile
      windows.push(window);
    }
  }
  void cutsDone.then(
    (known) => {
      cuts = known;
      requestWindows();
    },
    () => undefined, // the sender awaits cutsDone itself
  );
  windows[0]!.catch(() => undefined);

  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (query.bom) yield UTF8_BOM;
    for (let i = 0; ; i++) {
      sending = i;
      if (i > 0 && cuts === null) await cutsDone;
      requestWindows();
      const window = windows[i];
      if (cancelled || window === undefined) return;
      const file = await window;
      if (cancelled) return;
      for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK })) {
        if (cancelled) return;
        yield chunk as Buffer;
      }
      await rm(file, { force: true });
    }
  }

  /** Stops what still runs (after an error or a cancel), ends the transactions, deletes the folder. */
  async function finish(): Promise<void> {
    if (finished) return;
    finished = true;
    cancelled = true;
    // The twin may still be starting: wait for it so it is closed too.
    await twin.catch(() => undefined);
    if (running.size > 0) {
      for (const conn of connections) conn.interrupt();
      while (running.size > 0) await Promise.allSettled([...running]);
    }
    for (const conn of connections) {
      await endSnapshot(conn);
      closeQuietly(conn);
    }
    await rm(dir, { recursive: true, force: true });
  }

  const iterator = chunks();

  async function stop(): Promise<void> {
    if (cancelled) return;
    cancelled = true;
    // Stops the COPYs in progress; the windows they were writing then fail, which nobody needs.
    for (const conn of connections) conn.interrupt();
    await twin.catch(() => undefined);
    for (const conn of connections) conn.interrupt();
    while (running.size > 0) await Promise.allSettled([...running]);
    await iterator.return(undefined).catch(() => undefined);
    await finish();
  }
  const onAbort = () => void stop();
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        startTwin();
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
