/**
 * URL state of the tier, project and user pages: the shared filters plus the table's sort,
 * direction and page. Each page's search-params.ts re-exports these.
 */
import { parseAsInteger, parseAsStringLiteral } from "nuqs/server";
import { BREAKDOWN_SORTS, SORT_DIRS } from "@/lib/contract/sorts";
import { filterParsers } from "./filter-params";

export const breakdownParsers = {
  ...filterParsers,
  sort: parseAsStringLiteral(BREAKDOWN_SORTS).withDefault("cost"),
  dir: parseAsStringLiteral(SORT_DIRS).withDefault("desc"),
  page: parseAsInteger.withDefault(1),
};
