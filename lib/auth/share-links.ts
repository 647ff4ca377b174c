import "server-only";
import { randomBytes } from "node:crypto";
import { sharedTables, type SharedTarget } from "@/lib/store/shared-tables";
import type { ShareScope, SharePage } from "./share-token";

/**
 * The `share_links` table: every link made, so admins can list and revoke them. A token
 * is honoured only while its row exists unrevoked: a link whose row is gone (a wiped data
 * folder) counts as revoked. With DATABASE_URL the table is the shared PostgreSQL one, read on
 * every use, so a link revoked on one replica is refused by all at once.
 */

export interface ShareLinkRow {
  id: string;
  page: SharePage;
  query: string;
  csv: boolean;
  createdAt: string;
  expiresAt: string;
  createdBy: string;
  revokedAt: string | null;
}

export type ShareLinkState = "active" | "revoked";

export function newShareId(): string {
  return randomBytes(12).toString("base64url");
}

const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();

export async function insertShareLink(scope: ShareScope, createdBy: string, now = Date.now(), store?: SharedTarget): Promise<void> {
  await (await sharedTables(store)).query(
      `INSERT INTO share_links (id, page, query, csv, created_at, expires_at, created_by, revoked_at)
       VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMPTZ), CAST($6 AS TIMESTAMPTZ), $7, NULL)`,
    [scope.id, scope.page, scope.query, scope.csv, new Date(now).toISOString(), new Date(scope.exp).toISOString(), createdBy],
  );
}

/** Every link, newest first. */
export async function listShareLinks(store?: SharedTarget): Promise<ShareLinkRow[]> {
  const rows = await (await sharedTables(store)).query(
    `SELECT id, page, query, csv, created_at, expires_at, created_by, revoked_at
       FROM share_links ORDER BY created_at DESC, id`,
  );
  return rows.map((r) => ({
      id: String(r.id),
      page: String(r.page) as SharePage,
      query: String(r.query),
      csv: Boolean(r.csv),
      createdAt: iso(r.created_at),
      expiresAt: iso(r.expires_at),
      createdBy: String(r.created_by),
    revokedAt: r.revoked_at === null || r.revoked_at === undefined ? null : iso(r.revoked_at),
  }));
}

/** Revokes a link; false when there is no such link. Revoking twice keeps the first time. */
export async function revokeShareLink(id: string, now = Date.now(), store?: SharedTarget): Promise<boolean> {
  const updated = await (await sharedTables(store)).query(
    `UPDATE share_links SET revoked_at = coalesce(revoked_at, CAST($2 AS TIMESTAMPTZ)) WHERE id = $1 RETURNING id`,
    [id, new Date(now).toISOString()],
  );
  return updated.length > 0;
}

export async function shareLinkState(id: string, store?: SharedTarget): Promise<ShareLinkState> {
  const [row] = await (await sharedTables(store)).query(`SELECT revoked_at IS NULL AS active FROM share_links WHERE id = $1`, [id]);
  return row && row.active === true ? "active" : "revoked";
}
