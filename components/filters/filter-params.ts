/**
 * The nuqs parsers of the filters every page shares (lib/contract/filters.ts `FilterState`).
 * A page with URL state of its own spreads these and adds it (grouping, sort, page). List
 * filters use repeated keys (`?tier=a&tier=b`), the API's own format, so a page's URL reads
 * like its API query.
 */
import { createParser, parseAsNativeArrayOf, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { FILTER_LISTS, type FilterList } from "@/lib/contract/dimensions";
import { DEFAULT_RANGE, RANGE_PRESETS, isCalendarDate } from "@/lib/contract/days";

const parseAsDay = createParser({
  parse: (value: string) => (isCalendarDate(value) ? value : null),
  serialize: (value: string) => value,
});

const parseAsList = parseAsNativeArrayOf(parseAsString);

export const filterParsers = {
  range: parseAsStringLiteral(RANGE_PRESETS).withDefault(DEFAULT_RANGE),
  from: parseAsDay,
  to: parseAsDay,
  ...(Object.fromEntries(FILTER_LISTS.map((key) => [key, parseAsList])) as Record<FilterList, typeof parseAsList>),
};
