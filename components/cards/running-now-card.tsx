"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { QueryFor } from "@/lib/query/resources";
import type { RunningAnswer } from "@/lib/contract/answers";
import { primaryCurrency } from "@/lib/ui/currency";
import { formatAsOf, formatCount, formatMoney } from "@/lib/ui/format";
import { formatThreshold } from "@/lib/ui/running";
import { Card } from "@/components/layout/card";
import { ErrorState } from "@/components/layout/error-state";
import { Skeleton } from "@/components/layout/skeleton";
import { useSettings } from "@/components/layout/settings-context";
import { useSlowRefresh } from "@/components/layout/use-slow-refresh";

/**
 * What is running up the bill at the last sync: runs in flight, their cost so far and per
 * hour, and the long-running ones with what they cost per day. The summary alone: the overview's
 * part that equals /api/running with limit 0.
 */
export function RunningNowCard({ query, href }: { query: QueryFor<RunningAnswer>; href?: string }) {
  const { timeZone } = useSettings();
  const { data, isPending, isError, error, refetch, isFetching } = useQuery(query);
  const refreshCue = useSlowRefresh(isFetching && data !== undefined);
  const currency = primaryCurrency(data?.costs ?? []);
  const costs = data?.costs.find((c) => c.currency === currency);
  const otherCurrencies = (data?.costs.length ?? 1) - 1;
  const byType = data ? Object.entries(data.longRunRule.byType) : [];
  const rule = data
    ? `Long-running: in flight over ${formatThreshold(data.longRunRule.hours)}` +
      (byType.length > 0 ? ` (${byType.map(([type, hours]) => `${type} ${formatThreshold(hours)}`).join(", ")})` : "")
    : "";

  return (
    <Card
      title="Running now"
      titleId="running-now-title"
      data-testid="running-now"
      description={data ? `As of the last sync, ${formatAsOf(data.dataAsOf, timeZone)}` : "As of the last sync"}
      actions={
        href ? (
          <Link href={href} prefetch={false} className="text-sm font-medium text-accent hover:underline" data-testid="running-view-all">
            View all<span className="sr-only"> runs in flight</span>
          </Link>
        ) : undefined
      }
    >
      {isError && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : isPending && !data ? (
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4" role="status" aria-label="Loading runs in flight">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-12 w-full" />
          ))}
        </div>
      ) : (
        <dl
          className={"grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-4 " + refreshCue}
          aria-busy={isFetching}
        >
          <Figure label="Runs in flight" value={formatCount(data?.total ?? 0)} testId="running-count" />
          <Figure
            label="Cost so far"
            value={formatMoney(costs?.cost ?? 0, currency)}
            note={otherCurrencies > 0 ? `+ ${otherCurrencies} other currenc${otherCurrencies === 1 ? "y" : "ies"}` : undefined}
            testId="running-cost"
          />
          <Figure label="Cost per hour" value={formatMoney(costs?.costPerHour ?? 0, currency)} testId="running-rate" />
          <Figure
            label="Long-running"
            value={formatCount(data?.longRunning ?? 0)}
            note={`${formatMoney(costs?.longRunningCostPerDay ?? 0, currency)} per day`}
            warn={(data?.longRunning ?? 0) > 0}
            testId="running-long"
          />
        </dl>
      )}
      {rule ? (
        <p className="mt-3 text-xs text-muted" data-testid="running-rule">
          {rule}.
        </p>
      ) : null}
    </Card>
  );
}

function Figure({
  label,
  value,
  note,
  warn = false,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  warn?: boolean;
  testId: string;
}) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={"truncate text-lg font-semibold tabular " + (warn ? "text-warning" : "")} data-testid={`${testId}-value`}>
        {value}
      </dd>
      {note ? <dd className="truncate text-xs text-muted">{note}</dd> : null}
    </div>
  );
}
