import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * What lib/sync asks of a group of replicas (lib/replica implements it; without DATABASE_URL
 * there is none and nothing here runs).
 */

/** Called after each batch a sync commits, before the next one, on the sync's connection. */
export type AfterBatch = (batch: { conn: DuckDBConnection; files: readonly string[]; table: "runs" | "runs_next" }) => Promise<void>;

export interface SyncCoordinator {
  /** Runs `sync` when this replica may sync now; null when another replica is syncing. */
  exclusive<T>(sync: (afterBatch: AfterBatch) => Promise<T>): Promise<T | null>;
  /** Brings the local store to the shared state before it is read (the sync status). */
  current(): Promise<void>;
}
