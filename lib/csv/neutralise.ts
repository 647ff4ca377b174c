/**
 * Spreadsheet formula neutralisation for the dashboard's CSV downloads. A text cell that
 * starts with `=`, `+`, `-`, `@`, tab or carriage return would be read by Excel, LibreOffice
 * or Google Sheets as a formula (or a DDE command), so it gets a leading apostrophe: the
 * program shows the text instead of running it. Numbers are never passed through here, so a
 * negative amount stays a number. The JS and SQL versions must agree: tests compare them.
 */

/** What a neutralised cell starts with. */
export const FORMULA_PREFIX = "'";

/** The first characters that make a spreadsheet program read a cell as a formula. */
export const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"] as const;

const STARTS = new Set<string>(FORMULA_STARTS);

/** `text`, with the prefix when it would be read as a formula. */
export function neutralise(text: string): string {
  return text.length > 0 && STARTS.has(text[0]!) ? FORMULA_PREFIX + text : text;
}

/** Undoes `neutralise` (for scripts reading the files back, and for tests). */
export function unneutralise(text: string): string {
  return text.length > 1 && text[0] === FORMULA_PREFIX && STARTS.has(text[1]!) ? text.slice(1) : text;
}

// Code points of FORMULA_STARTS: ascii() reads one number per row, cheaper than a substring.
const CODES = FORMULA_STARTS.map((c) => c.codePointAt(0)).join(", ");

/**
 * SQL for a VARCHAR expression, neutralised the same way (NULL stays NULL). list_contains
 * rather than IN (…): DuckDB plans a constant IN list as a join per column, which measured
 * about 0.1 CPU-s more on the 16 text columns of a million-run export.
 */
export function neutraliseSql(expression: string): string {
  return `CASE WHEN list_contains([${CODES}], ascii(${expression})) THEN '${FORMULA_PREFIX.replaceAll("'", "''")}' || ${expression} ELSE ${expression} END`;
}
