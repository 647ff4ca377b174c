import { RUN_FIELDS, type RunField } from "@/lib/gateway/run";
import type { OffsetSegment } from "@/lib/analytics/time-zone";
import { neutraliseSql } from "@/lib/csv-format/neutralise";
import { sqlLiteral } from "@/lib/store/sql-literal";

/**
 * The columns of the runs CSV: the gateway's own fields in the gateway's order first (so
 * sheets and scripts built on Domino's CSV keep working), then what the dashboard derives.
 * Every value is rendered by DuckDB as SQL: the store writes the file itself, which is an
 * order of magnitude faster than handing 25 million values to JavaScript.
 *
 * - Text: as stored, formula-neutralised (neutralise.ts).
 * - Money and prices: the stored DECIMAL as exact text ("12.345678"), so a spreadsheet's sum
 *   matches the dashboard's cent-rounded total to the cent.
 * - Gateway times: ISO 8601 in UTC with milliseconds ("2024-01-31T23:30:00.000Z"), the
 *   gateway's own form; empty when the run has none.
 * - `startedAt` and `startDate`: the moment the run counts at, in the dashboard's configured
 *   zone, with its offset ("2024-02-01T00:30:00.000+01:00"), and that local calendar day;
 *   never the browser's zone.
 */

type Kind = "text" | "number" | "decimal" | "time";

const GATEWAY_KIND: Partial<Record<RunField, Kind>> = {
  runDurationSec: "number",
  hardwareTierCostAmount: "decimal",
  queuedTime: "time",
  startTime: "time",
  endTime: "time",
  totalCostAmount: "decimal",
};

/** camelCase gateway field → snake_case column of `runs` (lib/store/README.md). */
export function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// make_timestamp(epoch_us(…)) is the UTC wall time without a trip through ICU (three times
// cheaper than timezone('UTC', …) on a million rows).
const UTC_TIME = (column: string) => `strftime(make_timestamp(epoch_us(${column})), '%Y-%m-%dT%H:%M:%S.%gZ')`;

/** A DOUBLE as the gateway writes it: whole numbers without ".0". */
const NUMBER = (column: string) =>
  `CASE WHEN ${column} = trunc(${column}) AND abs(${column}) < 1e15 THEN CAST(CAST(${column} AS BIGINT) AS VARCHAR) ELSE CAST(${column} AS VARCHAR) END`;

function gatewayExpression(field: RunField): string {
  const column = columnOf(field);
  switch (GATEWAY_KIND[field] ?? "text") {
    case "text":
      return neutraliseSql(column);
    case "number":
      return NUMBER(column);
    case "decimal":
      return `CAST(${column} AS VARCHAR)`;
    case "time":
      return UTC_TIME(column);
  }
}

/**
 * The zone's offsets over the exported runs, as SQL. Local times are the UTC instant plus
 * the offset in force then: a CASE over the zone's transitions (time-zone.ts) costs a third
 * of converting each row through ICU.
 */
export interface LocalOffsetSql {
  /** Microseconds to add to epoch_us(started_at). */
  micros: string;
  /** The offset as text, "+01:00". */
  text: string;
}

function offsetText(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return `${offsetMs < 0 ? "-" : "+"}${hh}:${mm}`;
}

/** SQL for the offset of `column` given the zone's segments over the exported range. */
export function localOffsetSql(segments: readonly OffsetSegment[], column = "started_at"): LocalOffsetSql {
  if (segments.length === 0) return { micros: "0", text: "'+00:00'" };
  const pick = (value: (s: OffsetSegment) => string) => {
    if (segments.length === 1) return value(segments[0]!);
    const whens = segments.slice(1).map((s, i) => `WHEN epoch_ms(${column}) < ${s.startMs} THEN ${value(segments[i]!)}`);
    return `CASE ${whens.join(" ")} ELSE ${value(segments[segments.length - 1]!)} END`;
  };
  return { micros: pick((s) => String(s.offsetMs * 1000)), text: pick((s) => sqlLiteral(offsetText(s.offsetMs))) };
}

/** Columns after the gateway's, in order. */
export function derivedColumns(offset: LocalOffsetSql): { name: string; sql: string }[] {
  const local = `make_timestamp(epoch_us(started_at) + ${offset.micros})`;
  return [
    { name: "computeHours", sql: "CAST(compute_hours AS VARCHAR)" },
    { name: "projectKey", sql: neutraliseSql("project_key") },
    { name: "startedAt", sql: `strftime(${local}, '%Y-%m-%dT%H:%M:%S.%g') || ${offset.text}` },
    { name: "startDate", sql: `strftime(${local}, '%Y-%m-%d')` },
    { name: "inFlight", sql: "CASE WHEN in_flight THEN 'true' ELSE 'false' END" },
    // The run's team and cost centre as the team rules assign them now (lib/teams).
    { name: "team", sql: neutraliseSql("coalesce(team, 'Unallocated')") },
    { name: "costCentre", sql: neutraliseSql("coalesce(cost_centre, '(none)')") },
  ];
}

export const DERIVED_HEADER = ["computeHours", "projectKey", "startedAt", "startDate", "inFlight", "team", "costCentre"] as const;

export function runsCsvColumns(offset: LocalOffsetSql): { name: string; sql: string }[] {
  return [...RUN_FIELDS.map((field) => ({ name: field, sql: gatewayExpression(field) })), ...derivedColumns(offset)];
}

/** The header names, in order. */
export const RUNS_CSV_HEADER: readonly string[] = [...RUN_FIELDS, ...DERIVED_HEADER];

/** The select list: every CSV column, named as its header. */
export function runsCsvSelectList(offset: LocalOffsetSql): string {
  return runsCsvColumns(offset)
    .map((c) => `${c.sql} AS "${c.name}"`)
    .join(", ");
}

