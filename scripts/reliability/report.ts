import { markdownTable as markdown, textTable as text } from "../table";

/**
 * One row per scenario of `npm run test:reliability`: what was tried, whether the dashboard
 * held, the figures, and what was lost (must be nothing). Printed as one table at the end.
 */

export interface ReliabilityRow {
  /** Which group: load, faults, hostile input, replicas (DATABASE_URL). */
  group: "load" | "faults" | "hostile" | "replicas";
  scenario: string;
  held: boolean;
  figures: Record<string, string | number>;
  /** What was lost or duplicated, e.g. "nothing" or "3 runs missing". */
  lost: string;
  /** Why it did not hold, when it did not. */
  problem?: string;
  /**
   * Why it could not be tried on this machine (e.g. no tmpfs without root), in --ci only: the
   * row says so and does not fail the run. Elsewhere a check that cannot run is a failure.
   */
  skipped?: string;
}

/**
 * How much of everything: `full` is the issue's figures (1M runs, 60 s of load), `quick` a
 * smaller store and shorter load, `ci` every part briefly (about 2–3 minutes on 2 cores) with
 * the fault phases shortened, so `npm test` can run it after the end-to-end tests.
 */
export type Mode = "full" | "quick" | "ci";

/** Picks the value for the mode: `{ full, quick, ci }`. */
export function sized<T>(mode: Mode, values: Record<Mode, T>): T {
  return values[mode];
}

export interface ScenarioContext {
  mode: Mode;
  /** A folder of its own per scenario. */
  workDir: string;
  log(message: string): void;
}

export interface Scenario {
  name: string;
  /**
   * Mostly waiting (on faults and on the server's one-minute sync schedule): with --ci it starts
   * first and runs beside the others, except one that measures latency, which always runs alone.
   */
  mostlyWaits?: boolean;
  /** Measures latency: nothing else runs meanwhile. */
  measuresLatency?: boolean;
  run(context: ScenarioContext): Promise<ReliabilityRow[]>;
}

const HEADINGS = ["group", "scenario", "result", "figures", "lost"] as const;

function cells(row: ReliabilityRow): string[] {
  const figures = Object.entries(row.figures)
    .map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en-US") : v}`)
    .join(", ");
  const result = row.skipped ? `skipped: ${row.skipped}` : row.held ? "held" : `FAILED${row.problem ? `: ${row.problem}` : ""}`;
  return [row.group, row.scenario, result, figures, row.lost];
}

/** Whether the row fails the run: it did not hold, or it lost something, unless it was skipped. */
export function failed(row: ReliabilityRow): boolean {
  return row.skipped === undefined && (!row.held || row.lost !== "nothing");
}

export function textTable(rows: ReliabilityRow[]): string {
  return text(HEADINGS, rows.map(cells));
}

export function markdownTable(rows: ReliabilityRow[]): string {
  return markdown(HEADINGS, rows.map(cells));
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
