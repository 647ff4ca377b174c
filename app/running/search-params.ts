/** The running-now page's URL state: the shared filters, sort and page. */
import { parseAsInteger, parseAsStringLiteral } from "nuqs/server";
import { filterParsers } from "@/components/filters/filter-params";
import { RUNNING_SORTS, SORT_DIRS } from "@/lib/contract/sorts";

export const runningParsers = {
  ...filterParsers,
  sort: parseAsStringLiteral(RUNNING_SORTS).withDefault("runTime"),
  dir: parseAsStringLiteral(SORT_DIRS).withDefault("desc"),
  page: parseAsInteger.withDefault(1),
};
