import "server-only";
import { createHash } from "node:crypto";
import { tablesOf, type SharedTarget } from "@/lib/store/shared-tables";
import type { Delivery, DeliveryStatus } from "./types";

/**
 * The `alert_deliveries` table: one row per (budget, period, threshold, channel), UNIQUE, so a
 * crossing is recorded once however many evaluations (or replicas) see it. The row is the
 * intent, written before anything is sent; the worker records each outcome on it. With
 * DATABASE_URL the table is the shared PostgreSQL one: the key is the claim across replicas.
 */

export interface DeliveryKey {
  budgetId: string;
  periodFrom: string;
  kind: "actual" | "forecast";
  pct: number;
  /** "webhook:<url>" or "email:<address>". */
  channel: string;
}

/** The delivery's id and idempotency key: the same for the same key, on any replica. */
export function deliveryId(key: DeliveryKey): string {
  return createHash("sha256")
    .update(JSON.stringify([key.budgetId, key.periodFrom, key.kind, key.pct, key.channel]))
    .digest("hex")
    .slice(0, 32);
}

/** Records the intent; false when this delivery already exists (nothing changes then). */
export async function recordIntent(
  conn: SharedTarget,
  key: DeliveryKey,
  budgetName: string,
  payload: string,
  now: number,
): Promise<boolean> {
  const at = new Date(now).toISOString();
  const rows = await tablesOf(conn).query(
    `INSERT INTO alert_deliveries (id, budget_id, budget_name, period_from, threshold_kind, threshold_pct, channel, payload,
       status, tries, next_attempt_at, last_error, created_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, CAST($9 AS TIMESTAMPTZ), NULL, CAST($9 AS TIMESTAMPTZ), NULL)
     ON CONFLICT DO NOTHING RETURNING id`,
    [deliveryId(key), key.budgetId, budgetName, key.periodFrom, key.kind, key.pct, key.channel, payload, at],
  );
  return rows.length > 0;
}

export interface ClaimedDelivery {
  id: string;
  channel: string;
  payload: string;
  tries: number;
  createdAt: number;
}

/**
 * Takes the next due delivery: pending and due, or left "sending" by a process that stopped
 * mid-delivery and whose lease ran out. The claim moves the lease forward in the same
 * statement, so two workers never take the same row at once.
 */
export async function claimDue(conn: SharedTarget, now: number, leaseMs: number): Promise<ClaimedDelivery | null> {
  const tables = tablesOf(conn);
  const at = new Date(now).toISOString();
  // The oldest due first, picked here: sorted text results are avoided (lib/budgets/repository.ts).
  const [candidate] = (
    await tables.query(
      `SELECT id, next_attempt_at AS due FROM alert_deliveries
       WHERE status IN ('pending', 'sending') AND next_attempt_at <= CAST($1 AS TIMESTAMPTZ)`,
      [at],
    )
  ).sort((a, b) => (a.due as Date).getTime() - (b.due as Date).getTime() || String(a.id).localeCompare(String(b.id)));
  if (!candidate) return null;
  // Two workers (replicas) picking the same row: the second's UPDATE finds it leased and returns nothing.
  const [row] = await tables.query(
    `UPDATE alert_deliveries SET status = 'sending', tries = tries + 1, next_attempt_at = CAST($3 AS TIMESTAMPTZ)
     WHERE id = $1 AND status IN ('pending', 'sending') AND next_attempt_at <= CAST($2 AS TIMESTAMPTZ)
     RETURNING id, channel, payload, tries, created_at`,
    [String(candidate.id), at, new Date(now + leaseMs).toISOString()],
  );
  if (!row) return null;
  return {
    id: String(row.id),
    channel: String(row.channel),
    payload: String(row.payload),
    tries: Number(row.tries),
    createdAt: (row.created_at as Date).getTime(),
  };
}

export async function markSent(conn: SharedTarget, id: string, now: number): Promise<void> {
  await tablesOf(conn).query(
    `UPDATE alert_deliveries SET status = 'sent', last_error = NULL, next_attempt_at = NULL, finished_at = CAST($2 AS TIMESTAMPTZ) WHERE id = $1`,
    [id, new Date(now).toISOString()],
  );
}

export async function markRetry(conn: SharedTarget, id: string, error: string, nextAt: number): Promise<void> {
  await tablesOf(conn).query(`UPDATE alert_deliveries SET status = 'pending', last_error = $2, next_attempt_at = CAST($3 AS TIMESTAMPTZ) WHERE id = $1`, [
    id,
    error,
    new Date(nextAt).toISOString(),
  ]);
}

export async function markFailed(conn: SharedTarget, id: string, error: string, now: number): Promise<void> {
  await tablesOf(conn).query(
    `UPDATE alert_deliveries SET status = 'failed', last_error = $2, next_attempt_at = NULL, finished_at = CAST($3 AS TIMESTAMPTZ) WHERE id = $1`,
    [id, error, new Date(now).toISOString()],
  );
}

/** When the next delivery falls due (ms), or null when none waits. */
export async function nextDue(conn: SharedTarget): Promise<number | null> {
  const [row] = await tablesOf(conn).query(`SELECT min(next_attempt_at) AS at FROM alert_deliveries WHERE status IN ('pending', 'sending')`);
  return row?.at instanceof Date ? row.at.getTime() : null;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

/** Every delivery, newest first. */
export async function listDeliveries(conn: SharedTarget, limit = 1000): Promise<Delivery[]> {
  const rows = await tablesOf(conn).query(
    `SELECT id, budget_id, budget_name, period_from, threshold_kind, threshold_pct, channel, status, tries, last_error,
       created_at, finished_at, next_attempt_at
     FROM alert_deliveries`,
  );
  // Newest first, sorted here (see listBudgets in lib/budgets/repository.ts).
  rows.sort((a, b) => (b.created_at as Date).getTime() - (a.created_at as Date).getTime() || String(a.id).localeCompare(String(b.id)));
  return rows.slice(0, limit).map((r) => {
    const channel = String(r.channel);
    const type = channel.startsWith("webhook:") ? "webhook" : "email";
    const target = channel.slice(type.length + 1);
    return {
      id: String(r.id),
      budgetId: String(r.budget_id),
      budgetName: String(r.budget_name),
      periodFrom: String(r.period_from),
      thresholdKind: String(r.threshold_kind) as Delivery["thresholdKind"],
      thresholdPct: Number(r.threshold_pct),
      channelType: type,
      channelTarget: type === "webhook" ? safeUrl(target) : target,
      status: String(r.status) as DeliveryStatus,
      tries: Number(r.tries),
      lastError: r.last_error === null ? null : String(r.last_error),
      createdAt: iso(r.created_at)!,
      finishedAt: iso(r.finished_at),
      nextAttemptAt: iso(r.next_attempt_at),
    };
  });
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}
