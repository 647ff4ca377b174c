/**
 * The sync_state columns a replica copies between PostgreSQL and its local DuckDB, with the
 * type each is written back as. Values travel as text (both databases print them in forms the
 * other parses, timestamps in UTC), so nothing is lost to JS numbers or dates on the way.
 */
export const SYNC_STATE_COLUMNS = {
  cursor: "VARCHAR",
  refresh_cursor: "VARCHAR",
  resync_cursor: "VARCHAR",
  resync_active: "BOOLEAN",
  data_version: "BIGINT",
  last_success_at: "TIMESTAMPTZ",
  last_attempt_at: "TIMESTAMPTZ",
  last_error_code: "VARCHAR",
  last_error_message: "VARCHAR",
  last_error_at: "TIMESTAMPTZ",
  last_sync_kind: "VARCHAR",
  last_sync_runs: "BIGINT",
  last_sync_pages: "BIGINT",
  last_sync_seconds: "DOUBLE",
} as const;

export type SyncStateColumn = keyof typeof SYNC_STATE_COLUMNS;
export type SyncStateText = Record<SyncStateColumn, string | null>;

export const STATE_COLUMN_NAMES = Object.keys(SYNC_STATE_COLUMNS) as SyncStateColumn[];

/** PostgreSQL's names for the types (text-compatible casts in both dialects otherwise). */
export const PG_TYPE: Record<string, string> = {
  VARCHAR: "text",
  BOOLEAN: "boolean",
  BIGINT: "bigint",
  TIMESTAMPTZ: "timestamptz",
  DOUBLE: "double precision",
};

/** `SELECT` list reading every column as text (same in both dialects). */
export const STATE_AS_TEXT = STATE_COLUMN_NAMES.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(", ");

export function textRow(row: Record<string, unknown>): SyncStateText {
  const out = {} as SyncStateText;
  for (const c of STATE_COLUMN_NAMES) {
    const v = row[c];
    out[c] = v === null || v === undefined ? null : String(v);
  }
  return out;
}
