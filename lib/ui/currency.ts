/** Which currency a view reports in: the one with the most cost (amounts of different currencies never add). */
export function primaryCurrency(costs: readonly { currency: string; cost: number }[], fallback = "USD"): string {
  let best: { currency: string; cost: number } | undefined;
  for (const entry of costs) if (!best || entry.cost > best.cost) best = entry;
  return best?.currency ?? fallback;
}
