import { ApiError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { auditCsvSchema, CSV_LIMIT, readAuditRows } from "@/lib/audit/audit-query";
import { auditCsv } from "@/lib/csv/audit-csv";
import { contentDisposition } from "@/lib/csv/download";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** GET /api/audit.csv: the rows GET /api/audit would page through, every one, as CSV; admins only. */
export const GET = handle({ access: "admin" }, async (request) => {
  const { format, ...filters } = auditCsvSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const timeZone = env().RUNLEDGER_TIMEZONE;
  const { rows, more } = await readAuditRows(filters, timeZone);
  if (more) throw new ApiError("bad_request", `more than ${CSV_LIMIT.toLocaleString("en-US")} rows match; narrow the dates (from, to)`, "from");
  const name = ["runledger-audit", filters.from ?? "start", filters.to ?? "now", filters.action, filters.outcome].filter(Boolean).join("_");
  return new Response(auditCsv(rows, format === "excel"), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(`${name}.csv`),
      "Cache-Control": "private, no-store",
      "X-Runledger-Time-Zone": timeZone,
      "X-Runledger-Row-Count": String(rows.length),
    },
  });
});
