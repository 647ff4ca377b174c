import { z } from "zod";
import { fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { periodSchema } from "@/lib/chargeback/period";
import { getChargeback } from "@/lib/chargeback/service";

export const dynamic = "force-dynamic";

const params = z.object({ period: periodSchema }).strict();

/** The statement of a month or quarter (`period=2025-03` or `2025-Q1`): frozen when closed. */
export const GET = handle(async (request) => {
  const parsed = params.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw fromZodError(parsed.error);
  return Response.json(await getChargeback(parsed.data.period), { headers: { "Cache-Control": "no-store" } });
});
