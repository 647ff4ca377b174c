/**
 * What a shared view's filter bar may offer. The server holds a shared view to its link's
 * scope (lib/auth/share-scope.ts answers 403 to anything wider); the filter bar offers only
 * what stays inside it, so the viewer never picks a filter just to be refused:
 * - days: only presets and custom days within the link's from/to;
 * - a list the link fixed (tiers, projects…): only its values, and never none of them
 *   (an empty list means "all", which is wider);
 * - every other list: any value, since adding one only narrows.
 */
import { FILTER_LISTS, type FilterList } from "@/lib/contract/dimensions";
import { resolveRange, type RangePreset } from "@/lib/contract/days";
import { filtersOf } from "@/lib/contract/filters";

export interface ShareLimits {
  /** The first and last day the link covers; null where it is open ("all time"). */
  from: string | null;
  to: string | null;
  /** Per filter, the values the link fixed; empty where it fixed none. */
  lists: Record<FilterList, string[]>;
}

/**
 * The limits of a link from its query string (as the share token holds it: days already
 * frozen), read by the parser the server holds the link to (its query passed that parser
 * when the link was made).
 */
export function shareLimits(query: string): ShareLimits {
  const filters = filtersOf(new URLSearchParams(query));
  const lists = Object.fromEntries(FILTER_LISTS.map((key) => [key, [...filters[key]].sort()])) as Record<FilterList, string[]>;
  return { from: filters.from, to: filters.to, lists };
}

/** Whether a date preset, resolved today, stays within the link's days. */
export function presetAllowed(preset: RangePreset, today: string, limits: ShareLimits): boolean {
  if (preset === "custom") return true;
  const range = resolveRange(preset, today);
  if (limits.from && (!range.from || range.from < limits.from)) return false;
  if (limits.to && (!range.to || range.to > limits.to)) return false;
  return true;
}

/** Whether the link fixed this filter's values (the picker then offers only those). */
export function isLocked(key: FilterList, limits: ShareLimits): boolean {
  return limits.lists[key].length > 0;
}

/** Whether `value` may be taken out of `selected`: not when it is the last of a fixed list. */
export function canRemove(key: FilterList, selected: readonly string[], value: string, limits: ShareLimits): boolean {
  if (!isLocked(key, limits)) return true;
  return selected.filter((v) => v !== value).length > 0;
}

/** "Clear all" inside a shared view: back to the link's own lists, never wider. */
export function resetLists(limits: ShareLimits): Record<FilterList, string[] | null> {
  return Object.fromEntries(FILTER_LISTS.map((key) => [key, isLocked(key, limits) ? limits.lists[key] : null])) as Record<
    FilterList,
    string[] | null
  >;
}

/** Why a control is limited, for its tooltip. */
export function lockedReason(key: FilterList, limits: ShareLimits): string {
  const values = limits.lists[key];
  return values.length === 1
    ? `This shared view covers ${values[0]} only`
    : `This shared view covers ${values.length} of these only; you can narrow to some of them`;
}

export function rangeReason(limits: ShareLimits): string {
  if (limits.from && limits.to) return `This shared view covers ${limits.from} to ${limits.to}; ranges outside it are not offered`;
  if (limits.from) return `This shared view starts on ${limits.from}; ranges before it are not offered`;
  if (limits.to) return `This shared view ends on ${limits.to}; ranges after it are not offered`;
  return "";
}
