/** What GET /api/forecast answers (besides the envelope). No server imports: the UI uses these. */
import type { PeriodBounds } from "./period";

export interface ForecastPoint {
  date: string;
  /** Expected cost of the day, and its share of the 80 % interval. */
  expected: number;
  low: number;
  high: number;
  /** Spent so far plus the expected cost up to and including this day (what a chart draws). */
  cumulative: number;
  cumulativeLow: number;
  cumulativeHigh: number;
}

export interface ForecastBody {
  period: PeriodBounds & { label: string };
  /** The currency of every amount (the runs'); null when the scope has no runs. */
  currency: string | null;
  /** Today in the zone: days before it are complete, its own runs so far count as spent. */
  today: string;
  /** Spent in the period so far: the dashboard's total for the scope and period (totals.ts). */
  spent: number;
  /** Expected total at the period's end, with its 80 % interval. */
  forecast: number;
  low: number;
  high: number;
  /** What runs in flight are expected to add (included in forecast). */
  inFlight: number;
  interval: "calibrated" | "residual";
  /** Per day from today to the period's end: expected cost and cumulative totals. */
  series: ForecastPoint[];
  /** Per day of the period before today: its cost and the cumulative spend (for charts). */
  actual: { date: string; cost: number; cumulative: number }[];
}

