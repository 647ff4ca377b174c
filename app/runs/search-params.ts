/** The run explorer's URL state: the shared filters, the text search, sort, page and the selected run. */
import { createLoader, parseAsInteger, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { filterParsers } from "@/components/filters/filter-params";

export const RUN_SORTS = [
  "startedAt",
  "cost",
  "duration",
  "computeHours",
  "hardwareTier",
  "project",
  "user",
  "status",
  "runType",
] as const;

export const runsParsers = {
  ...filterParsers,
  q: parseAsString.withDefault(""),
  sort: parseAsStringLiteral(RUN_SORTS).withDefault("startedAt"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("desc"),
  page: parseAsInteger.withDefault(1),
  run: parseAsString,
};

export const loadRunsParams = createLoader(runsParsers);
