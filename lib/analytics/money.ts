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

/** Rounds a JS number to the cent (for sums of figures already rounded, e.g. in tests). */
export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}
