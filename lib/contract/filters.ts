import { z } from "zod";
import { ApiError, fromZodError } from "@/lib/api/errors";
import { FILTER_LISTS, type FilterList } from "./dimensions";
import { isCalendarDate, resolveRange, type DayRange, type RangePreset } from "./days";

/**
 * The filters every analytics route, CSV download, share link and budget scope accepts: one
 * schema, one shape and one query-string form, so a link's query string means the same thing
 * everywhere. The pages hold a date preset in the URL (`range`) and resolve it here to the
 * days the API reads.
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

const listShape = Object.fromEntries(FILTER_LISTS.map((key) => [key, valueList])) as Record<FilterList, typeof valueList>;

export const filterSchema = z
  .object({
    from: date.optional(),
    to: date.optional(),
    ...listShape,
    q: z.string().max(200, { message: "must be at most 200 characters" }).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `must not be after to (${f.to})` });
    }
  });

export type FilterLists = Record<FilterList, string[]>;

/** The filters as the API reads them: inclusive local days (null: open), lists, text. */
export type Filters = DayRange &
  FilterLists & {
    /** Case-insensitive text search in title, command, project and user; null for none. */
    q: string | null;
  };

/**
 * A page's filters as its URL holds them: the preset, so "last 30 days" stays "last 30 days"
 * when a link is opened next week, the custom days and the lists (the pages have no `q` filter).
 */
export type FilterState = Omit<Filters, "q"> & { range: RangePreset };

export const FILTER_KEYS = ["from", "to", ...FILTER_LISTS, "q"] as const;

const SINGLE_KEYS = new Set<string>(["from", "to", "q"]);

/** Filters that match every run. */
export function noFilters(): Filters {
  return { from: null, to: null, ...emptyLists(), q: null };
}

function emptyLists(): FilterLists {
  return Object.fromEntries(FILTER_LISTS.map((key) => [key, []])) as unknown as FilterLists;
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
    ...Object.fromEntries(FILTER_LISTS.map((key) => [key, list(key)])),
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

/** Only the filter keys of `params` (other keys are the route's business), `textKey` read as the text filter. */
export function filtersOf(params: URLSearchParams, textKey = "q"): Filters {
  const only = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const source = key === "q" ? textKey : key;
    for (const value of params.getAll(source)) only.append(key, value);
  }
  return parseFilters(only);
}

/**
 * The filters in the API's query-string form, appended to `params`: from, to, each list
 * (repeated keys, values sorted: the same selection in another order is the same query), q.
 * The one serializer: API URLs, CSV headers, budget scopes and cache keys all use it.
 */
export function appendFilters(params: URLSearchParams, filters: Filters): URLSearchParams {
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  for (const key of FILTER_LISTS) for (const value of [...filters[key]].sort()) params.append(key, value);
  if (filters.q) params.set("q", filters.q);
  return params;
}

export function filtersQuery(filters: Filters): string {
  return appendFilters(new URLSearchParams(), filters).toString();
}

/** A page's URL filters as the API reads them: the preset resolved to days, lists sorted and unique. */
export function resolveFilters(state: FilterState, today: string): Filters {
  const range = resolveRange(state.range, today, { from: state.from, to: state.to });
  const lists = Object.fromEntries(FILTER_LISTS.map((key) => [key, [...new Set(state[key])].sort()])) as unknown as FilterLists;
  return { from: range.from, to: range.to, ...lists, q: null };
}

