/**
 * Local calendar arithmetic for the configured IANA zone, done in JS from Intl (ICU).
 *
 * Why not `started_at AT TIME ZONE $tz` in SQL: that converts every row through ICU, about
 * 150 ms per million runs on 2 cores, while adding a per-range UTC offset to `epoch_ms`
 * costs about 13 ms. So the zone's offset history over the queried range is computed here
 * once (cached per zone and year) and handed to SQL as a small CASE over transitions.
 * Dates as "YYYY-MM-DD" strings and day numbers (days since 1970-01-01) are zone-free
 * (lib/contract/days.ts).
 */
import { DAY_MS, dayNumber, dayString } from "@/lib/contract/days";

const formatters = new Map<string, Intl.DateTimeFormat>();
// Each zone's transitions by UTC year, worked out once (segmentsOfYear).
const yearSegments = new Map<string, OffsetSegment[]>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The zone's offset from UTC at instant `ms`, in milliseconds (UTC+1 → 3,600,000). From the
 * year's transitions once a query has worked them out (offsetSegments): asking ICU
 * (formatToParts) costs tens of microseconds a call, and one answer asks dozens of times.
 */
export function offsetAt(timeZone: string, ms: number): number {
  const segments = yearSegments.get(`${timeZone}|${new Date(ms).getUTCFullYear()}`);
  if (!segments) return icuOffsetAt(timeZone, ms);
  for (let i = segments.length - 1; i > 0; i -= 1) {
    if (segments[i]!.startMs <= ms) return segments[i]!.offsetMs;
  }
  return segments[0]!.offsetMs;
}

/** The offset as ICU reports it: what the transitions are found from. */
function icuOffsetAt(timeZone: string, ms: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The local date ("YYYY-MM-DD") of instant `ms` in the zone. */
export function localDate(timeZone: string, ms: number): string {
  return dayString(Math.floor((ms + offsetAt(timeZone, ms)) / DAY_MS));
}

/**
 * The first instant (UTC ms) of local day `date`: local midnight, the earlier one when
 * midnight repeats, or the end of the gap when a clock change skips midnight.
 */
export function localDayStart(timeZone: string, date: string): number {
  const wall = dayNumber(date) * DAY_MS;
  const candidates = new Set([offsetAt(timeZone, wall - 14 * 3_600_000), offsetAt(timeZone, wall + 14 * 3_600_000)]);
  const valid = [...candidates].map((o) => wall - o).filter((t) => t + offsetAt(timeZone, t) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // Midnight does not exist: the day starts where local time first reaches it.
  let lo = wall - 14 * 3_600_000;
  let hi = wall + 14 * 3_600_000;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid + offsetAt(timeZone, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A stretch of time with one offset: it starts at `startMs` and lasts until the next one. */
export interface OffsetSegment {
  startMs: number;
  offsetMs: number;
}

/** The zone's transitions within one UTC year, found by daily sampling and bisection. */
function segmentsOfYear(timeZone: string, year: number): OffsetSegment[] {
  const key = `${timeZone}|${year}`;
  const cached = yearSegments.get(key);
  if (cached) return cached;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const segments: OffsetSegment[] = [{ startMs: start, offsetMs: icuOffsetAt(timeZone, start) }];
  let prevMs = start;
  let prevOffset = segments[0]!.offsetMs;
  // Sampling every 12 hours: no zone changes its clock twice within half a day.
  for (let t = start + DAY_MS / 2; t <= end; t += DAY_MS / 2) {
    const offset = icuOffsetAt(timeZone, t);
    if (offset !== prevOffset) {
      let lo = prevMs;
      let hi = t;
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2000) * 1000;
        if (icuOffsetAt(timeZone, mid) === prevOffset) lo = mid;
        else hi = mid;
      }
      if (hi < end) segments.push({ startMs: hi, offsetMs: offset });
      prevOffset = offset;
    }
    prevMs = t;
  }
  yearSegments.set(key, segments);
  return segments;
}

/** The offset segments covering [fromMs, toMs], merged where the offset does not change. */
export function offsetSegments(timeZone: string, fromMs: number, toMs: number): OffsetSegment[] {
  const first = new Date(fromMs).getUTCFullYear();
  const last = new Date(Math.max(fromMs, toMs)).getUTCFullYear();
  const all: OffsetSegment[] = [];
  for (let year = first; year <= last; year += 1) {
    for (const segment of segmentsOfYear(timeZone, year)) {
      const previous = all[all.length - 1];
      if (previous && previous.offsetMs === segment.offsetMs) continue;
      all.push(segment);
    }
  }
  // Keep only segments that overlap the range; the first one then reaches back to -∞.
  const startIndex = Math.max(0, all.findLastIndex((s) => s.startMs <= fromMs));
  return all.slice(startIndex).filter((s, i) => i === 0 || s.startMs <= toMs);
}
