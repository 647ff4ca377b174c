import "server-only";
import { inParallel, withReader } from "@/lib/analytics/reader";
import { readDataInfo } from "@/lib/analytics/data-info";
import { listBudgets } from "@/lib/budgets/repository";
import { computeBudgetStatuses } from "@/lib/budgets/batch-status";
import { computeBudgetFigures, type BudgetFigures } from "@/lib/budgets/figures";
import type { Budget, BudgetStatus } from "@/lib/budgets/types";
import { SqlParams } from "@/lib/analytics/query";
import type { Store } from "@/lib/store/db";
import { duckdbTables, type SharedTables } from "@/lib/store/shared-tables";
import { deliveryId, recordIntent, type DeliveryKey } from "./deliveries";
import { alertMessage } from "./message";
import { localDate } from "@/lib/analytics/time-zone";
import { periodOf } from "@/lib/forecast/period";

/**
 * Finds every threshold crossed by a budget in its current period and records one delivery
 * per channel for it (the intent; the worker sends). Paused budgets are skipped; a crossing
 * already recorded is left alone, so evaluating again never sends twice.
 *
 * Crossings are found from the cheap figures (lib/budgets/figures.ts: actual and point
 * forecast); the full status (its 80 % range, for the message) is computed only for budgets
 * with a crossing not yet recorded, usually none.
 */

/** Whether `value` (rounded to the cent) reached pct % of `amount` ("1000.00"), compared in cents. */
export function crossed(value: number, amount: string, pct: number): boolean {
  const amountCents = Math.round(Number(amount) * 100);
  return Math.round(value * 100) * 100 >= pct * amountCents;
}

export interface Crossing {
  budget: Budget;
  kind: "actual" | "forecast";
  pct: number;
}

/** The thresholds a budget's actual and forecast have reached. */
export function crossings(budget: Budget, figures: BudgetFigures): Crossing[] {
  return [
    ...budget.thresholds.actual.filter((pct) => crossed(figures.actual, budget.amount, pct)).map((pct) => ({ budget, kind: "actual" as const, pct })),
    ...budget.thresholds.forecast.filter((pct) => crossed(figures.forecast, budget.amount, pct)).map((pct) => ({ budget, kind: "forecast" as const, pct })),
  ];
}

function deliveryKeys(c: Crossing, periodFrom: string): DeliveryKey[] {
  return c.budget.channels.map((channel) => ({
    budgetId: c.budget.id,
    periodFrom,
    kind: c.kind,
    pct: c.pct,
    channel: channel.type === "webhook" ? `webhook:${channel.url}` : `email:${channel.to}`,
  }));
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
  /** tables: where budgets and deliveries live (the shared tables with DATABASE_URL), else `store`'s. */
  options: { ids?: string[]; tables?: SharedTables } = {},
): Promise<EvaluationResult> {
  const tables = options.tables ?? duckdbTables(store);
  const budgets = (await listBudgets(tables)).filter((b) => !b.paused && b.channels.length > 0 && (!options.ids || options.ids.includes(b.id)));
  if (budgets.length === 0) return { budgets: 0, crossings: 0, recorded: 0 };
  // Every figure from one read snapshot.
  const pending = await withReader(store, async (conn) => {
    const today = localDate(timeZone, now);
    const { dataVersion } = await readDataInfo(conn);
    const figures = await computeBudgetFigures(conn, budgets, timeZone, now, (tasks) => inParallel(store, conn, dataVersion, tasks));
    const found = budgets.flatMap((b, i) => crossings(b, figures[i]!));
    const keys = found.flatMap((c) => deliveryKeys(c, periodOf(c.budget.period, today).from));
    const known = new Set<string>();
    if (keys.length > 0) {
      const params = new SqlParams();
      const rows = await tables.query(`SELECT id FROM alert_deliveries WHERE id IN (${params.list(keys.map(deliveryId))})`, params.values);
      for (const row of rows) known.add(String(row.id));
    }
    const fresh = keys.filter((k) => !known.has(deliveryId(k)));
    const needed = budgets.filter((b) => fresh.some((k) => k.budgetId === b.id));
    const statuses = new Map((await computeBudgetStatuses(conn, needed, timeZone, now)).map((s) => [s.budget.id, s]));
    return { budgets: budgets.length, crossings: found.length, fresh: fresh.map((key) => ({ key, status: statuses.get(key.budgetId)! })) };
  });
  let recorded = 0;
  if (pending.fresh.length > 0) {
    const createdAt = new Date(now).toISOString();
    for (const { key, status } of pending.fresh) {
      const message = alertMessage(deliveryId(key), status, key.kind, key.pct, createdAt);
      // ON CONFLICT DO NOTHING: another replica recording it meanwhile still sends once.
      if (await recordIntent(tables, key, status.budget.name, JSON.stringify(message), now)) recorded += 1;
    }
  }
  return { budgets: pending.budgets, crossings: pending.crossings, recorded };
}
