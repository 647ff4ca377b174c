import { parsePage } from "@/lib/gateway/parse-page";

/**
 * What the sync needs from a page body before DuckDB reads it: the bytes of the `runs` array
 * (DuckDB parses those itself, typed, in parallel) and the `nextBatchId` (to ask for the
 * next page at once). Parsing 700 MB of JSON in JS costs seconds of CPU on a backfill, so the
 * common layout `{"runs": [...], "nextBatchId": ...}` is framed from its first and last bytes;
 * anything else goes through the full parser and is written back out.
 */

export interface FramedPage {
  /** A JSON array of the page's runs, as bytes. */
  runs: Buffer;
  /** True when the array holds no element. */
  empty: boolean;
  /** The page's nextBatchId; null when null, missing or "". */
  nextBatchId: string | null;
  /** Whether the fast framing applied (false: the page was parsed in JS). */
  framed: boolean;
}

const SPACE = new Set([0x20, 0x0a, 0x0d, 0x09]);
const RUNS_KEY = Buffer.from('"runs"');
const NEXT_KEY = Buffer.from('"nextBatchId"');

function skipSpace(body: Buffer, at: number): number {
  while (at < body.length && SPACE.has(body[at]!)) at++;
  return at;
}

function skipSpaceBack(body: Buffer, at: number): number {
  while (at >= 0 && SPACE.has(body[at]!)) at--;
  return at;
}

function startsWith(body: Buffer, at: number, token: Buffer): boolean {
  return body.length - at >= token.length && body.compare(token, 0, token.length, at, at + token.length) === 0;
}

// The tail `"nextBatchId" : <value> }`: a string without escapes, a number or null.
const TAIL = /"nextBatchId"\s*:\s*(?:"([^"\\]*)"|(-?\d+)|(null))\s*\}\s*$/;

/**
 * The fast framing, or null when the body is laid out differently. Sound for valid JSON:
 * the opening `{"runs":[` and the closing `],"nextBatchId":…}` are both top-level structure
 * (nothing but the document can end after the final `}`), so the bytes between are exactly
 * the runs array. Whether those bytes are valid JSON is for DuckDB to check.
 */
function frameFast(body: Buffer): FramedPage | null {
  let at = skipSpace(body, 0);
  if (body[at] !== 0x7b) return null; // {
  at = skipSpace(body, at + 1);
  if (!startsWith(body, at, RUNS_KEY)) return null;
  at = skipSpace(body, at + RUNS_KEY.length);
  if (body[at] !== 0x3a) return null; // :
  const open = skipSpace(body, at + 1);
  if (body[open] !== 0x5b) return null; // [

  const keyAt = body.lastIndexOf(NEXT_KEY);
  if (keyAt <= open) return null;
  const match = TAIL.exec(body.toString("latin1", keyAt, body.length));
  if (!match) return null;
  const comma = skipSpaceBack(body, keyAt - 1);
  if (body[comma] !== 0x2c) return null; // ,
  const close = skipSpaceBack(body, comma - 1);
  if (body[close] !== 0x5d || close <= open) return null; // ]

  const value = match[1] ?? match[2];
  const empty = skipSpace(body, open + 1) === close;
  return {
    runs: body.subarray(open, close + 1),
    empty,
    nextBatchId: value === undefined || value === "" ? null : value,
    framed: true,
  };
}

/** Frames a page body; throws the gateway's `bad_data` error when it is not a page at all. */
export function framePage(body: Buffer): FramedPage {
  const fast = frameFast(body);
  if (fast) return fast;
  const page = parsePage(body);
  return {
    runs: Buffer.from(JSON.stringify(page.runs)),
    empty: page.runs.length === 0,
    nextBatchId: page.nextBatchId,
    framed: false,
  };
}
