import "server-only";
import path from "node:path";
import { refreshRollupsQuietly } from "@/lib/analytics/rollup-refresh";
import type { SyncStatus } from "@/lib/contract/answers";
import type { GatewayConnection } from "@/lib/gateway/connection";
import { isGatewayError } from "@/lib/gateway/errors";
import type { Store } from "@/lib/store/db";
import { readStoreCounts, readSyncState, recordSyncError, type SyncKind } from "@/lib/store/sync-state";
import type { SyncCoordinator } from "./coordinator";
import type { SyncProgress } from "./progress";
import { runSync, type SyncOptions, type SyncSummary } from "./run-sync";

/**
 * The one sync of a process: at most one runs at a time (a second request joins the running
 * one), its progress is kept in memory for the status, and its failures land in sync_state
 * with a message an admin can act on.
 */

export interface SyncManagerOptions {
  store: Store;
  /** Resolved when a sync starts, so a gateway that cannot start yet does not stop the server. */
  gateway: () => Promise<GatewayConnection>;
  spoolDir: string;
  /** Passed to every sync (batch sizes, retry policy…). */
  syncOptions?: Partial<Omit<SyncOptions, "store" | "gateway" | "spoolDir" | "full" | "onProgress">>;
  log?: (message: string) => void;
  /**
   * Called (not awaited) after a sync that stored or re-read runs, once the rollups are fresh:
   * budget alerts are evaluated there (lib/alerts/runtime.ts).
   */
  onDataChanged?: () => Promise<void>;
  /** Replicas (DATABASE_URL): syncs only while holding the shared lock, publishing each batch. */
  coordinator?: SyncCoordinator;
}

interface Running {
  kind: SyncKind | null;
  progress: SyncProgress | null;
  done: Promise<SyncSummary | null>;
}

export class SyncManager {
  private running: Running | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Set when Domino refused the key: scheduled syncs pause (no retry storm); requests still try. */
  private keyRejected = false;
  /** The last failure of this process's syncs, until one succeeds; the store's record may lag it. */
  private lastFailure: SyncStatus["lastError"] = null;

  constructor(private readonly options: SyncManagerOptions) {}

  get store(): Store {
    return this.options.store;
  }

  /** Starts a sync unless one is running; either way, the promise of the one that runs now. */
  request(opts: { full?: boolean } = {}): { started: boolean; done: Promise<SyncSummary | null> } {
    if (this.running) return { started: false, done: this.running.done };
    const running: Running = { kind: null, progress: null, done: Promise.resolve(null) };
    this.running = running;
    running.done = this.execute(running, opts.full === true)
      .catch((error: unknown) => {
        // execute records its own failures; this only guards the scheduled syncs nobody awaits.
        console.error("[sync] unexpected error:", error instanceof Error ? error.message : String(error));
        this.lastFailure = { code: "internal", message: describeFailure(new Error("unexpected")).message, at: new Date().toISOString() };
        return null;
      })
      .finally(() => {
        if (this.running === running) this.running = null;
      });
    return { started: true, done: running.done };
  }

  /** Runs a sync to its end (or joins the running one); resolves null when it failed. */
  async syncNow(opts: { full?: boolean } = {}): Promise<SyncSummary | null> {
    return this.request(opts).done;
  }

  private async execute(running: Running, full: boolean): Promise<SyncSummary | null> {
    const log = this.options.log ?? ((m: string) => console.log(m));
    try {
      const gateway = await this.options.gateway();
      const sync = (afterBatch?: SyncOptions["afterBatch"]) =>
        runSync({
          ...this.options.syncOptions,
          store: this.options.store,
          gateway,
          spoolDir: this.options.spoolDir,
          full,
          afterBatch,
          onProgress: (kind, progress) => {
            running.kind = kind;
            running.progress = progress;
          },
        });
      const coordinator = this.options.coordinator;
      const summary = coordinator ? await coordinator.exclusive(sync) : await sync();
      // Another replica holds the sync: this one serves what it publishes.
      if (summary === null) return null;
      this.keyRejected = false;
      this.lastFailure = null;
      // The rollups follow the runs once per sync, never between a sync's batches (lib/analytics/rollups.ts).
      await refreshRollupsQuietly(this.options.store, log);
      if (this.options.onDataChanged && (summary.runsStored > 0 || summary.refreshPages > 0)) {
        void this.options.onDataChanged().catch((error: unknown) =>
          log(`[alerts] evaluation after the sync failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
      log(
        `[sync] ${summary.kind}: ${summary.runsStored} runs in ${summary.pages} pages, ${summary.seconds.toFixed(1)} s` +
          (summary.rejectedCount > 0 ? `; ${summary.rejectedCount} runs rejected` : ""),
      );
      return summary;
    } catch (error) {
      const { code, message } = describeFailure(error);
      this.keyRejected = code === "auth_rejected";
      const at = new Date();
      // Kept in memory first: when the store cannot record it (the disk that stopped the sync
      // is full, say) the status still says what happened.
      this.lastFailure = { code, message, at: at.toISOString() };
      log(`[sync] failed: ${code}: ${message}`);
      if (code === "internal") console.error("[sync] unexpected error:", error instanceof Error ? error.message : String(error));
      try {
        const conn = await this.options.store.connect();
        try {
          await recordSyncError(conn, at, code, message);
        } finally {
          conn.closeSync();
        }
      } catch (recordError) {
        log(`[sync] could not record the failure in the store: ${recordError instanceof Error ? recordError.message : String(recordError)}`);
      }
      return null;
    }
  }

  async status(): Promise<SyncStatus> {
    // Replicas: the status of the shared sync, as far as it has been published.
    await this.options.coordinator?.current();
    const conn = await this.options.store.connect();
    try {
      const state = await readSyncState(conn);
      const counts = await readStoreCounts(conn);
      const running = this.running;
      return {
        running: running !== null,
        kind: running ? (running.kind ?? guessKind(state.cursor, counts.runCount, state.resyncActive)) : null,
        progress: running ? (running.progress ?? { runsStored: 0, pages: 0, runsPerSecond: 0, percent: null, etaSeconds: null }) : null,
        dataAsOf: state.lastSuccessAt,
        dataVersion: state.dataVersion,
        runCount: counts.runCount,
        rejectedRuns: counts.rejectedRuns,
        lastError: newerError(state.lastError, this.lastFailure),
      };
    } finally {
      conn.closeSync();
    }
  }

  /** Syncs every `minutes` (0: never). The timer does not keep the process alive. */
  schedule(minutes: number): void {
    this.stopSchedule();
    if (minutes <= 0) return;
    this.timer = setInterval(() => {
      if (!this.keyRejected) this.request();
    }, minutes * 60_000);
    this.timer.unref();
  }

  stopSchedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Whether boot should sync at once: nothing stored yet, the last success too old, or a re-sync left unfinished. */
  async needsSyncOnStart(intervalMinutes: number, nowMs: number = Date.now()): Promise<boolean> {
    const conn = await this.options.store.connect();
    try {
      const state = await readSyncState(conn);
      if (state.resyncActive || state.lastSuccessAt === null) return true;
      const staleAfterMs = (intervalMinutes > 0 ? intervalMinutes : 15) * 60_000;
      return nowMs - Date.parse(state.lastSuccessAt) >= staleAfterMs;
    } finally {
      conn.closeSync();
    }
  }
}

/** The newer of the stored and the in-memory failure (the store misses one it could not record). */
function newerError(stored: SyncStatus["lastError"], inMemory: SyncStatus["lastError"]): SyncStatus["lastError"] {
  if (inMemory === null) return stored;
  if (stored === null) return inMemory;
  return Date.parse(inMemory.at) > Date.parse(stored.at) ? inMemory : stored;
}

function guessKind(cursor: string | null, runCount: number, resyncActive: boolean): SyncKind {
  if (resyncActive) return "resync";
  return cursor === null && runCount === 0 ? "backfill" : "incremental";
}

/** What the status shows for a failed sync: a code to branch on and a sentence for a person. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (isGatewayError(error)) {
    if (error.code === "auth_rejected") {
      const status = error.status ?? 403;
      const why =
        status === 403
          ? "it is not an admin's key, and Domino opens the run export to admins only"
          : "it is missing, wrong or expired";
      return {
        code: "auth_rejected",
        message: `The Domino key was rejected (HTTP ${status}): ${why}. Set DOMINO_USER_API_KEY (or DOMINO_TOKEN) to an admin's key. Scheduled syncs pause until a sync succeeds.`,
      };
    }
    if (error.code === "upstream_unavailable") {
      return { code: error.code, message: `Domino could not be reached: ${error.message}. The next sync tries again.` };
    }
    if (error.code === "bad_request") {
      return { code: error.code, message: `Domino refused the request: ${error.message}.` };
    }
    return { code: error.code, message: `Domino sent data that cannot be read: ${error.message}.` };
  }
  // The file system holding DATA_DIR is full (the spool's files or DuckDB's writes): the batch in
  // flight rolls back, what is stored stays readable, and the cursor has not moved past it.
  const text = error instanceof Error ? error.message : String(error);
  if ((error as { code?: unknown } | null)?.code === "ENOSPC" || /No space left on device|ENOSPC/i.test(text)) {
    return {
      code: "disk_full",
      message: "The disk holding DATA_DIR is full, so the sync stopped; the stored runs stay readable. Free some space: the next sync resumes where this one stopped.",
    };
  }
  // Replicas: the shared PostgreSQL (DATABASE_URL) went away mid-sync (lib/replica).
  if ((error as { code?: unknown } | null)?.code === "store_unavailable") {
    return {
      code: "store_unavailable",
      message: "The shared database (DATABASE_URL) could not be reached, so the sync stopped. The next sync resumes at the stored cursor once it is back.",
    };
  }
  return { code: "internal", message: "The sync stopped on an internal error; the server log has the details." };
}

// One manager per server process, on globalThis: Next.js loads modules in several bundles.
const SLOT = Symbol.for("runledger.sync-manager");
type Slot = { [SLOT]?: Promise<SyncManager> };

/** The process's manager, built on first use by `create` (boot passes the real one). */
export function getSyncManager(create?: () => Promise<SyncManager>): Promise<SyncManager> {
  const slot = globalThis as Slot;
  if (!slot[SLOT]) {
    const factory = create ?? defaultManager;
    slot[SLOT] = factory().catch((error: unknown) => {
      delete slot[SLOT];
      throw error;
    });
  }
  return slot[SLOT];
}

async function defaultManager(): Promise<SyncManager> {
  const [{ env }, { getStore }, { getUpstream }] = await Promise.all([
    import("@/lib/env"),
    import("@/lib/store/db"),
    import("@/lib/gateway/upstream"),
  ]);
  const settings = env();
  const store = await getStore(settings.DATA_DIR);
  // Replicas (DATABASE_URL): the sync runs under the shared lock and publishes to PostgreSQL.
  const coordinator = settings.DATABASE_URL
    ? await (await import("@/lib/replica/start")).startReplica(settings, store)
    : undefined;
  return new SyncManager({
    store,
    gateway: getUpstream,
    spoolDir: path.join(settings.DATA_DIR, "spool"),
    onDataChanged: () => import("@/lib/alerts/runtime").then(({ evaluateAlerts }) => evaluateAlerts()),
    coordinator,
  });
}
