/** The running-now page's URL state: the shared filters, sort and page. */
import { createLoader, parseAsInteger, parseAsStringLiteral } from "nuqs/server";
import { filterParsers } from "@/components/filters/filter-params";

export const RUNNING_SORTS = ["runTime", "cost", "costPerHour", "startedAt", "user", "project", "hardwareTier", "runType"] as const;

export const runningParsers = {
  ...filterParsers,
  sort: parseAsStringLiteral(RUNNING_SORTS).withDefault("runTime"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("desc"),
  page: parseAsInteger.withDefault(1),
};

export const loadRunningParams = createLoader(runningParsers);
