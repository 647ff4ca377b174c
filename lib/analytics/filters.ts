import { DIMENSION_SPECS, type Dimension } from "@/lib/contract/dimensions";
import { addDays } from "@/lib/contract/days";
import type { Filters } from "@/lib/contract/filters";
import { SqlParams, type BoundSql } from "./query";
import { localDayStart } from "./time-zone";

/** The SQL the filters (lib/contract/filters.ts) become. */

export interface FilterClauseOptions {
  /** Continue numbering in an existing parameter list (for queries with more parameters). */
  params?: SqlParams;
  /** Leave out the filter on this dimension (facets list the values one could add). */
  omit?: Dimension;
}

/** A boolean SQL condition over `runs` columns ("TRUE" when nothing is filtered) and its values, $1 first. */
export type FilterClause = BoundSql;

/** UTC instant, as ISO-8601, where local day `date` starts in the zone. */
export function dayStartIso(timeZone: string, date: string): string {
  return new Date(localDayStart(timeZone, date)).toISOString();
}

/**
 * The WHERE condition for `filters`, every value a positional parameter. Dates select
 * `started_at >= (from 00:00 local)` and `< (to + 1 day, 00:00 local)`.
 */
export function filterClause(filters: Filters, timeZone: string, options: FilterClauseOptions = {}): FilterClause {
  const params = options.params ?? new SqlParams();
  const conditions: string[] = [];
  if (filters.from) {
    conditions.push(`started_at >= CAST(${params.add(dayStartIso(timeZone, filters.from))} AS TIMESTAMPTZ)`);
  }
  if (filters.to) {
    conditions.push(`started_at < CAST(${params.add(dayStartIso(timeZone, addDays(filters.to, 1)))} AS TIMESTAMPTZ)`);
  }
  for (const [dimension, spec] of Object.entries(DIMENSION_SPECS) as [Dimension, (typeof DIMENSION_SPECS)[Dimension]][]) {
    if (dimension === options.omit) continue;
    const values = filters[spec.filter];
    if (values.length === 1) conditions.push(`${spec.column} = ${params.add(values[0]!)}`);
    else if (values.length > 1) conditions.push(`${spec.column} IN (${params.list(values)})`);
  }
  if (filters.q) {
    const q = params.add(filters.q.toLowerCase());
    conditions.push(
      `(strpos(lower(title), ${q}) > 0 OR strpos(lower(command), ${q}) > 0` +
        ` OR strpos(lower(project_key), ${q}) > 0 OR strpos(lower(user_name), ${q}) > 0)`,
    );
  }
  return { sql: conditions.length > 0 ? conditions.join(" AND ") : "TRUE", params: params.values };
}
