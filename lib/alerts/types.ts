/** An alert delivery as /api/alerts and /budgets/alerts show it. No server imports. */

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed";

export interface Delivery {
  /** Also the message's idempotency key (Idempotency-Key header, e-mail Message-ID). */
  id: string;
  budgetId: string;
  budgetName: string;
  periodFrom: string;
  thresholdKind: "actual" | "forecast";
  thresholdPct: number;
  /** "webhook" or "email". */
  channelType: "webhook" | "email";
  /** The URL (without credentials) or the address. */
  channelTarget: string;
  status: DeliveryStatus;
  tries: number;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  nextAttemptAt: string | null;
}
