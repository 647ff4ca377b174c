/**
 * The dimensions runs are grouped and filtered by: their API names (`by`, `stackBy`, `dim`),
 * the query-string filter each one narrows, and how the UI names them.
 */

export const DIMENSIONS = ["hardwareTier", "project", "user", "owner", "runType", "status", "team", "costCentre"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const FILTER_KEYS = ["tier", "project", "user", "owner", "runType", "status", "team", "costCentre"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const FILTER_OF: Record<Dimension, FilterKey> = {
  hardwareTier: "tier",
  project: "project",
  user: "user",
  owner: "owner",
  runType: "runType",
  status: "status",
  team: "team",
  costCentre: "costCentre",
};

export const DIMENSION_OF: Record<FilterKey, Dimension> = {
  tier: "hardwareTier",
  project: "project",
  user: "user",
  owner: "owner",
  runType: "runType",
  status: "status",
  team: "team",
  costCentre: "costCentre",
};

export const DIMENSION_LABEL: Record<Dimension, string> = {
  hardwareTier: "Hardware tier",
  project: "Project",
  user: "User",
  owner: "Owner",
  runType: "Run type",
  status: "Status",
  team: "Team",
  costCentre: "Cost centre",
};

export const DIMENSION_PLURAL: Record<Dimension, string> = {
  hardwareTier: "Hardware tiers",
  project: "Projects",
  user: "Users",
  owner: "Owners",
  runType: "Run types",
  status: "Statuses",
  team: "Teams",
  costCentre: "Cost centres",
};
