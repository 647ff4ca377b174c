import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures: `X-Runledger-Signature: sha256=<hex HMAC-SHA256 over "<timestamp>.<body>">`
 * with `X-Runledger-Timestamp: <unix seconds>`. A receiver recomputes it and refuses a timestamp
 * older than a few minutes, so a captured request cannot be replayed later.
 */

export function signWebhook(secret: string | Buffer, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** For receivers (and the tests): whether the signature holds and the timestamp is recent. */
export function verifyWebhook(
  secret: string | Buffer,
  timestamp: string,
  body: string,
  signature: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The signing key: RUNLEDGER_WEBHOOK_SECRET when set (so receivers can be given a key that
 * signs nothing else), else derived from RUNLEDGER_SECRET by HMAC with a fixed label (never
 * the session key itself, which would let a receiver forge sessions).
 */
export function webhookSecret(webhookSecretSetting: string | undefined, runledgerSecret: Buffer): Buffer {
  if (webhookSecretSetting) return Buffer.from(webhookSecretSetting, "utf8");
  return createHmac("sha256", runledgerSecret).update("runledger webhook signing v1").digest();
}
