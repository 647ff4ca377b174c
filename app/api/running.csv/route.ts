import { parseQuery } from "@/lib/contract/filters";
import { handle } from "@/lib/api/handler";
import { csvHeaders } from "@/lib/csv/download";
import { runningCsv, runningCsvParams } from "@/lib/csv/running-csv";
import { longRunRule } from "@/lib/env";

export const dynamic = "force-dynamic";

/** Every run in flight at the last sync, in the /running page's sort order, as CSV. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, runningCsvParams);
  const { text, meta } = await runningCsv(filters, params, longRunRule());
  return new Response(text, { headers: csvHeaders(meta) });
});
