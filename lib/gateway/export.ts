import "server-only";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { csvField, csvRecord } from "../csv-format/rfc4180";
import { readPages, type Page, type RetryInfo, type RetryPolicy } from "./client";
import type { GatewayConnection } from "./connection";
import { RUN_FIELDS, type Run } from "./run";

/**
 * What the "Getting all data" script of Domino's export article sets out to do: every run
 * from the oldest up to an end date, into one CSV with the gateway's column names (or JSON
 * lines). One page is in memory at a time and writing waits for the output to drain, so
 * memory stays flat however many runs there are.
 */

export type ExportFormat = "csv" | "jsonl";

export interface ExportOptions {
  conn: GatewayConnection;
  /** Last day to include (YYYY-MM-DD, UTC, inclusive), judged by startTime else queuedTime; null: no end. */
  until: string | null;
  /** Start at this batchId (inclusive); null: the oldest run. */
  fromBatch: string | null;
  format: ExportFormat;
  output: Writable;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  onProgress?: (progress: ExportProgress) => void;
  onRetry?: (info: RetryInfo) => void;
}

export interface ExportProgress {
  pages: number;
  /** Runs written so far. */
  runs: number;
  rejected: number;
  bytes: number;
  /** queuedTime of the last run read: how far through the deployment's history the export is. */
  reachedTime: string | null;
  /** queuedTime of the first run read. */
  firstTime: string | null;
}

export interface ExportSummary extends ExportProgress {
  /** The first runs that could not be read (at most MAX_REJECTED_KEPT), with the reason. */
  rejectedExamples: { runId: string | null; reason: string }[];
}

const MAX_REJECTED_KEPT = 20;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2024-12-31` → `2025-01-01T00:00:00.000Z`: runs strictly before it are in. Null when not a real date. */
export function cutoffAfter(day: string): string | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(Date.UTC(y, m - 1, d));
  if (start.getUTCFullYear() !== y || start.getUTCMonth() !== m - 1 || start.getUTCDate() !== d) return null;
  return new Date(start.getTime() + 86_400_000).toISOString();
}

export const CSV_HEADER = csvRecord(RUN_FIELDS);

function csvLine(run: Run): string {
  let line = "";
  for (let i = 0; i < RUN_FIELDS.length; i++) line += (i === 0 ? "" : ",") + csvField(run[RUN_FIELDS[i]!]);
  return line + "\r\n";
}

async function write(output: Writable, chunk: string): Promise<void> {
  if (chunk === "") return;
  if (!output.write(chunk)) await once(output, "drain");
}

/**
 * The page's runs that belong in the export, encoded. BatchIds follow queue time and a run
 * starts after it is queued, so once a whole page was queued after the cutoff no later page
 * can hold a run for the export: `last` says so.
 */
function encodePage(page: Page, cutoff: string | null, format: ExportFormat): { chunk: string; count: number; last: boolean } {
  let chunk = "";
  let count = 0;
  let allAfterCutoff = page.runs.length > 0;
  for (const run of page.runs) {
    if (cutoff !== null) {
      if (run.queuedTime < cutoff) allAfterCutoff = false;
      if ((run.startTime ?? run.queuedTime) >= cutoff) continue;
    }
    chunk += format === "csv" ? csvLine(run) : `${JSON.stringify(run)}\n`;
    count++;
  }
  return { chunk, count, last: cutoff !== null && allAfterCutoff };
}

function record(summary: ExportSummary, page: Page, count: number): void {
  summary.pages++;
  summary.runs += count;
  summary.bytes += page.bytes;
  summary.rejected += page.rejected.length;
  for (const rejected of page.rejected) {
    if (summary.rejectedExamples.length >= MAX_REJECTED_KEPT) break;
    summary.rejectedExamples.push(rejected);
  }
  const first = page.runs[0];
  const last = page.runs.at(-1);
  if (summary.firstTime === null && first) summary.firstTime = first.queuedTime;
  if (last) summary.reachedTime = last.queuedTime;
}

export async function exportRuns(options: ExportOptions): Promise<ExportSummary> {
  const { output, format } = options;
  let cutoff: string | null = null;
  if (options.until !== null) {
    cutoff = cutoffAfter(options.until);
    if (cutoff === null) throw new RangeError(`--until must be a date as YYYY-MM-DD, got "${options.until}"`);
  }
  const summary: ExportSummary = { pages: 0, runs: 0, rejected: 0, bytes: 0, reachedTime: null, firstTime: null, rejectedExamples: [] };
  // The header goes out with the first page, so an export refused at its first request
  // writes nothing at all to its output.
  let header = format === "csv" ? CSV_HEADER : "";
  // A failing output (disk full, closed pipe) ends the export with its error.
  let outputError: unknown = null;
  const onOutputError = (error: unknown) => {
    outputError ??= error;
  };
  output.on("error", onOutputError);
  try {
    const pages = readPages(options.conn, {
      from: options.fromBatch,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    });
    for await (const page of pages) {
      const { chunk, count, last } = encodePage(page, cutoff, format);
      await write(output, header + chunk);
      header = "";
      if (outputError !== null) throw outputError;
      record(summary, page, count);
      options.onProgress?.(summary);
      if (last) break;
    }
    await write(output, header);
    if (outputError !== null) throw outputError;
  } finally {
    output.off("error", onOutputError);
  }
  return summary;
}
