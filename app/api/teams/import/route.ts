import { handle } from "@/lib/api/handler";
import { parseTeamsCsv } from "@/lib/teams/csv-import";
import { problemsResponse } from "@/lib/teams/problems";
import { loadTeamsConfig } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

const MAX_BYTES = 2_000_000;

/**
 * Checks a `team,cost_centre,kind,pattern` sheet (the request body, text/csv) and answers the
 * set-up it describes. Nothing is saved: the editor previews it, then PUTs /api/teams. Every bad
 * line is listed with its number.
 */
export const POST = handle({ access: "admin" }, async (request) => {
  const text = await request.text();
  if (text.length > MAX_BYTES) return problemsResponse([{ field: "body", message: `the file must be at most ${MAX_BYTES} bytes` }]);
  if (text.trim() === "") return problemsResponse([{ field: "body", message: "the file is empty" }]);
  const result = parseTeamsCsv(text, (await loadTeamsConfig()).teams);
  if (!result.ok) return problemsResponse(result.problems);
  return Response.json({ config: result.config });
});
