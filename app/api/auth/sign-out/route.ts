import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requestPrincipal } from "@/lib/auth/guard";
import { cookieAttributes, isHttps, SESSION_COOKIE } from "@/lib/auth/session";
import { endSession } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

/**
 * Ends the session in the store at once (a copy of the cookie kept elsewhere stops working
 * too) and clears the cookie; a form post goes on to the sign-in page.
 */
export const POST = handle({ access: "public" }, async (request) => {
  const principal = await requestPrincipal(request);
  if ((principal.kind === "admin" || principal.kind === "viewer") && principal.session) {
    await endSession(principal.session, principal.user);
    await recordAudit({ action: "sign-out", outcome: "ok", ...actorOf(request, principal), target: `session ${principal.session.slice(0, 12)}` });
  }
  const cookie = `${SESSION_COOKIE}=; ${cookieAttributes(isHttps(request), 0)}`;
  const form = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  if (form) return new Response(null, { status: 303, headers: { Location: "/sign-in", "Set-Cookie": cookie } });
  return Response.json({ ok: true }, { headers: { "Set-Cookie": cookie } });
});
