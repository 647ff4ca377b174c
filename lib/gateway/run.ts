/**
 * The shape of one run, as every layer below the gateway client sees it:
 * normalised once from whatever the gateway sent (see normalise.ts).
 */

/** The gateway's own field names in the order of Domino's schema: the CSV column order. */
export const RUN_FIELDS = [
  "batchId",
  "runId",
  "title",
  "command",
  "status",
  "runType",
  "userName",
  "userId",
  "projectOwnerName",
  "projectOwnerId",
  "projectName",
  "projectId",
  "runDurationSec",
  "hardwareTier",
  "hardwareTierCostCurrency",
  "hardwareTierCostAmount",
  "queuedTime",
  "startTime",
  "endTime",
  "totalCostCurrency",
  "totalCostAmount",
] as const;

export type RunField = (typeof RUN_FIELDS)[number];

// A type, not an interface: it is assignable to the API contract's open (loose) object.
export type ComputeClusterDetails = {
  computeClusterType: string;
  workerCount: number;
  workerHardwareTierId: string;
  workerHardwareTierCostPerMinute: number;
  masterHardwareTierId: string | null;
  masterHardwareTierCostPerMinute: number | null;
};

export interface Run {
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
  /** The tier's price per minute, not the run's cost. */
  hardwareTierCostAmount: number;
  /** ISO-8601 UTC with milliseconds. */
  queuedTime: string;
  startTime: string | null;
  endTime: string | null;
  totalCostCurrency: string;
  totalCostAmount: number;
  computeClusterDetails: ComputeClusterDetails | null;
}

export const RUN_TYPES = ["App", "Batch", "Endpoint", "Launcher", "Scheduled", "SSHProxy", "Workspace", "Other"] as const;

export const TERMINAL_STATUSES = ["Succeeded", "Failed", "Stopped", "Error"] as const;

export const IN_FLIGHT_STATUSES = [
  "Queued",
  "Pending",
  "Scheduled",
  "Preparing",
  "Pulling",
  "Building",
  "Running",
  "Serving",
  "Finishing",
  "Stopping",
  "StopRequested",
  "StopAndDiscardRequested",
] as const;

/**
 * Statuses whose cost counts as waste on the overview ("Failed & errored"), of any run type.
 * Not Stopped: Workspaces, Apps and Model APIs end Stopped when a person stops them, their
 * normal end. The "Failed & errored" migration (migrations.ts) recomputes flags stored under the old rule.
 */
export const WASTED_STATUSES = ["Failed", "Error"] as const;
