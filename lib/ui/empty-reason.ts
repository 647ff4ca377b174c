/** Why a view shows nothing, in words, so an empty chart is never a mystery. */
export function emptyReason(input: {
  /** Runs in the whole store (from /api/sync), null when unknown. */
  storedRuns: number | null;
  syncing: boolean;
  rangeLabel: string;
  filterCount: number;
  search?: string;
}): string {
  if (input.storedRuns === 0) {
    return input.syncing
      ? "The first sync is still reading runs from Domino. Charts fill in as soon as it stores the first page."
      : "No runs have been synced from Domino yet.";
  }
  const parts: string[] = [];
  if (input.search) parts.push(`the search “${input.search}”`);
  if (input.filterCount > 0) parts.push(`${input.filterCount} active filter${input.filterCount === 1 ? "" : "s"}`);
  const range = input.rangeLabel === "All time" ? "at any time" : `in ${lowerFirst(input.rangeLabel)}`;
  if (parts.length === 0) return `No runs started ${range}. Try a longer date range.`;
  return `No runs started ${range} match ${parts.join(" and ")}. Remove a filter or widen the date range.`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
