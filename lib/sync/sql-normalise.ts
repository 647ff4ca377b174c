import { RUN_FIELDS, TERMINAL_STATUSES } from "@/lib/gateway/run";
import { sqlLiteral } from "@/lib/store/sql-literal";

/**
 * The gateway's runs, normalised by DuckDB as it reads them: the SQL twin of
 * lib/gateway/normalise.ts (same accepted forms, same reasons, same first failing field), so
 * the million-run backfill never builds a JS object per run.
 *
 * Every field is read as text: ids and amounts arrive as numbers or strings depending on the
 * Domino version, and DuckDB renders a JSON number as its shortest round-trip text (as JS
 * does), so "0.0011", ".0011" and 0.0011 all become the same DECIMAL. Times are ISO strings
 * in any zone (no zone means UTC: the session runs in UTC) or epoch milliseconds.
 *
 * Differences from normalise.ts, all on data no Domino version sends: a JSON object or
 * boolean where text is expected is kept as its JSON text; sub-second digits beyond
 * microseconds are cut (JS keeps milliseconds); `computeClusterDetails` is stored as the
 * gateway sent it (newer fields included) once it is an object.
 */

/**
 * How read_json types the fields. "typed" lets DuckDB's JSON reader convert numbers and ISO
 * times as it parses (about half the CPU of casting text afterwards); any value it cannot
 * convert (epoch-millisecond times, "", "n/a") fails the whole read, and the batch is read
 * again as "text", where every field is text and the SQL below decides run by run.
 */
export type ReadMode = "typed" | "text";

const TYPED: Partial<Record<(typeof RUN_FIELDS)[number], string>> = {
  runDurationSec: "DOUBLE",
  hardwareTierCostAmount: "DECIMAL(18, 8)",
  queuedTime: "TIMESTAMPTZ",
  startTime: "TIMESTAMPTZ",
  endTime: "TIMESTAMPTZ",
  totalCostAmount: "DECIMAL(18, 6)",
};

/** The `columns` argument of read_json for a mode. */
export function readColumns(mode: ReadMode): string {
  const fields = RUN_FIELDS.map((f) => `"${f}": '${mode === "typed" ? (TYPED[f] ?? "VARCHAR") : "VARCHAR"}'`);
  return `{${fields.join(", ")}, "computeClusterDetails": 'JSON'}`;
}

const REQUIRED_TEXT = [
  "batchId",
  "runId",
  "status",
  "runType",
  "userName",
  "userId",
  "projectOwnerName",
  "projectOwnerId",
  "projectName",
  "projectId",
] as const;

const q = (field: string) => `"${field}"`;

/** The double from text, or NULL: finite numbers only (normalise.ts refuses "inf" and "nan"). */
const num = (field: string) => `CASE WHEN isfinite(TRY_CAST(trim(${q(field)}) AS DOUBLE)) THEN TRY_CAST(trim(${q(field)}) AS DOUBLE) END`;
const dec = (field: string, scale: number) => `TRY_CAST(trim(${q(field)}) AS DECIMAL(18, ${scale}))`;
const typedNum = (field: string) => `CASE WHEN isfinite(${q(field)}) THEN ${q(field)} END`;

/** Epoch milliseconds (all digits) or an ISO string; NULL when neither. */
const time = (field: string) =>
  `CASE WHEN regexp_full_match(${q(field)}, '[0-9]+') THEN TRY_CAST(epoch_ms(TRY_CAST(${q(field)} AS BIGINT)) AS TIMESTAMPTZ)
        WHEN regexp_full_match(${q(field)}, '\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?\\s*') THEN TRY_CAST(trim(${q(field)}) AS TIMESTAMPTZ) END`;
const optionalTime = (field: string) => `CASE WHEN ${q(field)} IS NULL OR ${q(field)} = '' THEN NULL ELSE ${time(field)} END`;

// The value in a reason, quoted as normalise.ts quotes it (JSON text cut to 40 characters).
const quotedNumber = (field: string) => `left('"' || CAST(${q(field)} AS VARCHAR) || '"', 40)`;
const quotedTime = (field: string) => `'"' || left(CAST(${q(field)} AS VARCHAR), 40) || '"'`;
/** Why an amount did not convert: not a number at all, or beyond DECIMAL(18, n). */
const amountReason = (field: string) =>
  `CASE WHEN TRY_CAST(trim(CAST(${q(field)} AS VARCHAR)) AS DOUBLE) IS NULL
        THEN '${field} is not a number: ' || ${quotedNumber(field)}
        ELSE '${field} is out of range: ' || CAST(${q(field)} AS VARCHAR) END`;

/** The first reason a run cannot be stored, in the field order normalise.ts checks; NULL when it can. */
const REASON = `CASE
  ${REQUIRED_TEXT.map((f) => `WHEN ${q(f)} IS NULL THEN '${f} is missing'`).join("\n  ")}
  WHEN "runDurationSec" IS NULL THEN 'runDurationSec is missing'
  WHEN n_duration IS NULL THEN 'runDurationSec is not a number: ' || ${quotedNumber("runDurationSec")}
  WHEN "hardwareTier" IS NULL THEN 'hardwareTier is missing'
  WHEN "hardwareTierCostCurrency" IS NULL THEN 'hardwareTierCostCurrency is missing'
  WHEN "hardwareTierCostAmount" IS NULL THEN 'hardwareTierCostAmount is missing'
  WHEN n_tier_cost IS NULL THEN ${amountReason("hardwareTierCostAmount")}
  WHEN "queuedTime" IS NULL THEN 'queuedTime is missing'
  WHEN n_queued IS NULL THEN 'queuedTime is not a time: ' || ${quotedTime("queuedTime")}
  WHEN "startTime" IS NOT NULL AND CAST("startTime" AS VARCHAR) <> '' AND n_start IS NULL THEN 'startTime is not a time: ' || ${quotedTime("startTime")}
  WHEN "endTime" IS NOT NULL AND CAST("endTime" AS VARCHAR) <> '' AND n_end IS NULL THEN 'endTime is not a time: ' || ${quotedTime("endTime")}
  WHEN "totalCostCurrency" IS NULL THEN 'totalCostCurrency is missing'
  WHEN "totalCostAmount" IS NULL THEN 'totalCostAmount is missing'
  WHEN n_total_cost IS NULL THEN ${amountReason("totalCostAmount")}
  WHEN "computeClusterDetails" IS NOT NULL AND json_type("computeClusterDetails") NOT IN ('OBJECT', 'NULL')
    THEN 'computeClusterDetails is not an object'
  WHEN "batchId" = '' THEN 'batchId is empty'
  WHEN "runId" = '' THEN 'runId is empty'
END`;

const TERMINAL = TERMINAL_STATUSES.map(sqlLiteral).join(", ");

/**
 * A SELECT over `source` (a read_json call with readColumns(mode) and filename=true) giving the
 * `runs` columns in table order plus `reject_reason` and `page_file`.
 */
export function normalisedSelect(source: string, mode: ReadMode): string {
  const converted =
    mode === "typed"
      ? `${typedNum("runDurationSec")} AS n_duration,
    "hardwareTierCostAmount" AS n_tier_cost,
    "queuedTime" AS n_queued,
    "startTime" AS n_start,
    "endTime" AS n_end,
    "totalCostAmount" AS n_total_cost`
      : `${num("runDurationSec")} AS n_duration,
    ${dec("hardwareTierCostAmount", 8)} AS n_tier_cost,
    ${time("queuedTime")} AS n_queued,
    ${optionalTime("startTime")} AS n_start,
    ${optionalTime("endTime")} AS n_end,
    ${dec("totalCostAmount", 6)} AS n_total_cost`;
  return `
WITH raw AS (
  SELECT *,
    ${converted}
  FROM ${source}
)
SELECT
  "runId" AS run_id,
  "batchId" AS batch_id,
  coalesce("title", '') AS title,
  coalesce("command", '') AS command,
  "status" AS status,
  "runType" AS run_type,
  "userName" AS user_name,
  "userId" AS user_id,
  "projectOwnerName" AS project_owner_name,
  "projectOwnerId" AS project_owner_id,
  "projectName" AS project_name,
  "projectId" AS project_id,
  n_duration AS run_duration_sec,
  "hardwareTier" AS hardware_tier,
  "hardwareTierCostCurrency" AS hardware_tier_cost_currency,
  n_tier_cost AS hardware_tier_cost_amount,
  n_queued AS queued_time,
  n_start AS start_time,
  n_end AS end_time,
  "totalCostCurrency" AS total_cost_currency,
  n_total_cost AS total_cost_amount,
  CASE WHEN json_type("computeClusterDetails") = 'OBJECT' THEN CAST("computeClusterDetails" AS VARCHAR) END AS compute_cluster_details,
  coalesce(n_start, n_queued) AS started_at,
  n_duration / 3600 AS compute_hours,
  "projectOwnerName" || '/' || "projectName" AS project_key,
  "status" NOT IN (${TERMINAL}) AS in_flight,
  ${REASON} AS reject_reason,
  filename AS page_file
FROM raw`;
}

