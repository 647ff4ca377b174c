import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { sharedTables, type SharedTarget } from "@/lib/store/shared-tables";
import { isRole, type Role } from "./roles";

/**
 * Server-side sessions, a row each in the `sessions` table. The cookie holds a random token
 * (session.ts); the row's id is the token's SHA-256, so the table cannot be replayed as cookies.
 *
 * The proxy checks the session on every request, so `lookupSession` (the only read on that
 * path) keeps a small cache in this process: an entry is trusted for CACHE_MS, and ending a
 * session here drops it at once. With several replicas (DATABASE_URL) the table is the shared
 * PostgreSQL one and every lookup reads it (no trusted cache), so a session ended on one
 * replica is refused by the others at their next request. Last-seen is written at most once a
 * TOUCH_MS per session; the idle timeout is measured from it.
 */

export interface SessionRow {
  id: string;
  user: string;
  role: Role;
  address: string | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  endedAt: number | null;
  endedBy: string | null;
}

export interface SessionTimes {
  ttlMs: number;
  idleMs: number;
}

const CACHE_MS = 5_000;
const TOUCH_MS = 60_000;
const MAX_CACHED = 10_000;
/** Session rows are kept this long after their absolute expiry (the audit log keeps the history). */
const KEEP_ENDED_MS = 30 * 86_400_000;

interface Cached {
  row: SessionRow;
  readAt: number;
  /** last_seen_at as stored: a write is due when the session was seen TOUCH_MS later. */
  storedSeenAt: number;
}

const holder = globalThis as unknown as { __runledgerSessions?: Map<string, Cached> };
const cache = (holder.__runledgerSessions ??= new Map());

/** Drops every cached session (tests; a restart starts empty anyway). */
export function forgetCachedSessions(): void {
  cache.clear();
}

export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const ms = (value: unknown): number => (value instanceof Date ? value : new Date(String(value))).getTime();
const iso = (at: number) => new Date(at).toISOString();

function toRow(r: Record<string, unknown>): SessionRow {
  return {
    id: String(r.id),
    user: String(r.user_name),
    role: isRole(r.role) ? r.role : "viewer",
    address: r.address === null || r.address === undefined ? null : String(r.address),
    createdAt: ms(r.created_at),
    lastSeenAt: ms(r.last_seen_at),
    expiresAt: ms(r.expires_at),
    endedAt: r.ended_at === null || r.ended_at === undefined ? null : ms(r.ended_at),
    endedBy: r.ended_by === null || r.ended_by === undefined ? null : String(r.ended_by),
  };
}

const COLUMNS = "id, user_name, role, address, created_at, last_seen_at, expires_at, ended_at, ended_by";

/** Whether a session still holds at `now`. */
export function sessionIsOpen(row: SessionRow, idleMs: number, now: number): boolean {
  return row.endedAt === null && row.expiresAt > now && now - row.lastSeenAt < idleMs;
}

/** Starts a session: a new random token every time (never one reused), its row stored. */
export async function startSession(
  who: { user: string; role: Role; address: string | null },
  times: SessionTimes,
  now = Date.now(),
  store?: SharedTarget,
): Promise<{ token: string; row: SessionRow }> {
  const token = randomBytes(32).toString("base64url");
  const row: SessionRow = {
    id: sessionIdOf(token),
    ...who,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + times.ttlMs,
    endedAt: null,
    endedBy: null,
  };
  const tables = await sharedTables(store);
  // Rows of sessions that ended or expired long ago go, so the table stays the size of its use.
  await tables.query(`DELETE FROM sessions WHERE expires_at < CAST($1 AS TIMESTAMPTZ)`, [iso(now - KEEP_ENDED_MS)]);
  await tables.query(
    `INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMPTZ), CAST($5 AS TIMESTAMPTZ), CAST($6 AS TIMESTAMPTZ), NULL, NULL)`,
    [row.id, row.user, row.role, row.address ?? null, iso(now), iso(row.expiresAt)],
  );
  return { token, row };
}

/**
 * The open session for a cookie's token, or null (unknown, ended, expired or idle too long).
 * Throws when the store cannot be read: the caller fails closed.
 */
export async function lookupSession(token: string, idleMs: number, now = Date.now(), store?: SharedTarget): Promise<SessionRow | null> {
  const id = sessionIdOf(token);
  const tables = await sharedTables(store);
  // Shared by replicas: another one may have ended it a moment ago, so read it every time.
  const trustMs = tables.dialect === "postgres" ? 0 : CACHE_MS;
  let entry = cache.get(id);
  if (!entry || now - entry.readAt >= trustMs) {
    const [r] = await tables.query(`SELECT ${COLUMNS} FROM sessions WHERE id = $1`, [id]);
    const found = r ? toRow(r) : null;
    if (!found) {
      cache.delete(id);
      return null;
    }
    // Seen here more recently than the store knows (writes are throttled): keep the later time.
    const lastSeenAt = Math.max(found.lastSeenAt, entry?.row.lastSeenAt ?? 0);
    entry = { row: { ...found, lastSeenAt }, readAt: now, storedSeenAt: found.lastSeenAt };
    cache.delete(id);
    cache.set(id, entry);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  if (!sessionIsOpen(entry.row, idleMs, now)) return null;
  entry.row.lastSeenAt = now;
  if (now - entry.storedSeenAt >= TOUCH_MS) {
    entry.storedSeenAt = now;
    // Not awaited: a request does not wait for the bookkeeping; a failed write only makes the
    // idle clock start a little earlier.
    void tables
      .query(`UPDATE sessions SET last_seen_at = CAST($2 AS TIMESTAMPTZ) WHERE id = $1 AND ended_at IS NULL`, [id, iso(now)])
      .catch(() => undefined);
  }
  return { ...entry.row };
}

/** Ends one session at once; false when there is no open session with this id. */
export async function endSession(id: string, endedBy: string, now = Date.now(), store?: SharedTarget): Promise<boolean> {
  cache.delete(id);
  const ended = await (await sharedTables(store)).query(
    `UPDATE sessions SET ended_at = CAST($2 AS TIMESTAMPTZ), ended_by = $3 WHERE id = $1 AND ended_at IS NULL RETURNING id`,
    [id, iso(now), endedBy],
  );
  return ended.length > 0;
}

/** Ends every open session ("sign out everywhere"); how many were open. */
export async function endAllSessions(endedBy: string, now = Date.now(), store?: SharedTarget): Promise<number> {
  cache.clear();
  const ended = await (await sharedTables(store)).query(
    `UPDATE sessions SET ended_at = CAST($1 AS TIMESTAMPTZ), ended_by = $2 WHERE ended_at IS NULL RETURNING id`,
    [iso(now), endedBy],
  );
  return ended.length;
}

/** The sessions open at `now`, most recently seen first. */
export async function listOpenSessions(idleMs: number, now = Date.now(), store?: SharedTarget): Promise<SessionRow[]> {
  const rows = (
    await (await sharedTables(store)).query(
      `SELECT ${COLUMNS} FROM sessions WHERE ended_at IS NULL AND expires_at > CAST($1 AS TIMESTAMPTZ)
         AND last_seen_at > CAST($2 AS TIMESTAMPTZ) - INTERVAL '1 minute' ORDER BY last_seen_at DESC, id LIMIT 1000`,
      [iso(now), iso(now - idleMs)],
    )
  ).map(toRow);
  // This process may have seen them since the throttled write.
  return rows
    .map((row) => ({ ...row, lastSeenAt: Math.max(row.lastSeenAt, cache.get(row.id)?.row.lastSeenAt ?? 0) }))
    .filter((row) => sessionIsOpen(row, idleMs, now));
}
