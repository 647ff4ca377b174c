import type { AuthConfig } from "./config";
import { matchesApiToken } from "./api-tokens";
import { peerAddress } from "./client-address";
import { proxyRole, type Role } from "./roles";
import { readSessionToken, SESSION_COOKIE } from "./session";
import { verifyShareToken, type ShareScope } from "./share-token";

/**
 * Who is asking: decided once per request from its credentials, strongest first. A signed-in
 * person is an admin or a viewer (roles.ts); `session` is the id of their session row.
 */
export type Principal =
  | { kind: "admin"; user: string; via: "session" | "proxy" | "none"; session?: string }
  | { kind: "viewer"; user: string; via: "session" | "proxy"; session?: string }
  | { kind: "token" }
  | { kind: "share"; scope: ShareScope }
  | { kind: "anonymous"; problem: AnonymousProblem };

export type AnonymousProblem =
  | "none"
  | "bad-token"
  | "share-expired"
  | "share-revoked"
  | "share-tampered"
  /** A session cookie whose session has ended, expired or gone idle. */
  | "session-ended"
  /** The store could not be read to check the session: closed, never open. */
  | "session-unavailable"
  /** Proxy mode: the request did not come through the proxy with a user. */
  | "proxy-no-user";

/** A person's principal for a role. */
export function personPrincipal(role: Role, user: string, via: "session" | "proxy", session?: string): Principal {
  return role === "admin" ? { kind: "admin", user, via, ...(session ? { session } : {}) } : { kind: "viewer", user, via, ...(session ? { session } : {}) };
}

/** Set by proxy.ts on every request it lets through (removed from what clients send): the principal's kind. */
export const PRINCIPAL_HEADER = "x-runledger-principal";

/** The cookie a shared view's browser holds: the link's token (HttpOnly, never read by scripts). */
export const SHARE_COOKIE = "rl_share";

export type ShareStateLookup = (id: string) => Promise<"active" | "revoked">;

/** The open session for a cookie's token (null: none), throwing when the store cannot be read. */
export type SessionLookup = (token: string) => Promise<{ id: string; user: string; role: Role } | null>;

export interface Lookups {
  shareState: ShareStateLookup;
  session: SessionLookup;
}

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
  lookups: Lookups,
  now = Date.now(),
): Promise<Principal> {
  const token = presentedToken(request);
  if (token !== null) {
    return matchesApiToken(config.apiTokens, token) ? { kind: "token" } : { kind: "anonymous", problem: "bad-token" };
  }
  let sessionEnded = false;
  if (config.mode === "password") {
    const sessionToken = readSessionToken(config.secret, readCookie(request, SESSION_COOKIE));
    if (sessionToken) {
      let session;
      try {
        session = await lookups.session(sessionToken);
      } catch {
        return { kind: "anonymous", problem: "session-unavailable" };
      }
      if (session) return personPrincipal(session.role, session.user, "session", session.id);
      sessionEnded = true;
    }
  }
  let proxyNoUser = false;
  if (config.mode === "proxy") {
    const peer = peerAddress(request.headers);
    const user = request.headers.get(config.proxyUserHeader)?.trim();
    if (peer !== null && config.trustedProxies(peer) && user) {
      const groups = config.proxyGroupsHeader ? request.headers.get(config.proxyGroupsHeader) : null;
      return personPrincipal(proxyRole(user, groups, config.proxyAdmins, config.proxyAdminGroups), user, "proxy");
    }
    proxyNoUser = true;
  }
  const shareToken = readCookie(request, SHARE_COOKIE);
  if (shareToken) {
    const verdict = verifyShareToken(config.secret, shareToken, now);
    if (verdict.status === "tampered") return { kind: "anonymous", problem: "share-tampered" };
    if (verdict.status === "expired") return { kind: "anonymous", problem: "share-expired" };
    if ((await lookups.shareState(verdict.scope.id)) === "revoked") return { kind: "anonymous", problem: "share-revoked" };
    return { kind: "share", scope: verdict.scope };
  }
  if (config.mode === "none") return { kind: "admin", user: "admin", via: "none" };
  return { kind: "anonymous", problem: sessionEnded ? "session-ended" : proxyNoUser ? "proxy-no-user" : "none" };
}
