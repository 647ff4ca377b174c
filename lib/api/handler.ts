import { requireAccess, requireAdmin } from "@/lib/auth/guard";
import { errorResponse } from "./errors";

/**
 * Who may call a route, stated in the route itself and checked there, as proxy.ts does
 * (lib/auth/access.ts), so a route stays closed even if the proxy's matcher stops covering it:
 * - "public": anyone (health, sign-in and the like; the route decides what it shows);
 * - "viewer": whoever the access rules let read: an admin, a viewer, an API token, a shared
 *   view within its scope (requireAccess);
 * - "admin": admins only (requireAdmin; a refused viewer is audited).
 */
export type Access = "public" | "viewer" | "admin";

export interface RouteOptions {
  access: Access;
}

/** Marks handlers made by `handle`, so a test can check every route states its access. */
export const ACCESS_MARK = Symbol.for("runledger.access");

type Handler<Args extends unknown[]> = ((request: Request, ...args: Args) => Promise<Response>) & { [ACCESS_MARK]?: Access };

/** Wraps a route handler: checks its access, then turns every thrown error into the project's error response. */
export function handle<Args extends unknown[]>(
  options: RouteOptions,
  fn: (request: Request, ...args: Args) => Promise<Response> | Response,
): Handler<Args> {
  const check = options.access === "admin" ? requireAdmin : options.access === "viewer" ? requireAccess : null;
  const wrapped: Handler<Args> = async (request, ...args) => {
    try {
      if (check) await check(request);
      return await fn(request, ...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
  wrapped[ACCESS_MARK] = options.access;
  return wrapped;
}
