/** How the UI names and describes date ranges (the presets themselves: lib/contract/days.ts). */
import type { DayRange, RangePreset } from "@/lib/contract/days";
import { localDate } from "@/lib/analytics/time-zone";

export const RANGE_LABELS: Record<RangePreset, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  mtd: "Month to date",
  lastMonth: "Last month",
  qtd: "Quarter to date",
  ytd: "Year to date",
  all: "All time",
  custom: "Custom",
};

/** Today's calendar day in a time zone, by the server's own rule (lib/analytics/time-zone.ts). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localDate(timeZone, now.getTime());
}

// Made once: a DateTimeFormat costs far more to build than to use, and every render describes the range.
const DAY_WITH_YEAR = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric", year: "numeric" });
const DAY_WITHOUT_YEAR = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" });

/** A short description of a resolved range: "Mar 1 – Mar 30, 2025". */
export function describeRange(range: DayRange): string {
  const fmt = (day: string, withYear: boolean) =>
    (withYear ? DAY_WITH_YEAR : DAY_WITHOUT_YEAR).format(new Date(`${day}T00:00:00Z`));
  if (range.from && range.to) {
    const sameYear = range.from.slice(0, 4) === range.to.slice(0, 4);
    if (range.from === range.to) return fmt(range.from, true);
    return `${fmt(range.from, !sameYear)} – ${fmt(range.to, true)}`;
  }
  if (range.from) return `Since ${fmt(range.from, true)}`;
  if (range.to) return `Until ${fmt(range.to, true)}`;
  return "All time";
}
