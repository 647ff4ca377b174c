import { parseQuery } from "@/lib/contract/filters";
import { handle } from "@/lib/api/handler";
import { csvHeaders } from "@/lib/csv/download";
import { timeseriesCsv, timeseriesCsvParams } from "@/lib/csv/timeseries-csv";

export const dynamic = "force-dynamic";

/** The cost-over-time series (per day, week or month, stacked by a dimension) as CSV. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, timeseriesCsvParams);
  const { text, meta } = await timeseriesCsv(filters, params);
  return new Response(text, { headers: csvHeaders(meta) });
});
