import "server-only";
import { authConfig } from "@/lib/auth/config";
import { onBudgetChange } from "@/lib/budgets/context";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store/db";
import { sharedTables } from "@/lib/store/shared-tables";
import { evaluateBudgets } from "./evaluate";
import { webhookSecret } from "./signature";
import { realTransports } from "./transports";
import { DeliveryWorker } from "./worker";

/**
 * The alerts of the server process: one delivery worker, started at boot (lib/boot.ts), which
 * first resumes whatever a previous process left pending; evaluation after each sync that
 * changed data and after each budget change. With DATABASE_URL budgets and deliveries are the
 * shared tables: every replica's worker looks for due deliveries (each row is claimed by one),
 * and once a minute too, so what a replica that died left pending is sent by another.
 */

/** How often a replica looks for deliveries another replica recorded or left pending. */
const SHARED_POLL_MS = 60_000;

const holder = globalThis as unknown as { __runledgerAlertWorker?: DeliveryWorker };

export async function startAlerts(): Promise<void> {
  if (holder.__runledgerAlertWorker) return;
  const settings = env();
  const store = await getStore(settings.DATA_DIR);
  const tables = await sharedTables();
  const worker = new DeliveryWorker({
    store,
    tables,
    transports: realTransports({
      webhookSecret: webhookSecret(settings.RUNLEDGER_WEBHOOK_SECRET, authConfig().secret),
      smtpUrl: settings.SMTP_URL,
      smtpFrom: settings.SMTP_FROM,
    }),
    log: (m) => console.log(m),
  });
  holder.__runledgerAlertWorker = worker;
  onBudgetChange((id) => void evaluateAlerts([id]).catch((e: unknown) => console.error("[alerts] evaluation failed:", (e as Error)?.message)));
  if (tables.dialect === "postgres") setInterval(() => void worker.kick().catch(() => undefined), SHARED_POLL_MS).unref();
  await worker.kick();
}

/** Records every crossing not yet recorded (all budgets, or `ids`) and lets the worker send. */
export async function evaluateAlerts(ids?: string[]): Promise<void> {
  const settings = env();
  const store = await getStore(settings.DATA_DIR);
  const result = await evaluateBudgets(store, settings.RUNLEDGER_TIMEZONE, Date.now(), { ids, tables: await sharedTables() });
  if (result.recorded > 0) console.log(`[alerts] ${result.recorded} alert deliveries recorded`);
  await holder.__runledgerAlertWorker?.kick();
}
