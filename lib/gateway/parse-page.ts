import { GatewayError } from "./errors";

/**
 * Reading one gateway page body: `{"runs": [...], "nextBatchId": string | null}`.
 * The runs stay raw here; normalise.ts types them one by one so one bad run cannot sink a page.
 */

export interface ParsedPage {
  runs: unknown[];
  /** The cursor of the next page; null when the gateway gave none (null, missing or ""). */
  nextBatchId: string | null;
}

export function parsePage(body: Buffer): ParsedPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new GatewayError("bad_data", `the gateway sent a page that is not JSON (${body.length} bytes)`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError("bad_data", "the gateway sent a page that is not a JSON object");
  }
  const page = parsed as Record<string, unknown>;
  if (!Array.isArray(page.runs)) {
    throw new GatewayError("bad_data", "the gateway sent a page without a runs array");
  }
  return { runs: page.runs, nextBatchId: cursorOf(page.nextBatchId) };
}

function cursorOf(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new GatewayError("bad_data", "the gateway sent a nextBatchId that is neither a string nor null");
}

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * A cheap test for a body cut short in transit (a proxy dropping the tail of a large page
 * while still ending the response cleanly): a JSON object starts with `{` and ends with `}`.
 * Parsing catches the rest; this spares a full parse just to decide whether to retry.
 */
export function looksLikeCompleteObject(body: Buffer): boolean {
  let start = 0;
  while (isSpace(body[start])) start++;
  let end = body.length - 1;
  while (end > start && isSpace(body[end])) end--;
  return end > start && body[start] === OPEN && body[end] === CLOSE;
}

const KEY = Buffer.from('"nextBatchId"');
const AFTER_KEY = /^\s*:\s*(?:"([^"\\]*)"|(null)|(\d+))/;

/**
 * The page's nextBatchId read from the raw bytes without parsing the page, so the next request
 * can start while this one is parsed. Only a guess (a run could carry a field of that name):
 * the caller checks it against the parsed value and discards the early request if they differ.
 * `undefined` when no guess can be made.
 */
export function peekNextBatchId(body: Buffer): string | null | undefined {
  const at = body.lastIndexOf(KEY);
  if (at < 0) return undefined;
  const tail = body.toString("latin1", at + KEY.length, Math.min(body.length, at + KEY.length + 128));
  const match = AFTER_KEY.exec(tail);
  if (!match) return undefined;
  if (match[2] !== undefined) return null;
  const value = match[1] ?? match[3];
  return value === undefined || value === "" ? null : value;
}
