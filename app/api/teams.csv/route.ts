import { z } from "zod";
import { handle } from "@/lib/api/handler";
import { fromZodError } from "@/lib/api/errors";
import { contentDisposition, csvFormatParam } from "@/lib/csv/download";
import { teamsCsv } from "@/lib/teams/csv-export";
import { loadTeamsConfig } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

const params = z.object({ format: csvFormatParam }).strict();

/** The set-up as `team,cost_centre,kind,pattern`, importable as it is. */
export const GET = handle(async (request) => {
  const parsed = params.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw fromZodError(parsed.error);
  const body = teamsCsv(await loadTeamsConfig(), parsed.data.format === "excel");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition("runledger-teams.csv"),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
