import { z } from "zod";
import { ApiError, fromZodError } from "@/lib/api/errors";
import { DIMENSION_SPECS, FILTER_LISTS, type Dimension, type FilterList } from "./dimensions";
import { SqlParams, type SqlValue } from "./query";
import { isCalendarDate, localDayStart, addDays } from "./time-zone";

/**
 * The filters every analytics route (and the CSV downloads) accept, and the SQL they
 * become. One schema, so a link's query string means the same thing everywhere.
 */

const MAX_VALUES = 1000;
const MAX_VALUE_LENGTH = 500;

const date = z
  .string()
  .refine(isCalendarDate, { message: "must be a date as YYYY-MM-DD" })
  .refine((d) => d >= "1970-01-01" && d <= "2999-12-31", { message: "must be between 1970-01-01 and 2999-12-31" });

const valueList = z
  .array(z.string().max(MAX_VALUE_LENGTH, { message: `values must be at most ${MAX_VALUE_LENGTH} characters` }))
  .max(MAX_VALUES, { message: `at most ${MAX_VALUES} values` });

export const filterSchema = z
  .object({
    from: date.optional(),
    to: date.optional(),
    tier: valueList,
    project: valueList,
    user: valueList,
    owner: valueList,
    runType: valueList,
    status: valueList,
    team: valueList,
    costCentre: valueList,
    q: z.string().max(200, { message: "must be at most 200 characters" }).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `must not be after to (${f.to})` });
    }
  });

export interface Filters {
  /** First local day, inclusive ("YYYY-MM-DD"), or null for no lower bound. */
  from: string | null;
  /** Last local day, inclusive, or null for no upper bound. */
  to: string | null;
  tier: string[];
  project: string[];
  user: string[];
  owner: string[];
  runType: string[];
  status: string[];
  team: string[];
  costCentre: string[];
  /** Case-insensitive text search in title, command, project and user; null for none. */
  q: string | null;
}

export const FILTER_KEYS = ["from", "to", ...FILTER_LISTS, "q"] as const;

const SINGLE_KEYS = new Set<string>(["from", "to", "q"]);

/** Filters that match every run. */
export function noFilters(): Filters {
  return { from: null, to: null, tier: [], project: [], user: [], owner: [], runType: [], status: [], team: [], costCentre: [], q: null };
}

/**
 * Reads the filters from a query string. Any key that is neither a filter nor one of
 * `extraKeys` is a 400, as is a single-valued key given twice. Empty values are ignored,
 * so a form that submits `tier=` means "no tier filter".
 */
export function parseFilters(searchParams: URLSearchParams, extraKeys: readonly string[] = []): Filters {
  const known = new Set<string>([...FILTER_KEYS, ...extraKeys]);
  for (const key of new Set(searchParams.keys())) {
    if (!known.has(key)) {
      const allowed = [...known].join(", ");
      throw new ApiError("bad_request", `unknown parameter "${key}"; this route accepts ${allowed}`, key);
    }
    if ((SINGLE_KEYS.has(key) || extraKeys.includes(key)) && searchParams.getAll(key).length > 1) {
      throw new ApiError("bad_request", `${key}: given more than once`, key);
    }
  }
  const single = (key: string) => {
    const value = searchParams.get(key)?.trim();
    return value ? value : undefined;
  };
  const list = (key: FilterList) => [...new Set(searchParams.getAll(key).filter((v) => v !== ""))];
  const raw = {
    from: single("from"),
    to: single("to"),
    tier: list("tier"),
    project: list("project"),
    user: list("user"),
    owner: list("owner"),
    runType: list("runType"),
    status: list("status"),
    team: list("team"),
    costCentre: list("costCentre"),
    q: single("q"),
  };
  const result = filterSchema.safeParse(raw);
  if (!result.success) throw fromZodError(result.error);
  const f = result.data;
  return { ...f, from: f.from ?? null, to: f.to ?? null, q: f.q ?? null };
}

/**
 * Filters plus a route's own parameters, validated by `extra` (a zod object whose keys
 * are the route's extra query keys; each is single-valued).
 */
export function parseQuery<Shape extends z.ZodRawShape>(
  searchParams: URLSearchParams,
  extra: z.ZodObject<Shape>,
): { filters: Filters; params: z.infer<z.ZodObject<Shape>> } {
  const extraKeys = Object.keys(extra.shape);
  const filters = parseFilters(searchParams, extraKeys);
  const raw: Record<string, string> = {};
  for (const key of extraKeys) {
    const value = searchParams.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  const result = extra.safeParse(raw);
  if (!result.success) throw fromZodError(result.error);
  return { filters, params: result.data };
}

export interface FilterClauseOptions {
  /** Continue numbering in an existing parameter list (for queries with more parameters). */
  params?: SqlParams;
  /** Leave out the filter on this dimension (facets list the values one could add). */
  omit?: Dimension;
}

export interface FilterClause {
  /** A boolean SQL condition over `runs` columns ("TRUE" when nothing is filtered). */
  sql: string;
  /** The positional parameter values, $1 first. */
  params: SqlValue[];
}

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

/** A stable text for a cache key: the same filters in any order give the same key. */
export function filtersKey(filters: Filters): string {
  const sorted = (values: string[]) => [...values].sort();
  return JSON.stringify([
    filters.from,
    filters.to,
    ...FILTER_LISTS.map((k) => sorted(filters[k])),
    filters.q,
  ]);
}
