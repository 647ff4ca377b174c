/** The overview's URL state: the shared filters, the dimension the cost chart stacks by, and its interval. */
import { parseAsStringLiteral } from "nuqs/server";
import { INTERVALS } from "@/lib/contract/days";
import { DIMENSIONS } from "@/lib/contract/dimensions";
import { filterParsers } from "@/components/filters/filter-params";

export const overviewParsers = {
  ...filterParsers,
  stackBy: parseAsStringLiteral(DIMENSIONS).withDefault("hardwareTier"),
  interval: parseAsStringLiteral(INTERVALS).withDefault("day"),
};
