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
  // 6: "Failed & errored": a run is waste when it ended Failed or Error. Stopped is how a person
  // ends a Workspace, App or Model API, their normal end, so it no longer counts. The stored
  // flag is recomputed in place (ALTER … USING keeps the column where it is and, with IF
  // EXISTS, also fixes an interrupted re-sync's runs_next); NULL stays NULL (not yet filled).
  // The data version moves when a figure changed, and the rollups, which group by the flag,
  // are marked stale so start-up (lib/boot.ts) rebuilds them.
  [
    `UPDATE sync_state SET data_version = data_version + 1
      WHERE id = 1 AND EXISTS (SELECT 1 FROM runs WHERE status = 'Stopped' AND wasted IS NOT NULL)`,
    `ALTER TABLE runs ALTER COLUMN wasted SET DATA TYPE BOOLEAN
       USING (CASE WHEN wasted IS NULL THEN NULL ELSE status IN ('Failed', 'Error') END)`,
    `ALTER TABLE IF EXISTS runs_next ALTER COLUMN wasted SET DATA TYPE BOOLEAN
       USING (CASE WHEN wasted IS NULL THEN NULL ELSE status IN ('Failed', 'Error') END)`,
    `UPDATE rollup_state SET data_version = NULL, built_at = NULL WHERE id = 1`,
  ],
  // 7: server-side sessions (lib/auth/sessions.ts): the cookie carries only a signed random token;
  // id is the SHA-256 of that token, so the table alone cannot be replayed as cookies. A
  // session is valid while ended_at is NULL, expires_at is ahead and last_seen_at is within
  // the idle timeout (SESSION_IDLE_MINUTES).
  [
    `CREATE TABLE sessions (
      id VARCHAR PRIMARY KEY,
      user_name VARCHAR NOT NULL,
      role VARCHAR NOT NULL,
      address VARCHAR,
      created_at TIMESTAMPTZ NOT NULL,
      last_seen_at TIMESTAMPTZ NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      ended_at TIMESTAMPTZ,
      ended_by VARCHAR
    )`,
  ],
  // 8: the audit log (lib/audit): sign-ins, sign-outs, syncs started by hand, share links made or
  // revoked, sessions ended by an admin, role refusals. Never a password, cookie, token or key.
  [
    `CREATE TABLE audit_log (
      occurred_at TIMESTAMPTZ NOT NULL,
      user_name VARCHAR,
      role VARCHAR,
      address VARCHAR,
      action VARCHAR NOT NULL,
      target VARCHAR,
      outcome VARCHAR NOT NULL,
      detail VARCHAR
    )`,
  ],
  // 9: teams (lib/teams): who owns what, for finance. runs.team / runs.cost_centre hold each run's
  // team as the rules resolve it (one UPDATE … FROM team_assignments after a rule change, and
  // per sync batch), so team and cost centre are plain dimension columns for every query and
  // rollup. team_assignments: one row per distinct (project, owner, user) seen, far fewer than
  // runs; conflict names the teams whose rules tie (those runs stay Unallocated, shown to admins).
  // Chargeback: shared costs per period, closed periods with their frozen statement, and the
  // history of closing and reopening.
  [
    `CREATE TABLE teams (
      name VARCHAR PRIMARY KEY,
      cost_centre VARCHAR,
      manager_email VARCHAR
    )`,
    `CREATE TABLE team_rules (
      position INTEGER NOT NULL,
      team VARCHAR NOT NULL,
      kind VARCHAR NOT NULL,
      pattern VARCHAR NOT NULL
    )`,
    `CREATE TABLE team_assignments (
      project_key VARCHAR NOT NULL,
      project_owner_name VARCHAR NOT NULL,
      user_name VARCHAR NOT NULL,
      team VARCHAR NOT NULL,
      cost_centre VARCHAR NOT NULL,
      conflict VARCHAR
    )`,
    `ALTER TABLE runs ADD COLUMN IF NOT EXISTS team VARCHAR DEFAULT 'Unallocated'`,
    `ALTER TABLE runs ADD COLUMN IF NOT EXISTS cost_centre VARCHAR DEFAULT '(none)'`,
    `UPDATE runs SET team = 'Unallocated', cost_centre = '(none)'`,
    `ALTER TABLE IF EXISTS runs_next ADD COLUMN IF NOT EXISTS team VARCHAR DEFAULT 'Unallocated'`,
    `ALTER TABLE IF EXISTS runs_next ADD COLUMN IF NOT EXISTS cost_centre VARCHAR DEFAULT '(none)'`,
    `CREATE TABLE shared_costs (
      id VARCHAR PRIMARY KEY,
      period VARCHAR NOT NULL,
      label VARCHAR NOT NULL,
      currency VARCHAR NOT NULL,
      amount DECIMAL(18, 2) NOT NULL,
      spread VARCHAR NOT NULL,
      teams VARCHAR NOT NULL,
      created_by VARCHAR NOT NULL,
      created_at TIMESTAMPTZ NOT NULL
    )`,
    `CREATE TABLE chargeback_closings (
      period VARCHAR PRIMARY KEY,
      closed_by VARCHAR NOT NULL,
      closed_at TIMESTAMPTZ NOT NULL,
      statement VARCHAR NOT NULL
    )`,
    `CREATE TABLE chargeback_events (
      period VARCHAR NOT NULL,
      action VARCHAR NOT NULL,
      actor VARCHAR NOT NULL,
      happened_at TIMESTAMPTZ NOT NULL
    )`,
  ],
  // 10: budgets (lib/budgets) and their alert deliveries (lib/alerts). A budget's scope is the
  // dashboard's filter query string (without dates), read back through the same filter schema,
  // so a filter dimension added later needs no change here. A delivery row is written before
  // anything is sent (its UNIQUE key makes a crossing notify each channel once, whatever
  // evaluates it and however often), and updated with the outcome after.
  [
    `CREATE TABLE budgets (
      id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL UNIQUE,
      scope VARCHAR NOT NULL,
      period VARCHAR NOT NULL,
      amount DECIMAL(18, 2) NOT NULL,
      currency VARCHAR NOT NULL,
      thresholds VARCHAR NOT NULL,
      channels VARCHAR NOT NULL,
      paused BOOLEAN NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL,
      created_by VARCHAR NOT NULL
    )`,
    `CREATE TABLE alert_deliveries (
      id VARCHAR PRIMARY KEY,
      budget_id VARCHAR NOT NULL,
      budget_name VARCHAR NOT NULL,
      period_from VARCHAR NOT NULL,
      threshold_kind VARCHAR NOT NULL,
      threshold_pct INTEGER NOT NULL,
      channel VARCHAR NOT NULL,
      payload VARCHAR NOT NULL,
      status VARCHAR NOT NULL,
      tries INTEGER NOT NULL,
      next_attempt_at TIMESTAMPTZ,
      last_error VARCHAR,
      created_at TIMESTAMPTZ NOT NULL,
      finished_at TIMESTAMPTZ,
      UNIQUE (budget_id, period_from, threshold_kind, threshold_pct, channel)
    )`,
  ],
  // 11: replicas (DATABASE_URL, lib/replica): which shared PostgreSQL state this local copy holds.
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
  // 12: replicas: the version of the shared team set-up (PostgreSQL teams_state) this copy's
  // teams, team_rules and runs.team follow (lib/replica/follow-teams.ts). NULL: none followed.
  [`ALTER TABLE replica_state ADD COLUMN teams_version BIGINT`],
];
