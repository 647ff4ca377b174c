"use client";
import { useQuery } from "@tanstack/react-query";
import { timeseriesQuery, type TimeseriesInput } from "@/lib/query/resources";
import type { Interval } from "@/lib/ui/chart-data";
import { canDraw, drawableInterval, INTERVAL_ORDER, type DaySpan } from "@/lib/ui/chart-interval";
import type { ApiFilters } from "@/lib/ui/filters";

export interface DrawnInterval {
  /** What the chart (and its CSV) shows: the request, or coarser when the range is too long. */
  interval: Interval;
  /** The days the range covers, when known. */
  span: DaySpan | null;
  /** The intervals the range can be drawn in. */
  drawable: readonly Interval[];
}

/**
 * The interval the cost chart can draw the filters' range in. A range with both ends is
 * measured directly. An open one ("all time") is measured by the monthly series, which stays
 * small for any span and is the very query the chart then uses when months are what it needs.
 */
export function useDrawnInterval(
  filters: ApiFilters,
  requested: Interval,
  series: Omit<TimeseriesInput, "interval">,
): DrawnInterval {
  const known = filters.from && filters.to ? { from: filters.from, to: filters.to } : null;
  const monthly = useQuery({ ...timeseriesQuery(filters, { ...series, interval: "month" }), enabled: known === null });
  // A placeholder answer belongs to the previous filters: its span would mislead.
  const measured = monthly.data && !monthly.isPlaceholderData ? (monthly.data.range ?? null) : undefined;
  const span = known ?? measured ?? null;
  // Until the span is known only months are safe; the monthly query is the one already in flight.
  const interval = known || measured !== undefined ? drawableInterval(requested, span) : "month";
  return { interval, span, drawable: INTERVAL_ORDER.filter((option) => canDraw(option, span)) };
}
