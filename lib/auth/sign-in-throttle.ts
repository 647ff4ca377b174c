/**
 * Slows down guessing: after a few failed sign-ins from one client, each further attempt
 * must wait, doubling up to a cap; a success clears the client's record. Held in memory
 * (one process), bounded in size.
 */

const FREE_FAILURES = 3;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60_000;
const FORGET_AFTER_MS = 30 * 60_000;
const MAX_CLIENTS = 10_000;

interface Record_ {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
}

export class SignInThrottle {
  private readonly clients = new Map<string, Record_>();

  /** Milliseconds the client must still wait before trying again (0: may try now). */
  waitMs(client: string, now = Date.now()): number {
    const record = this.clients.get(client);
    if (!record) return 0;
    if (now - record.lastFailure > FORGET_AFTER_MS) {
      this.clients.delete(client);
      return 0;
    }
    return Math.max(0, record.blockedUntil - now);
  }

  failure(client: string, now = Date.now()): void {
    const record = this.clients.get(client) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
    record.failures += 1;
    record.lastFailure = now;
    const over = record.failures - FREE_FAILURES;
    record.blockedUntil = over >= 0 ? now + Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** over) : 0;
    this.clients.delete(client); // re-insert: the Map's order is least recently failed first
    this.clients.set(client, record);
    if (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
  }

  success(client: string): void {
    this.clients.delete(client);
  }
}
