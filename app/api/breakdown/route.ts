import { handle } from "@/lib/api/handler";
import { breakdownParams, getBreakdown } from "@/lib/analytics/breakdown";
import { parseQuery } from "@/lib/contract/filters";

export const dynamic = "force-dynamic";

/** Cost, runs and hours by one dimension (`by`). */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, breakdownParams);
  return Response.json(await getBreakdown(filters, params));
});
