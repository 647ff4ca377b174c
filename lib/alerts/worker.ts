import "server-only";
import type { Store } from "@/lib/store/db";
import { duckdbTables, type SharedTables } from "@/lib/store/shared-tables";
import { claimDue, markFailed, markRetry, markSent, nextDue, type ClaimedDelivery } from "./deliveries";
import type { AlertMessage } from "./message";
import { DeliveryError, type Transports } from "./transports";

/**
 * Sends recorded deliveries, in the server process. Each try: claim the row (lease), send,
 * record the outcome. A failure waits the schedule's next delay and tries again until the
 * delivery is an hour old (then `failed`). Pending rows are in the table, so a restarted
 * server resumes them; a row left "sending" by a killed process is taken again when its lease
 * runs out, with the same idempotency key, so a receiver that saw the first try can drop it.
 */

export interface WorkerOptions {
  store: Store;
  /** Where the deliveries live (the shared tables with DATABASE_URL), else `store`'s. */
  tables?: SharedTables;
  transports: Transports;
  /** Delays (ms) after the 1st, 2nd … failed try; the last repeats. */
  schedule?: readonly number[];
  /** Give up once a delivery is this old (ms since it was recorded). */
  maxAgeMs?: number;
  /** How long a claimed try may take before another worker may take it again. */
  leaseMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

export const DEFAULT_SCHEDULE = [30_000, 60_000, 120_000, 300_000, 600_000, 900_000];
export const DEFAULT_MAX_AGE_MS = 3_600_000;

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: WorkerOptions) {}

  private tables(): SharedTables {
    return this.options.tables ?? duckdbTables(this.options.store);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Looks for due deliveries now (after an evaluation recorded some), and keeps a timer for the next. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drainDue();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
      await this.arm();
    })();
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Waits for the current pass to end (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async arm(): Promise<void> {
    if (this.stopped) return;
    const next = await nextDue(this.tables()).catch(() => null);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (next === null) return;
    const wait = Math.max(0, Math.min(next - this.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => void this.kick(), wait);
    this.timer.unref?.();
  }

  /** Every delivery due now, one try each. */
  private async drainDue(): Promise<void> {
    const tables = this.tables();
    const leaseMs = this.options.leaseMs ?? 120_000;
    for (;;) {
      if (this.stopped) return;
      const claimed = await claimDue(tables, this.now(), leaseMs);
      if (!claimed) return;
      const message = JSON.parse(claimed.payload) as AlertMessage;
      let error: string | null = null;
      try {
        const [type, ...rest] = claimed.channel.split(":");
        const target = rest.join(":");
        if (type === "webhook") await this.options.transports.webhook(target, claimed.id, message);
        else await this.options.transports.email(target, claimed.id, message);
      } catch (e) {
        error = e instanceof DeliveryError ? e.message : "the delivery failed unexpectedly";
        if (!(e instanceof DeliveryError)) console.error("[alerts] unexpected delivery error:", (e as Error)?.name ?? "error");
      }
      await this.recordOutcome(tables, claimed, error);
    }
  }

  /** Sent, or tried again after the schedule's next delay, or failed for good once too old. */
  private async recordOutcome(tables: SharedTables, claimed: ClaimedDelivery, error: string | null): Promise<void> {
    const now = this.now();
    if (error === null) return markSent(tables, claimed.id, now);
    const schedule = this.options.schedule ?? DEFAULT_SCHEDULE;
    const delay = schedule[Math.min(claimed.tries - 1, schedule.length - 1)] ?? 60_000;
    const maxAge = this.options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (now + delay - claimed.createdAt > maxAge) {
      this.options.log?.(`[alerts] delivery ${claimed.id} failed after ${claimed.tries} tries: ${error}`);
      return markFailed(tables, claimed.id, error, now);
    }
    return markRetry(tables, claimed.id, error, now + delay);
  }
}
