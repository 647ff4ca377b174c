import { handle } from "@/lib/api/handler";
import { parseQuery } from "@/lib/contract/filters";
import { getRunsPage, runsPageParams } from "@/lib/analytics/runs-page";

export const dynamic = "force-dynamic";

/** A page of runs with every field, and how many match. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, runsPageParams);
  return Response.json(await getRunsPage(filters, params));
});
