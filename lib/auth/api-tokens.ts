import { createHash, timingSafeEqual } from "node:crypto";

/**
 * API tokens for scripts (RUNLEDGER_API_TOKENS, comma-separated). Each entry is the
 * token itself or the SHA-256 hex of it, so the configuration need not hold the token.
 * An entry of exactly 64 hex digits is always read as a digest (otherwise whoever reads
 * the configuration could present the digest as the token), so tokens in the clear are
 * anything else, e.g. `openssl rand -base64 32`. Comparisons are constant-time.
 */

export const MIN_TOKEN_LENGTH = 16;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();

export function parseApiTokens(list: string | undefined): Buffer[] {
  if (!list) return [];
  const digests: Buffer[] = [];
  for (const entry of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    digests.push(/^[0-9a-fA-F]{64}$/.test(entry) ? Buffer.from(entry, "hex") : sha256(entry));
  }
  return digests;
}

/** Why an entry of RUNLEDGER_API_TOKENS is unusable, or null when all are fine. */
export function apiTokensProblem(list: string | undefined): string | null {
  if (!list) return null;
  const entries = list.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.some((e) => e.length < MIN_TOKEN_LENGTH)) {
    return `each token must be at least ${MIN_TOKEN_LENGTH} characters (or the SHA-256 hex of one)`;
  }
  if (entries.some((e) => /[\s"'\\]/.test(e))) return "tokens must not contain spaces, quotes or backslashes";
  return null;
}

export function matchesApiToken(digests: readonly Buffer[], presented: string): boolean {
  if (presented.length < MIN_TOKEN_LENGTH || presented.length > 512) return false;
  const digest = sha256(presented);
  let found = false;
  // No early exit: the time taken does not say which entry matched.
  for (const candidate of digests) found = timingSafeEqual(candidate, digest) || found;
  return found;
}
