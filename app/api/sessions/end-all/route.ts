import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { cookieAttributes, isHttps, SESSION_COOKIE } from "@/lib/auth/session";
import { endAllSessions } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

/**
 * POST /api/sessions/end-all ("sign out everywhere"): ends every open session, the caller's
 * own included, so a cookie copied anywhere stops working; admins only.
 */
export const POST = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const ended = await endAllSessions(admin.user);
  await recordAudit({ action: "sessions-ended-all", outcome: "ok", ...actorOf(request, admin), target: `${ended} sessions` });
  const headers = { "Set-Cookie": `${SESSION_COOKIE}=; ${cookieAttributes(isHttps(request), 0)}`, "Cache-Control": "no-store" };
  return Response.json({ ended }, { headers });
});
