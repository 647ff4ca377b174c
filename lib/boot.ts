import "server-only";
import { env, EnvError, type Env } from "./env";

/** Server start-up: settings first, then the store, the demo gateway and the sync schedule. */
export async function boot(): Promise<void> {
  let settings: Env;
  try {
    settings = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`Runledger cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await startSync(settings);
  // Alert deliveries a previous process left pending are resumed now; budgets are evaluated
  // after each sync that changes data and after each budget change.
  const { startAlerts } = await import("./alerts/runtime");
  await startAlerts().catch((error: unknown) => console.error("[alerts] could not start:", error instanceof Error ? error.message : String(error)));
}

/**
 * Opens the store (creating and migrating it) before the server answers, so a DATA_DIR that
 * cannot be used stops start-up with a clear line. The first sync and the schedule then run
 * in the background: the dashboard answers from what the store holds meanwhile.
 */
async function startSync(settings: Env): Promise<void> {
  const { getSyncManager } = await import("./sync/sync-manager");
  let manager;
  let syncAtStart;
  try {
    manager = await getSyncManager();
    // Read the sync state and count the runs now: a file whose header opens but whose contents
    // are cut short or damaged fails here, at start-up, rather than on the first page view.
    await manager.status();
    syncAtStart = await manager.needsSyncOnStart(settings.SYNC_INTERVAL);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`Runledger cannot start. The store in DATA_DIR (${settings.DATA_DIR}) cannot be opened: ${reason}`);
    process.exit(1);
  }
  // Replicas try to take the sync this often; the one holding the shared lock syncs.
  const replicaSeconds = settings.DATABASE_URL ? settings.REPLICA_SYNC_INTERVAL_SECONDS : undefined;
  manager.schedule(replicaSeconds !== undefined ? replicaSeconds / 60 : settings.SYNC_INTERVAL);
  // Rollups that are stale or built for another zone are rebuilt in the background (a no-op
  // otherwise): a successful sync does so as it ends; otherwise here, never between its batches.
  const refreshRollups = () =>
    import("./analytics/rollup-refresh").then(({ refreshRollupsQuietly }) => refreshRollupsQuietly(manager.store));
  if (syncAtStart) void manager.request().done.then((summary) => (summary === null ? refreshRollups() : undefined));
  else void refreshRollups();
}
