import { RUN_FIELDS } from "../run";
import type { Dataset, SimulatedRun } from "./run-at";
import { runJson } from "./run-json";

/**
 * One response page: which runs it holds, and its bytes as JSON or CSV.
 * A page starts at the first run whose batchId is >= the one asked for (inclusive) and
 * holds up to `limit` visible runs; `nextBatchId` is the batchId of the run after it,
 * or null when none is visible yet.
 */

export interface PageSlice {
  /** Index of the first run on the page. */
  start: number;
  /** One past the last run on the page. */
  end: number;
  /** Index of the first run of the next page, or null on the last page. */
  next: number | null;
}

export function pageSlice(dataset: Dataset, batchId: string | null, limit: number, nowMs: number): PageSlice {
  const visible = dataset.visibleCount(nowMs);
  let start = 0;
  if (batchId !== null) {
    // A batchId past the clock (or too long to be a time) starts after every visible run.
    const ms = batchId.length > 15 ? Infinity : Number(batchId);
    start = ms > nowMs ? visible : Math.min(visible, dataset.timeline.firstIndexAtOrAfter(ms));
  }
  const end = Math.min(visible, start + limit);
  return { start, end, next: end < visible ? end : null };
}

export function pageRuns(dataset: Dataset, slice: PageSlice, nowMs: number): SimulatedRun[] {
  const runs: SimulatedRun[] = [];
  for (let i = slice.start; i < slice.end; i++) {
    const run = dataset.runAt(i, nowMs);
    if (run) runs.push(run);
  }
  return runs;
}

export interface BuiltPage {
  bytes: Buffer;
  /**
   * From this moment on the bytes no longer change: every run on the page has ended and
   * the next page's first run is queued (Infinity on the last page, which grows).
   */
  settledMs: number;
}

/** `{"runs":[...],"nextBatchId":...}`, written run by run into one Buffer. */
export function pageJson(dataset: Dataset, slice: PageSlice, nowMs: number, allocate: Allocate = Buffer.allocUnsafe): BuiltPage {
  const out = new ByteWriter();
  let settledMs = slice.next === null ? Infinity : dataset.batchMs(slice.next);
  out.write('{"runs":[');
  for (let i = slice.start; i < slice.end; i++) {
    const view = dataset.view(i, nowMs);
    if (view === null) continue;
    if (i > slice.start) out.write(",");
    out.write(runJson(view));
    if (view.plan.endMs > settledMs) settledMs = view.plan.endMs;
  }
  out.write(slice.next === null ? '],"nextBatchId":null}' : `],"nextBatchId":"${dataset.batchMs(slice.next)}"}`);
  return { bytes: out.bytes(allocate), settledMs };
}

/** CSV: a header of the run fields in Domino's schema order, RFC 4180 quoting, CRLF, no cluster details. */
export function pageCsv(dataset: Dataset, slice: PageSlice, nowMs: number): Buffer {
  const runs = pageRuns(dataset, slice, nowMs);
  const out = new ByteWriter();
  out.write(CSV_HEADER);
  for (const run of runs) {
    let line = "";
    for (let f = 0; f < RUN_FIELDS.length; f++) line += (f === 0 ? "" : ",") + csvField(run[RUN_FIELDS[f]!]);
    out.write(line + "\r\n");
  }
  return out.bytes(Buffer.allocUnsafe);
}

const CSV_HEADER = RUN_FIELDS.join(",") + "\r\n";

/** Gives the bytes of a finished page a home of exactly their size. */
export type Allocate = (size: number) => Buffer;

/**
 * Appends strings as UTF-8 into one scratch Buffer shared by every page build (builds are
 * synchronous, so they never interleave), then copies the page out at its exact size. One
 * scratch area instead of a fresh 800 KB buffer per page keeps the garbage collector calm.
 * Writing each run separately keeps V8 on its fast one-byte path for the many ASCII runs,
 * where joining a page into one string would turn it all two-byte as soon as one name has a
 * non-Latin letter.
 */
class ByteWriter {
  private static scratch = Buffer.allocUnsafeSlow(1 << 20);
  private length = 0;

  write(s: string): void {
    let buffer = ByteWriter.scratch;
    if (this.length + s.length * 3 > buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, this.length + s.length * 3));
      buffer.copy(grown, 0, 0, this.length);
      ByteWriter.scratch = buffer = grown;
    }
    this.length += buffer.write(s, this.length, "utf8");
  }

  bytes(allocate: Allocate): Buffer {
    const out = allocate(this.length);
    ByteWriter.scratch.copy(out, 0, 0, this.length);
    return out;
  }
}

/** Hands out pieces of large slabs, for pre-built pages that live as long as the server. */
export class SlabAllocator {
  private slab = Buffer.alloc(0);
  private used = 0;

  constructor(private readonly slabSize = 64 << 20) {}

  readonly allocate: Allocate = (size) => {
    if (this.used + size > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(Math.max(this.slabSize, size));
      this.used = 0;
    }
    const piece = this.slab.subarray(this.used, this.used + size);
    this.used += size;
    return piece;
  };
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. Null is empty. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
