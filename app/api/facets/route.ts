import { handle } from "@/lib/api/handler";
import { facetsParams, getFacets } from "@/lib/analytics/facets";
import { parseQuery } from "@/lib/contract/filters";

export const dynamic = "force-dynamic";

/** A dimension's values with runs and cost, searchable (`q`), for filter pickers. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, facetsParams);
  return Response.json(await getFacets(filters, params));
});
