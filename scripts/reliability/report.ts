/**
 * One row per scenario of `npm run test:reliability`: what was tried, whether the dashboard
 * held, the figures, and what was lost (must be nothing). Printed as one table at the end.
 */

export interface ReliabilityRow {
  /** Which group: load, faults, hostile input. */
  group: "load" | "faults" | "hostile";
  scenario: string;
  held: boolean;
  figures: Record<string, string | number>;
  /** What was lost or duplicated, e.g. "nothing" or "3 runs missing". */
  lost: string;
  /** Why it did not hold, when it did not. */
  problem?: string;
}

export interface ScenarioContext {
  quick: boolean;
  /** A folder of its own per scenario. */
  workDir: string;
  log(message: string): void;
}

export interface Scenario {
  name: string;
  run(context: ScenarioContext): Promise<ReliabilityRow[]>;
}

const HEADINGS = ["group", "scenario", "result", "figures", "lost"] as const;

function cells(row: ReliabilityRow): string[] {
  const figures = Object.entries(row.figures)
    .map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en-US") : v}`)
    .join(", ");
  const result = row.held ? "held" : `FAILED${row.problem ? `: ${row.problem}` : ""}`;
  return [row.group, row.scenario, result, figures, row.lost];
}

export function textTable(rows: ReliabilityRow[]): string {
  const table = [HEADINGS.slice(), ...rows.map(cells)];
  const widths = HEADINGS.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ").trimEnd();
  return [line(table[0]!), widths.map((w) => "-".repeat(w)).join("-|-"), ...table.slice(1).map(line)].join("\n");
}

export function markdownTable(rows: ReliabilityRow[]): string {
  const esc = (s: string) => s.replaceAll("|", "\\|");
  return [
    `| ${HEADINGS.join(" | ")} |`,
    `|${HEADINGS.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(" | ")} |`),
  ].join("\n");
}

/** p-th percentile (0..100) of unsorted samples, nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
export const ms = (value: number) => `${Math.round(value)} ms`;
