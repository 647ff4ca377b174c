import { signValue, verifyValue } from "./signed-value";

/**
 * A share link's token: the view it opens (page and query string), whether CSV downloads
 * are allowed, when it expires and its id (for listing and revocation), signed with
 * RUNLEDGER_SECRET. Whoever holds it sees that view and nothing wider.
 */

/** The pages a link can open; each is a read-only view of the store. */
export const SHAREABLE_PAGES = ["/", "/tiers", "/projects", "/users", "/teams", "/runs", "/running"] as const;
export type SharePage = (typeof SHAREABLE_PAGES)[number];

export interface ShareScope {
  id: string;
  page: SharePage;
  /** The view's query string, without "?": filters plus the page's own view settings. */
  query: string;
  csv: boolean;
  /** Expiry, epoch ms. */
  exp: number;
}

const PURPOSE = "share";

export type ShareVerdict =
  | { status: "ok"; scope: ShareScope }
  | { status: "expired"; scope: ShareScope }
  | { status: "tampered" };

export function isSharePage(page: string): page is SharePage {
  return (SHAREABLE_PAGES as readonly string[]).includes(page);
}

export function signShareToken(secret: Uint8Array, scope: ShareScope): string {
  return signValue(secret, PURPOSE, { v: 1, id: scope.id, p: scope.page, q: scope.query, c: scope.csv ? 1 : 0, e: scope.exp });
}

export function verifyShareToken(secret: Uint8Array, token: string, now = Date.now()): ShareVerdict {
  const payload = verifyValue(secret, PURPOSE, token);
  if (
    !payload ||
    payload.v !== 1 ||
    typeof payload.id !== "string" ||
    typeof payload.p !== "string" ||
    !isSharePage(payload.p) ||
    typeof payload.q !== "string" ||
    (payload.c !== 0 && payload.c !== 1) ||
    typeof payload.e !== "number"
  ) {
    return { status: "tampered" };
  }
  const scope: ShareScope = { id: payload.id, page: payload.p, query: payload.q, csv: payload.c === 1, exp: payload.e };
  return scope.exp > now ? { status: "ok", scope } : { status: "expired", scope };
}
