import "server-only";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store/db";
import { sharedTables, type SharedTables } from "@/lib/store/shared-tables";
import { ApiError } from "@/lib/api/errors";
import type { BudgetContext } from "./service";

/**
 * The process's store, budget tables (shared with DATABASE_URL) and zone, for the routes;
 * alerts hook in through `onChange`.
 */
export async function budgetContext(): Promise<BudgetContext & { tables: SharedTables }> {
  const settings = env();
  const holder = globalThis as unknown as { __runledgerBudgetChanged?: (id: string) => void };
  return {
    store: await getStore(settings.DATA_DIR),
    tables: await sharedTables(),
    timeZone: settings.RUNLEDGER_TIMEZONE,
    onChange: (id) => holder.__runledgerBudgetChanged?.(id),
  };
}

/** Registers what runs after a budget changes (lib/alerts evaluates it). */
export function onBudgetChange(fn: (id: string) => void): void {
  (globalThis as unknown as { __runledgerBudgetChanged?: (id: string) => void }).__runledgerBudgetChanged = fn;
}

export function budgetIdParam(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiError("bad_request", "id: not a budget id", "id");
  return id;
}
