/**
 * batchIds are opaque to the gateway's clients, but every known one is a digit string that
 * grows with queue time (epoch milliseconds in Domino's examples). These helpers lean on that
 * where it holds and stay safe where it does not.
 */

const DIGITS = /^\d+$/;

function stripZeros(id: string): string {
  return id.replace(/^0+(?=\d)/, "");
}

/** -1, 0 or 1 for digit strings by value; null when either is not a digit string. */
export function compareBatchIds(a: string, b: string): number | null {
  if (!DIGITS.test(a) || !DIGITS.test(b)) return a === b ? 0 : null;
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `next` moves a cursor forward from `current` (any change counts when not comparable). */
export function advances(current: string | null, next: string): boolean {
  if (current === null) return true;
  const order = compareBatchIds(current, next);
  return order === null ? current !== next : order < 0;
}

// Plausible epoch milliseconds: from Domino's first data (2018) to a day past now.
const EARLIEST_MS = Date.UTC(2017, 0, 1);

/** The moment a batchId stands for, when it reads as epoch milliseconds; else null. */
export function batchIdTime(id: string | null, nowMs: number): number | null {
  if (id === null || !DIGITS.test(id)) return null;
  const ms = Number(id);
  return ms >= EARLIEST_MS && ms <= nowMs + 86_400_000 ? ms : null;
}
