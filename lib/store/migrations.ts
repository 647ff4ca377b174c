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
    `CREATE TABLE runs (
      run_id VARCHAR PRIMARY KEY,
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
];
