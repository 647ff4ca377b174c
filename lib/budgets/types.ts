/**
 * A budget as the API and the UI see it. No server imports: client components use these types.
 */

export const BUDGET_PERIODS = ["month", "quarter", "year"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export interface BudgetThresholds {
  /** Percentages of the amount on actual spend, ascending. */
  actual: number[];
  /** Percentages of the amount on the period-end forecast, ascending. */
  forecast: number[];
}

export type BudgetChannel = { type: "webhook"; url: string } | { type: "email"; to: string };

export interface Budget {
  id: string;
  name: string;
  /** The dashboard's filter query string without dates ("project=a%2Fb&tier=gpu"); "" = the whole deployment. */
  scope: string;
  period: BudgetPeriod;
  /** Exact decimal, two places ("1000.00"). */
  amount: string;
  currency: string;
  thresholds: BudgetThresholds;
  channels: BudgetChannel[];
  paused: boolean;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

export type BudgetState = "on track" | "at risk" | "over";

export interface BudgetStatus {
  budget: Budget;
  period: { from: string; to: string; label: string };
  /** Spent in the period: the dashboard's total for the scope and period. */
  actual: number;
  forecast: number;
  forecastLow: number;
  forecastHigh: number;
  /** actual ÷ amount and forecast ÷ amount, in percent. */
  actualShare: number;
  forecastShare: number;
  state: BudgetState;
  /** Cumulative spend per day of the period so far, then the forecast's cumulative to its end. */
  cumulative: { date: string; actual: number | null; forecast: number | null }[];
  /** The dashboard's overview for the scope and period. */
  dashboardPath: string;
}

export const DEFAULT_THRESHOLDS: BudgetThresholds = { actual: [50, 80, 100], forecast: [100] };
