/**
 * The dimensions runs can be grouped, stacked and filtered by: the API name, the `runs`
 * column it reads, and the filter parameter that narrows it.
 */

export const DIMENSIONS = ["hardwareTier", "project", "user", "owner", "runType", "status", "team", "costCentre"] as const;

export type Dimension = (typeof DIMENSIONS)[number];

/** The repeatable filter parameters, one per dimension. */
export const FILTER_LISTS = ["tier", "project", "user", "owner", "runType", "status", "team", "costCentre"] as const;

export type FilterList = (typeof FILTER_LISTS)[number];

export interface DimensionSpec {
  /** Column in the `runs` table; a fixed identifier, never user input. */
  column: string;
  /** The filter parameter on the same column. */
  filter: FilterList;
}

export const DIMENSION_SPECS: Readonly<Record<Dimension, DimensionSpec>> = {
  hardwareTier: { column: "hardware_tier", filter: "tier" },
  project: { column: "project_key", filter: "project" },
  user: { column: "user_name", filter: "user" },
  owner: { column: "project_owner_name", filter: "owner" },
  runType: { column: "run_type", filter: "runType" },
  status: { column: "status", filter: "status" },
  // Written onto each run from the team rules (lib/teams/assign.ts).
  team: { column: "team", filter: "team" },
  costCentre: { column: "cost_centre", filter: "costCentre" },
};

export function dimensionColumn(dimension: Dimension): string {
  return DIMENSION_SPECS[dimension].column;
}

export function isDimension(value: string): value is Dimension {
  return (DIMENSIONS as readonly string[]).includes(value);
}
