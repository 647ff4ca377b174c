import { parseQuery } from "@/lib/contract/filters";
import { handle } from "@/lib/api/handler";
import { csvFileName, csvHeaders } from "@/lib/csv/download";
import { runsCsvParams } from "@/lib/csv/runs-csv-params";
import { openRunsCsv } from "@/lib/csv/runs-stream";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store/db";

export const dynamic = "force-dynamic";

/**
 * Every run matching the filters, in the runs table's sort order, streamed as the store
 * writes it. Validation and the row count happen before the first byte: a bad query is a
 * 400, never a half-written 200.
 */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params: p } = parseQuery(new URL(request.url).searchParams, runsCsvParams);
  const settings = env();
  const store = await getStore(settings.DATA_DIR);
  const timeZone = settings.RUNLEDGER_TIMEZONE;
  const { plan, body } = await openRunsCsv(
    store,
    { filters, sort: p.sort, dir: p.dir, timeZone, bom: p.format === "excel" },
    { maxRows: settings.CSV_MAX_ROWS, signal: request.signal },
  );
  const headers = csvHeaders({
    fileName: csvFileName("runs", filters),
    filters,
    timeZone,
    currencies: plan.currencies,
    dataAsOf: plan.dataAsOf,
    rowCount: plan.rowCount,
  });
  return new Response(body, { headers });
});
