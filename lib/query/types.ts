/** The JSON the dashboard's API answers with (the contract in app/api/**). */
import type { Dimension } from "@/lib/ui/dimensions";
import type { Interval } from "@/lib/ui/chart-data";

export interface Envelope {
  dataVersion: number;
  dataAsOf: string | null;
  timeZone: string;
}

export interface CurrencyCost {
  currency: string;
  cost: number;
  wastedCost: number;
}

export interface Totals {
  runs: number;
  computeHours: number;
  costs: CurrencyCost[];
}

export interface Period {
  from: string;
  to: string;
}

export interface TotalsResponse extends Envelope {
  period: Period | null;
  previousPeriod: Period | null;
  current: Totals;
  previous: Totals | null;
}

export interface BreakdownRow {
  key: string;
  currency: string;
  runs: number;
  computeHours: number;
  cost: number;
  share: number;
  averageCost: number;
  pricePerMinute?: number | null;
  owner?: string | null;
}

export interface BreakdownResponse extends Envelope {
  by: Dimension;
  rows: BreakdownRow[];
  totals: Totals;
  totalRows: number;
}

export interface TimeseriesResponse extends Envelope {
  interval: Interval;
  stackBy: Dimension;
  currency: string | null;
  keys: string[];
  /** The key standing for every key outside the top ("Other" unless a real key has that name). */
  otherKey?: string | null;
  /** The local days covered: from/to, else the first and last run's. Null with no runs and no dates. */
  range?: { from: string; to: string } | null;
  buckets: { start: string; total: number; runs: number; values: Record<string, number> }[];
}

/** Everything the overview page shows, from one snapshot: each part as its own route answers it. */
export interface OverviewResponse extends Envelope {
  totals: Omit<TotalsResponse, keyof Envelope>;
  series: Omit<TimeseriesResponse, keyof Envelope>;
  top: Record<"hardwareTier" | "project" | "user" | "team", Omit<BreakdownResponse, keyof Envelope>>;
}

export interface ComputeClusterDetails {
  computeClusterType: string;
  workerCount: number;
  workerHardwareTierId: string;
  workerHardwareTierCostPerMinute: number;
  masterHardwareTierId: string | null;
  masterHardwareTierCostPerMinute: number | null;
}

export interface RunRow {
  batchId: string;
  runId: string;
  title: string;
  command: string;
  status: string;
  runType: string;
  userName: string;
  userId: string;
  projectOwnerName: string;
  projectOwnerId: string;
  projectName: string;
  projectId: string;
  runDurationSec: number;
  hardwareTier: string;
  hardwareTierCostCurrency: string;
  hardwareTierCostAmount: number;
  queuedTime: string;
  startTime: string | null;
  endTime: string | null;
  totalCostCurrency: string;
  totalCostAmount: number;
  computeClusterDetails: ComputeClusterDetails | null;
  startedAt: string;
  computeHours: number;
  projectKey: string;
}

export interface RunsResponse extends Envelope {
  total: number;
  offset: number;
  limit: number;
  rows: RunRow[];
}

export interface FacetsResponse extends Envelope {
  dim: Dimension;
  values: { value: string; runs: number; cost: number }[];
  total: number;
}

export interface SyncStatus {
  running: boolean;
  kind: "backfill" | "incremental" | "resync" | null;
  progress: { runsStored: number; pages: number; runsPerSecond: number; percent: number | null; etaSeconds: number | null } | null;
  dataAsOf: string | null;
  dataVersion: number;
  runCount: number;
  rejectedRuns: number;
  lastError: { code: string; message: string; at: string } | null;
}

export type RunningSort = "runTime" | "cost" | "costPerHour" | "startedAt" | "user" | "project" | "hardwareTier" | "runType";

export interface RunningRow {
  runId: string;
  batchId: string;
  title: string;
  status: string;
  runType: string;
  userName: string;
  projectKey: string;
  hardwareTier: string;
  startTime: string | null;
  queuedTime: string;
  startedAt: string;
  runSeconds: number;
  currency: string;
  cost: number;
  costPerHour: number;
  longRunning: boolean;
  longRunHours: number;
}

export interface RunningCurrency {
  currency: string;
  cost: number;
  costPerHour: number;
  longRunningCostPerDay: number;
}

/** GET /api/running: the runs in flight at the last sync. */
export interface RunningResponse extends Envelope {
  sort: RunningSort;
  dir: "asc" | "desc";
  offset: number;
  limit: number;
  total: number;
  longRunning: number;
  costs: RunningCurrency[];
  longRunRule: { hours: number; byType: Record<string, number> };
  rows: RunningRow[];
}
