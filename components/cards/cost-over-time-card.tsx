"use client";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { QueryFor } from "@/lib/query/resources";
import type { ForecastBody, TimeseriesAnswer } from "@/lib/contract/answers";
import { assignColors } from "@/lib/ui/colors";
import type { Interval } from "@/lib/contract/days";
import { keyTotals, toSeriesRows, type ChartOverlay } from "@/lib/ui/chart-data";
import { forecastOverlay, FUTURE_FIELD } from "@/lib/ui/forecast-overlay";
import { DIMENSIONS, DIMENSION_LABEL, type Dimension } from "@/lib/contract/dimensions";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import { formatMoney } from "@/lib/ui/format";
import { Card } from "@/components/layout/card";
import { EmptyState } from "@/components/layout/empty-state";
import { ErrorState } from "@/components/layout/error-state";
import { SegmentedControl } from "@/components/layout/segmented-control";
import { ChartLegend } from "@/components/charts/chart-legend";
import { bucketCount } from "@/lib/ui/chart-interval";
import { useHeld } from "./use-held";
import type { DrawnInterval } from "./use-drawn-interval";
import { useSlowRefresh } from "@/components/layout/use-slow-refresh";

const HEIGHT = 280;

// The chart library stays out of the first load: its chunk is asked for as this module loads,
// beside the data, and a placeholder of the chart's size holds the place until both are in.
const loadChart = () => import("@/components/charts/cost-over-time-chart").then((m) => m.CostOverTimeChart);
if (typeof window !== "undefined") void loadChart();
const CostOverTimeChart = dynamic(loadChart, {
  ssr: false,
  loading: () => <div className="skeleton w-full" style={{ height: HEIGHT }} role="status" aria-label="Loading the chart" />,
});
/** Keys drawn before the rest become "Other": more colours than this are hard to tell apart. */
export const COST_CHART_TOP = 8;

const NO_KEYS: string[] = [];
/** The filters each series answer was asked with. */
const ANSWERED_FOR = new WeakMap<object, string>();

const INTERVALS = [
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
] as const;

export function CostOverTimeCard({
  query,
  filters,
  currency,
  stackBy,
  interval,
  drawn,
  onStackBy,
  onInterval,
  onSelectKey,
  emptyReason,
  overlays,
  forecast,
}: {
  /** The series drawn: the filters' cost per `drawn.interval`, stacked by `stackBy`. */
  query: QueryFor<TimeseriesAnswer>;
  filters: Filters;
  currency: string | null;
  stackBy: Dimension;
  /** The interval the reader asked for. */
  interval: Interval;
  /** The interval the range can be drawn in (useDrawnInterval): the chart's own. */
  drawn: DrawnInterval;
  onStackBy: (dim: Dimension) => void;
  onInterval: (interval: Interval) => void;
  onSelectKey: (key: string) => void;
  emptyReason: string;
  /** Lines over the bars (a forecast, a budget), by bucket start; see lib/ui/chart-data.ts. */
  overlays?: readonly ChartOverlay[];
  /** The current month's forecast: drawn dashed to the month's end on daily bars that reach today. */
  forecast?: ForecastBody;
}) {
  const { data, isPending, isError, error, refetch, isFetching, isPlaceholderData } = useQuery(query);
  const refreshCue = useSlowRefresh(isFetching && data !== undefined);
  const [tableOpen, setTableOpen] = useState(false);
  const keys = data?.keys ?? NO_KEYS;
  const seriesRows = useMemo(() => (data ? toSeriesRows(data.buckets, data.keys, data.interval) : []), [data]);
  // While the bars are a previous answer, the forecast drawn with them stays too: a new filter's
  // forecast (or its absence while loading) waits for its bars, so the chart redraws once.
  const drawnForecast = useHeld(forecast, isPlaceholderData);
  const withForecast = useMemo(
    () => forecastOverlay(seriesRows, data?.interval ?? "day", drawnForecast),
    [seriesRows, data, drawnForecast],
  );
  const rows = withForecast.rows;
  const forecastLine = withForecast.overlay;
  const drawnOverlays = useMemo(() => (forecastLine ? [...(overlays ?? []), forecastLine] : overlays), [overlays, forecastLine]);
  const otherKey = data?.otherKey ?? null;
  const colors = useMemo(() => assignColors(keys, otherKey), [keys, otherKey]);
  // A stable callback, so the memoised chart is not redrawn just because the page re-rendered.
  const onSelectRef = useRef(onSelectKey);
  useEffect(() => {
    onSelectRef.current = onSelectKey;
  }, [onSelectKey]);
  // "Other" is not a key the filters can narrow to.
  const selectKey = useCallback(
    (key: string) => {
      if (key !== otherKey) onSelectRef.current(key);
    },
    [otherKey],
  );
  const totals = useMemo(() => (data ? keyTotals(data.buckets, data.keys) : []), [data]);
  const money = data?.currency ?? currency ?? "USD";
  const empty = data && data.buckets.every((bucket) => bucket.runs === 0 && bucket.total === 0);
  const dimLabel = DIMENSION_LABEL[stackBy].toLowerCase();
  // Which filters the series on screen answers. While a previous answer stands in it keeps its
  // own filters, so the chart's props do not change (and it is not redrawn) until new data lands.
  if (data && !isPlaceholderData && !ANSWERED_FOR.has(data)) ANSWERED_FOR.set(data, filtersQuery(filters));
  const shows = (data && ANSWERED_FOR.get(data)) ?? "";
  const drawsChart = Boolean(data) && !empty && !(isError && !data);
  const shown = drawn.interval;
  // Say why the reader's choice was overruled, and how many bars it would have taken.
  const coarsened =
    shown !== interval && drawn.span
      ? `${bucketCount(interval, drawn.span).toLocaleString("en-US")} ${interval}s are too many bars to read; shown per ${shown}.`
      : null;
  const intervalOptions = INTERVALS.map((option) => ({
    ...option,
    disabled: !drawn.drawable.includes(option.value),
  }));

  return (
    <Card
      title="Cost over time"
      titleId="cost-over-time-title"
      description={
        <>
          Per {shown}, stacked by {dimLabel}. Click a bar or a legend item to filter to it.
          {coarsened ? (
            <span className="block" data-testid="interval-note">
              {coarsened}
            </span>
          ) : null}
        </>
      }
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
          <SegmentedControl
            label="Interval"
            value={shown}
            options={intervalOptions}
            onChange={onInterval}
            disabledTitle="Too many bars for this date range"
          />
        </>
      }
    >
      <div
        aria-busy={isFetching}
        data-testid="cost-over-time-body"
        // With a chart on screen, the chart itself says which filters its bars show (data-testid="chart-drawn").
        data-shows={drawsChart ? undefined : shows}
        className={refreshCue}>
        {isError && !data ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : isPending && !data ? (
          <div className="skeleton w-full" style={{ height: HEIGHT }} role="status" aria-label="Loading cost over time" />
        ) : empty ? (
          <EmptyState title="No cost in this range" reason={emptyReason} />
        ) : (
          <figure aria-labelledby="cost-over-time-title">
            <figcaption className="sr-only">
              Cost per {shown} stacked by {dimLabel}; the table below holds the same figures.
            </figcaption>
            <CostOverTimeChart
              rows={rows}
              keys={keys}
              colors={colors}
              currency={money}
              height={HEIGHT}
              onSelectKey={selectKey}
              otherKey={otherKey}
              shows={shows}
              overlays={drawnOverlays}
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
            <details className="mt-3 text-sm" onToggle={(event) => setTableOpen(event.currentTarget.open)}>
              <summary className="cursor-pointer rounded text-xs font-medium text-muted hover:text-foreground">
                Show as table
              </summary>
              {/* Built on opening: a long series is hundreds of rows nobody sees while it is closed. */}
              {tableOpen ? (
                <div
                  className="mt-2 max-h-80 overflow-auto rounded-md border border-border"
                  // A scrolling box with no control inside must take focus itself, or keyboards cannot scroll it.
                  tabIndex={0}
                  role="region"
                  aria-label="Cost over time as a table"
                  data-testid="cost-over-time-table"
                >
                  <table className="w-full text-xs tabular">
                    <caption className="sr-only">Cost per {shown} by {dimLabel}</caption>
                    <thead className="sticky top-0 bg-subtle text-left">
                      <tr>
                        <th scope="col" className="px-2 py-1.5 font-medium">
                          {shown === "day" ? "Day" : shown === "week" ? "Week of" : "Month"}
                        </th>
                        <th scope="col" className="px-2 py-1.5 text-right font-medium">Total</th>
                        {forecastLine ? <th scope="col" className="whitespace-nowrap px-2 py-1.5 text-right font-medium">Forecast</th> : null}
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
                          {/* A day still to come has no cost yet, only a forecast. */}
                          <td className="px-2 py-1 text-right">{row[FUTURE_FIELD] ? "—" : formatMoney(row.total, money)}</td>
                          {forecastLine ? (
                            <td className="px-2 py-1 text-right">
                              {forecastLine.values.has(row.start) ? formatMoney(forecastLine.values.get(row.start)!, money) : "—"}
                            </td>
                          ) : null}
                          {keys.map((key, index) => (
                            <td key={key} className="px-2 py-1 text-right">
                              {row[FUTURE_FIELD] ? "—" : formatMoney(Number(row[`s${index}`] ?? 0), money)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </details>
          </figure>
        )}
      </div>
    </Card>
  );
}

