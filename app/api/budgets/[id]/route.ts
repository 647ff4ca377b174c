import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { budgetChange, budgetDetail, budgetTarget } from "@/lib/budgets/audit";
import { budgetContext, budgetIdParam } from "@/lib/budgets/context";
import { budgetStatuses, getBudget, patchBudget, removeBudget } from "@/lib/budgets/service";
import { ApiError } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** One budget with its figures. */
export const GET = handle({ access: "viewer" }, async (request, context: Context) => {
  const id = budgetIdParam((await context.params).id);
  const ctx = await budgetContext();
  await getBudget(id, ctx);
  const [status] = await budgetStatuses(ctx, [id]);
  if (!status) throw new ApiError("not_found", `no budget ${id}`);
  return Response.json(status);
});

/** Changes any of a budget's fields (admins); the rest stay as they are. */
export const PATCH = handle({ access: "admin" }, async (request, context: Context) => {
  const admin = await requireAdmin(request);
  const id = budgetIdParam((await context.params).id);
  const raw: unknown = await request.json().catch(() => null);
  const ctx = await budgetContext();
  const before = await getBudget(id, ctx);
  const budget = await patchBudget(id, raw, ctx);
  await recordAudit({ action: budgetChange(before, budget), outcome: "ok", ...actorOf(request, admin), target: budgetTarget(budget), detail: budgetDetail(budget) });
  return Response.json({ budget });
});

/** Deletes a budget (admins); its past deliveries stay listed. */
export const DELETE = handle({ access: "admin" }, async (request, context: Context) => {
  const admin = await requireAdmin(request);
  const id = budgetIdParam((await context.params).id);
  const ctx = await budgetContext();
  const before = await getBudget(id, ctx);
  await removeBudget(id, ctx);
  await recordAudit({ action: "budget-deleted", outcome: "ok", ...actorOf(request, admin), target: budgetTarget(before), detail: budgetDetail(before) });
  return new Response(null, { status: 204 });
});
