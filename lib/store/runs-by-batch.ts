import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Run } from "@/lib/gateway/run";
import { toStoredRun } from "./stored-run";

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
  return { runs: rows.slice(0, limit).map(toStoredRun), nextBatchId: next ? String(next.batch_id) : null };
}

