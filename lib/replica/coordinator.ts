import "server-only";
import pg from "pg";
import { ApiError } from "@/lib/api/errors";
import type { Store } from "@/lib/store/db";
import { inPgTransaction, isPgUnavailable, type PgPool } from "@/lib/store/postgres/connection";
import { SYNC_LOCK_KEY } from "@/lib/store/postgres/schema";
import type { AfterBatch, SyncCoordinator } from "@/lib/sync/coordinator";
import type { TeamsConfig } from "@/lib/teams/config";
import { catchUp, holds, readLocalStamp, readSharedStamp, type CatchUp, type SharedStamp } from "./follow";
import { recordTeamsVersion, writeSharedTeams } from "./follow-teams";
import { applyBatch, prepareBatch, publishAll, publishState, recordPublished } from "./publish";

/**
 * One replica's part in a group sharing a PostgreSQL database (docs/replicas.md).
 *
 * Sync: `exclusive` runs the sync only while this process holds a session-level advisory lock
 * on a connection of its own; the others skip. PostgreSQL releases the lock when the holder's
 * connection ends, so a replica killed mid-sync frees it at once and the next replica whose
 * timer fires takes over, at the cursor last published.
 *
 * Reads: `current()` brings the local DuckDB to the shared version before the store is used.
 * A caller waits for a check of PostgreSQL's version that began after it called, so an answer
 * never comes from a version older than the one committed when its request arrived
 * (freshnessMs > 0 trades that for fewer checks: a check at most that old is accepted).
 */

export interface ReplicaOptions {
  store: Store;
  pool: PgPool;
  /** For the lock's own connection. */
  databaseUrl: string;
  /** Accept a version check this recent instead of starting one (0: always check). */
  freshnessMs?: number;
  /** After the local copy changed (the rollups follow it here). */
  onCaughtUp?: (outcome: CatchUp) => void;
  log?: (message: string) => void;
}

/** How long a team set-up's save waits for a sync in progress on another replica. */
const TEAMS_LOCK_WAIT_MS = 30_000;

export class ReplicaCoordinator implements SyncCoordinator {
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private lastCheckStartedAt = -Infinity;
  /** Catch-ups and syncs of the local copy, one at a time. */
  private localWork: Promise<unknown> = Promise.resolve();
  /** While this replica syncs, its own copy is the newest there is: reads skip the check. */
  private syncing = false;

  constructor(private readonly options: ReplicaOptions) {}

  get store(): Store {
    return this.options.store;
  }

  /** Closes the pool (tests, scripts); the process's replica lives as long as the process. */
  async close(): Promise<void> {
    await this.options.pool.end();
  }

  /**
   * Resolves once the local copy holds at least the shared version committed before the call.
   * When PostgreSQL cannot be reached the caller gets 503 `unavailable` (never an answer from a
   * copy that may be behind).
   */
  current(): Promise<void> {
    return this.currentCheck().catch(() => {
      throw new ApiError("unavailable", "The shared database cannot be reached, so this replica cannot tell whether its data is current. Try again shortly.");
    });
  }

  private currentCheck(): Promise<void> {
    if (this.syncing) return Promise.resolve();
    const freshness = this.options.freshnessMs ?? 0;
    if (freshness > 0 && performance.now() - this.lastCheckStartedAt < freshness && this.inFlight === null) return Promise.resolve();
    if (this.queued) return this.queued;
    if (this.inFlight) {
      // The check running may have read the version before this call: wait for the next one.
      const queued = this.inFlight.catch(() => {}).then(() => {
        this.queued = null;
        return this.startCheck();
      });
      this.queued = queued;
      return queued;
    }
    return this.startCheck();
  }

  private startCheck(): Promise<void> {
    this.lastCheckStartedAt = performance.now();
    const check = this.check().finally(() => {
      if (this.inFlight === check) this.inFlight = null;
    });
    this.inFlight = check;
    return check;
  }

  private async check(): Promise<void> {
    const shared = await readSharedStamp(this.options.pool);
    const conn = await this.options.store.connect();
    let local;
    try {
      local = await readLocalStamp(conn);
    } finally {
      conn.closeSync();
    }
    if (holds(local, shared) || this.syncing) return;
    await this.catchUpNow();
  }

  /** Brings the local copy to the shared state now (serialised with syncs; skipped during one). */
  catchUpNow(): Promise<CatchUp | null> {
    if (this.syncing) return Promise.resolve(null);
    return this.serialised(() => this.catchUpLocal());
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const work = this.localWork.catch(() => {}).then(fn);
    this.localWork = work;
    return work;
  }

  /** Records a published stamp on a connection of its own (the sync's is writing the next batch). */
  private async recordPublishedApart(stamp: SharedStamp): Promise<void> {
    const conn = await this.options.store.connect();
    try {
      await recordPublished(conn, stamp);
    } finally {
      conn.closeSync();
    }
  }

  private async catchUpLocal(): Promise<CatchUp> {
    const outcome = await catchUp(this.options.store, this.options.pool);
    if (outcome.kind !== "none") {
      this.options.log?.(`[replica] caught up to data version ${outcome.stamp.dataVersion} (${outcome.kind}, ${outcome.runs} runs, ${Math.round(outcome.ms)} ms)`);
      this.options.onCaughtUp?.(outcome);
    }
    return outcome;
  }

  /**
   * Runs `sync` if this replica gets the sync lock (null otherwise): first the local copy is
   * brought to the shared state (so the sync resumes at the shared cursor), then every batch
   * the sync commits locally is published before the next one, and the final state after it.
   */
  async exclusive<T>(sync: (afterBatch: AfterBatch) => Promise<T>): Promise<T | null> {
    try {
      return await this.exclusiveSync(sync);
    } catch (error) {
      if (!isPgUnavailable(error)) throw error;
      // The sync status says so; the next interval tries again, from the stored cursor.
      throw Object.assign(new Error("the shared database cannot be reached"), { code: "store_unavailable" });
    }
  }

  /**
   * Saves a team set-up for every replica. Under the sync lock (a sync in progress on another
   * replica finishes its batch first; waited for at most TEAMS_LOCK_WAIT_MS), the local copy is
   * brought to the shared state, `apply` re-resolves its runs (moving its data version by one,
   * lib/teams/apply.ts), and one PostgreSQL transaction stores the set-up under that version and
   * moves the shared data version to it: every other replica's next check re-resolves its runs
   * from the new set-up before answering (follow-teams.ts). Stopped between the local commit
   * and PostgreSQL's, this copy is ahead of what it published and reloads, as after a sync.
   */
  async publishTeams<T>(config: TeamsConfig, apply: () => Promise<T>): Promise<T> {
    const lock = new pg.Client({ connectionString: this.options.databaseUrl, connectionTimeoutMillis: 5_000 });
    lock.on("error", () => {});
    try {
      await lock.connect();
      const deadline = performance.now() + TEAMS_LOCK_WAIT_MS;
      while ((await lock.query("SELECT pg_try_advisory_lock($1) AS got", [SYNC_LOCK_KEY])).rows[0]?.got !== true) {
        if (performance.now() > deadline) {
          throw new ApiError("unavailable", "Another replica is writing a sync; save the teams again in a moment.");
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return await this.serialised(async () => {
        await this.catchUpLocal();
        const result = await apply();
        const conn = await this.options.store.connect();
        try {
          const version = (await readLocalStamp(conn)).dataVersion;
          const stamp = await inPgTransaction(lock, async (): Promise<SharedStamp> => {
            await writeSharedTeams(lock, config, version);
            const row = (
              await lock.query(
                `UPDATE sync_state SET data_version = $1, serial = serial + 1 WHERE id = 1 AND data_version = $2
                 RETURNING data_version, generation, serial`,
                [version, version - 1],
              )
            ).rows[0];
            if (!row) throw new Error(`the shared data version is not ${version - 1}, the one this copy applied the teams on`);
            return { dataVersion: Number(row.data_version), generation: Number(row.generation), serial: Number(row.serial) };
          });
          await recordPublished(conn, stamp);
          await recordTeamsVersion(conn, version);
        } finally {
          conn.closeSync();
        }
        return result;
      });
    } catch (error) {
      if (isPgUnavailable(error)) {
        throw new ApiError("unavailable", "The shared database cannot be reached, so the teams were not saved. Try again shortly.");
      }
      throw error;
    } finally {
      // Ending the session releases the lock.
      await lock.end().catch(() => {});
    }
  }

  private async exclusiveSync<T>(sync: (afterBatch: AfterBatch) => Promise<T>): Promise<T | null> {
    const lock = new pg.Client({ connectionString: this.options.databaseUrl, connectionTimeoutMillis: 5_000 });
    // The lock's session gone (PostgreSQL restarted, the network cut) ends this replica's claim
    // to the newest copy: its reads check the shared version again (503 while it is away), and
    // the sync in progress fails at its next publish.
    const lost = () => {
      this.syncing = false;
    };
    lock.on("error", lost);
    lock.on("end", lost);
    await lock.connect();
    try {
      await lock.query("SET TimeZone = 'UTC'");
      const got = (await lock.query("SELECT pg_try_advisory_lock($1) AS got", [SYNC_LOCK_KEY])).rows[0]?.got === true;
      if (!got) return null;
      // From here reads skip the version check: this copy is about to be the newest there is.
      this.syncing = true;
      try {
        return await this.serialised(async () => {
          await this.catchUpLocal();
          // Batch n is applied to PostgreSQL while batch n+1 is written locally: exported on the
          // sync's connection before the next batch writes, applied in order, one at a time, so
          // the shared cursor is always the one of the runs published with it. A failure
          // surfaces at the next batch or at the end.
          let applying: Promise<void> = Promise.resolve();
          const result = await sync(async ({ conn, files, table }) => {
            if (table !== "runs") return; // a re-sync's new copy is published whole when it switches
            await applying;
            const prepared = await prepareBatch(conn, files);
            applying = applyBatch(lock, prepared).then((outcome) => this.recordPublishedApart(outcome.stamp));
            applying.catch(() => {});
          }).catch(async (error: unknown) => {
            // The lock's session is ended below: let a batch still being applied settle first.
            await applying.catch(() => {});
            throw error;
          });
          await applying;
          const conn = await this.options.store.connect();
          try {
            // Times travel as text in UTC, as the sync's own connection writes them.
            await conn.run("SET TimeZone = 'UTC'");
            const local = await readLocalStamp(conn);
            const stamp =
              local.shared === null || local.dataVersion !== local.shared.dataVersion
                ? (await publishAll(conn, lock)).stamp
                : await publishState(conn, lock);
            await recordPublished(conn, stamp);
          } finally {
            conn.closeSync();
          }
          return result;
        });
      } finally {
        this.syncing = false;
      }
    } finally {
      // Ending the session releases the lock (and would, just the same, if this process died).
      await lock.end().catch(() => {});
    }
  }
}
