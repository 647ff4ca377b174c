import { fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { chargebackPeriodBody } from "@/lib/contract/requests";
import { close } from "@/lib/chargeback/service";

export const dynamic = "force-dynamic";

/** Freezes the period's statement as it stands (409 when already closed). */
export const POST = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const parsed = chargebackPeriodBody.safeParse(await request.json().catch(() => null));
  if (!parsed.success) throw fromZodError(parsed.error);
  const closing = await close(parsed.data.period, admin.user);
  await recordAudit({ action: "chargeback-closed", outcome: "ok", ...actorOf(request, admin), target: `period ${closing.period}` });
  return Response.json({ period: closing.period, closedBy: closing.closedBy, closedAt: closing.closedAt }, { status: 201 });
});
