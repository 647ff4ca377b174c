import { ApiError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { revokeShareLink } from "@/lib/auth/share-links";

export const dynamic = "force-dynamic";

/** Revokes a link: whoever opens it from now on gets 410. */
export const DELETE = handle({ access: "admin" }, async (request, context: { params: Promise<{ id: string }> }) => {
  const admin = await requireAdmin(request);
  const { id } = await context.params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiError("bad_request", "id: not a share link id", "id");
  const revoked = await revokeShareLink(id);
  await recordAudit({ action: "share-link-revoked", outcome: revoked ? "ok" : "failed", ...actorOf(request, admin), target: `share link ${id}`, ...(revoked ? {} : { detail: "no such link" }) });
  if (!revoked) throw new ApiError("not_found", `no share link ${id}`);
  return new Response(null, { status: 204 });
});
