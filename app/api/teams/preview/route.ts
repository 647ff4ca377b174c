import { handle } from "@/lib/api/handler";
import { parseConfig } from "@/lib/teams/config";
import { problemsResponse } from "@/lib/teams/problems";
import { previewTeams } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

/** What saving `{teams, rules}` would move: runs and cost (all time, last month) per from → to team. */
export const POST = handle({ access: "admin" }, async (request) => {
  const raw: unknown = await request.json().catch(() => undefined);
  if (raw === undefined) return problemsResponse([{ field: "body", message: "must be JSON {teams, rules}" }]);
  const parsed = parseConfig(raw);
  if (!parsed.ok) return problemsResponse(parsed.problems);
  return Response.json(await previewTeams(parsed.config), { headers: { "Cache-Control": "no-store" } });
});
