"use client";
import { useQuery } from "@tanstack/react-query";
import { totalsQuery, type QueryFor } from "@/lib/query/resources";
import type { TotalsAnswer } from "@/lib/contract/answers";
import { primaryCurrency } from "@/lib/ui/currency";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import { computeDelta, formatCount, formatHours, formatMoney, formatShare } from "@/lib/ui/format";
import { ErrorState } from "@/components/layout/error-state";
import { KpiCard } from "./kpi-card";
import { useSlowRefresh } from "@/components/layout/use-slow-refresh";

/** Total cost, compute hours, runs and wasted cost, each against the previous period. */
export function KpiGrid({
  filters,
  query,
}: {
  filters: Filters;
  /** Where the totals come from; GET /api/totals by default. */
  query?: QueryFor<TotalsAnswer>;
}) {
  const { data, isPending, isError, error, refetch, isFetching, isPlaceholderData } = useQuery(query ?? totalsQuery(filters));
  const refreshCue = useSlowRefresh(isFetching && data !== undefined);
  if (isError && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const current = data?.current;
  const previous = data?.previous ?? null;
  const currency = primaryCurrency(current?.costs ?? []);
  const costOf = (totals: typeof current | null) => totals?.costs.find((c) => c.currency === currency);
  const cost = costOf(current)?.cost ?? 0;
  const wasted = costOf(current)?.wastedCost ?? 0;
  const previousCost = previous ? (costOf(previous)?.cost ?? 0) : null;
  const previousWasted = previous ? (costOf(previous)?.wastedCost ?? 0) : null;
  const otherCurrencies = (current?.costs.length ?? 1) - 1;
  const loading = isPending && !data;

  return (
    <div
      className={"grid grid-cols-2 gap-3 lg:grid-cols-4 " + refreshCue}
      aria-busy={isFetching}
      data-testid="kpis"
      data-shows={data && !isPlaceholderData ? filtersQuery(filters) : ""}
    >
      <KpiCard
        testId="kpi-cost"
        label="Total cost"
        emphasis
        loading={loading}
        value={current ? formatMoney(cost, currency, { compact: cost >= 100_000 }) : null}
        exact={formatMoney(cost, currency)}
        delta={current ? computeDelta(cost, previousCost) : null}
        upIsBad
        note={otherCurrencies > 0 ? `+ ${otherCurrencies} other currenc${otherCurrencies === 1 ? "y" : "ies"}` : undefined}
      />
      <KpiCard
        testId="kpi-hours"
        label="Compute hours"
        loading={loading}
        value={current ? formatHours(current.computeHours) : null}
        delta={current ? computeDelta(current.computeHours, previous?.computeHours) : null}
      />
      <KpiCard
        testId="kpi-runs"
        label="Runs"
        loading={loading}
        value={current ? formatCount(current.runs) : null}
        exact={current ? current.runs.toLocaleString("en-US") : undefined}
        delta={current ? computeDelta(current.runs, previous?.runs) : null}
      />
      <KpiCard
        testId="kpi-wasted"
        label="Failed & errored"
        tooltip="Cost of runs that ended Failed or Error, of any run type. Stopped is not counted: Workspaces, Apps and Model APIs end Stopped when someone stops them."
        loading={loading}
        value={current ? formatMoney(wasted, currency, { compact: wasted >= 100_000 }) : null}
        exact={formatMoney(wasted, currency)}
        delta={current ? computeDelta(wasted, previousWasted) : null}
        upIsBad
        note={cost > 0 ? `${formatShare(wasted / cost)} of cost` : undefined}
      />
    </div>
  );
}
