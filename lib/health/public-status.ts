import "server-only";

/**
 * The one-word health a load balancer needs, computed at most once a second per process
 * however many probes ask: 30 clients polling must not cost the dashboard's readers.
 * "ok" and "degraded" (the last sync failed: the data is still served) answer 200, "down"
 * (the store cannot be opened) 503.
 */

export type HealthStatus = "ok" | "degraded" | "down";

const CACHE_MS = 1_000;

interface Slot {
  at: number;
  pending: Promise<HealthStatus>;
}

const holder = globalThis as unknown as { __runledgerHealth?: Slot };

export function publicStatus(compute: () => Promise<HealthStatus>, now = Date.now()): Promise<HealthStatus> {
  const slot = holder.__runledgerHealth;
  if (slot && now - slot.at < CACHE_MS) return slot.pending;
  const pending = compute().catch((): HealthStatus => "down");
  holder.__runledgerHealth = { at: now, pending };
  return pending;
}

export function httpStatusOf(status: HealthStatus): 200 | 503 {
  return status === "down" ? 503 : 200;
}
