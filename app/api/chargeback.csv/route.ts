import { ApiError, fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { statementJsonFor } from "@/lib/chargeback/service";
import type { Statement } from "@/lib/chargeback/statement";
import { statementCsv } from "@/lib/chargeback/statement-csv";
import { contentDisposition } from "@/lib/csv/download";
import { chargebackCsvQuery } from "@/lib/contract/requests";

export const dynamic = "force-dynamic";

/** The period's ledger (every team × tier), or one team's statement with `team=`. Frozen when closed. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const parsed = chargebackCsvQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw fromZodError(parsed.error);
  const { period, team, format } = parsed.data;
  const statement = JSON.parse(await statementJsonFor(period)) as Statement;
  if (team && !statement.sections.some((s) => s.lines.some((l) => l.team === team))) {
    throw new ApiError("bad_request", `team: no team "${team}" in this statement`, "team");
  }
  const name = `runledger-chargeback-${period.key}${team ? `-${team}` : ""}.csv`;
  return new Response(statementCsv(statement, team ?? null, format === "excel"), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(name),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
