import "server-only";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { Agent, request } from "undici";
import { GATEWAY_PATH, type GatewayConnection } from "./connection";
import { GatewayError, hostOf, redact } from "./errors";
import { normaliseRun } from "./normalise";
import { looksLikeCompleteObject, parsePage, peekNextBatchId, type ParsedPage } from "./parse-page";
import { backoffDelay, parseRetryAfter, resolvePolicy, sleep, type RetryPolicy } from "./retry";
import type { Run } from "./run";

/**
 * The Domino gateway client: one logical request per page (timeout, retries, typed errors)
 * and an async iterator over every page from a cursor. The key is sent in a header only and
 * is scrubbed from every error message, so nothing this module throws can leak it.
 */

export { parsePage } from "./parse-page";
export type { RetryPolicy } from "./retry";

export interface RetryInfo {
  /** The cursor of the page being fetched (null: the oldest page). */
  batchId: string | null;
  /** The try that failed, from 1. */
  attempt: number;
  /** How long the client waits before the next try. */
  delayMs: number;
  /** Why, e.g. "HTTP 503" or "timed out after 60000 ms". */
  reason: string;
  status?: number;
}

export interface FetchPageOptions {
  signal?: AbortSignal;
  accept?: "json" | "csv";
  retry?: Partial<RetryPolicy>;
  onRetry?: (info: RetryInfo) => void;
}

export interface Page {
  /** The cursor this page was asked for (null: from the oldest run). */
  requestedBatchId: string | null;
  /** The page's runs, normalised, minus runs already yielded on the page before. */
  runs: Run[];
  /** Runs that could not be normalised, with the reason; the rest of the page is unaffected. */
  rejected: { runId: string | null; reason: string }[];
  /** The cursor readPages follows next; null when this is the last page it yields. */
  nextBatchId: string | null;
  /** Size of the page's body in bytes. */
  bytes: number;
}

export interface ReadPagesOptions {
  /** Start at this batchId (inclusive); null or absent: from the oldest run. */
  from?: string | null;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  retry?: Partial<RetryPolicy>;
  /** Fetch the next page while the current one is handled (default true; false for comparison). */
  readAhead?: boolean;
}

// Keep-alive connections: a backfill makes a thousand requests to one host.
const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const brotli = promisify(zlib.brotliDecompress);

type Attempt =
  | { kind: "ok"; body: Buffer }
  | { kind: "retry"; reason: string; status?: number; retryAfterMs: number | null; truncated?: boolean };

function pageUrl(conn: GatewayConnection, batchId: string | null): string {
  const query = new URLSearchParams();
  if (batchId !== null) query.set("batchId", batchId);
  query.set("limit", String(conn.limit));
  return `${conn.baseUrl.replace(/\/+$/, "")}${GATEWAY_PATH}?${query}`;
}

function authHeaders(conn: GatewayConnection): Record<string, string> {
  return conn.auth.kind === "bearer"
    ? { authorization: `Bearer ${conn.auth.secret}` }
    : { "x-domino-api-key": conn.auth.secret };
}

/** The upstream's `{"message": …}` (or the start of its text), for the error message. */
function upstreamMessage(body: Buffer): string {
  const text = body.toString("utf8", 0, Math.min(body.length, 4096));
  let message = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { message?: unknown }).message === "string") {
      message = (parsed as { message: string }).message;
    }
  } catch {
    // Not JSON (an ingress's HTML page): keep the text.
  }
  message = message.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

async function readBody(body: AsyncIterable<Buffer>, encoding: string | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case "":
    case "identity":
      return raw;
    case "gzip":
    case "x-gzip":
      return gunzip(raw);
    case "deflate":
      return inflate(raw);
    case "br":
      return brotli(raw);
    default:
      throw new GatewayError("bad_data", `the gateway sent an unsupported content-encoding: ${encoding}`);
  }
}

function networkReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host name not found",
    EAI_AGAIN: "host name lookup failed",
    ETIMEDOUT: "connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    UND_ERR_CONNECT_TIMEOUT: "connection timed out",
    UND_ERR_SOCKET: "connection closed by the other side",
  };
  if (typeof code === "string") return known[code] ? `${known[code]} (${code})` : code;
  return error instanceof Error ? error.message : String(error);
}

async function attemptOnce(
  conn: GatewayConnection,
  url: string,
  accept: "json" | "csv",
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  const host = hostOf(conn.baseUrl);
  const timeout = AbortSignal.timeout(conn.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await request(url, {
      method: "GET",
      dispatcher: agent,
      signal: combined,
      headersTimeout: conn.timeoutMs,
      bodyTimeout: conn.timeoutMs,
      headers: {
        ...authHeaders(conn),
        accept: accept === "csv" ? "text/csv" : "application/json",
        "accept-encoding": "gzip, deflate, br",
      },
    });
    const { statusCode, headers } = response;
    if (statusCode >= 200 && statusCode < 300) {
      if (accept === "json" && /text\/html/i.test(String(headers["content-type"] ?? ""))) {
        // A sign-in page from a proxy in front of Domino, or a host that is not Domino at all.
        await response.body.dump();
        throw new GatewayError("bad_data", `${host} answered with an HTML page instead of the gateway's JSON: check the host, and that no sign-in proxy sits in front of the API`, {
          status: statusCode,
        });
      }
      const encoding = headers["content-encoding"];
      const body = await readBody(response.body, Array.isArray(encoding) ? encoding[0] : encoding);
      if (accept === "json" && !looksLikeCompleteObject(body)) {
        return { kind: "retry", reason: `incomplete body (${body.length} bytes)`, retryAfterMs: null, truncated: true };
      }
      return { kind: "ok", body };
    }
    if (RETRYABLE_STATUSES.has(statusCode)) {
      await response.body.dump();
      return { kind: "retry", reason: `HTTP ${statusCode}`, status: statusCode, retryAfterMs: parseRetryAfter(headers["retry-after"]) };
    }
    const detail = upstreamMessage(await readBody(response.body, undefined));
    const suffix = detail ? `: ${detail}` : "";
    if (statusCode === 401 || statusCode === 403) {
      const why = statusCode === 401 ? "not signed in" : "not an admin's key";
      throw new GatewayError("auth_rejected", `the Domino key was rejected by ${host} (HTTP ${statusCode}, ${why}${suffix})`, {
        status: statusCode,
      });
    }
    if (statusCode >= 300 && statusCode < 400) {
      const location = headers.location;
      throw new GatewayError("bad_request", `${host} redirected the request (HTTP ${statusCode}) to ${String(location)}: use that address as the host`, {
        status: statusCode,
      });
    }
    if (statusCode >= 400 && statusCode < 500) {
      throw new GatewayError("bad_request", `${host} refused the request (HTTP ${statusCode}${suffix})`, { status: statusCode });
    }
    throw new GatewayError("upstream_unavailable", `${host} failed the request (HTTP ${statusCode}${suffix})`, { status: statusCode });
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) return { kind: "retry", reason: `timed out after ${conn.timeoutMs} ms`, retryAfterMs: null };
    return { kind: "retry", reason: networkReason(error), retryAfterMs: null };
  }
}

/**
 * One logical request for the page at `batchId`: retried on 429/502/503/504, network errors,
 * timeouts and cut-short bodies with capped exponential back-off (Retry-After honoured), never
 * on 400/401/403. Resolves to the raw body of the 200, decompressed.
 */
export async function fetchPage(conn: GatewayConnection, batchId: string | null, options: FetchPageOptions = {}): Promise<Buffer> {
  const policy = resolvePolicy(options.retry);
  const url = pageUrl(conn, batchId);
  const accept = options.accept ?? "json";
  let last: Extract<Attempt, { kind: "retry" }> | undefined;
  try {
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      const result = await attemptOnce(conn, url, accept, options.signal);
      if (result.kind === "ok") return result.body;
      last = result;
      if (attempt === policy.attempts) break;
      const delayMs = backoffDelay(policy, attempt, result.retryAfterMs);
      options.onRetry?.({
        batchId,
        attempt,
        delayMs,
        reason: redact(result.reason, conn.auth.secret),
        ...(result.status === undefined ? {} : { status: result.status }),
      });
      await sleep(delayMs, options.signal);
    }
  } catch (error) {
    if (error instanceof GatewayError) throw scrub(error, conn.auth.secret);
    throw error;
  }
  const host = hostOf(conn.baseUrl);
  const tries = `${policy.attempts} ${policy.attempts === 1 ? "try" : "tries"}`;
  if (last?.truncated) {
    throw scrub(new GatewayError("bad_data", `${host} sent an incomplete page ${tries} in a row (${last.reason})`), conn.auth.secret);
  }
  const reason = last?.reason ?? "no response";
  throw scrub(
    new GatewayError("upstream_unavailable", `could not reach the gateway at ${host} after ${tries}: ${reason}`, {
      ...(last?.status === undefined ? {} : { status: last.status }),
    }),
    conn.auth.secret,
  );
}

/** Messages are built from hosts, statuses and upstream text; the last guard against a leaked key. */
function scrub(error: GatewayError, secret: string): GatewayError {
  const clean = redact(error.message, secret);
  if (clean === error.message) return error;
  return new GatewayError(error.code, clean, error.status === undefined ? undefined : { status: error.status });
}

interface FetchedPage {
  body: Buffer;
  parsed: ParsedPage;
}

/**
 * fetchPage + parsePage. A 200 whose JSON does not parse is most often a body cut short in
 * transit, so it is fetched again a few times before it counts as bad data.
 */
async function fetchParsed(conn: GatewayConnection, batchId: string | null, options: FetchPageOptions): Promise<FetchedPage> {
  const policy = resolvePolicy(options.retry);
  const tries = Math.min(3, policy.attempts);
  for (let attempt = 1; ; attempt++) {
    const body = await fetchPage(conn, batchId, options);
    try {
      return { body, parsed: parsePage(body) };
    } catch (error) {
      if (!(error instanceof GatewayError) || attempt >= tries) {
        if (error instanceof GatewayError) {
          throw new GatewayError("bad_data", `${hostOf(conn.baseUrl)}: ${error.message}`);
        }
        throw error;
      }
      const delayMs = backoffDelay(policy, attempt, null);
      options.onRetry?.({ batchId, attempt, delayMs, reason: error.message });
      await sleep(delayMs, options.signal);
    }
  }
}

const DIGITS = /^\d+$/;

/** Whether `next` moves the cursor forward from `current` (batchIds are increasing digit strings). */
function advances(current: string | null, next: string): boolean {
  if (current === null) return true;
  if (next === current) return false;
  if (DIGITS.test(current) && DIGITS.test(next)) {
    const a = current.replace(/^0+(?=\d)/, "");
    const b = next.replace(/^0+(?=\d)/, "");
    return b.length !== a.length ? b.length > a.length : b > a;
  }
  return true;
}

interface EarlyRequest {
  batchId: string;
  promise: Promise<Buffer>;
  controller: AbortController;
}

/**
 * Every page from `from` (inclusive) to the end, oldest first. Stops on a null, missing or
 * empty nextBatchId, an empty page, or a cursor that does not move forward; drops runs already
 * yielded on the page before (the gateway may start a page at the cursor it was given).
 *
 * Reads one page ahead: as soon as a body arrives its nextBatchId is guessed from the raw bytes
 * and that request starts, so the network overlaps parsing and the consumer's work. A wrong
 * guess is aborted and the right page fetched.
 */
export async function* readPages(conn: GatewayConnection, options: ReadPagesOptions = {}): AsyncGenerator<Page, void, undefined> {
  const fetchOptions: FetchPageOptions = {
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };

  const readAhead = options.readAhead ?? true;
  let early: EarlyRequest | null = null;
  const startEarly = (batchId: string): EarlyRequest | null => {
    if (!readAhead) return null;
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const promise = fetchPage(conn, batchId, { ...fetchOptions, signal });
    promise.catch(() => {}); // Awaited later, or abandoned when the guess was wrong.
    return { batchId, promise, controller };
  };
  const dropEarly = () => {
    early?.controller.abort(new Error("read-ahead request no longer needed"));
    early = null;
  };

  let cursor: string | null = options.from ?? null;
  let previousIds = new Set<string>();
  const visited = new Set<string>();
  try {
    for (;;) {
      let body: Buffer;
      const pending: EarlyRequest | null = early;
      early = null;
      if (pending !== null && pending.batchId === cursor) {
        body = await pending.promise;
      } else {
        pending?.controller.abort(new Error("read-ahead request no longer needed"));
        body = await fetchPage(conn, cursor, fetchOptions);
      }

      const guess = peekNextBatchId(body);
      if (typeof guess === "string" && advances(cursor, guess)) early = startEarly(guess);

      let parsed: ParsedPage;
      try {
        parsed = parsePage(body);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        dropEarly();
        ({ body, parsed } = await fetchParsed(conn, cursor, fetchOptions));
      }
      if (parsed.runs.length === 0) {
        dropEarly();
        return;
      }

      const next = parsed.nextBatchId;
      const more = next !== null && advances(cursor, next) && !visited.has(next);
      if (cursor !== null) visited.add(cursor);
      if (!more) dropEarly();
      else if ((early as EarlyRequest | null)?.batchId !== next) {
        dropEarly();
        early = startEarly(next);
      }

      const ids = new Set<string>();
      const runs: Run[] = [];
      const rejected: Page["rejected"] = [];
      for (const raw of parsed.runs) {
        const result = normaliseRun(raw);
        if (result.ok) {
          const id = result.run.runId;
          if (previousIds.has(id) || ids.has(id)) continue;
          ids.add(id);
          runs.push(result.run);
        } else {
          if (result.runId !== null) {
            if (previousIds.has(result.runId) || ids.has(result.runId)) continue;
            ids.add(result.runId);
          }
          rejected.push({ runId: result.runId, reason: result.reason });
        }
      }
      previousIds = ids;

      yield { requestedBatchId: cursor, runs, rejected, nextBatchId: more ? next : null, bytes: body.length };
      if (!more) return;
      cursor = next;
    }
  } finally {
    dropEarly();
  }
}

