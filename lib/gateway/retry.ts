/**
 * Capped exponential backoff with full jitter, and Retry-After parsing. Kept apart from the
 * client so the policy can be tuned (tests use millisecond delays) and read in one place.
 */

export interface RetryPolicy {
  /** Tries per logical request, the first included (1 = no retry). */
  attempts: number;
  /** Upper bound of the first back-off; doubles per retry. */
  baseDelayMs: number;
  /** No back-off is longer than this. */
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it, so a confused ingress cannot park a sync for hours. */
  maxRetryAfterMs: number;
}

/**
 * Six tries spread over about 15 s at worst: long enough to ride out an ingress restart,
 * short enough that an unreachable host is reported within a quarter of a minute.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 120_000,
};

export function resolvePolicy(overrides?: Partial<RetryPolicy>): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  policy.attempts = Math.max(1, Math.floor(policy.attempts));
  return policy;
}

/**
 * The wait before retry number `retry` (1 for the first retry). Full jitter spreads clients that
 * failed together; a Retry-After from the server is a floor, never shortened by jitter.
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.round(random() * ceiling);
  if (retryAfterMs === null) return jittered;
  return Math.max(Math.min(retryAfterMs, policy.maxRetryAfterMs), jittered);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
