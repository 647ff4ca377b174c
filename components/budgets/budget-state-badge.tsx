import type { BudgetState } from "@/lib/budgets/types";

const TONE: Record<BudgetState, string> = {
  "on track": "border-success/40 text-success",
  "at risk": "border-warning/50 text-warning",
  over: "border-danger/50 text-danger",
};

export function BudgetStateBadge({ state, paused }: { state: BudgetState; paused: boolean }) {
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <span data-testid="budget-state" className={"rounded-full border px-2 py-0.5 text-xs font-medium " + TONE[state]}>
        {state}
      </span>
      {paused ? <span className="rounded-full border border-border px-2 py-0.5 text-xs text-muted">paused</span> : null}
    </span>
  );
}
