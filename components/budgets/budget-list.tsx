"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorFromBody, fetchJson } from "@/lib/query/fetch-json";
import { formatMoney } from "@/lib/ui/format";
import { scopeLabel } from "@/lib/budgets/scope-label";
import type { BudgetStatus } from "@/lib/budgets/types";
import { BudgetBurnChart } from "@/components/charts/budget-burn-chart";
import { useSettings } from "@/components/layout/settings-context";
import { ErrorState } from "@/components/layout/error-state";
import { Skeleton } from "@/components/layout/skeleton";
import { BudgetProgress } from "./budget-progress";
import { BudgetStateBadge } from "./budget-state-badge";

export const budgetsQueryKey = ["budgets"] as const;

const share = (v: number) => `${v.toLocaleString("en-US", { maximumFractionDigits: 1 })} %`;

/** Every budget: spent, forecast and budget with their shares, a bar, a state and a small chart. */
export function BudgetList() {
  const { viewer } = useSettings();
  const admin = viewer === "admin";
  const client = useQueryClient();
  const budgets = useQuery({
    queryKey: budgetsQueryKey,
    queryFn: ({ signal }) => fetchJson<{ budgets: BudgetStatus[] }>("/api/budgets", { signal }),
  });
  const change = useMutation({
    mutationFn: async ({ id, method, body }: { id: string; method: "PATCH" | "DELETE"; body?: unknown }) => {
      const response = await fetch(`/api/budgets/${encodeURIComponent(id)}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw errorFromBody(response.status, await response.json().catch(() => null));
    },
    onSettled: () => client.invalidateQueries({ queryKey: budgetsQueryKey }),
  });

  if (budgets.isPending) {
    return (
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-56 w-full" />
        <Skeleton className="h-56 w-full" />
      </div>
    );
  }
  if (budgets.isError) return <ErrorState error={budgets.error} onRetry={() => void budgets.refetch()} />;
  if (budgets.data.budgets.length === 0) {
    return (
      <p className="rounded-xl border border-border bg-card p-6 text-sm text-muted">
        No budgets yet.{" "}
        {admin ? (
          <>
            Open a view of the dashboard and choose <strong>Create budget from this view</strong>, or{" "}
            <Link className="text-accent underline" href="/budgets/new">
              create one for the whole deployment
            </Link>
            .
          </>
        ) : (
          "An admin can create them."
        )}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {change.isError ? (
        <p role="alert" className="text-sm text-danger">
          {change.error.message}
        </p>
      ) : null}
      <ul className="grid gap-4 lg:grid-cols-2" data-testid="budget-list">
        {budgets.data.budgets.map((s) => {
          const b = s.budget;
          const amount = Number(b.amount);
          const money = (v: number) => formatMoney(v, b.currency);
          return (
            <li key={b.id} data-testid={`budget-${b.id}`} data-name={b.name} className="min-w-0 rounded-xl border border-border bg-card p-4 sm:p-5">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <h2 className="truncate text-base font-semibold">{b.name}</h2>
                  <p className="truncate text-xs text-muted" title={scopeLabel(b.scope)}>
                    {scopeLabel(b.scope)} · {s.period.label}
                  </p>
                </div>
                <BudgetStateBadge state={s.state} paused={b.paused} />
              </div>
              <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
                <div className="min-w-0">
                  <dt className="text-xs text-muted">Spent</dt>
                  <dd className="truncate font-semibold tabular" data-testid="budget-actual">{money(s.actual)}</dd>
                  <dd className="text-xs text-muted tabular">{share(s.actualShare)}</dd>
                </div>
                <div className="min-w-0">
                  <dt className="text-xs text-muted">Forecast</dt>
                  <dd className="truncate font-semibold tabular" title={`80 % range ${money(s.forecastLow)}–${money(s.forecastHigh)}`}>
                    {money(s.forecast)}
                  </dd>
                  <dd className="text-xs text-muted tabular">{share(s.forecastShare)}</dd>
                </div>
                <div className="min-w-0">
                  <dt className="text-xs text-muted">Budget</dt>
                  <dd className="truncate font-semibold tabular">{money(amount)}</dd>
                  <dd className="text-xs text-muted">per {b.period}</dd>
                </div>
              </dl>
              <div className="mt-3">
                <BudgetProgress actualShare={s.actualShare} forecastShare={s.forecastShare} />
                <p className="mt-1 flex flex-wrap justify-between gap-x-3 text-xs text-muted">
                  <span>
                    <span aria-hidden="true" className="mr-1 inline-block h-2 w-3 rounded-sm bg-[var(--chart-1)] align-middle" />
                    spent
                  </span>
                  <span>
                    <span
                      aria-hidden="true"
                      className="mr-1 inline-block h-2 w-3 rounded-sm align-middle opacity-60"
                      style={{ backgroundImage: "repeating-linear-gradient(135deg, var(--chart-1) 0 2px, transparent 2px 4px)" }}
                    />
                    forecast {money(s.forecastLow)}–{money(s.forecastHigh)}
                  </span>
                </p>
              </div>
              <div className="mt-3">
                <BudgetBurnChart
                  points={s.cumulative}
                  amount={amount}
                  label={`Cumulative spend in ${s.period.label}: ${money(s.actual)} so far, ${money(s.forecast)} forecast, against a budget of ${money(amount)}`}
                />
              </div>
              <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
                <Link href={s.dashboardPath} className="rounded-md border border-border px-2.5 py-1 hover:bg-subtle" data-testid="budget-open">
                  Open in dashboard
                </Link>
                {admin ? (
                  <>
                    <Link href={`/budgets/${encodeURIComponent(b.id)}/edit`} className="rounded-md border border-border px-2.5 py-1 hover:bg-subtle">
                      Edit
                    </Link>
                    <button
                      type="button"
                      disabled={change.isPending}
                      onClick={() => change.mutate({ id: b.id, method: "PATCH", body: { paused: !b.paused } })}
                      className="rounded-md border border-border px-2.5 py-1 hover:bg-subtle"
                    >
                      {b.paused ? "Resume alerts" : "Pause alerts"}
                    </button>
                    <button
                      type="button"
                      disabled={change.isPending}
                      onClick={() => {
                        if (window.confirm(`Delete the budget "${b.name}"?`)) change.mutate({ id: b.id, method: "DELETE" });
                      }}
                      className="rounded-md border border-border px-2.5 py-1 text-danger hover:bg-danger-soft"
                    >
                      Delete
                    </button>
                  </>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
