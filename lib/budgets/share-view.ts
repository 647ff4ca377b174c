import { budgetWithinShare } from "@/lib/auth/share-scope";
import type { ShareScope } from "@/lib/auth/share-token";
import { scopeFilters } from "./input";
import type { BudgetStatus } from "./types";

/**
 * What a shared view sees of the budgets: only those whose scope lies within the link's
 * filters (a link to project A shows A's budgets, never the deployment's or project B's), and
 * read-only: without their alert channels (webhook addresses and e-mail recipients are not
 * part of any view).
 */
export function budgetsForShare(statuses: readonly BudgetStatus[], scope: ShareScope): BudgetStatus[] {
  return statuses
    .filter((s) => budgetWithinShare(scope, scopeFilters(s.budget.scope)))
    .map((s) => ({ ...s, budget: { ...s.budget, channels: [] } }));
}
