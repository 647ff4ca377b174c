/**
 * Splitting a whole number of cents between recipients by weight, exactly: each gets the
 * floor of its share, and the cents left go one each to the largest remainders (ties to the
 * earlier recipient), so the parts always add up to the amount.
 */
export function allocateCents(amountCents: bigint, weights: readonly bigint[]): bigint[] {
  const n = weights.length;
  if (n === 0) return [];
  const total = weights.reduce((s, w) => s + w, 0n);
  // No weight at all: evenly.
  const ws = total > 0n ? weights : weights.map(() => 1n);
  const sum = total > 0n ? total : BigInt(n);
  const negative = amountCents < 0n;
  const amount = negative ? -amountCents : amountCents;
  const parts = ws.map((w) => (amount * w) / sum);
  const remainders = ws.map((w, i) => ({ i, r: (amount * w) % sum }));
  let left = amount - parts.reduce((s, p) => s + p, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}
