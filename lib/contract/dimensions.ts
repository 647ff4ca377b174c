/**
 * The dimensions runs are grouped, stacked and filtered by, in one table: the API name (`by`,
 * `stackBy`, `dim`), the `runs` column it reads, the query-string filter that narrows it and how
 * the UI names it. Server and browser read it (plain data, no imports).
 */

export const DIMENSIONS = ["hardwareTier", "project", "user", "owner", "runType", "status", "team", "costCentre"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The repeatable filter parameters, one per dimension, in the order of DIMENSIONS. */
export const FILTER_LISTS = ["tier", "project", "user", "owner", "runType", "status", "team", "costCentre"] as const;
export type FilterList = (typeof FILTER_LISTS)[number];

export interface DimensionSpec {
  /** Column in the `runs` table; a fixed identifier, never user input. */
  column: string;
  /** The filter parameter on the same column. */
  filter: FilterList;
  label: string;
  plural: string;
}

export const DIMENSION_SPECS: Readonly<Record<Dimension, DimensionSpec>> = {
  hardwareTier: { column: "hardware_tier", filter: "tier", label: "Hardware tier", plural: "Hardware tiers" },
  project: { column: "project_key", filter: "project", label: "Project", plural: "Projects" },
  user: { column: "user_name", filter: "user", label: "User", plural: "Users" },
  owner: { column: "project_owner_name", filter: "owner", label: "Owner", plural: "Owners" },
  runType: { column: "run_type", filter: "runType", label: "Run type", plural: "Run types" },
  status: { column: "status", filter: "status", label: "Status", plural: "Statuses" },
  // Written onto each run from the team rules (lib/teams/assign.ts).
  team: { column: "team", filter: "team", label: "Team", plural: "Teams" },
  costCentre: { column: "cost_centre", filter: "costCentre", label: "Cost centre", plural: "Cost centres" },
};

const derive = <T>(pick: (spec: DimensionSpec) => T) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, pick(DIMENSION_SPECS[d])])) as Record<Dimension, T>;

export const FILTER_OF: Record<Dimension, FilterList> = derive((s) => s.filter);
export const DIMENSION_LABEL: Record<Dimension, string> = derive((s) => s.label);
export const DIMENSION_PLURAL: Record<Dimension, string> = derive((s) => s.plural);
export const DIMENSION_OF = Object.fromEntries(DIMENSIONS.map((d) => [DIMENSION_SPECS[d].filter, d])) as Record<FilterList, Dimension>;

export function dimensionColumn(dimension: Dimension): string {
  return DIMENSION_SPECS[dimension].column;
}

export function isDimension(value: string): value is Dimension {
  return (DIMENSIONS as readonly string[]).includes(value);
}
