"use client";
import { useQueryStates } from "nuqs";
import { overviewParts, overviewQuery } from "@/lib/query/resources";
import { CostOverTimeCard, COST_CHART_TOP } from "@/components/cards/cost-over-time-card";
import { KpiGrid } from "@/components/cards/kpi-grid";
import { RunningNowCard } from "@/components/cards/running-now-card";
import { ForecastKpi } from "@/components/cards/forecast-kpi";
import { useMonthForecast } from "@/components/cards/use-forecast";
import { TopKeysCard } from "@/components/cards/top-keys-card";
import { useDrawnInterval } from "@/components/cards/use-drawn-interval";
import { FilterBar } from "@/components/filters/filter-bar";
import { useDrillDown } from "@/components/filters/use-drill-down";
import { useFilters } from "@/components/filters/use-filters";
import { useSharedQuery } from "@/components/filters/use-shared-query";
import { useSettings } from "@/components/layout/settings-context";
import { CopyLinkButton } from "@/components/layout/copy-link-button";
import { DownloadCsvButton } from "@/components/export/download-csv-button";
import { PageHeader } from "@/components/layout/page-header";
import { CreateBudgetLink } from "@/components/budgets/create-budget-link";
import { ViewBudgets } from "@/components/budgets/view-budgets";
import { useEmptyReason } from "@/components/layout/use-empty-reason";
import { overviewParsers } from "./search-params";

/** Rows in each top list. */
const TOP_ROWS = 6;

export function OverviewView() {
  const { apiFilters } = useFilters();
  const [{ stackBy, interval }, setView] = useQueryStates(
    { stackBy: overviewParsers.stackBy, interval: overviewParsers.interval },
    { history: "push" },
  );
  const drill = useDrillDown();
  const emptyReason = useEmptyReason();
  const shared = useSharedQuery();
  // A shared view opens one page only: "View all" would lead to a refusal.
  const { shareScope } = useSettings();
  const viewAll = (page: string) => (shareScope ? undefined : `${page}${shared}`);
  // No currency asked for: the server reports in the one with the most cost, as the KPI cards
  // do, so the chart need not wait for the totals' answer before asking for its own.
  const currency = null;
  // The CSV holds what the chart draws: a range too long for daily bars is drawn (and exported) coarser.
  const input = { stackBy, top: COST_CHART_TOP, currency, limit: TOP_ROWS };
  const drawn = useDrawnInterval(apiFilters, interval, input);
  // One request answers every card but the forecast (GET /api/overview); each card reads its part of it.
  const overview = overviewQuery(apiFilters, { ...input, interval: drawn.interval });
  // The same request as the forecast KPI's: the chart continues dashed to the month's end.
  const forecast = useMonthForecast(apiFilters);

  return (
    <>
      <PageHeader
        title="Overview"
        description="What compute cost, where it went, and how it compares with the period before."
        actions={
          <>
            <DownloadCsvButton path="/api/timeseries.csv" filters={apiFilters} params={{ interval: drawn.interval, stackBy, top: COST_CHART_TOP, currency }} />
            <CreateBudgetLink />
            <CopyLinkButton />
          </>
        }
      />
      <FilterBar />
      <div className="flex flex-col gap-4">
        <KpiGrid filters={apiFilters} query={{ ...overview, select: overviewParts.totals }} />
        <RunningNowCard query={{ ...overview, select: overviewParts.running }} href={viewAll("/running")} />
        <ForecastKpi filters={apiFilters} />
        <ViewBudgets filters={apiFilters} />
        <CostOverTimeCard
          query={{ ...overview, select: overviewParts.series }}
          filters={apiFilters}
          currency={currency}
          stackBy={stackBy}
          interval={interval}
          drawn={drawn}
          onStackBy={(dim) => void setView({ stackBy: dim })}
          onInterval={(value) => void setView({ interval: value })}
          onSelectKey={(key) => drill(stackBy, key)}
          emptyReason={emptyReason}
          forecast={forecast.data}
        />
        <div className="grid gap-4 md:grid-cols-2 2xl:grid-cols-4">
          <TopKeysCard
            by="hardwareTier"
            filters={apiFilters}
            limit={TOP_ROWS}
            query={{ ...overview, select: overviewParts.hardwareTier }}
            href={viewAll("/tiers")}
            onSelect={(key) => drill("hardwareTier", key)}
            emptyReason={emptyReason}
          />
          <TopKeysCard
            by="project"
            filters={apiFilters}
            limit={TOP_ROWS}
            query={{ ...overview, select: overviewParts.project }}
            href={viewAll("/projects")}
            onSelect={(key) => drill("project", key)}
            emptyReason={emptyReason}
          />
          <TopKeysCard
            by="user"
            filters={apiFilters}
            limit={TOP_ROWS}
            query={{ ...overview, select: overviewParts.user }}
            href={viewAll("/users")}
            onSelect={(key) => drill("user", key)}
            emptyReason={emptyReason}
          />
          <TopKeysCard
            by="team"
            filters={apiFilters}
            limit={TOP_ROWS}
            query={{ ...overview, select: overviewParts.team }}
            href={viewAll("/teams")}
            onSelect={(key) => drill("team", key)}
            emptyReason={emptyReason}
          />
        </div>
      </div>
    </>
  );
}
