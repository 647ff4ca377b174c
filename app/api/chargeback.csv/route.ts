import { z } from "zod";
import { fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { periodSchema } from "@/lib/chargeback/period";
import { statementJsonFor } from "@/lib/chargeback/service";
import type { Statement } from "@/lib/chargeback/statement";
import { statementCsv } from "@/lib/chargeback/statement-csv";
import { contentDisposition, csvFormatParam } from "@/lib/csv/download";

export const dynamic = "force-dynamic";

const params = z
  .object({ period: periodSchema, team: z.string().trim().min(1).max(100).optional(), format: csvFormatParam })
  .strict();

/** The period's ledger (every team × tier), or one team's statement with `team=`. Frozen when closed. */
export const GET = handle(async (request) => {
  const parsed = params.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw fromZodError(parsed.error);
  const { period, team, format } = parsed.data;
  const statement = JSON.parse(await statementJsonFor(period)) as Statement;
  if (team && !statement.sections.some((s) => s.lines.some((l) => l.team === team))) {
    return Response.json({ error: { code: "bad_request", message: `team: no team "${team}" in this statement`, field: "team" } }, { status: 400 });
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
