/**
 * URL state of the tier, project and user pages: the shared filters plus the table's sort,
 * direction and page. Each page's search-params.ts re-exports these.
 */
import { parseAsInteger, parseAsStringLiteral } from "nuqs/server";
import { filterParsers } from "./filter-params";

export const BREAKDOWN_SORTS = ["key", "cost", "share", "hours", "runs", "average", "price", "owner"] as const;
export type BreakdownSort = (typeof BREAKDOWN_SORTS)[number];

export const breakdownParsers = {
  ...filterParsers,
  sort: parseAsStringLiteral(BREAKDOWN_SORTS).withDefault("cost"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("desc"),
  page: parseAsInteger.withDefault(1),
};
