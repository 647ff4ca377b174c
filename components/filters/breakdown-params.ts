/**
 * URL state of the tier, project, user and team pages (components/views/breakdown-view.tsx):
 * the shared filters plus the table's sort, direction and page.
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
