/**
 * Schema migrations, applied in order on open. Each one is a list of statements run in
 * one transaction together with the bump of schema_version. Never edit a shipped
 * migration: add the next one.
 *
 * Column names are snake_case versions of the gateway's fields; derived columns follow.
 * SQL stays within what PostgreSQL also accepts where that costs nothing.
 */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    // run_id is unique, kept so by lib/sync (each batch deletes the runs it rewrites, then
    // inserts them). No PRIMARY KEY: DuckDB's index on a million text keys doubled the CPU
    // of a backfill, and nothing reads runs by key often enough to need it.
    `CREATE TABLE runs (
      run_id VARCHAR NOT NULL,
      batch_id VARCHAR NOT NULL,
      title VARCHAR NOT NULL,
      command VARCHAR NOT NULL,
      status VARCHAR NOT NULL,
      run_type VARCHAR NOT NULL,
      user_name VARCHAR NOT NULL,
      user_id VARCHAR NOT NULL,
      project_owner_name VARCHAR NOT NULL,
      project_owner_id VARCHAR NOT NULL,
      project_name VARCHAR NOT NULL,
      project_id VARCHAR NOT NULL,
      run_duration_sec DOUBLE NOT NULL,
      hardware_tier VARCHAR NOT NULL,
      hardware_tier_cost_currency VARCHAR NOT NULL,
      hardware_tier_cost_amount DECIMAL(18, 8) NOT NULL,
      queued_time TIMESTAMPTZ NOT NULL,
      start_time TIMESTAMPTZ,
      end_time TIMESTAMPTZ,
      total_cost_currency VARCHAR NOT NULL,
      total_cost_amount DECIMAL(18, 6) NOT NULL,
      compute_cluster_details VARCHAR,
      started_at TIMESTAMPTZ NOT NULL,
      compute_hours DOUBLE NOT NULL,
      project_key VARCHAR NOT NULL,
      in_flight BOOLEAN NOT NULL
    )`,
    // One row (id = 1): where the sync stands. data_version changes whenever runs change.
    `CREATE TABLE sync_state (
      id INTEGER PRIMARY KEY,
      cursor VARCHAR,
      data_version BIGINT NOT NULL,
      last_success_at TIMESTAMPTZ,
      last_attempt_at TIMESTAMPTZ,
      last_error_code VARCHAR,
      last_error_message VARCHAR
    )`,
    `INSERT INTO sync_state (id, cursor, data_version) VALUES (1, NULL, 0)`,
  ],
  // 2: what lib/sync needs beyond the contract of migration 1: the in-flight refresh and
  // full re-sync cursors, the figures of the last sync, and the runs the gateway sent broken.
  [
    `ALTER TABLE sync_state ADD COLUMN refresh_cursor VARCHAR`,
    `ALTER TABLE sync_state ADD COLUMN resync_cursor VARCHAR`,
    `ALTER TABLE sync_state ADD COLUMN resync_active BOOLEAN`,
    `ALTER TABLE sync_state ADD COLUMN last_sync_kind VARCHAR`,
    `ALTER TABLE sync_state ADD COLUMN last_sync_runs BIGINT`,
    `ALTER TABLE sync_state ADD COLUMN last_sync_pages BIGINT`,
    `ALTER TABLE sync_state ADD COLUMN last_sync_seconds DOUBLE`,
    `ALTER TABLE sync_state ADD COLUMN last_error_at TIMESTAMPTZ`,
    // One row per run the gateway sent but the store could not read; a run that later arrives
    // readable is removed. run_key is the runId, or a stand-in naming the page when it had none.
    `CREATE TABLE rejected_runs (
      run_key VARCHAR PRIMARY KEY,
      run_id VARCHAR,
      batch_id VARCHAR,
      reason VARCHAR NOT NULL,
      seen_at TIMESTAMPTZ NOT NULL
    )`,
  ],
  // 3: share links (lib/auth/share-links.ts), listed for admins and revocable. The token
  // itself is never stored: it is the signed form of the row's page, query, csv and expiry.
  [
    `CREATE TABLE share_links (
      id VARCHAR PRIMARY KEY,
      page VARCHAR NOT NULL,
      query VARCHAR NOT NULL,
      csv BOOLEAN NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      created_by VARCHAR NOT NULL,
      revoked_at TIMESTAMPTZ
    )`,
  ],
  // 4: per-run values every analytics query needs, stored once instead of computed for each
  // run by each query (on 1M runs the DECIMAL cast of hours and the status test were about
  // half of a breakdown's CPU). Nullable: writers that do not fill them leave NULL, readers
  // fall back to the expression (lib/store/derived-columns.ts holds both).
  // runs_next, left by an interrupted re-sync, must keep the same columns as runs.
  [
    `ALTER TABLE runs ADD COLUMN IF NOT EXISTS compute_hours_exact DECIMAL(18, 9)`,
    `ALTER TABLE runs ADD COLUMN IF NOT EXISTS wasted BOOLEAN`,
    `UPDATE runs SET compute_hours_exact = CAST(compute_hours AS DECIMAL(18, 9)),
       wasted = status IN ('Failed', 'Error', 'Stopped')`,
    `ALTER TABLE IF EXISTS runs_next ADD COLUMN IF NOT EXISTS compute_hours_exact DECIMAL(18, 9)`,
    `ALTER TABLE IF EXISTS runs_next ADD COLUMN IF NOT EXISTS wasted BOOLEAN`,
  ],
  // 5: per-dimension rollups of runs (lib/analytics/rollups.ts builds and reads them), so the
  // overview's questions without filters other than dates read thousands of rows instead of
  // every run. grain 'day': one row per local day (in time_zone) and key; 'month' and 'year':
  // the same summed per month or year, local_day being its first day. Sums are exact DECIMALs;
  // last_at and last_price: the latest run of the row and its tier's price per minute.
  // rollup_state (one row, id = 1) says which data version and zone the rows were built for.
  [
    `CREATE TABLE rollups (
      dim VARCHAR NOT NULL,
      grain VARCHAR NOT NULL,
      local_day DATE NOT NULL,
      key VARCHAR NOT NULL,
      currency VARCHAR NOT NULL,
      wasted BOOLEAN NOT NULL,
      runs BIGINT NOT NULL,
      hours DECIMAL(38, 9) NOT NULL,
      cost DECIMAL(38, 6) NOT NULL,
      last_at TIMESTAMPTZ NOT NULL,
      last_price DECIMAL(18, 8) NOT NULL
    )`,
    `CREATE TABLE rollup_state (
      id INTEGER PRIMARY KEY,
      data_version BIGINT,
      time_zone VARCHAR,
      built_at TIMESTAMPTZ
    )`,
    `INSERT INTO rollup_state (id, data_version, time_zone, built_at) VALUES (1, NULL, NULL, NULL)`,
  ],
  // Replicas (DATABASE_URL, lib/replica): which shared PostgreSQL state this local copy holds.
  // shared_version is the data_version of PostgreSQL the runs equal (sync_state.data_version
  // equals it too unless a sync wrote here and was stopped before publishing: then the copy is
  // reloaded); generation changes when every shared run was replaced; serial on every publish.
  // Unused (NULLs) without DATABASE_URL.
  [
    `CREATE TABLE replica_state (
      id INTEGER PRIMARY KEY,
      shared_version BIGINT,
      shared_generation BIGINT,
      shared_serial BIGINT
    )`,
    `INSERT INTO replica_state (id, shared_version, shared_generation, shared_serial) VALUES (1, NULL, NULL, NULL)`,
  ],
];
