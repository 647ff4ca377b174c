import "server-only";
import { env } from "@/lib/env";
import type { Store } from "@/lib/store/db";
import { refreshRollups } from "./rollups";

/**
 * Brings the rollups up to the store's data version in the configured zone (a no-op of a few
 * milliseconds when they already are): after each sync, and at start-up for a store whose
 * rollups are stale or were built for another zone. A failure only costs speed (answers read
 * the runs while the rollups are stale), so it is logged, never thrown.
 */
export async function refreshRollupsQuietly(store: Store, log: (message: string) => void = console.log): Promise<void> {
  try {
    const outcome = await refreshRollups(store, env().RUNLEDGER_TIMEZONE);
    if (outcome.rebuilt) {
      log(`[rollups] rebuilt for data version ${outcome.dataVersion}: ${outcome.rows} rows in ${Math.round(outcome.ms)} ms`);
    }
  } catch (error) {
    log(`[rollups] could not be rebuilt, answers read the runs meanwhile: ${error instanceof Error ? error.message : String(error)}`);
  }
}
