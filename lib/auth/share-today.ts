import { localDate } from "@/lib/analytics/time-zone";
import { env } from "@/lib/env";
import type { Principal } from "./principal";

/**
 * The local date in the dashboard's zone for a shared view (whose forecast depends on which
 * period today is in; share-scope.ts), else undefined. The proxy and the routes' own check
 * (guard.ts) must pass the same value to decide().
 */
export function shareToday(principal: Principal, now = Date.now()): string | undefined {
  return principal.kind === "share" ? localDate(env().RUNLEDGER_TIMEZONE, now) : undefined;
}
