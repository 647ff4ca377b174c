/**
 * The filter state every page shares, and its translation to the API's query string.
 * The URL holds the preset (`range`), so "last 30 days" stays "last 30 days" when a link is
 * opened next week; the API gets the resolved `from`/`to` days.
 */
import { DIMENSION_LABEL, DIMENSION_OF, FILTER_KEYS, type FilterKey } from "./dimensions";
import { RANGE_LABELS, describeRange, resolveRange, type DayRange, type RangePreset } from "./date-range";

export interface FilterState {
  range: RangePreset;
  from: string | null;
  to: string | null;
  tier: string[];
  project: string[];
  user: string[];
  owner: string[];
  runType: string[];
  status: string[];
  team: string[];
  costCentre: string[];
}

/** What the API receives: resolved days and the multi-value filters, always in the same order. */
export interface ApiFilters {
  from: string | null;
  to: string | null;
  tier: string[];
  project: string[];
  user: string[];
  owner: string[];
  runType: string[];
  status: string[];
  team: string[];
  costCentre: string[];
}

export function toApiFilters(state: FilterState, today: string): ApiFilters {
  const range = resolveRange(state.range, today, { from: state.from, to: state.to });
  // Sorted values: the same selection in another order is the same query (and cache entry).
  const sorted = (values: string[]) => [...new Set(values)].sort();
  return {
    from: range.from,
    to: range.to,
    tier: sorted(state.tier),
    project: sorted(state.project),
    user: sorted(state.user),
    owner: sorted(state.owner),
    runType: sorted(state.runType),
    status: sorted(state.status),
    team: sorted(state.team),
    costCentre: sorted(state.costCentre),
  };
}

/** Appends the filters to a query string in the API's format (repeated keys for lists). */
export function appendFilters(params: URLSearchParams, filters: ApiFilters): URLSearchParams {
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  for (const key of FILTER_KEYS) for (const value of filters[key]) params.append(key, value);
  return params;
}

export function activeFilterCount(state: FilterState): number {
  return FILTER_KEYS.reduce((n, key) => n + state[key].length, 0);
}

export interface FilterChip {
  key: FilterKey;
  value: string;
  label: string;
}

/** One removable chip per selected value. */
export function filterChips(state: FilterState): FilterChip[] {
  return FILTER_KEYS.flatMap((key) =>
    state[key].map((value) => ({ key, value, label: `${DIMENSION_LABEL[DIMENSION_OF[key]]}: ${value}` })),
  );
}

export function rangeLabel(state: Pick<FilterState, "range" | "from" | "to">, today: string): string {
  if (state.range === "custom") return describeRange(resolveRange("custom", today, state as DayRange));
  return RANGE_LABELS[state.range];
}

/** Adds a value to a filter (drill-down); a value already there is not repeated. */
export function withValue(values: readonly string[], value: string): string[] {
  return values.includes(value) ? [...values] : [...values, value];
}

export function withoutValue(values: readonly string[], value: string): string[] {
  return values.filter((v) => v !== value);
}

/**
 * The filters as the API's query string: one string to say which filters an answer on screen
 * belongs to (`data-shows` on every card, `data-filters` on the filter bar), so a check can
 * tell "still the old figures" from "the new ones are drawn".
 */
export function filtersSignature(filters: ApiFilters): string {
  return appendFilters(new URLSearchParams(), filters).toString();
}
