"use client";
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { runsQuery } from "@/lib/query/resources";
import { RUN_SORT_SPECS, type RunSort } from "@/lib/contract/sorts";
import { nextSortDir } from "@/lib/ui/sort";
import { formatCount, formatMoney } from "@/lib/ui/format";
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
import { RunDetails } from "@/components/tables/run-details";
import { RunCards } from "@/components/tables/run-cards";
import { RunsTable } from "@/components/tables/runs-table";
import { runsParsers } from "./search-params";
import { useSlowRefresh } from "@/components/layout/use-slow-refresh";

const PAGE_SIZE = 50;

/** Every run under the filters: searchable, sortable, paged by the server; one run's details on selection. */
export function RunsView() {
  const { timeZone } = useSettings();
  const { apiFilters } = useFilters();
  const [{ q, sort, dir, page, run }, setView] = useQueryStates(
    { q: runsParsers.q, sort: runsParsers.sort, dir: runsParsers.dir, page: runsParsers.page, run: runsParsers.run },
    { history: "push" },
  );
  const [text, setText] = useState(q);
  const emptyReason = useEmptyReason(q || undefined);

  // Typing updates the URL after a pause, replacing the entry: back skips the keystrokes.
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => void setView({ q: text || null, page: null, run: null }, { history: "replace" }), 250);
    return () => clearTimeout(timer);
  }, [text, q, setView]);

  const offset = (Math.max(1, page) - 1) * PAGE_SIZE;
  const runs = useQuery(runsQuery(apiFilters, { q, sort, dir, offset, limit: PAGE_SIZE }));
  const refreshCue = useSlowRefresh(runs.isFetching && runs.data !== undefined);
  const rows = runs.data?.rows ?? [];
  const selected = run ? (rows.find((row) => row.runId === run) ?? null) : null;

  const onSort = (column: RunSort) => {
    const nextDir = nextSortDir(column, sort, dir, RUN_SORT_SPECS[column].type === "VARCHAR");
    void setView({ sort: column, dir: nextDir, page: null });
  };

  const pageCost = rows.reduce((sum, row) => sum + row.totalCostAmount, 0);

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every run under the filters. Search by title, command, project or user; select a run for all its fields."
        actions={
          <>
            <DownloadCsvButton path="/api/runs.csv" filters={apiFilters} params={{ q: q.trim(), sort, dir }} />
            <CopyLinkButton />
          </>
        }
      />
      <FilterBar />
      <div className={"grid gap-4 " + (run ? "xl:grid-cols-[minmax(0,1fr)_24rem]" : "")}>
        <Card
          title={runs.data ? `${runs.data.total.toLocaleString("en-US")} runs` : "Runs"}
          titleId="runs-title"
          description={
            runs.data && rows.length > 0
              ? `This page: ${formatCount(rows.length)} runs, ${formatMoney(pageCost, rows[0]?.totalCostCurrency ?? "USD")}`
              : undefined
          }
          actions={
            <div className="relative">
              <label htmlFor="run-search" className="sr-only">
                Search runs
              </label>
              <input
                id="run-search"
                type="search"
                value={text}
                onChange={(event) => setText(event.target.value)}
                placeholder="Search runs…"
                data-testid="run-search"
                className="h-8 w-56 max-w-full rounded-md border border-border-strong bg-card px-2.5 text-sm"
              />
            </div>
          }
        >
          <div aria-busy={runs.isFetching} className={refreshCue}>
            {runs.isError && !runs.data ? (
              <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
            ) : runs.isPending && !runs.data ? (
              <div className="flex flex-col gap-2" role="status" aria-label="Loading runs">
                {Array.from({ length: 10 }, (_, i) => (
                  <div key={i} className="skeleton h-8 w-full" />
                ))}
              </div>
            ) : rows.length === 0 ? (
              <EmptyState title="No runs match" reason={emptyReason} />
            ) : (
              <>
                {/* Phones get cards, wider screens the table: both rendered, CSS shows one, so nothing jumps after hydration. */}
                <RunCards
                  className="md:hidden"
                  rows={rows}
                  timeZone={timeZone}
                  sort={sort}
                  dir={dir}
                  onSortChange={(nextSort, nextDir) => void setView({ sort: nextSort, dir: nextDir, page: null })}
                  selected={run}
                  onSelect={(runId) => void setView({ run: runId === run ? null : runId })}
                />
                <RunsTable
                  className="hidden md:block"
                  rows={rows}
                  timeZone={timeZone}
                  sort={sort}
                  dir={dir}
                  onSort={onSort}
                  selected={run}
                  onSelect={(runId) => void setView({ run: runId === run ? null : runId })}
                />
                <Pagination
                  page={Math.max(1, page)}
                  pageSize={PAGE_SIZE}
                  total={runs.data?.total ?? 0}
                  onPage={(next) => void setView({ page: next, run: null })}
                  label="runs"
                />
              </>
            )}
          </div>
        </Card>
        {run ? (
          selected ? (
            <div className="fixed inset-x-0 bottom-0 z-40 max-h-[75vh] overflow-y-auto p-2 xl:static xl:max-h-none xl:overflow-visible xl:p-0">
              <RunDetails run={selected} timeZone={timeZone} onClose={() => void setView({ run: null })} />
            </div>
          ) : runs.data ? (
            <Card title="Run not on this page">
              <p className="text-sm text-muted">
                Run <code>{run}</code> is not among the runs listed here. Search for it, or{" "}
                <button type="button" className="text-accent underline" onClick={() => void setView({ run: null })}>
                  close this panel
                </button>
                .
              </p>
            </Card>
          ) : null
        ) : null}
      </div>
    </>
  );
}
