import type { AuditAction } from "@/lib/audit/audit-log";
import { scopeLabel } from "./scope-label";
import type { Budget } from "./types";

/**
 * How a budget's change reads in the audit log (lib/audit): the budget named in `target`, what
 * it covers in `detail` (never its channels: addresses are not part of the log).
 */

export const budgetTarget = (budget: Budget) => `budget ${budget.name} (${budget.id})`;

export const budgetDetail = (budget: Budget) =>
  `${scopeLabel(budget.scope)}; ${budget.period}; ${budget.amount} ${budget.currency}${budget.paused ? "; paused" : ""}`;

/** A change that only pauses or resumes says so; anything else is an edit. */
export function budgetChange(before: Budget, after: Budget): AuditAction {
  const { paused: p0, updatedAt: u0, ...rest0 } = before;
  const { paused: p1, updatedAt: u1, ...rest1 } = after;
  void u0;
  void u1;
  if (p0 !== p1 && JSON.stringify(rest0) === JSON.stringify(rest1)) return p1 ? "budget-paused" : "budget-resumed";
  return "budget-edited";
}
