/** The run explorer's URL state: the shared filters, the text search, sort, page and the selected run. */
import { parseAsInteger, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { filterParsers } from "@/components/filters/filter-params";
import { RUN_SORTS, SORT_DIRS } from "@/lib/contract/sorts";

export const runsParsers = {
  ...filterParsers,
  q: parseAsString.withDefault(""),
  sort: parseAsStringLiteral(RUN_SORTS).withDefault("startedAt"),
  dir: parseAsStringLiteral(SORT_DIRS).withDefault("desc"),
  page: parseAsInteger.withDefault(1),
  run: parseAsString,
};
