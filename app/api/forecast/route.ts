import { handle } from "@/lib/api/handler";
import { parseQuery } from "@/lib/contract/filters";
import { forecastParams, getForecast } from "@/lib/forecast/forecast";

export const dynamic = "force-dynamic";

/** Spent so far in the current month (quarter, year) and the forecast to its end, for the filters. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, forecastParams);
  return Response.json(await getForecast(filters, params.period));
});
