import { parseQuery } from "@/lib/contract/filters";
import { handle } from "@/lib/api/handler";
import { breakdownCsv, breakdownCsvParams } from "@/lib/csv/breakdown-csv";
import { csvHeaders } from "@/lib/csv/download";

export const dynamic = "force-dynamic";

/** Every row of a breakdown table (`by`), in the table's sort order, as CSV. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, breakdownCsvParams);
  const { text, meta } = await breakdownCsv(filters, params);
  return new Response(text, { headers: csvHeaders(meta) });
});
