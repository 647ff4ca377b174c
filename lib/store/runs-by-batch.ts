import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { ComputeClusterDetails, Run } from "@/lib/gateway/run";

/**
 * Domino's export contract served from the store (app/v4/gateway/runs/getByBatchId): runs
 * in numeric batchId order, the page starting at the batchId asked for (inclusive), and
 * nextBatchId the batchId of the first run of the next page, or null on the last page.
 */

export interface RunsPage {
  runs: Run[];
  nextBatchId: string | null;
}

/** batchIds are digit strings: shorter is smaller, equal lengths compare as text. */
const ORDER = "length(batch_id), batch_id, run_id";

export async function readRunsByBatch(conn: DuckDBConnection, batchId: string | null, limit: number): Promise<RunsPage> {
  const from = batchId === null ? null : batchId.replace(/^0+(?=\d)/, "");
  const where = from === null ? "" : "WHERE length(batch_id) > length($1) OR (length(batch_id) = length($1) AND batch_id >= $1)";
  const reader = await conn.runAndReadAll(
    `SELECT batch_id, run_id, title, command, status, run_type, user_name, user_id,
            project_owner_name, project_owner_id, project_name, project_id, run_duration_sec,
            hardware_tier, hardware_tier_cost_currency, hardware_tier_cost_amount,
            queued_time, start_time, end_time, total_cost_currency, total_cost_amount, compute_cluster_details
       FROM runs ${where} ORDER BY ${ORDER} LIMIT ${limit + 1}`,
    from === null ? [] : [from],
  );
  const rows = reader.getRowObjectsJS();
  const next = rows.length > limit ? rows[limit]! : null;
  return { runs: rows.slice(0, limit).map(toRun), nextBatchId: next ? String(next.batch_id) : null };
}

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : (value instanceof Date ? value : new Date(String(value))).toISOString();

function details(value: unknown): ComputeClusterDetails | null {
  if (typeof value !== "string" || value === "") return null;
  try {
    return JSON.parse(value) as ComputeClusterDetails;
  } catch {
    return null;
  }
}

function toRun(r: Record<string, unknown>): Run {
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
    queuedTime: iso(r.queued_time)!,
    startTime: iso(r.start_time),
    endTime: iso(r.end_time),
    totalCostCurrency: String(r.total_cost_currency),
    totalCostAmount: Number(r.total_cost_amount),
    computeClusterDetails: details(r.compute_cluster_details),
  };
}

