import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAccess, requireAdmin } from "@/lib/auth/guard";
import { budgetDetail, budgetTarget } from "@/lib/budgets/audit";
import { budgetContext } from "@/lib/budgets/context";
import { budgetStatuses, createBudget } from "@/lib/budgets/service";
import { budgetsForShare } from "@/lib/budgets/share-view";

export const dynamic = "force-dynamic";

/** Every budget with its spend, forecast and state for its current period. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const principal = await requireAccess(request);
  const budgets = await budgetStatuses(await budgetContext());
  // A shared view: only budgets within its filters, without their channels (share-view.ts).
  return Response.json({ budgets: principal.kind === "share" ? budgetsForShare(budgets, principal.scope) : budgets });
});

/** Creates a budget (admins): `{name, scope, period, amount, currency, thresholds?, channels?, paused?}`. */
export const POST = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const raw: unknown = await request.json().catch(() => null);
  const budget = await createBudget(raw, admin.user, await budgetContext());
  await recordAudit({ action: "budget-created", outcome: "ok", ...actorOf(request, admin), target: budgetTarget(budget), detail: budgetDetail(budget) });
  return Response.json({ budget }, { status: 201 });
});
