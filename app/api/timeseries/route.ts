import { handle } from "@/lib/api/handler";
import { parseQuery } from "@/lib/contract/filters";
import { getTimeseries, timeseriesParams } from "@/lib/analytics/timeseries";

export const dynamic = "force-dynamic";

/** Cost per day, week or month, stacked by the top keys of a dimension. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, timeseriesParams);
  return Response.json(await getTimeseries(filters, params));
});
