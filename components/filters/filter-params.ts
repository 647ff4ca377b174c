/**
 * The nuqs parsers of the filters every page shares. Each page's search-params.ts spreads
 * these and adds its own (grouping, sort, page). List filters use repeated keys
 * (`?tier=a&tier=b`), the API's own format, so a page's URL reads like its API query.
 */
import { createParser, parseAsNativeArrayOf, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { DEFAULT_RANGE, RANGE_PRESETS, isDay } from "@/lib/ui/date-range";

export const parseAsDay = createParser({
  parse: (value: string) => (isDay(value) ? value : null),
  serialize: (value: string) => value,
});

export const filterParsers = {
  range: parseAsStringLiteral(RANGE_PRESETS).withDefault(DEFAULT_RANGE),
  from: parseAsDay,
  to: parseAsDay,
  tier: parseAsNativeArrayOf(parseAsString),
  project: parseAsNativeArrayOf(parseAsString),
  user: parseAsNativeArrayOf(parseAsString),
  owner: parseAsNativeArrayOf(parseAsString),
  runType: parseAsNativeArrayOf(parseAsString),
  status: parseAsNativeArrayOf(parseAsString),
  team: parseAsNativeArrayOf(parseAsString),
  costCentre: parseAsNativeArrayOf(parseAsString),
};

/** Keys that a filter change resets: a new filter starts at page one with nothing selected. */
export const resetOnFilterChange = { page: null, run: null } as const;
