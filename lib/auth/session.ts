import { signValue, verifyValue } from "./signed-value";

/**
 * The session cookie: a signed random token and nothing else. Who, which role, since when and
 * whether it still holds live in the store (sessions.ts), so signing out or an admin ending
 * the session takes effect at once, and a copy of the cookie kept elsewhere stops working.
 * HttpOnly, SameSite=Lax, Secure when the request came over HTTPS.
 */

export const SESSION_COOKIE = "rl_session";
const PURPOSE = "session";

/** The cookie's value for a session token. */
export function signSessionToken(secret: Uint8Array, token: string): string {
  return signValue(secret, PURPOSE, { v: 2, t: token });
}

/** The session token inside a cookie when its signature is right, else null. */
export function readSessionToken(secret: Uint8Array, value: string | undefined): string | null {
  if (!value) return null;
  const payload = verifyValue(secret, PURPOSE, value);
  if (!payload || payload.v !== 2 || typeof payload.t !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(payload.t)) return null;
  return payload.t;
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
