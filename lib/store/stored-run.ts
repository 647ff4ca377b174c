import type { ComputeClusterDetails, Run } from "@/lib/gateway/run";

/** A stored timestamp (DuckDB hands TIMESTAMPTZ over as a Date) as ISO-8601 UTC. */
export const storedIso = (value: unknown): string | null =>
  value === null || value === undefined ? null : (value instanceof Date ? value : new Date(String(value))).toISOString();

function clusterDetails(value: unknown): ComputeClusterDetails | null {
  if (typeof value !== "string" || value === "") return null;
  try {
    return JSON.parse(value) as ComputeClusterDetails;
  } catch {
    return null;
  }
}

/** A row of the runs table as the gateway's Run (amounts are exact in the store; they fit a double). */
export function toStoredRun(r: Record<string, unknown>): Run {
  return {
    batchId: String(r.batch_id),
    runId: String(r.run_id),
    title: String(r.title),
    command: String(r.command),
    status: String(r.status),
    runType: String(r.run_type),
    userName: String(r.user_name),
    userId: String(r.user_id),
    projectOwnerName: String(r.project_owner_name),
    projectOwnerId: String(r.project_owner_id),
    projectName: String(r.project_name),
    projectId: String(r.project_id),
    runDurationSec: Number(r.run_duration_sec),
    hardwareTier: String(r.hardware_tier),
    hardwareTierCostCurrency: String(r.hardware_tier_cost_currency),
    hardwareTierCostAmount: Number(r.hardware_tier_cost_amount),
    queuedTime: storedIso(r.queued_time) ?? "",
    startTime: storedIso(r.start_time),
    endTime: storedIso(r.end_time),
    totalCostCurrency: String(r.total_cost_currency),
    totalCostAmount: Number(r.total_cost_amount),
    computeClusterDetails: clusterDetails(r.compute_cluster_details),
  };
}
