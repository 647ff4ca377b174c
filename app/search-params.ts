/** The overview's URL state: the shared filters, the dimension the cost chart stacks by, and its interval. */
import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { DIMENSIONS } from "@/lib/ui/dimensions";
import { filterParsers } from "@/components/filters/filter-params";

export const overviewParsers = {
  ...filterParsers,
  stackBy: parseAsStringLiteral(DIMENSIONS).withDefault("hardwareTier"),
  interval: parseAsStringLiteral(["day", "week", "month"] as const).withDefault("day"),
};

export const loadOverviewParams = createLoader(overviewParsers);
