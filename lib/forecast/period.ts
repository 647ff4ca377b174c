import { addDays } from "@/lib/contract/days";

/**
 * Budget and forecast periods: calendar months, quarters and years of local dates in the
 * dashboard's zone. Pure date arithmetic on "YYYY-MM-DD"; the zone only decides which local
 * date "now" is (time-zone.ts localDate).
 */

export const PERIOD_KINDS = ["month", "quarter", "year"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface PeriodBounds {
  kind: PeriodKind;
  /** First local day, inclusive. */
  from: string;
  /** Last local day, inclusive. */
  to: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The period of kind `kind` that holds local date `date`. */
export function periodOf(kind: PeriodKind, date: string): PeriodBounds {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)); // 1–12
  const firstMonth = kind === "month" ? month : kind === "quarter" ? month - ((month - 1) % 3) : 1;
  const months = kind === "month" ? 1 : kind === "quarter" ? 3 : 12;
  const from = `${year}-${pad(firstMonth)}-01`;
  const nextMonth = firstMonth + months;
  const next = nextMonth > 12 ? `${year + 1}-${pad(nextMonth - 12)}-01` : `${year}-${pad(nextMonth)}-01`;
  return { kind, from, to: addDays(next, -1) };
}

/** The period just before `period`, of the same kind. */
export function previousPeriod(period: PeriodBounds): PeriodBounds {
  return periodOf(period.kind, addDays(period.from, -1));
}

/** "December 2026", "Q4 2026", "2026": how the UI names a period. */
export function periodLabel(period: PeriodBounds): string {
  const year = period.from.slice(0, 4);
  const month = Number(period.from.slice(5, 7));
  if (period.kind === "year") return year;
  if (period.kind === "quarter") return `Q${Math.floor((month - 1) / 3) + 1} ${year}`;
  const name = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString("en-US", { month: "long", timeZone: "UTC" });
  return `${name} ${year}`;
}
