import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { parseConfig } from "@/lib/teams/config";
import { problemsResponse } from "@/lib/teams/problems";
import { loadTeams, saveTeams, tiesFor } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

/** The teams, their rules, and any identities whose rules tie. */
export const GET = handle({ access: "viewer" }, async () => Response.json(await loadTeams(), { headers: { "Cache-Control": "no-store" } }));

/**
 * Replaces the whole set-up `{teams, rules}` and applies it to every stored run at once.
 * 400 lists every problem (field or rule named); a set-up that leaves runs tied between two
 * teams is refused with the identities concerned.
 */
export const PUT = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const raw: unknown = await request.json().catch(() => undefined);
  if (raw === undefined) return problemsResponse([{ field: "body", message: "must be JSON {teams, rules}" }]);
  const parsed = parseConfig(raw);
  if (!parsed.ok) return problemsResponse(parsed.problems);
  const ties = await tiesFor(parsed.config);
  if (ties.length > 0) {
    return problemsResponse(
      ties.map((t) => ({ field: "rules", message: `project ${t.projectKey}, user ${t.user}: rules of ${t.teams} tie (${t.runs} runs)` })),
    );
  }
  const outcome = await saveTeams(parsed.config);
  await recordAudit({
    action: "teams-saved",
    outcome: "ok",
    ...actorOf(request, admin),
    detail: `${parsed.config.teams.length} teams, ${parsed.config.rules.length} rules; ${outcome.runsChanged} runs changed team`,
  });
  return Response.json({ saved: true, ...outcome });
});
