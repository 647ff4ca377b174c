import { fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { getChargeback } from "@/lib/chargeback/service";
import { chargebackQuery } from "@/lib/contract/requests";

export const dynamic = "force-dynamic";

/** The statement of a month or quarter (`period=2025-03` or `2025-Q1`): frozen when closed. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const parsed = chargebackQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw fromZodError(parsed.error);
  return Response.json(await getChargeback(parsed.data.period), { headers: { "Cache-Control": "no-store" } });
});
