import type { Principal } from "./principal";
import { crossOriginProblem, type OriginSettings } from "./same-origin";
import { shareMayCall } from "./share-scope";

/**
 * The access rules, in one place, applied by proxy.ts to every request:
 * - admin (session, trusted proxy user, or anyone in AUTH_MODE=none): everything;
 * - viewer (session or proxy user): every page, the read API and CSVs; never an admin route
 *   (sync, share links, sessions, the audit log): 403, whatever the UI shows;
 * - API token: read-only (GET/HEAD) API and gateway endpoint; never share links;
 * - shared view: its own page and the read API inside its scope;
 * - anyone else: the sign-in page, health and the share-link opener only.
 * Before any of these, every state-changing request made without an API token must come from
 * the dashboard's own origin (same-origin.ts), the sign-in included.
 */

export type Decision =
  | { action: "allow" }
  | {
      action: "api-error";
      status: 400 | 401 | 403 | 410;
      code: "bad_request" | "unauthorized" | "forbidden" | "gone";
      message: string;
      /** A signed-in viewer refused an admin route: audited. */
      roleRefusal?: true;
    }
  | { action: "sign-in" }
  | { action: "page-error"; status: 401 | 403 | 410; title: string; message: string; clearShare: boolean; roleRefusal?: true };

const PUBLIC_PATHS = new Set([
  "/sign-in",
  "/api/auth/sign-in",
  "/api/auth/sign-out",
  "/api/auth/me",
  "/api/auth/leave-share",
  "/api/health",
  "/api/openapi.json",
  "/icon.png",
  "/favicon.ico",
  "/robots.txt",
]);

/** Admin-only API paths even for reading: who may see links may forward them; sessions and the audit log name people. */
const ADMIN_READ_PREFIXES = ["/api/share-links", "/api/sessions", "/api/audit"];

/** Admin-only pages. */
const ADMIN_PAGES = ["/share-links", "/audit"];

const under = (pathname: string, prefixes: readonly string[]) =>
  prefixes.some((p) => pathname === p || pathname.startsWith(`${p}/`) || pathname.startsWith(`${p}.`));

/** Whether only an admin may make this request (any write to the API, or an admin-only path). */
export function isAdminOnly(method: string, pathname: string): boolean {
  if (isApiPath(pathname)) return !READ.has(method) || under(pathname, ADMIN_READ_PREFIXES);
  return under(pathname, ADMIN_PAGES);
}

/** 403 naming the reason when a state-changing request did not come from the dashboard's origin. */
export function originDecision(request: Request, settings: OriginSettings): Extract<Decision, { action: "api-error" }> | null {
  const problem = crossOriginProblem(request, settings);
  return problem === null ? null : { action: "api-error", status: 403, code: "forbidden", message: problem };
}

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/") || pathname.startsWith("/v4/");
}

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || pathname.startsWith("/_next/") || pathname.startsWith("/s/");
}

const READ = new Set(["GET", "HEAD", "OPTIONS"]);

/** `today`: the local date in the dashboard's zone, for a shared view's forecast (share-scope.ts). */
export function decide(principal: Principal, method: string, pathname: string, params: URLSearchParams, today?: string): Decision {
  if (isPublicPath(pathname)) return { action: "allow" };
  const api = isApiPath(pathname);
  switch (principal.kind) {
    case "admin":
      return { action: "allow" };
    case "viewer": {
      if (!isAdminOnly(method, pathname)) return { action: "allow" };
      const message = "this needs an admin; you are signed in as a viewer";
      return api
        ? { action: "api-error", status: 403, code: "forbidden", message, roleRefusal: true }
        : { action: "page-error", status: 403, title: "For admins only", message: "You are signed in as a viewer. Ask an admin if you need this page.", clearShare: false, roleRefusal: true };
    }
    case "token": {
      if (!api) return { action: "allow" };
      if (!READ.has(method)) return apiError(403, "forbidden", "API tokens are read-only; this action needs an admin");
      if (under(pathname, ADMIN_READ_PREFIXES)) return apiError(403, "forbidden", "share links, sessions and the audit log are for admins only");
      return { action: "allow" };
    }
    case "share": {
      if (api) {
        if (pathname.startsWith("/v4/")) return apiError(403, "forbidden", "a shared view cannot use the gateway endpoint");
        const verdict = shareMayCall(principal.scope, method, pathname, params, today);
        return verdict.ok ? { action: "allow" } : apiError(403, "forbidden", verdict.message);
      }
      if (pathname === principal.scope.page) return { action: "allow" };
      return {
        action: "page-error",
        status: 403,
        title: "Not part of this shared view",
        message: "The link you opened shows one view only. Ask the person who shared it for a link to this page.",
        clearShare: false,
      };
    }
    case "anonymous": {
      const share = shareProblem(principal.problem);
      if (share) {
        return api
          ? apiError(share.status, share.status === 410 ? "gone" : "forbidden", share.message)
          : { action: "page-error", ...share, clearShare: true };
      }
      if (principal.problem === "bad-token") return api ? apiError(401, "unauthorized", "the API token is not valid") : pageUnauthorized();
      if (principal.problem === "session-unavailable") {
        // Closed, never open: without the store nobody's session can be confirmed.
        const message = "the session cannot be checked right now (the store is not readable); try again shortly";
        return api ? apiError(401, "unauthorized", message) : { action: "page-error", status: 401, title: "Cannot check your session", message: "The dashboard cannot read its store to confirm your session. Try again shortly.", clearShare: false };
      }
      if (principal.problem === "proxy-no-user") {
        const message = "the sign-in proxy sent no user with this request (AUTH_MODE=proxy)";
        return api
          ? apiError(401, "unauthorized", `${message}; or send an API token`)
          : { action: "page-error", status: 401, title: "The proxy sent no user", message: "This dashboard takes who you are from its sign-in proxy, and this request came without a user. Open the dashboard through the proxy's address, or ask whoever runs the proxy to pass the user header.", clearShare: false };
      }
      if (principal.problem === "session-ended" && api) return apiError(401, "unauthorized", "the session has ended (signed out, ended by an admin, idle or expired); sign in again");
      return api ? apiError(401, "unauthorized", "sign in or send an API token (Authorization: Bearer <token>)") : { action: "sign-in" };
    }
  }
}

function apiError(status: 400 | 401 | 403 | 410, code: "bad_request" | "unauthorized" | "forbidden" | "gone", message: string): Decision {
  return { action: "api-error", status, code, message };
}

function pageUnauthorized(): Decision {
  return { action: "page-error", status: 401, title: "Not signed in", message: "The credentials sent are not valid.", clearShare: false };
}

export interface ShareProblem {
  status: 403 | 410;
  title: string;
  message: string;
}

export function shareProblem(problem: string): ShareProblem | null {
  switch (problem) {
    case "share-expired":
      return { status: 410, title: "This shared link has expired", message: "Ask the person who shared it for a new link." };
    case "share-revoked":
      return { status: 410, title: "This shared link was revoked", message: "Ask the person who shared it for a new link." };
    case "share-tampered":
      return { status: 403, title: "This shared link is not valid", message: "The link was changed or cut short. Open the link exactly as you received it." };
    default:
      return null;
  }
}
