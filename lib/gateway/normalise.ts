import type { ComputeClusterDetails, Run } from "./run";

/**
 * Turns one run as the gateway sent it into the typed `Run` every layer below reads.
 * Domino versions disagree on types (ids and amounts as numbers or strings such as ".0011",
 * times as ISO strings or epoch milliseconds) and add fields over time, so this accepts all
 * of that, ignores unknown fields, and rejects a run only when a field the dashboard needs is
 * missing or unreadable — with the run's id and the reason, so the caller can report it.
 *
 * It runs once per run on a million-run backfill: no schema library, no Date round trip for
 * times already in canonical form.
 */

export type NormaliseResult = { ok: true; run: Run } | { ok: false; runId: string | null; reason: string };

class FieldError extends Error {}

const CANONICAL_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/;
const NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const DIGITS = /^\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function text(raw: Record<string, unknown>, field: string, label: string = field): string {
  const value = raw[field];
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new FieldError(value === undefined || value === null ? `${label} is missing` : `${label} is not a string`);
}

/** Free text that older Domino versions leave null for untitled runs: absent reads as "". */
function freeText(raw: Record<string, unknown>, field: string): string {
  const value = raw[field];
  return value === undefined || value === null ? "" : text(raw, field);
}

function numeric(value: unknown, field: string): number {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
  } else if (typeof value === "string") {
    const trimmed = value.trim();
    if (DECIMAL.test(trimmed)) return Number(trimmed);
  } else if (value === undefined || value === null) {
    throw new FieldError(`${field} is missing`);
  }
  throw new FieldError(`${field} is not a number: ${JSON.stringify(value)?.slice(0, 40)}`);
}

function optionalNumeric(value: unknown, field: string): number | null {
  return value === undefined || value === null ? null : numeric(value, field);
}

function fromEpochMs(ms: number, field: string): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new FieldError(`${field} is not a time: ${ms}`);
  return date.toISOString();
}

/** ISO-8601 UTC with milliseconds, from an ISO string (any zone, any precision) or epoch ms. */
function time(value: unknown, field: string): string {
  if (typeof value === "string") {
    if (CANONICAL_ISO.test(value)) return value;
    const trimmed = value.trim();
    if (DIGITS.test(trimmed)) return fromEpochMs(Number(trimmed), field);
    if (ISO_PREFIX.test(trimmed)) {
      let iso = trimmed.replace(" ", "T");
      // A time without a zone is UTC at the gateway; Date.parse would read it as local time.
      if (NO_ZONE.test(iso)) iso += "Z";
      const ms = Date.parse(iso);
      if (!Number.isNaN(ms)) return new Date(ms).toISOString();
    }
    throw new FieldError(`${field} is not a time: ${JSON.stringify(value.slice(0, 40))}`);
  }
  if (typeof value === "number" && Number.isFinite(value)) return fromEpochMs(value, field);
  if (value === undefined || value === null) throw new FieldError(`${field} is missing`);
  throw new FieldError(`${field} is not a time`);
}

function optionalTime(value: unknown, field: string): string | null {
  return value === undefined || value === null || value === "" ? null : time(value, field);
}

function clusterDetails(value: unknown): ComputeClusterDetails | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new FieldError("computeClusterDetails is not an object");
  }
  const raw = value as Record<string, unknown>;
  const master = raw.masterHardwareTierId;
  return {
    computeClusterType: text(raw, "computeClusterType", "computeClusterDetails.computeClusterType"),
    workerCount: numeric(raw.workerCount, "computeClusterDetails.workerCount"),
    workerHardwareTierId: text(raw, "workerHardwareTierId", "computeClusterDetails.workerHardwareTierId"),
    workerHardwareTierCostPerMinute: numeric(
      raw.workerHardwareTierCostPerMinute,
      "computeClusterDetails.workerHardwareTierCostPerMinute",
    ),
    masterHardwareTierId: master === undefined || master === null ? null : text(raw, "masterHardwareTierId", "computeClusterDetails.masterHardwareTierId"),
    masterHardwareTierCostPerMinute: optionalNumeric(
      raw.masterHardwareTierCostPerMinute,
      "computeClusterDetails.masterHardwareTierCostPerMinute",
    ),
  };
}

function runIdOf(raw: Record<string, unknown>): string | null {
  const id = raw.runId;
  if (typeof id === "string" && id !== "") return id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return null;
}

export function normaliseRun(raw: unknown): NormaliseResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, runId: null, reason: "the run is not a JSON object" };
  }
  const r = raw as Record<string, unknown>;
  try {
    // Field order follows RUN_FIELDS so every Run shares one object shape.
    const run: Run = {
      batchId: text(r, "batchId"),
      runId: text(r, "runId"),
      title: freeText(r, "title"),
      command: freeText(r, "command"),
      status: text(r, "status"),
      runType: text(r, "runType"),
      userName: text(r, "userName"),
      userId: text(r, "userId"),
      projectOwnerName: text(r, "projectOwnerName"),
      projectOwnerId: text(r, "projectOwnerId"),
      projectName: text(r, "projectName"),
      projectId: text(r, "projectId"),
      runDurationSec: numeric(r.runDurationSec, "runDurationSec"),
      hardwareTier: text(r, "hardwareTier"),
      hardwareTierCostCurrency: text(r, "hardwareTierCostCurrency"),
      hardwareTierCostAmount: numeric(r.hardwareTierCostAmount, "hardwareTierCostAmount"),
      queuedTime: time(r.queuedTime, "queuedTime"),
      startTime: optionalTime(r.startTime, "startTime"),
      endTime: optionalTime(r.endTime, "endTime"),
      totalCostCurrency: text(r, "totalCostCurrency"),
      totalCostAmount: numeric(r.totalCostAmount, "totalCostAmount"),
      computeClusterDetails: clusterDetails(r.computeClusterDetails),
    };
    if (run.batchId === "") throw new FieldError("batchId is empty");
    if (run.runId === "") throw new FieldError("runId is empty");
    return { ok: true, run };
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    return { ok: false, runId: runIdOf(r), reason: error.message };
  }
}
