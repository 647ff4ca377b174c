import "server-only";
import { ApiError } from "@/lib/api/errors";
import { decide, originDecision } from "./access";
import { authConfig } from "./config";
import { clientAddress } from "./client-address";
import { storeLookups } from "./lookups";
import { principalFor, type Principal } from "./principal";
import { auditRoleRefused } from "./role-refused";
import { shareToday } from "./share-today";

/**
 * For route handlers: the same decision proxy.ts makes, taken again inside the route, so
 * a route stays closed even if the proxy's matcher ever stops covering it.
 */

export async function requestPrincipal(request: Request): Promise<Principal> {
  const config = authConfig();
  return principalFor(request, config, storeLookups(config));
}

/**
 * The principal each request was let through as: handle() checks a route's access first and
 * the route may ask again for the principal; the second ask neither looks the session up nor
 * audits twice.
 */
const checked = new WeakMap<Request, Promise<Principal>>();

/** Throws the project's 401/403/410 ApiError unless the access rules let this request through. */
export function requireAccess(request: Request): Promise<Principal> {
  let decision = checked.get(request);
  if (!decision) {
    decision = decideAccess(request);
    checked.set(request, decision);
  }
  return decision;
}

async function decideAccess(request: Request): Promise<Principal> {
  const crossOrigin = originDecision(request, authConfig());
  if (crossOrigin) throw new ApiError(crossOrigin.code, crossOrigin.message);
  const principal = await requestPrincipal(request);
  const url = new URL(request.url);
  const decision = decide(principal, request.method, url.pathname, url.searchParams, shareToday(principal));
  if (decision.action === "allow") return principal;
  if (decision.action === "api-error") throw new ApiError(decision.code, decision.message);
  throw new ApiError("unauthorized", "sign in first");
}

/**
 * Throws 401 (no credentials) or 403 (not an admin, e.g. a viewer) unless the caller is an
 * admin. The one server-side check every admin-only action builds on; a viewer refused here
 * is audited.
 */
export async function requireAdmin(request: Request): Promise<Extract<Principal, { kind: "admin" }>> {
  const principal = await requireAccess(request);
  if (principal.kind === "admin") return principal;
  if (principal.kind === "viewer") {
    await auditRoleRefused(request, principal.user, `${request.method} ${new URL(request.url).pathname}`);
    throw new ApiError("forbidden", "this needs an admin; you are signed in as a viewer");
  }
  throw new ApiError("forbidden", "this action needs an admin");
}

/** Who made a request, for the audit log: the person's name and role, and their address. */
export function actorOf(request: Request, principal: Principal): { user: string | null; role: string | null; address: string } {
  const person = principal.kind === "admin" || principal.kind === "viewer";
  return {
    user: person ? principal.user : principal.kind === "token" ? "(API token)" : null,
    role: person ? principal.kind : null,
    address: clientAddress(request.headers, authConfig().trustedProxies),
  };
}
