import type { AuthConfig } from "./config";
import { matchesApiToken } from "./api-tokens";
import { peerAddress } from "./client-address";
import { readSession, SESSION_COOKIE } from "./session";
import { verifyShareToken, type ShareScope } from "./share-token";

/** Who is asking: decided once per request from its credentials, strongest first. */
export type Principal =
  | { kind: "admin"; user: string; via: "session" | "proxy" | "none" }
  | { kind: "token" }
  | { kind: "share"; scope: ShareScope }
  | { kind: "anonymous"; problem: AnonymousProblem };

export type AnonymousProblem = "none" | "bad-token" | "share-expired" | "share-revoked" | "share-tampered";

/** Set by proxy.ts on every request it lets through (removed from what clients send): the principal's kind. */
export const PRINCIPAL_HEADER = "x-runledger-principal";

/** The cookie a shared view's browser holds: the link's token (HttpOnly, never read by scripts). */
export const SHARE_COOKIE = "rl_share";

export type ShareStateLookup = (id: string) => Promise<"active" | "revoked">;

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The API token presented as `Authorization: Bearer` or, for scripts written for Domino, `X-Domino-Api-Key`. */
export function presentedToken(request: Request): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : "";
  }
  const key = request.headers.get("x-domino-api-key");
  return key === null ? null : key.trim();
}

export async function principalFor(
  request: Request,
  config: AuthConfig,
  shareState: ShareStateLookup,
  now = Date.now(),
): Promise<Principal> {
  const token = presentedToken(request);
  if (token !== null) {
    return matchesApiToken(config.apiTokens, token) ? { kind: "token" } : { kind: "anonymous", problem: "bad-token" };
  }
  if (config.mode === "password") {
    const session = readSession(config.secret, readCookie(request, SESSION_COOKIE), now);
    if (session) return { kind: "admin", user: session.user, via: "session" };
  }
  if (config.mode === "proxy") {
    const peer = peerAddress(request.headers);
    const user = request.headers.get(config.proxyUserHeader)?.trim();
    if (peer !== null && config.trustedProxies(peer) && user) return { kind: "admin", user, via: "proxy" };
  }
  const shareToken = readCookie(request, SHARE_COOKIE);
  if (shareToken) {
    const verdict = verifyShareToken(config.secret, shareToken, now);
    if (verdict.status === "tampered") return { kind: "anonymous", problem: "share-tampered" };
    if (verdict.status === "expired") return { kind: "anonymous", problem: "share-expired" };
    if ((await shareState(verdict.scope.id)) === "revoked") return { kind: "anonymous", problem: "share-revoked" };
    return { kind: "share", scope: verdict.scope };
  }
  if (config.mode === "none") return { kind: "admin", user: "admin", via: "none" };
  return { kind: "anonymous", problem: "none" };
}
