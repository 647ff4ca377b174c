import "server-only";
import { ApiError } from "@/lib/api/errors";
import { decide, originDecision } from "./access";
import { authConfig } from "./config";
import { principalFor, type Principal } from "./principal";
import { shareLinkState } from "./share-links";

/**
 * For route handlers: the same decision proxy.ts makes, taken again inside the route, so
 * a route stays closed even if the proxy's matcher ever stops covering it.
 */

export async function requestPrincipal(request: Request): Promise<Principal> {
  return principalFor(request, authConfig(), (id) => shareLinkState(id));
}

/** Throws the project's 401/403/410 ApiError unless the access rules let this request through. */
export async function requireAccess(request: Request): Promise<Principal> {
  const crossOrigin = originDecision(request, authConfig());
  if (crossOrigin) throw new ApiError(crossOrigin.code, crossOrigin.message);
  const principal = await requestPrincipal(request);
  const url = new URL(request.url);
  const decision = decide(principal, request.method, url.pathname, url.searchParams);
  if (decision.action === "allow") return principal;
  if (decision.action === "api-error") throw new ApiError(decision.code, decision.message);
  throw new ApiError("unauthorized", "sign in first");
}

/** Throws 401 (no credentials) or 403 (not an admin) unless the caller is an admin. */
export async function requireAdmin(request: Request): Promise<Extract<Principal, { kind: "admin" }>> {
  const principal = await requireAccess(request);
  if (principal.kind !== "admin") throw new ApiError("forbidden", "this action needs an admin");
  return principal;
}
