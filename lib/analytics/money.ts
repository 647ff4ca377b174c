/**
 * Money stays exact until it leaves the store: `total_cost_amount` is DECIMAL(18,6) and
 * sums over it are exact DECIMALs; each figure is rounded once, in SQL, as it is read.
 * Amounts of different currencies are never added together.
 */

/** SQL for an exact sum rounded to the cent, read as a JS number (e.g. 1234.5). */
export function centsSql(decimalExpression: string): string {
  return `CAST(round(${decimalExpression}, 2) AS DOUBLE)`;
}

/** SQL for a unit price or average, rounded to 6 decimals. */
export function unitSql(expression: string): string {
  return `CAST(round(${expression}, 6) AS DOUBLE)`;
}

/**
 * SQL for compute hours, rounded to 6 decimals. Callers sum hours as DECIMAL: a sum of
 * doubles depends on the order of its terms, so two routes grouping differently could
 * disagree in the last decimal.
 */
export function hoursSql(exactSum: string): string {
  return `CAST(round(${exactSum}, 6) AS DOUBLE)`;
}

/** A DECIMAL read as text ("123.456789") in millionths, so sums in JS stay exact. */
export function micros(text: string): bigint {
  const negative = text.startsWith("-");
  const [whole, frac = ""] = (negative ? text.slice(1) : text).split(".");
  const value = BigInt(whole || "0") * 1_000_000n + BigInt((frac + "000000").slice(0, 6));
  return negative ? -value : value;
}

/** Exact cents of a sum in millionths, rounded half away from zero as DuckDB's round(). */
export function centsOf(microsTotal: bigint): number {
  const cents = microsTotal >= 0n ? (microsTotal + 5000n) / 10000n : (microsTotal - 5000n) / 10000n;
  return Number(cents) / 100;
}
