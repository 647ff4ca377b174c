/**
 * The periods the chargeback page offers: recent months and quarters, newest first, labelled
 * for people ("March 2025", "Q1 2025"). Keys are the API's (`2025-03`, `2025-Q1`).
 */

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export interface PeriodOption {
  key: string;
  label: string;
}

export function periodLabel(key: string): string {
  const year = key.slice(0, 4);
  if (key[5] === "Q") return `Q${key.slice(6)} ${year}`;
  return `${MONTHS[Number(key.slice(5, 7)) - 1] ?? key} ${year}`;
}

/** The month before `today`'s month: the one finance usually closes. */
export function lastFullMonth(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

export function recentMonths(today: string, count: number): PeriodOption[] {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  const out: PeriodOption[] = [];
  for (let i = 0; i < count; i++) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    out.push({ key, label: periodLabel(key) });
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return out;
}

export function recentQuarters(today: string, count: number): PeriodOption[] {
  let year = Number(today.slice(0, 4));
  let quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: PeriodOption[] = [];
  for (let i = 0; i < count; i++) {
    const key = `${year}-Q${quarter}`;
    out.push({ key, label: periodLabel(key) });
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return out;
}

export const isPeriodKey = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(value);
