import { handle } from "@/lib/api/handler";
import { parseQuery } from "@/lib/contract/filters";
import { getOverview, overviewParams } from "@/lib/analytics/overview";

export const dynamic = "force-dynamic";

/** The overview page in one answer: totals, the cost series and the top tiers, projects and users. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, overviewParams);
  return Response.json(await getOverview(filters, params));
});
