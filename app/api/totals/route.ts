import { handle } from "@/lib/api/handler";
import { parseFilters } from "@/lib/contract/filters";
import { getTotals } from "@/lib/analytics/totals";

export const dynamic = "force-dynamic";

/** Runs, compute hours and cost per currency, with the previous period of equal length. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const filters = parseFilters(new URL(request.url).searchParams);
  return Response.json(await getTotals(filters));
});
