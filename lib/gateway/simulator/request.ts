import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** Reading one gateway request: who is asking, and for which page in which format. */

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

export type Caller = "admin" | "non-admin" | "unknown" | "missing";

/** Keys compared by digest in constant time, so response timing says nothing about a key. */
export class KeyRing {
  private readonly admin: Buffer[];
  private readonly nonAdmin: Buffer[];

  constructor(adminKeys: readonly string[], nonAdminKeys: readonly string[]) {
    this.admin = adminKeys.map(digest);
    this.nonAdmin = nonAdminKeys.map(digest);
  }

  identify(headers: IncomingHttpHeaders): Caller {
    const key = presentedKey(headers);
    if (key === null) return "missing";
    const d = digest(key);
    if (this.admin.some((k) => timingSafeEqual(k, d))) return "admin";
    if (this.nonAdmin.some((k) => timingSafeEqual(k, d))) return "non-admin";
    return "unknown";
  }
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key).digest();
}

/** `X-Domino-Api-Key: <key>` first, else `Authorization: Bearer <token>`. */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  const apiKey = headers["x-domino-api-key"];
  const first = Array.isArray(apiKey) ? apiKey[0] : apiKey;
  if (first !== undefined && first.trim() !== "") return first.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  return match ? match[1]! : null;
}

export interface PageQuery {
  batchId: string | null;
  limit: number;
}

export type ParsedQuery = { ok: true; query: PageQuery } | { ok: false; message: string };

const DIGITS = /^\d+$/;

/** The simulator's reading of the (partly undocumented) parameters; see domino-gateway.md. */
export function parseQuery(search: string): ParsedQuery {
  const params = new URLSearchParams(search);
  const rawLimit = params.get("limit");
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null && rawLimit !== "") {
    const n = DIGITS.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(n >= 1 && n <= MAX_LIMIT)) {
      return { ok: false, message: `limit must be an integer from 1 to ${MAX_LIMIT}` };
    }
    limit = n;
  }
  const rawBatchId = params.get("batchId");
  let batchId: string | null = null;
  if (rawBatchId !== null && rawBatchId !== "") {
    if (!DIGITS.test(rawBatchId)) return { ok: false, message: "batchId must be a string of digits" };
    batchId = rawBatchId;
  }
  return { ok: true, query: { batchId, limit } };
}

/** CSV when the client asks for text/csv and does not list JSON before it. */
export function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const csv = accept.indexOf("text/csv");
  if (csv < 0) return false;
  const json = accept.indexOf("application/json");
  return json < 0 || csv < json;
}
