"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query/fetch-json";
import { budgetsForView } from "@/lib/ui/budget-match";
import type { Filters } from "@/lib/contract/filters";
import { formatMoney } from "@/lib/ui/format";
import type { BudgetStatus } from "@/lib/budgets/types";
import { useSettings } from "@/components/layout/settings-context";
import { BudgetProgress } from "./budget-progress";
import { BudgetStateBadge } from "./budget-state-badge";

/**
 * The budgets whose scope is exactly this view's filters, read-only: spent and forecast against
 * the budget for its current period. For everyone who may read budgets, shared views included
 * (the API gives a shared view only the budgets within its link). Nothing when none matches.
 * The same query key as the budget list (components/budgets/budget-list.tsx), whose module is
 * not imported here: it brings the chart library.
 */
export function ViewBudgets({ filters }: { filters: Filters }) {
  const { shareScope } = useSettings();
  const budgets = useQuery({
    queryKey: ["budgets"] as const,
    queryFn: ({ signal }) => fetchJson<{ budgets: BudgetStatus[] }>("/api/budgets", { signal }),
    staleTime: 60_000,
  });
  const matching = budgets.data ? budgetsForView(budgets.data.budgets, filters) : [];
  if (matching.length === 0) return null;
  return (
    <section aria-label="Budgets for this view" className="flex flex-col gap-2" data-testid="view-budgets">
      {matching.map((b) => {
        const money = (v: number) => formatMoney(v, b.budget.currency);
        return (
          <div key={b.budget.id} className="flex min-w-0 flex-col gap-2 rounded-xl border border-border bg-card px-4 py-3" data-testid="view-budget">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 text-sm">
              <p className="min-w-0">
                <span className="font-medium">
                  {shareScope ? (
                    b.budget.name
                  ) : (
                    <Link href="/budgets" className="underline-offset-2 hover:underline">
                      {b.budget.name}
                    </Link>
                  )}
                </span>{" "}
                <span className="text-muted">· {b.period.label}</span>
              </p>
              <BudgetStateBadge state={b.state} paused={b.budget.paused} />
            </div>
            <p className="text-sm tabular">
              Spent {money(b.actual)} ({b.actualShare} %), forecast {money(b.forecast)} ({b.forecastShare} %) of {money(Number(b.budget.amount))}
            </p>
            <BudgetProgress actualShare={b.actualShare} forecastShare={b.forecastShare} />
          </div>
        );
      })}
    </section>
  );
}
