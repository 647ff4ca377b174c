"use client";
import { useEffect } from "react";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { overviewQuery, type OverviewInput } from "@/lib/query/resources";
import type { OverviewAnswer } from "@/lib/contract/answers";
import { INTERVALS, type Interval } from "@/lib/contract/days";
import { canDraw, drawableInterval, type DaySpan } from "@/lib/ui/chart-interval";
import type { Filters } from "@/lib/contract/filters";

export interface DrawnInterval {
  /** What the chart (and its CSV) shows: the request, or coarser when the range is too long. */
  interval: Interval;
  /** The days the range covers, when known. */
  span: DaySpan | null;
  /** The intervals the range can be drawn in. */
  drawable: readonly Interval[];
}

/**
 * The span of the last open range ("all time") measured: a drill-down inside it almost always
 * covers the same days, so it is the best first guess for the next one.
 */
let lastOpenSpan: DaySpan | null | undefined;

const sameFilters = (a: unknown, b: Filters) => JSON.stringify(a) === JSON.stringify(b);

/** The days covered by these filters, from any overview already answered for them (every series carries its range). */
function measuredSpan(client: QueryClient, filters: Filters): DaySpan | null | undefined {
  for (const [key, data] of client.getQueriesData<OverviewAnswer>({ queryKey: ["overview"] })) {
    if (data && data.series.range !== undefined && sameFilters(key[2], filters)) return data.series.range;
  }
  return undefined;
}

/**
 * The interval the cost chart can draw the filters' range in. A range with both ends is
 * measured directly. An open one ("all time") is measured by the series itself: the chart asks
 * at once for the interval the last open range allowed (months when none was seen yet), and
 * only when the answer's own range says another interval fits does it ask again. So a filter
 * change costs one round of requests, not a probe followed by the real query.
 */
export function useDrawnInterval(
  filters: Filters,
  requested: Interval,
  overview: Omit<OverviewInput, "interval">,
): DrawnInterval {
  const client = useQueryClient();
  const known = filters.from && filters.to ? { from: filters.from, to: filters.to } : null;
  const measured = known ? undefined : measuredSpan(client, filters);
  const guess = measured !== undefined ? measured : lastOpenSpan;
  const span = known ?? guess ?? null;
  // Until an open range is measured only months are safe.
  const interval = known || guess !== undefined ? drawableInterval(requested, span) : "month";
  // The same query (same key) the chart makes: subscribing re-renders this hook when its answer lands.
  // With both ends known there is nothing to measure: no subscription, no re-render of the page.
  const answer = useQuery({ ...overviewQuery(filters, { ...overview, interval }), enabled: known === null, subscribed: known === null });
  const answered = !known && answer.data && !answer.isPlaceholderData ? answer.data.series.range : undefined;

  useEffect(() => {
    if (answered !== undefined) lastOpenSpan = answered;
  }, [answered]);

  return { interval, span, drawable: INTERVALS.filter((option) => canDraw(option, span)) };
}
