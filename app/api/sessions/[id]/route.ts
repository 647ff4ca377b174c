import { ApiError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { endSession } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

/** DELETE /api/sessions/<id>: ends that session at once (its cookie stops working); admins only. */
export const DELETE = handle({ access: "admin" }, async (request, context: { params: Promise<{ id: string }> }) => {
  const admin = await requireAdmin(request);
  const { id } = await context.params;
  if (!/^[0-9a-f]{64}$/.test(id)) throw new ApiError("bad_request", "id: not a session id", "id");
  const ended = await endSession(id, admin.user);
  await recordAudit({ action: "session-ended", outcome: ended ? "ok" : "failed", ...actorOf(request, admin), target: `session ${id.slice(0, 12)}`, ...(ended ? {} : { detail: "no open session with this id" }) });
  if (!ended) throw new ApiError("not_found", "no open session with this id");
  return new Response(null, { status: 204 });
});
