"use client";
import { useCallback, useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { breakdownQuery, timeseriesQuery, totalsQuery } from "@/lib/query/resources";
import { resolveRange, type Interval } from "@/lib/contract/days";
import { trendsByKey } from "@/lib/ui/chart-data";
import { assignColors } from "@/lib/ui/colors";
import { primaryCurrency } from "@/lib/ui/currency";
import { DIMENSION_PLURAL, FILTER_OF, type Dimension } from "@/lib/contract/dimensions";
import type { BreakdownRow } from "@/lib/contract/answers";
import { BREAKDOWN_SORT_VALUE, type BreakdownSort } from "@/lib/contract/sorts";
import { formatCount, formatHours, formatMoney } from "@/lib/ui/format";
import { nextSortDir, pageOf, sortRows } from "@/lib/ui/sort";
import { breakdownParsers } from "@/components/filters/breakdown-params";
import { FilterBar } from "@/components/filters/filter-bar";
import { useDrillDown } from "@/components/filters/use-drill-down";
import { useFilters } from "@/components/filters/use-filters";
import { useSettings } from "@/components/layout/settings-context";
import { useSharedQuery } from "@/components/filters/use-shared-query";
import { Card } from "@/components/layout/card";
import { CopyLinkButton } from "@/components/layout/copy-link-button";
import { DownloadCsvButton } from "@/components/export/download-csv-button";
import { EmptyState } from "@/components/layout/empty-state";
import { ErrorState } from "@/components/layout/error-state";
import { PageHeader } from "@/components/layout/page-header";
import { CreateBudgetLink } from "@/components/budgets/create-budget-link";
import { useEmptyReason } from "@/components/layout/use-empty-reason";
import { TopKeysCard } from "@/components/cards/top-keys-card";
import { BreakdownTable } from "@/components/tables/breakdown-table";
import { Pagination } from "@/components/tables/pagination";
import { useSlowRefresh } from "@/components/layout/use-slow-refresh";

const PAGE_SIZE = 50;
const TREND_KEYS = 12;
/** The API's largest page of breakdown rows: the table sorts and pages them here. */
const ALL_ROWS = 10_000;

/** A trend needs a handful of points: days for short ranges, weeks or months for long ones. */
function trendInterval(from: string | null, to: string | null): Interval {
  if (!from || !to) return "month";
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return days <= 31 ? "day" : days <= 200 ? "week" : "month";
}

/** The tier, project and user pages: the top keys as bars, then a sortable table of all of them. */
export function BreakdownView({
  by,
  title,
  description,
  actions,
}: {
  by: Dimension;
  title: string;
  description: string;
  /** Page-specific controls shown before the download and link buttons (the teams page's editor link). */
  actions?: React.ReactNode;
}) {
  const { apiFilters } = useFilters();
  const [{ sort, dir, page }, setView] = useQueryStates(
    { sort: breakdownParsers.sort, dir: breakdownParsers.dir, page: breakdownParsers.page },
    { history: "push" },
  );
  const drill = useDrillDown();
  const emptyReason = useEmptyReason();
  const shared = useSharedQuery();
  // A shared view opens one page only: links to the runs page would answer 403.
  const { shareScope } = useSettings();
  const { today } = useFilters();

  const breakdown = useQuery(breakdownQuery(apiFilters, { by, sort: "cost", dir: "desc", limit: ALL_ROWS }));
  const totals = useQuery(totalsQuery(apiFilters));
  const refreshCue = useSlowRefresh(breakdown.isFetching && breakdown.data !== undefined);
  const currency = totals.data ? primaryCurrency(totals.data.current.costs) : null;
  const range = resolveRange("custom", today, { from: apiFilters.from, to: apiFilters.to });
  const interval = trendInterval(range.from, range.to);
  const series = useQuery(timeseriesQuery(apiFilters, { interval, stackBy: by, top: TREND_KEYS, currency }));
  const trends = useMemo(() => (series.data ? trendsByKey(series.data.buckets, series.data.keys) : null), [series.data]);

  const rows = breakdown.data?.rows ?? [];
  // Ranked by cost as the API returns them: the same colours the top bars above assign.
  const colors = useMemo(() => assignColors(rows.map((row) => row.key)), [rows]);
  const sorted = useMemo(() => sortRows(rows, BREAKDOWN_SORT_VALUE[sort], dir, (row) => row.key), [rows, sort, dir]);
  const pageCount = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const currentPage = Math.min(Math.max(1, page), pageCount);
  const pageRows = pageOf(sorted, currentPage, PAGE_SIZE);
  const topKey = rows.reduce<BreakdownRow | null>((top, row) => (!top || row.cost > top.cost ? row : top), null)?.key ?? null;

  const filterKey = FILTER_OF[by];
  const runsHref = useCallback(
    (key: string) => {
      const params = new URLSearchParams(shared.slice(1));
      params.delete(filterKey);
      params.append(filterKey, key);
      params.set("sort", "cost");
      return `/runs?${params.toString()}`;
    },
    [shared, filterKey],
  );

  const onSort = (column: BreakdownSort) => {
    const nextDir = nextSortDir(column, sort, dir, column === "key" || column === "owner");
    void setView({ sort: column, dir: nextDir, page: null });
  };

  const summary = breakdown.data
    ? `${formatCount(breakdown.data.totalRows)} ${DIMENSION_PLURAL[by].toLowerCase()} · ${
        currency ? formatMoney(breakdown.data.totals.costs.find((c) => c.currency === currency)?.cost ?? 0, currency) : ""
      } · ${formatHours(breakdown.data.totals.computeHours)}`
    : null;

  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          <>
            {actions}
            <DownloadCsvButton path="/api/breakdown.csv" filters={apiFilters} params={{ by, sort, dir }} />
            <CreateBudgetLink />
            <CopyLinkButton />
          </>
        }
      />
      <FilterBar />
      <div className="flex flex-col gap-4">
        <TopKeysCard
          by={by}
          limit={10}
          title={`Top ${DIMENSION_PLURAL[by].toLowerCase()} by cost`}
          filters={apiFilters}
          onSelect={(key) => drill(by, key)}
          emptyReason={emptyReason}
        />
        <Card
          title={`All ${DIMENSION_PLURAL[by].toLowerCase()}`}
          titleId="breakdown-table-title"
          description={summary ?? "Loading…"}
        >
          <div aria-busy={breakdown.isFetching} className={refreshCue}>
            {breakdown.isError && !breakdown.data ? (
              <ErrorState error={breakdown.error} onRetry={() => void breakdown.refetch()} />
            ) : breakdown.isPending && !breakdown.data ? (
              <div className="flex flex-col gap-2" role="status" aria-label={`Loading ${DIMENSION_PLURAL[by].toLowerCase()}`}>
                {Array.from({ length: 8 }, (_, i) => (
                  <div key={i} className="skeleton h-8 w-full" />
                ))}
              </div>
            ) : rows.length === 0 ? (
              <EmptyState title={`No ${DIMENSION_PLURAL[by].toLowerCase()} to show`} reason={emptyReason} />
            ) : (
              <>
                <BreakdownTable
                  by={by}
                  rows={pageRows}
                  rankOffset={(currentPage - 1) * PAGE_SIZE}
                  topKey={topKey}
                  sort={sort}
                  dir={dir}
                  onSort={onSort}
                  trends={trends}
                  colors={colors}
                  runsHref={shareScope && shareScope.page !== "/runs" ? null : runsHref}
                />
                {sorted.length > PAGE_SIZE ? (
                  <Pagination
                    page={currentPage}
                    pageSize={PAGE_SIZE}
                    total={sorted.length}
                    onPage={(next) => void setView({ page: next })}
                    label={DIMENSION_PLURAL[by].toLowerCase()}
                  />
                ) : null}
              </>
            )}
          </div>
        </Card>
      </div>
    </>
  );
}

