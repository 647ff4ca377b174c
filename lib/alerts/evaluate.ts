import "server-only";
import { withReader } from "@/lib/analytics/reader";
import { listBudgets, withConnection } from "@/lib/budgets/repository";
import { computeBudgetStatuses } from "@/lib/budgets/batch-status";
import type { BudgetStatus } from "@/lib/budgets/types";
import type { Store } from "@/lib/store/db";
import { deliveryId, recordIntent, type DeliveryKey } from "./deliveries";
import { alertMessage } from "./message";

/**
 * Finds every threshold crossed by a budget in its current period and records one delivery
 * per channel for it (the intent; the worker sends). Paused budgets are skipped; a crossing
 * already recorded is left alone, so evaluating again never sends twice.
 */

/** Whether `value` (rounded to the cent) reached pct % of `amount` ("1000.00"), compared in cents. */
export function crossed(value: number, amount: string, pct: number): boolean {
  const amountCents = Math.round(Number(amount) * 100);
  return Math.round(value * 100) * 100 >= pct * amountCents;
}

export interface Crossing {
  status: BudgetStatus;
  kind: "actual" | "forecast";
  pct: number;
}

export function crossings(status: BudgetStatus): Crossing[] {
  const b = status.budget;
  return [
    ...b.thresholds.actual.filter((pct) => crossed(status.actual, b.amount, pct)).map((pct) => ({ status, kind: "actual" as const, pct })),
    ...b.thresholds.forecast.filter((pct) => crossed(status.forecast, b.amount, pct)).map((pct) => ({ status, kind: "forecast" as const, pct })),
  ];
}

export interface EvaluationResult {
  budgets: number;
  crossings: number;
  /** Deliveries recorded by this evaluation (new intents). */
  recorded: number;
}

export async function evaluateBudgets(
  store: Store,
  timeZone: string,
  now: number,
  options: { ids?: string[] } = {},
): Promise<EvaluationResult> {
  // Every figure from one read snapshot.
  const statuses = await withReader(store, async (conn) => {
    const budgets = (await listBudgets(conn)).filter((b) => !b.paused && b.channels.length > 0 && (!options.ids || options.ids.includes(b.id)));
    return computeBudgetStatuses(conn, budgets, timeZone, now);
  });
  const found = statuses.flatMap(crossings);
  let recorded = 0;
  if (found.length > 0) {
    const createdAt = new Date(now).toISOString();
    await withConnection(store, async (conn) => {
      for (const c of found) {
        for (const channel of c.status.budget.channels) {
          const key: DeliveryKey = {
            budgetId: c.status.budget.id,
            periodFrom: c.status.period.from,
            kind: c.kind,
            pct: c.pct,
            channel: channel.type === "webhook" ? `webhook:${channel.url}` : `email:${channel.to}`,
          };
          const message = alertMessage(deliveryId(key), c.status, c.kind, c.pct, createdAt);
          if (await recordIntent(conn, key, c.status.budget.name, JSON.stringify(message), now)) recorded += 1;
        }
      }
    });
  }
  return { budgets: statuses.length, crossings: found.length, recorded };
}
