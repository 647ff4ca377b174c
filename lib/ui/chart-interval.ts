/**
 * How finely the cost chart can divide a date range. Years of daily bars are thousands of
 * slivers nobody can read, and thousands of SVG shapes and table rows make the page slow for
 * browsers and assistive technology alike; past a limit the chart steps up to weeks or months.
 */
import { INTERVALS, type Interval } from "@/lib/contract/days";


/** More bars than this are too thin to tell apart on a laptop, let alone a phone. */
export const MAX_BARS = 120;

export interface DaySpan {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** The number of buckets (weeks start on Monday, as the API's do) from `from` to `to`, both included. */
export function bucketCount(interval: Interval, span: DaySpan): number {
  const from = dayNumber(span.from);
  const to = dayNumber(span.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return 1;
  if (interval === "day") return to - from + 1;
  if (interval === "week") {
    // 1970-01-01 was a Thursday: day + 3 counts from a Monday.
    const monday = (day: number) => day - (((day + 3) % 7) + 7) % 7;
    return (monday(to) - monday(from)) / 7 + 1;
  }
  const [fy, fm] = span.from.split("-").map(Number) as [number, number];
  const [ty, tm] = span.to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** Whether `interval` divides the span into few enough bars to draw (months always do). */
export function canDraw(interval: Interval, span: DaySpan | null, max = MAX_BARS): boolean {
  return interval === "month" || span === null || bucketCount(interval, span) <= max;
}

/** The requested interval, or the next coarser one the span can be drawn in. */
export function drawableInterval(requested: Interval, span: DaySpan | null, max = MAX_BARS): Interval {
  const start = INTERVALS.indexOf(requested);
  return INTERVALS.slice(start).find((interval) => canDraw(interval, span, max)) ?? "month";
}
