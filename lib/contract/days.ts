/**
 * Calendar days ("YYYY-MM-DD", zone-free) and the date-range presets, resolved in one place:
 * the filter schema, the pages' URL parsers, share links and the analytics read these.
 * Plain arithmetic on UTC dates, so server and browser agree.
 */

export const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a "YYYY-MM-DD" date. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** "YYYY-MM-DD" of a day number. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dayString(dayNumber(date) + days);
}

/** Whether the value names a real calendar date as "YYYY-MM-DD". */
export function isCalendarDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return dayString(dayNumber(value)) === value;
}

/** The buckets a cost series groups days into (weeks start on Monday), finest first. */
export const INTERVALS = ["day", "week", "month"] as const;
export type Interval = (typeof INTERVALS)[number];

export const RANGE_PRESETS = ["7d", "30d", "90d", "mtd", "lastMonth", "qtd", "ytd", "all", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const DEFAULT_RANGE: RangePreset = "30d";

export interface DayRange {
  from: string | null;
  to: string | null;
}

/** The first day of the month `months` after the one of `y`-`m` (1–12); months may be negative. */
function monthStart(y: number, m: number, months = 0): string {
  return dayString(Math.round(Date.UTC(y, m - 1 + months, 1) / DAY_MS));
}

/**
 * The inclusive days of a preset, given today in the deployment's zone: "last 7 days" means
 * the seven days ending today *there*, not in the browser's zone.
 */
export function resolveRange(preset: RangePreset, today: string, custom: DayRange = { from: null, to: null }): DayRange {
  const [y, m] = today.split("-").map(Number) as [number, number];
  switch (preset) {
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "90d":
      return { from: addDays(today, -89), to: today };
    case "mtd":
      return { from: monthStart(y, m), to: today };
    case "lastMonth":
      return { from: monthStart(y, m, -1), to: addDays(monthStart(y, m), -1) };
    case "qtd":
      return { from: monthStart(y, m, -((m - 1) % 3)), to: today };
    case "ytd":
      return { from: `${y}-01-01`, to: today };
    case "all":
      return { from: null, to: null };
    case "custom": {
      const from = isCalendarDate(custom.from) ? custom.from : null;
      const to = isCalendarDate(custom.to) ? custom.to : null;
      // A reversed custom range is read the way the person meant it.
      if (from && to && from > to) return { from: to, to: from };
      return { from, to };
    }
  }
}
