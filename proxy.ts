import { NextResponse, type NextRequest } from "next/server";
import { decide, isApiPath, originDecision, type Decision } from "@/lib/auth/access";
import { auditRoleRefused } from "@/lib/auth/role-refused";
import { authConfig } from "@/lib/auth/config";
import { storeLookups } from "@/lib/auth/lookups";
import { PRINCIPAL_HEADER, principalFor, readCookie, SHARE_COOKIE, type Principal } from "@/lib/auth/principal";
import { queryTextProblem } from "@/lib/api/query-text";
import { securityHeaders } from "@/lib/auth/security-headers";
import { shareToday } from "@/lib/auth/share-today";
import { errorPageResponse } from "@/lib/auth/share-error-page";
import { isHttps } from "@/lib/auth/session";

/**
 * Every request passes here first (Next.js 16 proxy, Node.js runtime, in the server's own
 * process): security headers on every response, then who is asking and whether they may
 * (lib/auth/access.ts). Routes downstream see the decision in PRINCIPAL_HEADER, which no
 * client can set: it is removed from every incoming request first.
 */

export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname, searchParams } = request.nextUrl;
  const headers = securityHeaders({
    dev: process.env.NODE_ENV === "development",
    noReferrer: pathname.startsWith("/s/") || readCookie(request, SHARE_COOKIE) !== undefined,
    https: isHttps(request),
  });
  // Build files are public and identical for everyone: no credentials to look at.
  if (pathname.startsWith("/_next/static/") || pathname.startsWith("/_next/image")) {
    return withHeaders(NextResponse.next(), headers);
  }

  // Every route: a parameter holding control or text-direction characters is a 400 naming it.
  const unusable = queryTextProblem(searchParams);
  if (unusable) {
    const response = isApiPath(pathname)
      ? Response.json({ error: { code: "bad_request", message: unusable.message, field: unusable.field } }, { status: 400 })
      : errorPageResponse("This address cannot be read", `The parameter ${unusable.message}. Check the link.`, 400);
    return withHeaders(response, headers);
  }

  let principal: Principal;
  try {
    const config = authConfig();
    // Before anything is looked up: a write from another origin is refused whoever sent it.
    const crossOrigin = originDecision(request, config);
    if (crossOrigin) return withHeaders(refusal(request, crossOrigin), headers);
    principal = await principalFor(request, config, storeLookups(config));
  } catch {
    // Misconfigured or the store unreadable: closed, never open.
    const body = { error: { code: "unavailable", message: "access control is not available; see the server log" } };
    return withHeaders(Response.json(body, { status: 503 }), headers);
  }
  const decision = decide(principal, request.method, pathname, searchParams, shareToday(principal));
  if (decision.action !== "allow") {
    if ("roleRefusal" in decision && decision.roleRefusal && principal.kind === "viewer") {
      await auditRoleRefused(request, principal.user, `${request.method} ${pathname}`);
    }
    return withHeaders(refusal(request, decision), headers);
  }

  const forwarded = new Headers(request.headers);
  forwarded.set(PRINCIPAL_HEADER, principal.kind);
  const response = NextResponse.next({ request: { headers: forwarded } });
  // An admin who once opened a shared link in this browser is an admin again, not a viewer.
  if ((principal.kind === "admin" || principal.kind === "viewer") && principal.via !== "none" && readCookie(request, SHARE_COOKIE) !== undefined) {
    response.cookies.set({ name: SHARE_COOKIE, value: "", path: "/", maxAge: 0, httpOnly: true, sameSite: "lax" });
  }
  if (principal.kind === "share" || isApiPath(pathname)) response.headers.set("Cache-Control", "private, no-store");
  return withHeaders(response, headers);
}

function refusal(request: NextRequest, decision: Exclude<Decision, { action: "allow" }>): Response {
  switch (decision.action) {
    case "api-error":
      return Response.json(
        { error: { code: decision.code, message: decision.message } },
        { status: decision.status, headers: decision.status === 401 ? { "WWW-Authenticate": 'Bearer realm="runledger"' } : {} },
      );
    case "sign-in": {
      // Same origin as the request: Next.js sends it as a relative Location, right behind any proxy.
      const next = request.nextUrl.pathname + request.nextUrl.search;
      const target = new URL("/sign-in", request.nextUrl);
      if (next !== "/") target.searchParams.set("next", next);
      return NextResponse.redirect(target, 307);
    }
    case "page-error": {
      const clear = decision.clearShare ? { "Set-Cookie": `${SHARE_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` } : undefined;
      return errorPageResponse(decision.title, decision.message, decision.status, clear);
    }
  }
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every path: headers go on every response, and no route is left outside by accident.
  matcher: "/:path*",
};
