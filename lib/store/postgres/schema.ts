import { RUN_COLUMNS } from "@/lib/store/run-columns";

/**
 * The shared PostgreSQL database of replicas (DATABASE_URL; docs/replicas.md). PostgreSQL is
 * the system of record for what every replica must agree on; each replica answers from a
 * local DuckDB copy of `runs` that follows it by data version (lib/replica).
 *
 * Its own migrations, applied in order on connect under an advisory lock (two replicas
 * starting at once must not both run them). Never edit a shipped one: append.
 */

/** runs' columns with their PostgreSQL types, in the DuckDB table's order (run-columns.ts). */
export const PG_RUN_COLUMN_TYPES: Record<(typeof RUN_COLUMNS)[number] | "compute_hours_exact" | "wasted", string> = {
  run_id: "text NOT NULL",
  batch_id: "text NOT NULL",
  title: "text NOT NULL",
  command: "text NOT NULL",
  status: "text NOT NULL",
  run_type: "text NOT NULL",
  user_name: "text NOT NULL",
  user_id: "text NOT NULL",
  project_owner_name: "text NOT NULL",
  project_owner_id: "text NOT NULL",
  project_name: "text NOT NULL",
  project_id: "text NOT NULL",
  run_duration_sec: "double precision NOT NULL",
  hardware_tier: "text NOT NULL",
  hardware_tier_cost_currency: "text NOT NULL",
  hardware_tier_cost_amount: "numeric(18, 8) NOT NULL",
  queued_time: "timestamptz NOT NULL",
  start_time: "timestamptz",
  end_time: "timestamptz",
  total_cost_currency: "text NOT NULL",
  total_cost_amount: "numeric(18, 6) NOT NULL",
  compute_cluster_details: "text",
  started_at: "timestamptz NOT NULL",
  compute_hours: "double precision NOT NULL",
  project_key: "text NOT NULL",
  in_flight: "boolean NOT NULL",
  compute_hours_exact: "numeric(18, 9)",
  wasted: "boolean",
};

/** The columns a replica copies, in this order, both ways (CSV between PostgreSQL and DuckDB). */
export const SHARED_RUN_COLUMNS = [...RUN_COLUMNS, "compute_hours_exact", "wasted"] as const;

const runColumnsDdl = SHARED_RUN_COLUMNS.map((c) => `${c} ${PG_RUN_COLUMN_TYPES[c]}`).join(",\n  ");

/** Key of the advisory lock held while migrating (any constant unlikely to collide). */
export const MIGRATION_LOCK_KEY = 7_142_017_001;
/** Key of the advisory lock held by the replica that syncs. */
export const SYNC_LOCK_KEY = 7_142_017_002;

export const PG_MIGRATIONS: readonly (readonly string[])[] = [
  [
    // row_version: the data_version that wrote the row, so a replica copies only what changed
    // since the version it holds. run_id is the key: each published batch replaces by it.
    `CREATE TABLE runs (
  ${runColumnsDdl},
  row_version bigint NOT NULL,
  PRIMARY KEY (run_id)
)`,
    `CREATE INDEX runs_row_version ON runs (row_version)`,
    // A run a batch removed without writing it back (it arrived unreadable): followers delete it.
    `CREATE TABLE run_tombstones (run_id text PRIMARY KEY, row_version bigint NOT NULL)`,
    // The DuckDB sync_state's columns (migrations 1–2), plus the replica's: generation changes
    // when every run was replaced (a full re-sync), serial on every publish (state-only too).
    `CREATE TABLE sync_state (
  id integer PRIMARY KEY,
  cursor text,
  data_version bigint NOT NULL,
  last_success_at timestamptz,
  last_attempt_at timestamptz,
  last_error_code text,
  last_error_message text,
  refresh_cursor text,
  resync_cursor text,
  resync_active boolean,
  last_sync_kind text,
  last_sync_runs bigint,
  last_sync_pages bigint,
  last_sync_seconds double precision,
  last_error_at timestamptz,
  generation bigint NOT NULL DEFAULT 1,
  serial bigint NOT NULL DEFAULT 0
)`,
    `INSERT INTO sync_state (id, cursor, data_version) VALUES (1, NULL, 0)`,
    `CREATE TABLE rejected_runs (
  run_key text PRIMARY KEY,
  run_id text,
  batch_id text,
  reason text NOT NULL,
  seen_at timestamptz NOT NULL
)`,
    // Shared so a link revoked on one replica is refused by all (lib/auth/share-links.ts).
    `CREATE TABLE share_links (
  id text PRIMARY KEY,
  page text NOT NULL,
  query text NOT NULL,
  csv boolean NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  created_by text NOT NULL,
  revoked_at timestamptz
)`,
  ],
  // 2: the shared tables (lib/store/shared-tables.ts), read per request by every replica, with
  // the DuckDB tables' columns (lib/store/migrations.ts 7, 8, 10). audit_log's seq orders rows
  // of one instant as DuckDB's rowid does; alert_deliveries' UNIQUE key is the claim that makes
  // a crossing go out once whichever replicas evaluate it (INSERT … ON CONFLICT DO NOTHING).
  [
    `CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_name text NOT NULL,
  role text NOT NULL,
  address text,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  ended_by text
)`,
    `CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  user_name text,
  role text,
  address text,
  action text NOT NULL,
  target text,
  outcome text NOT NULL,
  detail text
)`,
    `CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at)`,
    `CREATE TABLE budgets (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  scope text NOT NULL,
  period text NOT NULL,
  amount numeric(18, 2) NOT NULL,
  currency text NOT NULL,
  thresholds text NOT NULL,
  channels text NOT NULL,
  paused boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  created_by text NOT NULL
)`,
    `CREATE TABLE alert_deliveries (
  id text PRIMARY KEY,
  budget_id text NOT NULL,
  budget_name text NOT NULL,
  period_from text NOT NULL,
  threshold_kind text NOT NULL,
  threshold_pct integer NOT NULL,
  channel text NOT NULL,
  payload text NOT NULL,
  status text NOT NULL,
  tries integer NOT NULL,
  next_attempt_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (budget_id, period_from, threshold_kind, threshold_pct, channel)
)`,
  ],
  // 3: teams and chargeback (DuckDB migration 9's tables). teams and team_rules are the shared
  // record of the set-up; each replica copies them and resolves runs.team locally
  // (lib/replica/follow-teams.ts). teams_state.version is the data version a set-up was saved
  // at (0: none yet); a save moves sync_state.data_version with it, so every replica's
  // per-request check sees it. Shared costs, closed statements and their history are read
  // per request like the tables of migration 2; chargeback_events' seq orders one instant.
  [
    `CREATE TABLE teams (
  name text PRIMARY KEY,
  cost_centre text,
  manager_email text
)`,
    `CREATE TABLE team_rules (
  position integer NOT NULL,
  team text NOT NULL,
  kind text NOT NULL,
  pattern text NOT NULL
)`,
    `CREATE TABLE teams_state (id integer PRIMARY KEY, version bigint NOT NULL)`,
    `INSERT INTO teams_state (id, version) VALUES (1, 0)`,
    `CREATE TABLE shared_costs (
  id text PRIMARY KEY,
  period text NOT NULL,
  label text NOT NULL,
  currency text NOT NULL,
  amount numeric(18, 2) NOT NULL,
  spread text NOT NULL,
  teams text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
)`,
    `CREATE TABLE chargeback_closings (
  period text PRIMARY KEY,
  closed_by text NOT NULL,
  closed_at timestamptz NOT NULL,
  statement text NOT NULL
)`,
    `CREATE TABLE chargeback_events (
  seq bigserial PRIMARY KEY,
  period text NOT NULL,
  action text NOT NULL,
  actor text NOT NULL,
  happened_at timestamptz NOT NULL
)`,
  ],
];
