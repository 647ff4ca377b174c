import { signValue, verifyValue } from "./signed-value";

/**
 * The admin's session: a signed cookie holding who and until when. It is HttpOnly,
 * SameSite=Lax and Secure when the request came over HTTPS. Signing out clears it; a copy
 * kept elsewhere stays valid until it expires (SESSION_TTL_HOURS), as with any signed cookie.
 */

export const SESSION_COOKIE = "rl_session";
const PURPOSE = "session";

export interface Session {
  user: string;
  exp: number;
}

export function createSession(secret: Uint8Array, user: string, ttlMs: number, now = Date.now()): { value: string; exp: number } {
  const exp = now + ttlMs;
  return { value: signValue(secret, PURPOSE, { v: 1, user, exp }), exp };
}

export function readSession(secret: Uint8Array, value: string | undefined, now = Date.now()): Session | null {
  if (!value) return null;
  const payload = verifyValue(secret, PURPOSE, value);
  if (!payload || payload.v !== 1 || typeof payload.user !== "string" || typeof payload.exp !== "number") return null;
  return payload.exp > now ? { user: payload.user, exp: payload.exp } : null;
}

/** Cookie attributes shared by the session and share cookies. */
export function cookieAttributes(secure: boolean, maxAgeSec: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSec))}${secure ? "; Secure" : ""}`;
}

/** Whether the browser reached us over HTTPS (directly or through a TLS-terminating proxy). */
export function isHttps(request: Request): boolean {
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return proto ? proto === "https" : new URL(request.url).protocol === "https:";
}
