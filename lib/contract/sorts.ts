import type { BreakdownRow } from "./answers";

/**
 * Every sortable list's sorts, one table each: the API's name, the SQL that orders by it
 * (fixed identifiers, never input) or the row value the table sorts by, and how the UI
 * names it. The routes' parameters, the pages' URL parsers, the tables' headers and the CSVs
 * all read these tables.
 */

const keysOf = <T extends object>(table: T) => Object.keys(table) as [keyof T & string, ...(keyof T & string)[]];

export const SORT_DIRS = ["asc", "desc"] as const;
export type SortDir = (typeof SORT_DIRS)[number];

/** The run explorer (GET /api/runs, /api/runs.csv and the runs page). */
export const RUN_SORT_SPECS = {
  startedAt: { column: "started_at", type: "TIMESTAMPTZ", label: "Started" },
  cost: { column: "total_cost_amount", type: "DECIMAL(18, 6)", label: "Cost" },
  duration: { column: "run_duration_sec", type: "DOUBLE", label: "Duration" },
  computeHours: { column: "compute_hours", type: "DOUBLE", label: "Compute hours" },
  hardwareTier: { column: "hardware_tier", type: "VARCHAR", label: "Hardware tier" },
  project: { column: "project_key", type: "VARCHAR", label: "Project" },
  user: { column: "user_name", type: "VARCHAR", label: "User" },
  status: { column: "status", type: "VARCHAR", label: "Status" },
  runType: { column: "run_type", type: "VARCHAR", label: "Run type" },
} as const satisfies Record<string, { column: string; type: string; label: string }>;
export type RunSort = keyof typeof RUN_SORT_SPECS;
export const RUN_SORTS = keysOf(RUN_SORT_SPECS);

/** Runs in flight (GET /api/running and the running page); `rate` is a column of its query. */
export const RUNNING_SORT_SPECS = {
  runTime: { column: "run_duration_sec", label: "Run time", text: false },
  cost: { column: "total_cost_amount", label: "Cost so far", text: false },
  costPerHour: { column: "rate", label: "Per hour", text: false },
  startedAt: { column: "started_at", label: "Started", text: false },
  user: { column: "user_name", label: "User", text: true },
  project: { column: "project_key", label: "Project", text: true },
  hardwareTier: { column: "hardware_tier", label: "Tier", text: true },
  runType: { column: "run_type", label: "Type", text: true },
} as const satisfies Record<string, { column: string; label: string; text: boolean }>;
export type RunningSort = keyof typeof RUNNING_SORT_SPECS;
export const RUNNING_SORTS = keysOf(RUNNING_SORT_SPECS);

/** The server's own order of a breakdown's rows (GET /api/breakdown `sort`). */
export const BREAKDOWN_ORDERS = ["cost", "runs", "hours"] as const;
export type BreakdownOrder = (typeof BREAKDOWN_ORDERS)[number];

/**
 * The tier, project and user tables: every breakdown row is on the page (and in the CSV), so
 * they sort by the row's value here rather than in SQL.
 */
export const BREAKDOWN_SORT_VALUE = {
  key: (row: BreakdownRow) => row.key,
  cost: (row: BreakdownRow) => row.cost,
  share: (row: BreakdownRow) => row.share,
  hours: (row: BreakdownRow) => row.computeHours,
  runs: (row: BreakdownRow) => row.runs,
  average: (row: BreakdownRow) => row.averageCost,
  price: (row: BreakdownRow) => row.pricePerMinute,
  owner: (row: BreakdownRow) => row.owner,
} as const satisfies Record<string, (row: BreakdownRow) => number | string | null | undefined>;
export type BreakdownSort = keyof typeof BREAKDOWN_SORT_VALUE;
export const BREAKDOWN_SORTS = keysOf(BREAKDOWN_SORT_VALUE);
