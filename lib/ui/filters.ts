/** What the filter bar shows of the filter state (lib/contract/filters.ts): chips, counts, the range's name. */
import { DIMENSION_LABEL, DIMENSION_OF, FILTER_LISTS, type FilterList } from "@/lib/contract/dimensions";
import type { FilterState } from "@/lib/contract/filters";
import { RANGE_LABELS, describeRange } from "./date-range";
import { resolveRange, type DayRange } from "@/lib/contract/days";

export function activeFilterCount(state: FilterState): number {
  return FILTER_LISTS.reduce((n, key) => n + state[key].length, 0);
}

export interface FilterChip {
  key: FilterList;
  value: string;
  label: string;
}

/** One removable chip per selected value. */
export function filterChips(state: FilterState): FilterChip[] {
  return FILTER_LISTS.flatMap((key) =>
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
