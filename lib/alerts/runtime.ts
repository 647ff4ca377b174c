import "server-only";
import { authConfig } from "@/lib/auth/config";
import { onBudgetChange } from "@/lib/budgets/context";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store/db";
import { evaluateBudgets } from "./evaluate";
import { webhookSecret } from "./signature";
import { realTransports } from "./transports";
import { DeliveryWorker } from "./worker";

/**
 * The alerts of the server process: one delivery worker, started at boot (lib/boot.ts), which
 * first resumes whatever a previous process left pending; evaluation after each sync that
 * changed data and after each budget change.
 */

const holder = globalThis as unknown as { __runledgerAlertWorker?: DeliveryWorker };

export async function startAlerts(): Promise<void> {
  if (holder.__runledgerAlertWorker) return;
  const settings = env();
  const store = await getStore(settings.DATA_DIR);
  const worker = new DeliveryWorker({
    store,
    transports: realTransports({
      webhookSecret: webhookSecret(settings.RUNLEDGER_WEBHOOK_SECRET, authConfig().secret),
      smtpUrl: settings.SMTP_URL,
      smtpFrom: settings.SMTP_FROM,
    }),
    log: (m) => console.log(m),
  });
  holder.__runledgerAlertWorker = worker;
  onBudgetChange((id) => void evaluateAlerts([id]).catch((e: unknown) => console.error("[alerts] evaluation failed:", (e as Error)?.message)));
  await worker.kick();
}

/** Records every crossing not yet recorded (all budgets, or `ids`) and lets the worker send. */
export async function evaluateAlerts(ids?: string[]): Promise<void> {
  const settings = env();
  const store = await getStore(settings.DATA_DIR);
  const result = await evaluateBudgets(store, settings.RUNLEDGER_TIMEZONE, Date.now(), { ids });
  if (result.recorded > 0) console.log(`[alerts] ${result.recorded} alert deliveries recorded`);
  await holder.__runledgerAlertWorker?.kick();
}
