/** URL state of this page: the shared filters plus the table's sort, direction and page. */
import { createLoader } from "nuqs/server";
import { breakdownParsers } from "@/components/filters/breakdown-params";

export const searchParams = breakdownParsers;
export const loadSearchParams = createLoader(breakdownParsers);
