import { fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { chargebackPeriodBody } from "@/lib/contract/requests";
import { reopen } from "@/lib/chargeback/service";

export const dynamic = "force-dynamic";

/** Drops the frozen statement: the period follows the store again (409 when not closed). */
export const POST = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const parsed = chargebackPeriodBody.safeParse(await request.json().catch(() => null));
  if (!parsed.success) throw fromZodError(parsed.error);
  await reopen(parsed.data.period, admin.user);
  await recordAudit({ action: "chargeback-reopened", outcome: "ok", ...actorOf(request, admin), target: `period ${parsed.data.period.key}` });
  return Response.json({ period: parsed.data.period.key, reopened: true });
});
