import { handle } from "@/lib/api/handler";
import { fromZodError } from "@/lib/api/errors";
import { contentDisposition } from "@/lib/csv/download";
import { teamsCsvQuery } from "@/lib/contract/requests";
import { teamsCsv } from "@/lib/teams/csv-export";
import { loadTeamsConfig } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

/** The set-up as `team,cost_centre,kind,pattern`, importable as it is. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const parsed = teamsCsvQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
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
