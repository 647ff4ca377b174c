import { unit } from "./random";

/**
 * Injected trouble, for testing clients: latency, a share of requests answered with an
 * error status (as Domino's ingress does under load), and 200s whose body is cut short.
 * Which request fails is a pure function of (seed, request number), so a test run is
 * reproducible.
 */

export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

export interface FaultOptions {
  /** Added before every response, in milliseconds. */
  latencyMs?: number;
  /** Share of requests (0..1) answered with one of `failureStatuses`. */
  failureRate?: number;
  /** Which statuses failures use, picked at random per failure. Default: all of 429, 500, 502, 503, 504. */
  failureStatuses?: number[];
  /** Share of successful responses (0..1) whose body stops half way and the connection drops. */
  truncateRate?: number;
  /** Seconds sent in Retry-After with 429 and 503. Default 1. */
  retryAfterSec?: number;
}

export type FaultAction = { kind: "none" } | { kind: "status"; status: FaultStatus } | { kind: "truncate" };

export function validateFaults(faults: FaultOptions): Required<FaultOptions> {
  const rate = (name: string, value: number | undefined) => {
    const v = value ?? 0;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
    return v;
  };
  const latencyMs = faults.latencyMs ?? 0;
  if (!(latencyMs >= 0 && Number.isFinite(latencyMs))) throw new RangeError("latencyMs must be a non-negative number");
  const statuses = faults.failureStatuses ?? [...FAULT_STATUSES];
  if (statuses.length === 0) throw new RangeError("failureStatuses must not be empty");
  for (const s of statuses) {
    if (!(FAULT_STATUSES as readonly number[]).includes(s)) {
      throw new RangeError(`failureStatuses may only hold ${FAULT_STATUSES.join(", ")}`);
    }
  }
  const retryAfterSec = faults.retryAfterSec ?? 1;
  if (!(Number.isInteger(retryAfterSec) && retryAfterSec >= 0)) throw new RangeError("retryAfterSec must be a non-negative integer");
  return {
    latencyMs,
    failureRate: rate("failureRate", faults.failureRate),
    failureStatuses: statuses,
    truncateRate: rate("truncateRate", faults.truncateRate),
    retryAfterSec,
  };
}

export class FaultInjector {
  private faults: Required<FaultOptions>;
  private requests = 0;

  constructor(
    private readonly seed: number,
    faults: FaultOptions = {},
  ) {
    this.faults = validateFaults(faults);
  }

  set(faults: FaultOptions): void {
    this.faults = validateFaults(faults);
  }

  get latencyMs(): number {
    return this.faults.latencyMs;
  }

  get retryAfterSec(): number {
    return this.faults.retryAfterSec;
  }

  /** True when any fault could touch a response (pre-built pages are still served, then cut or replaced). */
  get active(): boolean {
    const f = this.faults;
    return f.latencyMs > 0 || f.failureRate > 0 || f.truncateRate > 0;
  }

  /** Decides the fate of the next request. */
  next(): FaultAction {
    const n = this.requests++;
    const f = this.faults;
    if (f.failureRate > 0 && unit(this.seed, n, 0xfa11) < f.failureRate) {
      const status = f.failureStatuses[Math.floor(unit(this.seed, n, 0xfa12) * f.failureStatuses.length)]!;
      return { kind: "status", status: status as FaultStatus };
    }
    if (f.truncateRate > 0 && unit(this.seed, n, 0xfa13) < f.truncateRate) return { kind: "truncate" };
    return { kind: "none" };
  }
}
