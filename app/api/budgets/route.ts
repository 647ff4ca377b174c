import { handle } from "@/lib/api/handler";
import { requireAdmin } from "@/lib/auth/guard";
import { budgetContext } from "@/lib/budgets/context";
import { budgetStatuses, createBudget } from "@/lib/budgets/service";

export const dynamic = "force-dynamic";

/** Every budget with its spend, forecast and state for its current period. */
export const GET = handle({ access: "viewer" }, async (request) => {
  return Response.json({ budgets: await budgetStatuses(await budgetContext()) });
});

/** Creates a budget (admins): `{name, scope, period, amount, currency, thresholds?, channels?, paused?}`. */
export const POST = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const raw: unknown = await request.json().catch(() => null);
  const budget = await createBudget(raw, admin.user, await budgetContext());
  return Response.json({ budget }, { status: 201 });
});
