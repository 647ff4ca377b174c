/**
 * The result tables the command-line reports print (`npm run bench`, `npm run test:reliability`):
 * aligned plain text for the terminal, and the same rows as Markdown for bench-results/*.md and
 * the README. Each report turns its rows into cells; this file only lays them out.
 */

/** Columns padded to their widest cell, separated by ` | `, with a dashed rule under the headings. */
export function textTable(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const table = [headings, ...rows];
  const widths = headings.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly string[]) => widths.map((w, c) => (r[c] ?? "").padEnd(w)).join(" | ").trimEnd();
  return [line(headings), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

/** A GitHub-flavoured Markdown table; a `|` inside a cell is escaped so it cannot split the cell. */
export function markdownTable(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const row = (r: readonly string[]) => `| ${headings.map((_, c) => (r[c] ?? "").replaceAll("|", "\\|")).join(" | ")} |`;
  return [row(headings), `|${headings.map(() => "---").join("|")}|`, ...rows.map(row)].join("\n");
}
