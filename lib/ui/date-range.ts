/**
 * Date-range presets, resolved to inclusive calendar days (YYYY-MM-DD) in the deployment's
 * time zone: "last 7 days" means the seven days ending today *there*, not in the browser's zone.
 */

export const RANGE_PRESETS = ["7d", "30d", "90d", "mtd", "lastMonth", "qtd", "ytd", "all", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

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

export const DEFAULT_RANGE: RangePreset = "30d";

export interface DayRange {
  from: string | null;
  to: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string | null | undefined): value is string {
  if (!value || !DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar day in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split("-").map(Number);
  return [y!, m!, d!];
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  return toDay(new Date(Date.UTC(y, m - 1, d + days)));
}

/** The inclusive days of a preset, given today in the deployment's zone. */
export function resolveRange(preset: RangePreset, today: string, custom: DayRange = { from: null, to: null }): DayRange {
  const [y, m] = parts(today);
  switch (preset) {
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "90d":
      return { from: addDays(today, -89), to: today };
    case "mtd":
      return { from: toDay(new Date(Date.UTC(y, m - 1, 1))), to: today };
    case "lastMonth":
      return { from: toDay(new Date(Date.UTC(y, m - 2, 1))), to: toDay(new Date(Date.UTC(y, m - 1, 0))) };
    case "qtd":
      return { from: toDay(new Date(Date.UTC(y, Math.floor((m - 1) / 3) * 3, 1))), to: today };
    case "ytd":
      return { from: `${y}-01-01`, to: today };
    case "all":
      return { from: null, to: null };
    case "custom": {
      const from = isDay(custom.from) ? custom.from : null;
      const to = isDay(custom.to) ? custom.to : null;
      // A reversed custom range is read the way the person meant it.
      if (from && to && from > to) return { from: to, to: from };
      return { from, to };
    }
  }
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
