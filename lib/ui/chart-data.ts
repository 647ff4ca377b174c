/**
 * Shapes API answers into what the charts draw. Keys are free text ("team/model.v2", even
 * "total"), so series are stored under positional names (s0, s1, …) that cannot clash with a
 * row's own fields, and the key list says which is which.
 */
import { formatDay } from "./format";
import type { Interval } from "@/lib/contract/days";


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

/**
 * A line drawn over the stacked bars, such as a forecast: its values by bucket start. Buckets
 * without a value leave a gap in the line (null), never a drop to zero.
 */
export interface ChartOverlay {
  /** Row field the values go under: "o0", "o1"… (overlayField), never clashing with keys. */
  label: string;
  color: string;
  /** Drawn dashed (a forecast, a budget) rather than solid. */
  dashed?: boolean;
  values: ReadonlyMap<string, number>;
}

export function overlayField(index: number): string {
  return `o${index}`;
}

/** A row as the chart reads it: the series row, its category (`x`) and any overlay values. */
export interface ChartRow extends SeriesRow {
  x: string;
}

/**
 * The rows a chart draws: each series row with its category `x` (the bucket's start and the
 * answer's `version`, so the chart can tell when the bars on screen are the new answer's), and
 * each overlay's value under overlayField(i), or null where it has none.
 */
export function toChartRows(rows: readonly SeriesRow[], version: number, overlays: readonly ChartOverlay[] = []): ChartRow[] {
  return rows.map((row) => {
    const out: ChartRow = { ...row, x: `${row.start}#${version}` };
    overlays.forEach((overlay, i) => {
      (out as Record<string, unknown>)[overlayField(i)] = overlay.values.get(row.start) ?? null;
    });
    return out;
  });
}

/** The answer version a chart row's category carries (toChartRows), or null. */
export function chartRowVersion(x: unknown): number | null {
  if (typeof x !== "string") return null;
  const at = x.lastIndexOf("#");
  return at < 0 ? null : Number(x.slice(at + 1));
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
