/**
 * Spreadsheet formula neutralisation for the dashboard's CSV downloads. A text cell that
 * starts with `=`, `+`, `-`, `@`, tab or carriage return (OWASP's list) would be read by
 * Excel, LibreOffice or Google Sheets as a formula (or a DDE command), and so would one whose
 * formula sign comes after leading spaces or line breaks, or is a full-width ＝ ＋ － ＠ (some
 * spreadsheet programs fold those to ASCII on input). Such a cell gets a leading apostrophe: the
 * program shows the text instead of running it. Numbers are never passed through here, so a
 * negative amount stays a number. The JS and SQL versions must agree: tests compare them.
 */

/** What a neutralised cell starts with. */
export const FORMULA_PREFIX = "'";

/** First characters that make a spreadsheet program read a cell as a formula. */
export const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"] as const;

/** Leading characters skipped before looking for a formula sign. */
const LEADING_SPACE = [" ", "\n", "\t", "\r"] as const;

const STARTS = new Set<string>(FORMULA_STARTS);
const SIGNS = "=+\\-@＝＋－＠";
const SPACED_FORMULA = new RegExp(`^[ \\n\\t\\r]+[${SIGNS}]`);

/** Whether a spreadsheet program would read `text` as a formula. */
export function looksLikeFormula(text: string): boolean {
  if (text.length === 0) return false;
  const first = text[0]!;
  if (STARTS.has(first)) return true;
  return (first === " " || first === "\n") && SPACED_FORMULA.test(text);
}

/** `text`, with the prefix when it would be read as a formula. */
export function neutralise(text: string): string {
  return looksLikeFormula(text) ? FORMULA_PREFIX + text : text;
}

/** Undoes `neutralise` (for scripts reading the files back, and for tests). */
export function unneutralise(text: string): string {
  return text.length > 1 && text[0] === FORMULA_PREFIX && looksLikeFormula(text.slice(1)) ? text.slice(1) : text;
}

// Code points of FORMULA_STARTS: ascii() reads one number per row, cheaper than a substring.
const CODES = FORMULA_STARTS.map((c) => c.codePointAt(0)).join(", ");
const SPACE_CODES = LEADING_SPACE.filter((c) => c === " " || c === "\n").map((c) => c.codePointAt(0)).join(", ");

/**
 * SQL for a VARCHAR expression, neutralised the same way (NULL stays NULL). list_contains
 * rather than IN (…): DuckDB plans a constant IN list as a join per column, which measured
 * about 0.1 CPU-s more on the 16 text columns of a million-run export. The regular expression
 * runs only on the rare cell that starts with a space or a line break. The prefix by its code
 * point, like the signs: no quoting to get right.
 */
export function neutraliseSql(expression: string): string {
  return (
    `CASE WHEN list_contains([${CODES}], ascii(${expression})) ` +
    `OR (list_contains([${SPACE_CODES}], ascii(${expression})) AND regexp_matches(${expression}, '${SPACED_FORMULA.source}')) ` +
    `THEN chr(${FORMULA_PREFIX.codePointAt(0)}) || ${expression} ELSE ${expression} END`
  );
}
