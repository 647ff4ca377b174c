import type { BudgetStatus } from "@/lib/budgets/types";
import { FILTER_LISTS } from "@/lib/contract/dimensions";
import { filtersOf, type Filters } from "@/lib/contract/filters";

/** The view's filters as the dashboard resolved them (it has no text search). */
export type ViewFilters = Omit<Filters, "q">;

/**
 * Whether a view shows exactly a budget's scope: the same values for every filter (order aside),
 * dates aside (a budget's period is its own). A budget with a text search matches no view
 * here: the overview has no search. Pure: no server imports.
 */
export function budgetMatchesView(scope: string, filters: ViewFilters): boolean {
  // A stored scope passed this parser when the budget was saved (lib/budgets/input.ts).
  const budget = filtersOf(new URLSearchParams(scope));
  if (budget.q) return false;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);
  return FILTER_LISTS.every((key) => same(budget[key], filters[key]));
}

/** The budgets whose scope is the view's, in the order the API lists them. */
export function budgetsForView(budgets: readonly BudgetStatus[], filters: ViewFilters): BudgetStatus[] {
  return budgets.filter((b) => budgetMatchesView(b.budget.scope, filters));
}
