import type { BudgetStatus } from "@/lib/budgets/types";
import { FILTER_KEYS } from "./dimensions";
import type { ApiFilters } from "./filters";

/**
 * Whether a view shows exactly a budget's scope: the same values for every filter (order aside),
 * dates aside (a budget's period is its own). A budget with a text search matches no view
 * here: the overview has no search. Pure: no server imports.
 */
export function budgetMatchesView(scope: string, filters: ApiFilters): boolean {
  const params = new URLSearchParams(scope);
  if (params.get("q")) return false;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);
  return FILTER_KEYS.every((key) => same(params.getAll(key), filters[key]));
}

/** The budgets whose scope is the view's, in the order the API lists them. */
export function budgetsForView(budgets: readonly BudgetStatus[], filters: ApiFilters): BudgetStatus[] {
  return budgets.filter((b) => budgetMatchesView(b.budget.scope, filters));
}
