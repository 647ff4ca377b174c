import { z } from "zod";
import { addDays } from "@/lib/contract/days";

/**
 * A statement's period: a calendar month ("2025-03") or quarter ("2025-Q1") of local days in
 * the dashboard's zone, the same days the overview's date filter selects.
 */

export interface Period {
  key: string;
  kind: "month" | "quarter";
  /** First and last local day, inclusive. */
  from: string;
  to: string;
  label: string;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export const periodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, { message: "must be a month (YYYY-MM) or a quarter (YYYY-Q1 … YYYY-Q4)" })
  .refine((p) => p >= "1970" && p < "3000", { message: "must be between 1970 and 2999" })
  .transform(parsePeriod);

const pad = (n: number) => String(n).padStart(2, "0");
const lastDayOf = (year: number, month: number) => addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);

export function parsePeriod(key: string): Period {
  const year = Number(key.slice(0, 4));
  if (key[5] === "Q") {
    const q = Number(key.slice(6));
    const first = (q - 1) * 3 + 1;
    return { key, kind: "quarter", from: `${year}-${pad(first)}-01`, to: lastDayOf(year, first + 2), label: `Q${q} ${year}` };
  }
  const month = Number(key.slice(5, 7));
  return { key, kind: "month", from: `${year}-${pad(month)}-01`, to: lastDayOf(year, month), label: `${MONTHS[month - 1]} ${year}` };
}

/** The month keys a period covers (a quarter's three, or the month itself). */
export function monthsOf(period: Period): string[] {
  if (period.kind === "month") return [period.key];
  const first = Number(period.from.slice(5, 7));
  return [0, 1, 2].map((i) => `${period.from.slice(0, 4)}-${pad(first + i)}`);
}
