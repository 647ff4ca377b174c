import { fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { requireAdmin } from "@/lib/auth/guard";
import { sharedCostInput } from "@/lib/chargeback/shared-costs";
import { addShared } from "@/lib/chargeback/service";

export const dynamic = "force-dynamic";

/** Adds a fixed cost to a period: `{period, label, currency, amount: "1250.00", spread, teams?}`. */
export const POST = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const parsed = sharedCostInput.safeParse(await request.json().catch(() => null));
  if (!parsed.success) throw fromZodError(parsed.error);
  const id = await addShared(parsed.data, admin.user);
  return Response.json({ id }, { status: 201 });
});
