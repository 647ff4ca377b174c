/**
 * Shapes API answers into what the charts draw. Keys are free text ("team/model.v2", even
 * "total"), so series are stored under positional names (s0, s1, …) that cannot clash with a
 * row's own fields, and the key list says which is which.
 */
import { formatDay } from "./format";

export type Interval = "day" | "week" | "month";

export interface SeriesBucket {
  start: string;
  total: number;
  runs: number;
  values: Record<string, number>;
}

export interface SeriesRow {
  start: string;
  label: string;
  total: number;
  [series: string]: number | string;
}

export function seriesField(index: number): string {
  return `s${index}`;
}

/** "Mar 1", or "Mar 1, 2025" when the series crosses a new year (else "Mar 1" could be any year). */
export function bucketLabel(start: string, interval: Interval, withYear = false): string {
  if (interval === "month") return formatDay(start, { month: true });
  return withYear ? formatDay(start) : formatDay(start, { short: true });
}

/** One row per bucket, one numeric field per key, cents kept (rounding happens on display). */
export function toSeriesRows(buckets: readonly SeriesBucket[], keys: readonly string[], interval: Interval): SeriesRow[] {
  const years = new Set(buckets.map((bucket) => bucket.start.slice(0, 4)));
  return buckets.map((bucket) => {
    const label = bucketLabel(bucket.start, interval, years.size > 1);
    const row: SeriesRow = { start: bucket.start, label, total: bucket.total };
    keys.forEach((key, i) => {
      row[seriesField(i)] = bucket.values[key] ?? 0;
    });
    return row;
  });
}

/** Per key, its values across the buckets: the small trend line of a table row. */
export function trendsByKey(buckets: readonly SeriesBucket[], keys: readonly string[]): Map<string, number[]> {
  const trends = new Map<string, number[]>();
  for (const key of keys) trends.set(key, buckets.map((bucket) => bucket.values[key] ?? 0));
  return trends;
}

/** The total of each key over the whole series, in key order: the legend's figures. */
export function keyTotals(buckets: readonly SeriesBucket[], keys: readonly string[]): number[] {
  return keys.map((key) => buckets.reduce((sum, bucket) => sum + (bucket.values[key] ?? 0), 0));
}

export interface BarDatum {
  key: string;
  value: number;
  share: number;
}

/** The top `limit` rows by value, highest first, each with its share of the whole. */
export function topBars<T>(rows: readonly T[], limit: number, key: (row: T) => string, value: (row: T) => number): BarDatum[] {
  const total = rows.reduce((sum, row) => sum + value(row), 0);
  return [...rows]
    .sort((a, b) => value(b) - value(a) || key(a).localeCompare(key(b)))
    .slice(0, limit)
    .map((row) => ({ key: key(row), value: value(row), share: total > 0 ? value(row) / total : 0 }));
}

/** Shortens a long label for an axis, keeping its end for project keys ("owner/…name"). */
export function truncateLabel(label: string, max: number): string {
  if (label.length <= max) return label;
  return `${label.slice(0, Math.max(1, max - 1))}…`;
}
