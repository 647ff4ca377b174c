import "server-only";
import { setStoreGate, type Store } from "@/lib/store/db";
import { createPgPool, migratePg } from "@/lib/store/postgres/connection";
import { ReplicaCoordinator } from "./coordinator";

const holder = globalThis as unknown as { __runledgerReplica?: ReplicaCoordinator };

/** This process's replica, once started (null without DATABASE_URL or before start-up). */
export function processReplica(): ReplicaCoordinator | null {
  return holder.__runledgerReplica ?? null;
}

/**
 * Makes this process one replica of a group sharing DATABASE_URL (docs/replicas.md): migrates
 * the shared schema, brings the local DuckDB copy to the shared state, and gates every use of
 * the store on the shared data version. Called once, by the sync manager's factory, only when
 * DATABASE_URL is set.
 */
export async function startReplica(
  settings: { DATABASE_URL?: string | undefined; REPLICA_FRESHNESS_MS: number },
  store: Store,
  log: (message: string) => void = console.log,
): Promise<ReplicaCoordinator> {
  const url = settings.DATABASE_URL;
  if (!url) throw new Error("startReplica needs DATABASE_URL");
  const pool = createPgPool(url);
  await migratePg(pool);
  const coordinator = new ReplicaCoordinator({
    store,
    pool,
    databaseUrl: url,
    freshnessMs: settings.REPLICA_FRESHNESS_MS,
    log,
    // The rollups follow the local copy, in the background: until rebuilt, answers read the runs.
    onCaughtUp: () => {
      void import("@/lib/analytics/rollup-refresh").then(({ refreshRollupsQuietly }) => refreshRollupsQuietly(store, log));
    },
  });
  await coordinator.catchUpNow();
  setStoreGate(async (opened) => {
    if (opened === store) await coordinator.current();
  });
  holder.__runledgerReplica = coordinator;
  return coordinator;
}
