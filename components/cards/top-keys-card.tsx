"use client";
import Link from "next/link";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { breakdownQuery, type QueryFor } from "@/lib/query/resources";
import type { BreakdownAnswer } from "@/lib/contract/answers";
import { assignColors } from "@/lib/ui/colors";
import { topBars } from "@/lib/ui/chart-data";
import { DIMENSION_LABEL, DIMENSION_PLURAL, type Dimension } from "@/lib/contract/dimensions";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import { formatMoney } from "@/lib/ui/format";
import { Card } from "@/components/layout/card";
import { EmptyState } from "@/components/layout/empty-state";
import { ErrorState } from "@/components/layout/error-state";
import { TopBars } from "@/components/charts/top-bars";
import { useSlowRefresh } from "@/components/layout/use-slow-refresh";

/** The most costly keys of one dimension; a click narrows the filters to that key. */
export function TopKeysCard({
  by,
  filters,
  limit = 6,
  href,
  onSelect,
  emptyReason,
  title,
  query,
}: {
  by: Dimension;
  filters: Filters;
  limit?: number;
  /** "View all" link, with the filters. */
  href?: string;
  onSelect: (key: string) => void;
  emptyReason: string;
  title?: string;
  /** Where the rows come from; GET /api/breakdown by default. */
  query?: QueryFor<BreakdownAnswer>;
}) {
  const { data, isPending, isError, error, refetch, isFetching, isPlaceholderData } = useQuery(
    query ?? breakdownQuery(filters, { by, sort: "cost", dir: "desc", limit }),
  );
  const refreshCue = useSlowRefresh(isFetching && data !== undefined);
  const bars = useMemo(
    () =>
      data
        ? topBars(data.rows, limit, (row) => row.key, (row) => row.cost).map((bar) => ({
            ...bar,
            // The server's share is of the whole filtered total, not of the top rows.
            share: data.rows.find((row) => row.key === bar.key)?.share ?? bar.share,
          }))
        : [],
    [data, limit],
  );
  const colors = useMemo(() => assignColors(bars.map((bar) => bar.key)), [bars]);
  const currency = data?.rows[0]?.currency ?? "USD";
  const label = title ?? `Top ${DIMENSION_PLURAL[by].toLowerCase()}`;
  const titleId = `top-${by}-title`;

  return (
    <Card
      title={label}
      titleId={titleId}
      description={data ? `By cost · ${data.totalRows.toLocaleString("en-US")} in total` : "By cost"}
      data-testid={`top-${by}`}
      actions={
        href ? (
          <Link href={href} prefetch={false} className="rounded text-xs font-medium text-accent hover:underline">
            View all<span className="sr-only"> {DIMENSION_PLURAL[by].toLowerCase()}</span> →
          </Link>
        ) : null
      }
    >
      <div
        aria-busy={isFetching}
        data-shows={data && !isPlaceholderData ? filtersQuery(filters) : ""}
        className={refreshCue}
      >
        {isError && !data ? (
          <ErrorState compact error={error} onRetry={() => void refetch()} />
        ) : isPending && !data ? (
          <div className="flex flex-col gap-3" role="status" aria-label={`Loading ${label}`}>
            {Array.from({ length: 5 }, (_, i) => (
              <div key={i} className="skeleton h-8 w-full" />
            ))}
          </div>
        ) : bars.length === 0 ? (
          <EmptyState compact title="Nothing to rank" reason={emptyReason} />
        ) : (
          <TopBars
            label={`${label} by cost`}
            bars={bars}
            colors={colors}
            format={(value) => formatMoney(value, currency)}
            onSelect={onSelect}
            selectLabel={(key) => `Filter to ${DIMENSION_LABEL[by].toLowerCase()} ${key}`}
            testId={`top-bars-${by}`}
          />
        )}
      </div>
    </Card>
  );
}
