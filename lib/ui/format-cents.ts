import { formatMoney } from "./format";

/** Whole cents as money ("$1,234.56"): statements carry integers of cents, never float sums. */
export function formatCents(cents: number, currency: string): string {
  return formatMoney(cents / 100, currency);
}
