import { SHARED_RUN_COLUMNS } from "@/lib/store/postgres/schema";
import { sqlLiteral } from "@/lib/store/sql-literal";

/**
 * DuckDB's read_csv `columns` for the runs CSV PostgreSQL writes (`COPY (SELECT
 * SHARED_RUN_COLUMNS…) TO STDOUT (FORMAT csv)`): every type stated, nothing sniffed, so
 * DECIMALs arrive exact and text that looks like a number stays text.
 */
const DUCK_TYPES: Record<(typeof SHARED_RUN_COLUMNS)[number], string> = {
  run_id: "VARCHAR",
  batch_id: "VARCHAR",
  title: "VARCHAR",
  command: "VARCHAR",
  status: "VARCHAR",
  run_type: "VARCHAR",
  user_name: "VARCHAR",
  user_id: "VARCHAR",
  project_owner_name: "VARCHAR",
  project_owner_id: "VARCHAR",
  project_name: "VARCHAR",
  project_id: "VARCHAR",
  run_duration_sec: "DOUBLE",
  hardware_tier: "VARCHAR",
  hardware_tier_cost_currency: "VARCHAR",
  hardware_tier_cost_amount: "DECIMAL(18, 8)",
  queued_time: "TIMESTAMPTZ",
  start_time: "TIMESTAMPTZ",
  end_time: "TIMESTAMPTZ",
  total_cost_currency: "VARCHAR",
  total_cost_amount: "DECIMAL(18, 6)",
  compute_cluster_details: "VARCHAR",
  started_at: "TIMESTAMPTZ",
  compute_hours: "DOUBLE",
  project_key: "VARCHAR",
  in_flight: "BOOLEAN",
  compute_hours_exact: "DECIMAL(18, 9)",
  wasted: "BOOLEAN",
};

export function duckCsvColumns(): string {
  return `{${SHARED_RUN_COLUMNS.map((c) => `'${c}': '${DUCK_TYPES[c]}'`).join(", ")}}`;
}

/**
 * read_csv over a CSV that PostgreSQL's COPY (FORMAT csv) wrote, or DuckDB's COPY … (FORMAT
 * csv) for PostgreSQL: the dialect stated rather than sniffed (an empty file has nothing to
 * sniff), and a quoted empty field read as the empty string, as PostgreSQL writes it (NULL is
 * the unquoted empty field).
 */
export function readCsvSql(file: string, columns: string): string {
  return `read_csv(${sqlLiteral(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, columns = ${columns})`;
}
