"use client";
import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { runningQuery } from "@/lib/query/resources";
import { RUNNING_SORT_SPECS, type RunningSort } from "@/lib/contract/sorts";
import { nextSortDir } from "@/lib/ui/sort";
import { formatAsOf, formatCount, formatMoney } from "@/lib/ui/format";
import { FilterBar } from "@/components/filters/filter-bar";
import { useFilters } from "@/components/filters/use-filters";
import { Card } from "@/components/layout/card";
import { CopyLinkButton } from "@/components/layout/copy-link-button";
import { DownloadCsvButton } from "@/components/export/download-csv-button";
import { EmptyState } from "@/components/layout/empty-state";
import { ErrorState } from "@/components/layout/error-state";
import { PageHeader } from "@/components/layout/page-header";
import { useSettings } from "@/components/layout/settings-context";
import { useEmptyReason } from "@/components/layout/use-empty-reason";
import { Pagination } from "@/components/tables/pagination";
import { RunningTable } from "@/components/tables/running-table";
import { runningParsers } from "./search-params";
import { useSlowRefresh } from "@/components/layout/use-slow-refresh";

const PAGE_SIZE = 50;

/** Every run in flight at the last sync, longest first; filterable, sortable, paged by the server. */
export function RunningView() {
  const { timeZone } = useSettings();
  const { apiFilters } = useFilters();
  const [{ sort, dir, page }, setView] = useQueryStates(
    { sort: runningParsers.sort, dir: runningParsers.dir, page: runningParsers.page },
    { history: "push" },
  );
  const emptyReason = useEmptyReason();
  const offset = (Math.max(1, page) - 1) * PAGE_SIZE;
  const running = useQuery(runningQuery(apiFilters, { sort, dir, offset, limit: PAGE_SIZE }));
  const data = running.data;
  const refreshCue = useSlowRefresh(running.isFetching && data !== undefined);
  const rows = data?.rows ?? [];
  const main = data?.costs[0];

  const onSort = (column: RunningSort) => {
    const nextDir = nextSortDir(column, sort, dir, RUNNING_SORT_SPECS[column].text);
    void setView({ sort: column, dir: nextDir, page: null });
  };

  return (
    <>
      <PageHeader
        title="Running now"
        description={
          <>
            Every run in flight at the last sync
            {data ? (
              <>
                {" "}
                (as of <span data-testid="running-as-of">{formatAsOf(data.dataAsOf, timeZone)}</span>)
              </>
            ) : null}
            , longest first. Times and costs grow until the next sync.
          </>
        }
        actions={
          <>
            <DownloadCsvButton path="/api/running.csv" filters={apiFilters} params={{ sort, dir }} />
            <CopyLinkButton />
          </>
        }
      />
      <FilterBar />
      <Card
        title={data ? `${data.total.toLocaleString("en-US")} runs in flight` : "Runs in flight"}
        titleId="running-title"
        description={
          data && main
            ? `${formatMoney(main.cost, main.currency)} so far, ${formatMoney(main.costPerHour, main.currency)} an hour; ` +
              `${formatCount(data.longRunning)} long-running, ${formatMoney(main.longRunningCostPerDay, main.currency)} a day` +
              (data.costs.length > 1 ? ` (${main.currency}; other currencies in the CSV)` : "")
            : undefined
        }
      >
        <div aria-busy={running.isFetching} className={refreshCue}>
          {running.isError && !data ? (
            <ErrorState error={running.error} onRetry={() => void running.refetch()} />
          ) : running.isPending && !data ? (
            <div className="flex flex-col gap-2" role="status" aria-label="Loading runs in flight">
              {Array.from({ length: 8 }, (_, i) => (
                <div key={i} className="skeleton h-8 w-full" />
              ))}
            </div>
          ) : rows.length === 0 ? (
            <EmptyState title="Nothing running under these filters" reason={emptyReason} />
          ) : (
            <>
              <RunningTable rows={rows} timeZone={timeZone} sort={sort} dir={dir} onSort={onSort} />
              <Pagination
                page={Math.max(1, page)}
                pageSize={PAGE_SIZE}
                total={data?.total ?? 0}
                onPage={(next) => void setView({ page: next })}
                label="runs"
              />
            </>
          )}
        </div>
      </Card>
    </>
  );
}
