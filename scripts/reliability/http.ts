import { request } from "undici";
import type { SyncStatus } from "../../lib/contract/answers";
import { sleep } from "./processes";

/** Small HTTP helpers over undici for the scenarios: JSON reads, sync status, the store's contents. */

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
  ms: number;
  headers: Record<string, string | string[] | undefined>;
}

export async function call<T = unknown>(
  url: string,
  init: { method?: "GET" | "POST" | "DELETE"; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  const started = performance.now();
  const response = await request(url, {
    method: init.method ?? "GET",
    body: init.body,
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    headersTimeout: init.timeoutMs ?? 30_000,
    bodyTimeout: init.timeoutMs ?? 30_000,
  });
  const text = await response.body.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.statusCode, body: body as T, text, ms: performance.now() - started, headers: response.headers };
}

export async function syncStatus(base: string): Promise<SyncStatus> {
  const answer = await call<SyncStatus>(`${base}/api/sync`);
  if (answer.status !== 200) throw new Error(`GET /api/sync answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  return answer.body;
}

export async function requestSync(base: string, full = false): Promise<Answer<SyncStatus & { started: boolean }>> {
  return call(`${base}/api/sync`, { method: "POST", body: full ? '{"full": true}' : "" });
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? ` (${String(last)})` : ""}`);
    }
    await sleep(everyMs);
  }
}

/** Waits for the sync to be idle; returns its status. */
export function waitIdle(base: string, timeoutMs: number): Promise<SyncStatus> {
  return waitFor("the sync to finish", timeoutMs, async () => {
    const s = await syncStatus(base);
    return s.running ? undefined : s;
  });
}

export interface StoreContents {
  rows: number;
  ids: Set<string>;
  duplicates: number;
}

/**
 * Every run the store holds, read through the dashboard's own Domino-compatible endpoint
 * (`/v4/gateway/runs/getByBatchId`, batchId order, 10,000 a page): how many rows, which runIds.
 */
export async function readStore(base: string): Promise<StoreContents> {
  const ids = new Set<string>();
  let rows = 0;
  let cursor: string | null = null;
  for (;;) {
    const url = `${base}/v4/gateway/runs/getByBatchId?limit=10000${cursor ? `&batchId=${cursor}` : ""}`;
    const answer: Answer<{ runs: { runId: string }[]; nextBatchId: string | null }> = await call(url, { timeoutMs: 120_000 });
    if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    for (const run of answer.body.runs) {
      rows++;
      ids.add(run.runId);
    }
    if (!answer.body.nextBatchId) break;
    cursor = answer.body.nextBatchId;
  }
  return { rows, ids, duplicates: rows - ids.size };
}

/** What differs between the store and what the gateway shows. */
export function compareRuns(store: StoreContents, expected: Set<string>): { missing: number; extra: number; duplicates: number } {
  let missing = 0;
  for (const id of expected) if (!store.ids.has(id)) missing++;
  let extra = 0;
  for (const id of store.ids) if (!expected.has(id)) extra++;
  return { missing, extra, duplicates: store.duplicates };
}
