"use client";
import dynamic from "next/dynamic";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { timeseriesQuery } from "@/lib/query/resources";
import { assignColors } from "@/lib/ui/colors";
import { keyTotals, toSeriesRows, type Interval } from "@/lib/ui/chart-data";
import { DIMENSIONS, DIMENSION_LABEL, type Dimension } from "@/lib/ui/dimensions";
import type { ApiFilters } from "@/lib/ui/filters";
import { formatMoney } from "@/lib/ui/format";
import { Card } from "@/components/layout/card";
import { EmptyState } from "@/components/layout/empty-state";
import { ErrorState } from "@/components/layout/error-state";
import { SegmentedControl } from "@/components/layout/segmented-control";
import { ChartLegend } from "@/components/charts/chart-legend";

const HEIGHT = 280;

// recharts is the heaviest library the dashboard uses: it loads after the page shell.
const CostOverTimeChart = dynamic(
  () => import("@/components/charts/cost-over-time-chart").then((module) => module.CostOverTimeChart),
  { ssr: false, loading: () => <div className="skeleton w-full" style={{ height: HEIGHT }} /> },
);

const INTERVALS = [
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
] as const;

export function CostOverTimeCard({
  filters,
  currency,
  stackBy,
  interval,
  onStackBy,
  onInterval,
  onSelectKey,
  emptyReason,
}: {
  filters: ApiFilters;
  currency: string | null;
  stackBy: Dimension;
  interval: Interval;
  onStackBy: (dim: Dimension) => void;
  onInterval: (interval: Interval) => void;
  onSelectKey: (key: string) => void;
  emptyReason: string;
}) {
  const { data, isPending, isError, error, refetch, isFetching } = useQuery(
    timeseriesQuery(filters, { interval, stackBy, top: 8, currency }),
  );
  const keys = data?.keys ?? [];
  const rows = useMemo(() => (data ? toSeriesRows(data.buckets, data.keys, data.interval) : []), [data]);
  const otherKey = data?.otherKey ?? null;
  const colors = useMemo(() => assignColors(keys, otherKey), [keys, otherKey]);
  // "Other" is not a key the filters can narrow to.
  const selectKey = (key: string) => {
    if (key !== otherKey) onSelectKey(key);
  };
  const totals = useMemo(() => (data ? keyTotals(data.buckets, data.keys) : []), [data]);
  const money = data?.currency ?? currency ?? "USD";
  const empty = data && data.buckets.every((bucket) => bucket.runs === 0 && bucket.total === 0);
  const dimLabel = DIMENSION_LABEL[stackBy].toLowerCase();

  return (
    <Card
      title="Cost over time"
      titleId="cost-over-time-title"
      description={`Per ${interval}, stacked by ${dimLabel}. Click a bar or a legend item to filter to it.`}
      data-testid="cost-over-time"
      actions={
        <>
          <label className="sr-only" htmlFor="stack-by">
            Stack by
          </label>
          <select
            id="stack-by"
            value={stackBy}
            onChange={(event) => onStackBy(event.target.value as Dimension)}
            className="h-8 rounded-md border border-border-strong bg-card pl-2 pr-7 text-xs font-medium"
          >
            {DIMENSIONS.map((dim) => (
              <option key={dim} value={dim}>
                By {DIMENSION_LABEL[dim].toLowerCase()}
              </option>
            ))}
          </select>
          <SegmentedControl label="Interval" value={interval} options={INTERVALS} onChange={onInterval} />
        </>
      }
    >
      <div aria-busy={isFetching} data-testid="cost-over-time-body" className={isFetching && data ? "opacity-70 transition-opacity" : ""}>
        {isError && !data ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : isPending && !data ? (
          <div className="skeleton w-full" style={{ height: HEIGHT }} role="status" aria-label="Loading cost over time" />
        ) : empty ? (
          <EmptyState title="No cost in this range" reason={emptyReason} />
        ) : (
          <figure aria-labelledby="cost-over-time-title">
            <figcaption className="sr-only">
              Cost per {interval} stacked by {dimLabel}; the table below holds the same figures.
            </figcaption>
            <CostOverTimeChart
              rows={rows}
              keys={keys}
              colors={colors}
              currency={money}
              height={HEIGHT}
              onSelectKey={selectKey}
              otherKey={otherKey}
            />
            <div className="mt-3">
              <ChartLegend
                keys={keys}
                colors={colors}
                values={totals}
                format={(value) => formatMoney(value, money, { compact: true })}
                onSelect={selectKey}
                otherKey={otherKey}
                selectLabel={(key) => `Filter to ${dimLabel} ${key}`}
              />
            </div>
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer rounded text-xs font-medium text-muted hover:text-foreground">
                Show as table
              </summary>
              <div className="mt-2 max-h-80 overflow-auto rounded-md border border-border">
                <table className="w-full text-xs tabular">
                  <caption className="sr-only">Cost per {interval} by {dimLabel}</caption>
                  <thead className="sticky top-0 bg-subtle text-left">
                    <tr>
                      <th scope="col" className="px-2 py-1.5 font-medium">
                        {interval === "day" ? "Day" : interval === "week" ? "Week of" : "Month"}
                      </th>
                      <th scope="col" className="px-2 py-1.5 text-right font-medium">Total</th>
                      {keys.map((key) => (
                        <th key={key} scope="col" className="whitespace-nowrap px-2 py-1.5 text-right font-medium">
                          {key}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.start} className="border-t border-border">
                        <th scope="row" className="whitespace-nowrap px-2 py-1 text-left font-normal">
                          {row.label}
                        </th>
                        <td className="px-2 py-1 text-right">{formatMoney(row.total, money)}</td>
                        {keys.map((key, index) => (
                          <td key={key} className="px-2 py-1 text-right">
                            {formatMoney(Number(row[`s${index}`] ?? 0), money)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </figure>
        )}
      </div>
    </Card>
  );
}

